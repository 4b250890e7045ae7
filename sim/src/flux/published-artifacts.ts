/**
 * What the simulated outside world has published: the chart versions each Helm repository's
 * index lists, the tags of OCI repositories and Git repositories. Sources resolve their semver
 * ranges against these lists, so a simulated `ref.semver: ">= 1.8.0"` or `version: "6.x"` picks
 * the version Flux would pick. Well-known repositories (podinfo's, and those the fleet generator
 * uses) carry realistic lists; any other URL gets one deterministic default list.
 */
import semver from 'semver';

/** Tags and chart versions of a repository nobody told the simulator about: stable up to 6.7.1, with prereleases. */
export const DEFAULT_VERSIONS: readonly string[] = [
  '1.0.0', '1.0.1', '1.1.0', '1.2.0', '1.2.1', '1.3.0',
  '2.0.0-rc.1', '2.0.0', '2.1.0', '2.1.1', '2.2.0',
  '3.0.0', '3.0.1', '3.1.0', '3.2.0-beta.1',
  '4.0.0', '4.1.0', '4.2.0', '4.2.1',
  '5.0.0', '5.1.0', '5.1.1', '5.2.0',
  '6.0.0', '6.1.0', '6.2.0', '6.3.0', '6.4.0', '6.5.0', '6.6.0', '6.7.0', '6.7.1', '6.8.0-rc.1',
];

const PODINFO_VERSIONS: readonly string[] = [
  '5.0.0', '5.1.0', '5.2.0', '5.2.1',
  '6.0.0', '6.0.1', '6.0.2', '6.0.3',
  '6.1.0', '6.1.1', '6.1.2', '6.1.3', '6.1.4', '6.1.5', '6.1.6', '6.1.7', '6.1.8',
  '6.2.0', '6.2.1', '6.2.2', '6.2.3',
  '6.3.0', '6.3.1', '6.3.2', '6.3.3', '6.3.4', '6.3.5', '6.3.6',
  '6.4.0', '6.4.1',
  '6.5.0', '6.5.1', '6.5.2', '6.5.3', '6.5.4',
  '6.6.0', '6.6.1', '6.6.2', '6.6.3',
  '6.7.0', '6.7.1',
];

/** A short, realistic history ending at `latest` (major.minor.patch, optional `v`). */
function historyUpTo(latest: string, count = 6): string[] {
  const prefix = latest.startsWith('v') ? 'v' : '';
  const parsed = semver.parse(latest);
  if (!parsed) return [latest];
  const versions: string[] = [];
  for (let minor = Math.max(0, parsed.minor - 2); minor <= parsed.minor; minor += 1) {
    const lastPatch = minor === parsed.minor ? parsed.patch : 2;
    for (let patch = 0; patch <= lastPatch; patch += 1) versions.push(`${prefix}${parsed.major}.${minor}.${patch}`);
  }
  return versions.slice(-count);
}

/** Helm repository URL → chart name → published versions (oldest first). */
const HELM_REPOSITORIES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'https://stefanprodan.github.io/podinfo': { podinfo: PODINFO_VERSIONS },
  'https://kubernetes.github.io/ingress-nginx': { 'ingress-nginx': [...historyUpTo('4.11.3'), '4.12.0-beta.0'] },
  'https://charts.jetstack.io': { 'cert-manager': [...historyUpTo('v1.16.1'), 'v1.17.0-alpha.0'] },
  'https://prometheus-community.github.io/helm-charts': { 'kube-prometheus-stack': historyUpTo('65.5.0'), prometheus: historyUpTo('25.28.0') },
  'https://kubernetes-sigs.github.io/external-dns': { 'external-dns': historyUpTo('1.15.0') },
  'https://kubernetes-sigs.github.io/metrics-server': { 'metrics-server': historyUpTo('3.12.2') },
  'https://bitnami-labs.github.io/sealed-secrets': { 'sealed-secrets': historyUpTo('2.16.1') },
  'https://grafana.github.io/helm-charts': { loki: historyUpTo('6.18.0'), grafana: historyUpTo('8.5.12') },
};

/** OCI repository URL (`oci://host/path`) → published tags (oldest first). */
const OCI_REPOSITORIES: Readonly<Record<string, readonly string[]>> = {
  'oci://ghcr.io/stefanprodan/charts/podinfo': PODINFO_VERSIONS.filter((version) => semver.gte(version, '6.1.0')),
  'oci://ghcr.io/stefanprodan/manifests/podinfo': [...PODINFO_VERSIONS.filter((version) => semver.gte(version, '6.0.0')), 'latest'],
  'oci://registry-1.docker.io/bitnamicharts/redis': historyUpTo('20.2.1'),
};

function trimUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/**
 * Versions of `chart` in the index of the Helm repository at `url`: the repository's list when
 * the simulator knows the repository (undefined when it does not publish that chart), the
 * default list otherwise. Without a URL, the first known repository publishing a chart of that
 * name answers (what the fleet generator relies on).
 */
export function publishedChartVersions(url: string | undefined, chart: string): readonly string[] | undefined {
  if (url !== undefined) {
    const repository = HELM_REPOSITORIES[trimUrl(url)];
    return repository ? repository[chart] : DEFAULT_VERSIONS;
  }
  for (const repository of Object.values(HELM_REPOSITORIES)) {
    const versions = repository[chart];
    if (versions) return versions;
  }
  // Then OCI chart repositories (`.../charts/<chart>`, `.../bitnamicharts/<chart>`).
  const chartRepository = Object.entries(OCI_REPOSITORIES).find(([repository]) => repository.includes('charts/') && repository.endsWith(`/${chart}`));
  return chartRepository?.[1] ?? DEFAULT_VERSIONS;
}

/** Whether the simulator knows what the OCI repository at `url` publishes (unknown ones accept any tag). */
export function isKnownOciRepository(url: string): boolean {
  return OCI_REPOSITORIES[trimUrl(url)] !== undefined;
}

/** Tags of the OCI repository at `url` (`oci://host/path`); the default list for unknown ones. */
export function publishedOciTags(url: string): readonly string[] {
  return OCI_REPOSITORIES[trimUrl(url)] ?? DEFAULT_OCI_TAGS;
}

// One array each, so resolutions against them are cached (see resolveVersion).
const DEFAULT_OCI_TAGS: readonly string[] = Object.freeze([...DEFAULT_VERSIONS, 'latest']);
const DEFAULT_GIT_TAGS: readonly string[] = Object.freeze(DEFAULT_VERSIONS.map((version) => `v${version}`));

/** Tags of the Git repository at `url`: the default list with a `v` prefix, as most projects tag. */
export function publishedGitTags(url: string): readonly string[] {
  void url;
  return DEFAULT_GIT_TAGS;
}

export type VersionResolution = { ok: true; version: string } | { ok: false; invalid: boolean; message: string };

/**
 * Flux's semver resolution (Masterminds/semver rules): the highest published version matching
 * `range`, prereleases only when the range itself names one. `range` may use commas between
 * comparators (`>=1.0.0, <2.0.0`); `filter` is a regular expression tags must match first
 * (OCIRepository `semverFilter`). Returns the version as published (a `v` prefix kept).
 */
export function resolveVersion(published: readonly string[], range: string, filter?: string): VersionResolution {
  // A fleet resolves the same few ranges against the same lists thousands of times (every
  // generated source and release): semver parsing was a tenth of a fleet's start-up.
  let cached = resolutions.get(published);
  if (!cached) resolutions.set(published, (cached = new Map()));
  const key = `${range}\u0000${filter ?? ''}`;
  let resolution = cached.get(key);
  if (!resolution) cached.set(key, (resolution = resolveUncached(published, range, filter)));
  return resolution;
}

const resolutions = new WeakMap<readonly string[], Map<string, VersionResolution>>();

function resolveUncached(published: readonly string[], range: string, filter?: string): VersionResolution {
  const normalized = range.trim().replaceAll(',', ' ');
  const includePrerelease = /\d-[0-9A-Za-z]/.test(normalized);
  const valid = semver.validRange(normalized === '' ? '*' : normalized, { includePrerelease });
  if (valid === null) return { ok: false, invalid: true, message: `improper constraint: ${range}` };
  let candidates = published;
  if (filter) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(filter);
    } catch (error) {
      return { ok: false, invalid: true, message: `failed to compile regex ${filter}: ${(error as Error).message}` };
    }
    candidates = candidates.filter((tag) => pattern.test(tag));
  }
  let best: { tag: string; version: string } | undefined;
  for (const tag of candidates) {
    const version = semver.valid(tag);
    if (!version || !semver.satisfies(version, valid, { includePrerelease })) continue;
    if (!best || semver.gt(version, best.version)) best = { tag, version };
  }
  return best ? { ok: true, version: best.tag } : { ok: false, invalid: false, message: `no match found for semver: ${range}` };
}

/** True when `text` is one exact version (`6.7.1`, `v1.16.1`), not a range. */
export function isExactVersion(text: string): boolean {
  let exact = exactness.get(text);
  if (exact === undefined) {
    exact = semver.valid(text.trim()) !== null && !/^[<>=~^]/.test(text.trim());
    // Bounded: the texts are chart versions and ranges of a fleet, a few hundred at most.
    if (exactness.size < 10_000) exactness.set(text, exact);
  }
  return exact;
}

const exactness = new Map<string, boolean>();

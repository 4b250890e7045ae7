/**
 * What the simulated outside world has published: the chart versions each Helm repository's
 * index lists, the tags of OCI repositories, Git repositories and container images. Sources
 * resolve their semver ranges against these lists, so a simulated `ref.semver: ">= 1.8.0"` or
 * `version: "1.x"` picks the version Flux would pick. The charts, images and repositories of the
 * public Flux examples (podinfo, cert-manager, ingress-nginx, kube-prometheus-stack, loki(-stack),
 * metrics-server, kyverno, weave-gitops …) and those the fleet generator uses carry plausible
 * lists of their own (the same project's chart, image and Git tags agree); any other URL gets one
 * deterministic, deliberately synthetic default list.
 */
import semver from 'semver';

/**
 * Tags and chart versions of a repository nobody told the simulator about: a regular synthetic
 * grid (0.1.0, 0.2.0, then x.y.0 and x.y.1 for 1.0–3.2, ending at 3.2.1) with release candidates
 * of each major, so ranges resolve predictably and a resolved version is recognisably not a
 * real project's.
 */
export const DEFAULT_VERSIONS: readonly string[] = Object.freeze([
  '0.1.0', '0.2.0',
  '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '1.1.1', '1.2.0', '1.2.1',
  '2.0.0-rc.1', '2.0.0', '2.0.1', '2.1.0', '2.1.1', '2.2.0', '2.2.1',
  '3.0.0-rc.1', '3.0.0', '3.0.1', '3.1.0', '3.1.1', '3.2.0', '3.2.1',
  '4.0.0-rc.1',
]);

/** podinfo's releases: the same numbers are its chart versions, image tags and Git tags (no `v`). */
const PODINFO_VERSIONS: readonly string[] = [
  '5.0.0', '5.0.1', '5.0.2', '5.0.3', '5.1.0', '5.2.0', '5.2.1',
  '6.0.0', '6.0.1', '6.0.2', '6.0.3',
  '6.1.0', '6.1.1', '6.1.2', '6.1.3', '6.1.4', '6.1.5', '6.1.6', '6.1.7', '6.1.8',
  '6.2.0', '6.2.1', '6.2.2', '6.2.3',
  '6.3.0', '6.3.1', '6.3.2', '6.3.3', '6.3.4', '6.3.5', '6.3.6',
  '6.4.0', '6.4.1',
  '6.5.0', '6.5.1', '6.5.2', '6.5.3', '6.5.4',
  '6.6.0', '6.6.1', '6.6.2', '6.6.3',
  '6.7.0', '6.7.1',
];

/**
 * A release history: minors `fromMinor`..`latest`'s minor of `latest`'s major, three patches each
 * (0..2) and the latest minor up to `latest`'s patch, oldest first, in `latest`'s spelling (`v`).
 */
function releases(latest: string, fromMinor: number): string[] {
  const prefix = latest.startsWith('v') ? 'v' : '';
  const parsed = semver.parse(latest);
  if (!parsed) return [latest];
  const versions: string[] = [];
  for (let minor = Math.min(fromMinor, parsed.minor); minor <= parsed.minor; minor += 1) {
    const lastPatch = minor === parsed.minor ? parsed.patch : 2;
    for (let patch = 0; patch <= lastPatch; patch += 1) versions.push(`${prefix}${parsed.major}.${minor}.${patch}`);
  }
  return versions;
}

/** Chart versions of the well-known charts (oldest first), shared by their Helm and OCI repositories. */
const CERT_MANAGER = [...releases('v1.16.1', 8), 'v1.17.0-alpha.0'];
const INGRESS_NGINX = [...releases('4.11.3', 7), '4.12.0-beta.0'];
const KUBE_PROMETHEUS_STACK = ['58.7.2', '61.9.0', '62.7.0', '63.1.0', '64.0.0', ...releases('65.5.0', 0)];
const PROMETHEUS = releases('25.28.0', 26);
const LOKI = releases('6.18.0', 15);
const LOKI_STACK = ['2.9.10', '2.9.11', '2.9.12', '2.10.0', '2.10.1', '2.10.2'];
const GRAFANA = releases('8.5.12', 3);
const METRICS_SERVER = releases('3.12.2', 10);
const KYVERNO = [...releases('2.7.5', 5), ...releases('3.3.4', 0), '3.4.0-rc.1'];
const WEAVE_GITOPS = ['4.0.30', '4.0.31', '4.0.32', '4.0.33', '4.0.34', '4.0.35', '4.0.36'];
const EXTERNAL_DNS = releases('1.15.0', 12);
const SEALED_SECRETS = releases('2.16.1', 14);
const REDIS = releases('20.2.1', 0);

/** Helm repository URL → chart name → published versions (oldest first). */
const HELM_REPOSITORIES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'https://stefanprodan.github.io/podinfo': { podinfo: PODINFO_VERSIONS },
  'https://kubernetes.github.io/ingress-nginx': { 'ingress-nginx': INGRESS_NGINX },
  'https://charts.jetstack.io': { 'cert-manager': CERT_MANAGER },
  'https://prometheus-community.github.io/helm-charts': { 'kube-prometheus-stack': KUBE_PROMETHEUS_STACK, prometheus: PROMETHEUS },
  'https://kubernetes-sigs.github.io/external-dns': { 'external-dns': EXTERNAL_DNS },
  'https://kubernetes-sigs.github.io/metrics-server': { 'metrics-server': METRICS_SERVER },
  'https://bitnami-labs.github.io/sealed-secrets': { 'sealed-secrets': SEALED_SECRETS },
  'https://grafana.github.io/helm-charts': { loki: LOKI, 'loki-stack': LOKI_STACK, grafana: GRAFANA },
  'https://kyverno.github.io/kyverno': { kyverno: KYVERNO },
};

/** OCI repository URL (`oci://host/path`) → published tags (oldest first). */
const OCI_REPOSITORIES: Readonly<Record<string, readonly string[]>> = {
  'oci://ghcr.io/stefanprodan/charts/podinfo': PODINFO_VERSIONS.filter((version) => semver.gte(version, '6.1.0')),
  'oci://ghcr.io/stefanprodan/manifests/podinfo': [...PODINFO_VERSIONS.filter((version) => semver.gte(version, '6.0.0')), 'latest'],
  'oci://registry-1.docker.io/bitnamicharts/redis': REDIS,
  'oci://quay.io/jetstack/charts/cert-manager': CERT_MANAGER,
  'oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack': KUBE_PROMETHEUS_STACK,
  'oci://ghcr.io/weaveworks/charts/weave-gitops': WEAVE_GITOPS,
  'oci://ghcr.io/kyverno/charts/kyverno': KYVERNO,
};

/** Git repository URL (normalized, see {@link gitKey}) → tags (oldest first). */
const GIT_REPOSITORIES: Readonly<Record<string, readonly string[]>> = {
  'github.com/stefanprodan/podinfo': PODINFO_VERSIONS,
  'github.com/cert-manager/cert-manager': CERT_MANAGER,
  'github.com/kyverno/kyverno': [...releases('v1.12.6', 10), 'v1.13.0', 'v1.13.1', 'v1.13.2'],
};

/** Container image (normalized, see {@link imageKey}) → tags (oldest first). */
const IMAGES: Readonly<Record<string, readonly string[]>> = {
  'ghcr.io/stefanprodan/podinfo': [...PODINFO_VERSIONS, 'latest'],
  'docker.io/stefanprodan/podinfo': [...PODINFO_VERSIONS, 'latest'],
  'quay.io/jetstack/cert-manager-controller': CERT_MANAGER,
  'quay.io/jetstack/cert-manager-webhook': CERT_MANAGER,
  'quay.io/jetstack/cert-manager-cainjector': CERT_MANAGER,
  'registry.k8s.io/ingress-nginx/controller': releases('v1.11.3', 9),
  'registry.k8s.io/metrics-server/metrics-server': releases('v0.7.2', 5),
  'ghcr.io/kyverno/kyverno': [...releases('v1.12.6', 10), 'v1.13.0', 'v1.13.1', 'v1.13.2'],
  'ghcr.io/weaveworks/wego-app': ['v0.38.0', 'v0.39.0'],
};

function trimUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** `https://github.com/org/repo.git`, `ssh://git@github.com/org/repo`, `git@github.com:org/repo` → `github.com/org/repo`. */
function gitKey(url: string): string {
  return trimUrl(url)
    .replace(/^[a-z+]+:\/\//i, '')
    .replace(/^[^@/]+@/, '')
    .replace(/^([^/:]+):(?!\d)/, '$1/')
    .replace(/\.git$/, '')
    .toLowerCase();
}

/** `stefanprodan/podinfo`, `index.docker.io/library/nginx`, `ghcr.io/org/app` → the registry-qualified name. */
function imageKey(image: string): string {
  const name = image.trim().replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  const [first = '', ...rest] = name.split('/');
  const hasRegistry = rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const qualified = hasRegistry ? name : `docker.io/${rest.length > 0 ? name : `library/${name}`}`;
  return qualified.replace(/^(?:index|registry-1)\.docker\.io\//, 'docker.io/').toLowerCase();
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

/** Tags of the Git repository at `url`: the known project's tags, else the default list with a `v` prefix, as most projects tag. */
export function publishedGitTags(url: string): readonly string[] {
  return GIT_REPOSITORIES[gitKey(url)] ?? DEFAULT_GIT_TAGS;
}

/** Tags of the container image `image` (`ghcr.io/org/app`, `org/app` on Docker Hub); the default list (with `latest`) for unknown ones. */
export function publishedImageTags(image: string): readonly string[] {
  return IMAGES[imageKey(image)] ?? DEFAULT_OCI_TAGS;
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

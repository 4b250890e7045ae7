/**
 * Artifact revisions as source-controller writes them: `main@sha1:<40 hex>` for Git,
 * `latest@sha256:<64 hex>` for OCI, `sha256:<64 hex>` for Helm indexes and buckets, the chart
 * version for HelmCharts. Derived by hashing the object's identity, generation and a commit
 * counter, so a generated fleet and a live simulator agree without sharing state.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../store/types.js';
import { DEFAULT_VERSIONS, isExactVersion, publishedChartVersions, publishedGitTags, publishedOciTags, resolveVersion } from './published-artifacts.js';
import type { VersionResolution } from './published-artifacts.js';

function digestOf(algorithm: 'sha1' | 'sha256', text: string): string {
  return createHash(algorithm).update(text).digest('hex');
}

function refOf(object: KubeObject): Record<string, unknown> {
  const ref = object.spec?.ref;
  return ref && typeof ref === 'object' ? (ref as Record<string, unknown>) : {};
}

/**
 * The chart version a constraint resolves to when only the chart's name is known (the fleet
 * generator's charts, HelmRelease status defaults): the highest matching version of the first
 * known repository publishing that chart. Exact versions resolve to themselves.
 */
export function resolveChartVersion(chart: string, constraint: unknown): string {
  const text = typeof constraint === 'string' ? constraint.trim() : '';
  if (text && isExactVersion(text)) return text;
  const resolved = resolveVersion(publishedChartVersions(undefined, chart) ?? DEFAULT_VERSIONS, text || '*');
  return resolved.ok ? resolved.version : '1.0.0';
}

/**
 * The version of a chart packaged from source files (a Git or Bucket checkout, an
 * ExternalArtifact): at a release tag of the chart's project (`6.5.4@sha1:…`) the chart carries
 * that release's version when the chart publishes it, as podinfo's does; otherwise its latest.
 */
export function packagedChartVersion(chart: string, sourceRevision: string | undefined): string {
  const tag = sourceRevision?.includes('@') ? sourceRevision.split('@')[0]! : '';
  const published = publishedChartVersions(undefined, chart);
  if (tag && published) {
    const release = published.find((version) => version === tag || version.replace(/^v/, '') === tag.replace(/^v/, ''));
    if (release) return release;
  }
  return resolveChartVersion(chart, undefined);
}

export type RefResolution = { ok: true; name: string } | { ok: false; invalid: boolean; message: string };

/**
 * The name a GitRepository's revision starts with: the branch, the tag, the highest tag matching
 * `ref.semver`, `ref.name`; '' for a bare commit. Default branch `master`, as source-controller.
 */
export function gitCheckoutRef(object: KubeObject): RefResolution {
  const ref = refOf(object);
  if (typeof ref.name === 'string' && ref.name) return { ok: true, name: ref.name };
  if (typeof ref.semver === 'string') return withName(resolveVersion(publishedGitTags(String(object.spec?.url ?? '')), ref.semver));
  if (typeof ref.tag === 'string' && ref.tag) return { ok: true, name: ref.tag };
  if (typeof ref.branch === 'string' && ref.branch) return { ok: true, name: ref.branch };
  if (typeof ref.commit === 'string' && ref.commit) return { ok: true, name: '' };
  return { ok: true, name: 'master' };
}

/** The tag an OCIRepository pulls: `ref.tag`, the highest tag matching `ref.semver` (after `semverFilter`), `latest`; '' for `ref.digest`. */
export function ociArtifactTag(object: KubeObject): RefResolution {
  const ref = refOf(object);
  if (typeof ref.digest === 'string' && ref.digest) return { ok: true, name: '' };
  if (typeof ref.semver === 'string') {
    const filter = typeof ref.semverFilter === 'string' ? ref.semverFilter : undefined;
    return withName(resolveVersion(publishedOciTags(String(object.spec?.url ?? '')), ref.semver, filter));
  }
  return { ok: true, name: typeof ref.tag === 'string' && ref.tag ? ref.tag : 'latest' };
}

function withName(resolution: VersionResolution): RefResolution {
  return resolution.ok ? { ok: true, name: resolution.version } : resolution;
}

/**
 * The artifact revision a source object has after `commits` extra commits on top of its
 * current generation. Undefined for kinds without artifacts. HelmCharts resolve by chart name
 * only here; the controller simulator resolves them against their repository's URL.
 */
export function sourceRevision(object: KubeObject, commits = 0): string | undefined {
  const seed = `${object.metadata.namespace ?? ''}/${object.metadata.name}/${object.metadata.generation ?? 1}/${commits}`;
  const ref = refOf(object);
  switch (object.kind) {
    case 'GitRepository': {
      const checkout = gitCheckoutRef(object);
      const name = checkout.ok ? checkout.name : 'v1.0.0';
      const sha = typeof ref.commit === 'string' && ref.commit && commits === 0 ? ref.commit : digestOf('sha1', seed);
      return name ? `${name}@sha1:${sha}` : `sha1:${sha}`;
    }
    case 'OCIRepository': {
      const digest = typeof ref.digest === 'string' && ref.digest ? ref.digest : `sha256:${digestOf('sha256', seed)}`;
      const tag = ociArtifactTag(object);
      const name = tag.ok ? tag.name : '1.0.0';
      return name ? `${name}@${digest}` : digest;
    }
    case 'HelmChart':
      return resolveChartVersion(String(object.spec?.chart ?? ''), object.spec?.version);
    case 'HelmRepository':
      return object.spec?.type === 'oci' ? undefined : `sha256:${digestOf('sha256', seed)}`;
    case 'Bucket':
      return `sha256:${digestOf('sha256', seed)}`;
    case 'ExternalArtifact':
    case 'ArtifactGenerator':
      return `latest@sha256:${digestOf('sha256', seed)}`;
    default:
      return undefined;
  }
}

/** `status.artifact` for a source with `revision`, as source-controller stores it. */
export function artifactFor(object: KubeObject, revision: string, lastUpdateTime: string): Record<string, unknown> {
  const digest = `sha256:${digestOf('sha256', `${object.metadata.namespace}/${object.metadata.name}/${revision}`)}`;
  const kind = object.kind.toLowerCase();
  const file = object.kind === 'HelmChart' ? `${String(object.spec?.chart ?? object.metadata.name)}-${revision}.tgz` : object.kind === 'HelmRepository' ? `index-${digest.slice(7, 15)}.yaml` : `${digest.slice(7, 47)}.tar.gz`;
  const path = `${kind}/${object.metadata.namespace ?? 'default'}/${object.metadata.name}/${file}`;
  return {
    digest,
    lastUpdateTime,
    path,
    revision,
    size: 1024 + (Number.parseInt(digest.slice(7, 12), 16) % 200_000),
    url: `http://${object.kind === 'ExternalArtifact' ? 'source-watcher' : 'source-controller'}.flux-system.svc.cluster.local./${path}`,
  };
}

/** A `sha256:` digest of arbitrary text (config digests, release digests). */
export function sha256Digest(text: string): string {
  return `sha256:${digestOf('sha256', text)}`;
}

/** Go's `time.Duration` rendering of a Flux interval (`10m` → `10m0s`, `1h` → `1h0m0s`). */
export function goDuration(interval: unknown): string {
  const text = typeof interval === 'string' ? interval : '10m';
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
  if (!match || text === '') return text;
  const [, h, m, s] = match;
  if (h) return `${h}h${m ?? 0}m${s ?? 0}s`;
  if (m) return `${m}m${s ?? 0}s`;
  return `${s ?? 0}s`;
}

/** Go's `time.Duration.String()` of a number of milliseconds: `30s`, `1m0s`, `1h0m0s`, `500ms`, `1.5s`, `250µs`. */
export function goDurationOf(milliseconds: number): string {
  const nanoseconds = Math.round(milliseconds * 1e6);
  if (nanoseconds === 0) return '0s';
  const sign = nanoseconds < 0 ? '-' : '';
  const total = Math.abs(nanoseconds);
  const exact = (value: number): string => String(Number(value.toFixed(9)));
  if (total < 1e3) return `${sign}${total}ns`;
  if (total < 1e6) return `${sign}${exact(total / 1e3)}µs`;
  if (total < 1e9) return `${sign}${exact(total / 1e6)}ms`;
  const hours = Math.floor(total / 3.6e12);
  const minutes = Math.floor((total - hours * 3.6e12) / 6e10);
  const seconds = `${exact((total - hours * 3.6e12 - minutes * 6e10) / 1e9)}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  return minutes > 0 ? `${sign}${minutes}m${seconds}` : `${sign}${seconds}`;
}

/** Milliseconds of a Go duration (`1m30s`, `10m`, `1h`, `500ms`); undefined when it is not one. */
export function durationMs(text: unknown): number | undefined {
  if (typeof text !== 'string' || !/^(\d+(\.\d+)?(h|ms|m|s))+$/.test(text.trim())) return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  for (const [, amount, , suffix] of text.trim().matchAll(/(\d+(\.\d+)?)(h|ms|m|s)/g)) total += Number(amount) * unit[suffix!]!;
  return total;
}

/** Go's rendering of an elapsed time in milliseconds (`1.234s`, `12.5ms`). */
export function goElapsed(milliseconds: number): string {
  if (milliseconds < 1000) return `${Number(milliseconds.toFixed(3))}ms`;
  return `${Number((milliseconds / 1000).toFixed(3))}s`;
}

/**
 * Artifact revisions as source-controller writes them: `main@sha1:<40 hex>` for Git,
 * `latest@sha256:<64 hex>` for OCI, `sha256:<64 hex>` for Helm indexes and buckets, the chart
 * version for HelmCharts. Derived by hashing the object's identity, generation and a commit
 * counter, so a generated fleet and a live simulator agree without sharing state.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../store/types.js';

function digestOf(algorithm: 'sha1' | 'sha256', text: string): string {
  return createHash(algorithm).update(text).digest('hex');
}

function refOf(object: KubeObject): Record<string, unknown> {
  const ref = object.spec?.ref;
  return ref && typeof ref === 'object' ? (ref as Record<string, unknown>) : {};
}

const KNOWN_CHART_VERSIONS: Record<string, string> = {
  podinfo: '6.7.1',
  'ingress-nginx': '4.11.3',
  'cert-manager': 'v1.16.1',
  'kube-prometheus-stack': '65.5.0',
  'external-dns': '1.15.0',
  redis: '20.2.1',
  'metrics-server': '3.12.2',
  'sealed-secrets': '2.16.1',
  loki: '6.18.0',
  grafana: '8.5.12',
};

/** The chart version a version constraint resolves to (exact versions resolve to themselves). */
export function resolveChartVersion(chart: string, constraint: unknown): string {
  if (typeof constraint === 'string' && /^v?\d+\.\d+\.\d+$/.test(constraint.trim())) return constraint.trim();
  return KNOWN_CHART_VERSIONS[chart] ?? '1.0.0';
}

/**
 * The artifact revision a source object has after `commits` extra commits on top of its
 * current generation. Undefined for kinds without artifacts.
 */
export function sourceRevision(object: KubeObject, commits = 0): string | undefined {
  const seed = `${object.metadata.namespace ?? ''}/${object.metadata.name}/${object.metadata.generation ?? 1}/${commits}`;
  const ref = refOf(object);
  switch (object.kind) {
    case 'GitRepository': {
      if (typeof ref.commit === 'string' && !ref.branch && !ref.tag) return `sha1:${ref.commit}`;
      const name = (ref.tag ?? ref.branch ?? (typeof ref.semver === 'string' ? 'v1.0.0' : undefined) ?? ref.name ?? 'master') as string;
      return `${name}@sha1:${digestOf('sha1', seed)}`;
    }
    case 'OCIRepository':
      return `${(ref.tag ?? (typeof ref.semver === 'string' ? '1.0.0' : 'latest')) as string}@sha256:${digestOf('sha256', seed)}`;
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
    url: `http://source-controller.flux-system.svc.cluster.local./${path}`,
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

/** Go's rendering of an elapsed time in milliseconds (`1.234s`, `12.5ms`). */
export function goElapsed(milliseconds: number): string {
  if (milliseconds < 1000) return `${Number(milliseconds.toFixed(3))}ms`;
  return `${Number((milliseconds / 1000).toFixed(3))}s`;
}

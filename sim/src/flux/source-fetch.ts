/**
 * What source-controller (and image-reflector-controller) find when they fetch a source: the
 * Secrets its spec names must exist (a GitRepository's must hold what its URL's transport needs:
 * git-credentials.ts), its URL must be reachable on the simulated network, and its
 * ref must resolve against what is published there. A failure carries the reason and message
 * the real controller writes; success carries the artifact revision.
 */
import type { KubeObject, ObjectStore } from '../store/types.js';
import { fluxControllerForKind } from './flux-controllers.js';
import { fluxGroupResource } from './flux-kinds.js';
import { gitCredentials } from './git-credentials.js';
import { gitCheckoutRef, ociArtifactTag, packagedChartVersion, sourceRevision } from './flux-revisions.js';
import type { ReconcileOutcome } from './flux-status-builders.js';
import { artifactRevision, localRefName, notFoundMessage, SECRETS } from './object-refs.js';
import type { FluxObjectRef } from './object-refs.js';
import { isKnownOciRepository, publishedChartVersions, publishedOciTags, resolveVersion } from './published-artifacts.js';
import { dialError, hostOf } from './simulated-network.js';
import type { SimulatedNetwork } from './simulated-network.js';

export interface SourceFetchContext {
  store: ObjectStore;
  network: SimulatedNetwork;
  /** Simulated commits on top of the object's generation (see FluxControllerSimulator.advanceSource). */
  commits: number;
}

export interface FetchResult {
  outcome: ReconcileOutcome;
  /** The artifact revision produced (success only). */
  revision?: string;
  /** Objects (Secrets, sources) whose appearance or readiness is worth a new attempt. */
  waitOn: FluxObjectRef[];
  /** Flux retries this failure by itself (on the object's interval here). */
  retry?: boolean;
  /** The URL a network failure could not reach: retried as soon as it is reachable again. */
  unreachableUrl?: string;
  /** Status fields observed on success (HelmChart: observedChartName, ...). */
  observed?: Record<string, unknown>;
}

/** Kinds whose fetch this module simulates. */
export const FETCHING_KINDS: ReadonlySet<string> = new Set(['GitRepository', 'OCIRepository', 'HelmRepository', 'Bucket', 'HelmChart', 'ImageRepository']);

function failure(reason: string, message: string, extra: Partial<FetchResult> = {}, stalled = false): FetchResult {
  return { outcome: { ready: false, reason, message, ...(stalled ? { stalled } : {}) }, waitOn: [], retry: !stalled, ...extra };
}

function unreachable(reason: string, message: string, url: string): FetchResult {
  return failure(reason, message, { unreachableUrl: url });
}

/**
 * The first of `fields` (in the order the controller reads them) that names a Secret missing from
 * the object's namespace, worded by `describe(secretName, notFound)`.
 */
function missingSecret(
  context: SourceFetchContext,
  object: KubeObject,
  fields: ReadonlyArray<readonly [field: string, describe: (ref: string, error: string) => string]>,
  reason = 'AuthenticationFailed',
): FetchResult | undefined {
  const namespace = object.metadata.namespace ?? 'default';
  for (const [field, describe] of fields) {
    const name = localRefName(object.spec, field);
    if (!name || context.store.get(SECRETS, namespace, name)) continue;
    return failure(reason, describe(`${namespace}/${name}`, notFoundMessage(SECRETS, name)), { waitOn: [{ groupResource: SECRETS, namespace, name }] });
  }
  return undefined;
}

function trimSlash(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** `oci://host/path` → `path`. */
function ociPath(url: string): string {
  return trimSlash(url).replace(/^oci:\/\/[^/]+\/?/, '');
}

function fetchGitRepository(object: KubeObject, context: SourceFetchContext): FetchResult {
  const url = String(object.spec?.url ?? '');
  const secret = missingSecret(context, object, [
    ['proxySecretRef', (ref, error) => `failed to configure proxy options: failed to get secret '${ref}': ${error}`],
    ['secretRef', (ref, error) => `failed to get secret '${ref}': ${error}`],
  ]);
  if (secret) return secret;
  const secretName = localRefName(object.spec, 'secretRef');
  const namespace = object.metadata.namespace ?? 'default';
  const stored = secretName ? context.store.get(SECRETS, namespace, secretName) : undefined;
  const credentials = stored ? gitCredentials(url, stored) : { usable: true as const };
  // A Secret edited into shape is worth a new attempt.
  const waitOn = secretName ? [{ groupResource: SECRETS, namespace, name: secretName }] : [];
  if (!credentials.usable && 'refused' in credentials) return failure('AuthenticationFailed', `failed to configure authentication options: ${credentials.refused}`, { waitOn });
  if (context.network.isUnreachable(url)) {
    const request = /^https?:\/\//.test(url) ? `Get "${trimSlash(url)}/info/refs?service=git-upload-pack": ` : '';
    return unreachable('GitOperationFailed', `failed to checkout and determine revision: unable to clone '${url}': ${request}${dialError(url)}`, url);
  }
  if (!credentials.usable) return failure('GitOperationFailed', `failed to checkout and determine revision: unable to clone '${url}': authentication required`, { waitOn });
  const checkout = gitCheckoutRef(object);
  if (!checkout.ok) {
    return failure('GitOperationFailed', `failed to checkout and determine revision: ${checkout.invalid ? `semver parse error: ${checkout.message}` : checkout.message}`);
  }
  return { outcome: { ready: true }, revision: sourceRevision(object, context.commits), waitOn: [] };
}

function fetchOCIRepository(object: KubeObject, context: SourceFetchContext): FetchResult {
  const url = String(object.spec?.url ?? '');
  const host = hostOf(url);
  const path = ociPath(url);
  const secret = missingSecret(context, object, [
    ['secretRef', (ref, error) => `failed to get credential: failed to get secret '${ref}': ${error}`],
    ['proxySecretRef', (ref, error) => `failed to get proxy address: failed to get secret '${ref}': ${error}`],
    ['certSecretRef', (ref, error) => `failed to generate transport for '${url}': failed to get secret '${ref}': ${error}`],
  ]);
  if (secret) return secret;
  const ref = (object.spec?.ref ?? {}) as { semver?: unknown; digest?: unknown };
  const down = context.network.isUnreachable(url);
  if (typeof ref.semver === 'string') {
    if (down) {
      return unreachable('ReadOperationFailed', `failed to determine the artifact tag for '${url}': Get "https://${host}/v2/${path}/tags/list": ${dialError(url)}`, url);
    }
    const tag = ociArtifactTag(object);
    if (!tag.ok) {
      return failure('ReadOperationFailed', `failed to determine the artifact tag for '${url}': ${tag.invalid ? `semver '${ref.semver}' parse error: ${tag.message}` : tag.message}`);
    }
  }
  const tag = ociArtifactTag(object);
  const reference = tag.ok && tag.name ? tag.name : String(ref.digest ?? 'latest');
  if (down) {
    return unreachable('OCIArtifactPullFailed', `failed to determine artifact digest: Head "https://${host}/v2/${path}/manifests/${reference}": ${dialError(url)}`, url);
  }
  if (tag.ok && tag.name && isKnownOciRepository(url) && !publishedOciTags(url).includes(tag.name)) {
    return failure('OCIArtifactPullFailed', `failed to determine artifact digest: GET https://${host}/v2/${path}/manifests/${tag.name}: MANIFEST_UNKNOWN: manifest unknown; map[Tag:${tag.name}]`);
  }
  return { outcome: { ready: true }, revision: sourceRevision(object, context.commits), waitOn: [] };
}

function helmRepositorySecrets(repository: KubeObject, context: SourceFetchContext): FetchResult | undefined {
  return missingSecret(context, repository, [
    ['certSecretRef', (ref, error) => `failed to get TLS authentication secret '${ref}': ${error}`],
    ['secretRef', (ref, error) => `failed to get authentication secret '${ref}': ${error}`],
  ]);
}

function fetchHelmRepository(object: KubeObject, context: SourceFetchContext): FetchResult {
  // An OCI HelmRepository is a static object: nothing is fetched until a HelmChart pulls from it.
  if (object.spec?.type === 'oci') return { outcome: { ready: true }, waitOn: [] };
  const url = String(object.spec?.url ?? '');
  const secret = helmRepositorySecrets(object, context);
  if (secret) return secret;
  if (context.network.isUnreachable(url)) {
    return unreachable('Failed', `failed to fetch Helm repository index: failed to cache index to temporary file: Get "${trimSlash(url)}/index.yaml": ${dialError(url)}`, url);
  }
  return { outcome: { ready: true }, revision: sourceRevision(object, context.commits), waitOn: [] };
}

function fetchBucket(object: KubeObject, context: SourceFetchContext): FetchResult {
  const bucketName = String(object.spec?.bucketName ?? '');
  const url = `${object.spec?.insecure === true ? 'http' : 'https'}://${String(object.spec?.endpoint ?? '')}`;
  const secret = missingSecret(context, object, [
    ['secretRef', (ref, error) => `failed to get secret '${ref}': ${error}`],
    ['proxySecretRef', (ref, error) => `failed to get proxy URL: failed to get secret '${ref}': ${error}`],
    ['certSecretRef', (ref, error) => `failed to get TLS config: failed to get secret '${ref}': ${error}`],
  ]);
  if (secret) return secret;
  if (context.network.isUnreachable(url)) {
    return unreachable('BucketOperationFailed', `failed to confirm existence of '${bucketName}' bucket: Head "${trimSlash(url)}/${bucketName}/": ${dialError(url)}`, url);
  }
  return { outcome: { ready: true }, revision: sourceRevision(object, context.commits), waitOn: [] };
}

/** `ghcr.io/org/app` → `https://ghcr.io/org/app`; Docker Hub names (`nginx`, `org/app`) → `https://index.docker.io/...`. */
function imageUrl(image: string): string {
  const [first = '', ...rest] = image.split('/');
  const registry = rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  return registry ? `https://${image}` : `https://index.docker.io/${rest.length > 0 ? image : `library/${image}`}`;
}

function fetchImageRepository(object: KubeObject, context: SourceFetchContext): FetchResult {
  const url = imageUrl(String(object.spec?.image ?? ''));
  const secret = missingSecret(context, object, [
    ['secretRef', (ref, error) => `failed to configure authentication options: failed to get secret '${ref}': ${error}`],
    ['certSecretRef', (ref, error) => `failed to configure authentication options: failed to get secret '${ref}': ${error}`],
    ['proxySecretRef', (ref, error) => `failed to configure authentication options: failed to get secret '${ref}': ${error}`],
  ]);
  if (secret) return secret;
  if (context.network.isUnreachable(url)) {
    return unreachable('ReadOperationFailed', `scan failed: Get "https://${hostOf(url)}/v2/": ${dialError(url)}`, url);
  }
  return { outcome: { ready: true }, waitOn: [] };
}

/** A HelmChart pulls its chart from its source's index (HelmRepository) or packages it from a Git/Bucket artifact. */
function fetchHelmChart(object: KubeObject, context: SourceFetchContext): FetchResult {
  const namespace = object.metadata.namespace ?? 'default';
  const sourceRef = (object.spec?.sourceRef ?? {}) as { kind?: string; name?: string };
  const chart = String(object.spec?.chart ?? '');
  const controller = sourceRef.kind ? fluxControllerForKind(sourceRef.kind) : undefined;
  if (!controller || !sourceRef.name || !['HelmRepository', 'GitRepository', 'Bucket'].includes(sourceRef.kind ?? '')) {
    return failure('UnsupportedSourceKind', `failed to get source: unsupported source kind '${sourceRef.kind ?? ''}'`, {}, true);
  }
  const groupResource = fluxGroupResource(controller.definition);
  const dependency = { groupResource, namespace, name: sourceRef.name };
  const source = context.store.get(groupResource, namespace, sourceRef.name);
  if (!source) return failure('SourceUnavailable', `failed to get source: ${notFoundMessage(groupResource, sourceRef.name)}`, { waitOn: [dependency] });
  const oci = source.kind === 'HelmRepository' && source.spec?.type === 'oci';
  const sourceArtifact = artifactRevision(source);
  if (!sourceArtifact && !oci) {
    return failure('NoSourceArtifact', `no artifact available for ${sourceRef.kind} source '${sourceRef.name}'`, { waitOn: [dependency], retry: false });
  }
  if (source.kind !== 'HelmRepository') {
    // Packaged from the source's files: the version is the chart's own, plus the revision with reconcileStrategy Revision.
    const name = chart.replace(/\/+$/, '').split('/').pop() ?? chart;
    const version = packagedChartVersion(name, sourceArtifact);
    const digest = (sourceArtifact ?? '').replace(/^.*:/, '').slice(0, 12);
    const revision = object.spec?.reconcileStrategy === 'Revision' && digest ? `${version}+${digest}` : version;
    return { outcome: { ready: true }, revision, waitOn: [], observed: { observedChartName: name, observedSourceArtifactRevision: sourceArtifact, packaged: true } };
  }
  const secret = helmRepositorySecrets(source, context);
  if (secret) return secret;
  const url = String(source.spec?.url ?? '');
  const chartUrl = `${trimSlash(url)}/${chart}`;
  if (oci && context.network.isUnreachable(url)) {
    return unreachable('ChartPullError', `chart pull error: failed to get chart version for remote reference: Get "https://${hostOf(url)}/v2/${ociPath(chartUrl)}/tags/list": ${dialError(url)}`, url);
  }
  const versions = oci ? publishedOciTags(chartUrl) : publishedChartVersions(url, chart);
  const reference = 'invalid chart reference: failed to get chart version for remote reference';
  if (!versions) return failure('InvalidChartReference', `${reference}: no chart name found`, {}, true);
  const constraint = typeof object.spec?.version === 'string' && object.spec.version.trim() ? object.spec.version.trim() : '*';
  const resolved = resolveVersion(versions, constraint);
  if (!resolved.ok) {
    const message = resolved.invalid ? resolved.message : `no '${chart}' chart with version matching '${constraint}' found`;
    return failure('InvalidChartReference', `${reference}: ${message}`, {}, true);
  }
  const alreadyPulled = artifactRevision(object) === resolved.version;
  if (!oci && !alreadyPulled && context.network.isUnreachable(url)) {
    return unreachable('ChartPullError', `chart pull error: failed to download chart for remote reference: Get "${chartUrl}-${resolved.version}.tgz": ${dialError(url)}`, url);
  }
  return {
    outcome: { ready: true },
    revision: resolved.version,
    waitOn: [],
    observed: { observedChartName: chart, ...(sourceArtifact ? { observedSourceArtifactRevision: sourceArtifact } : {}) },
  };
}

/** The result of fetching `object` (one of {@link FETCHING_KINDS}); undefined for other kinds. */
export function fetchSource(object: KubeObject, context: SourceFetchContext): FetchResult | undefined {
  switch (object.kind) {
    case 'GitRepository':
      return fetchGitRepository(object, context);
    case 'OCIRepository':
      return fetchOCIRepository(object, context);
    case 'HelmRepository':
      return fetchHelmRepository(object, context);
    case 'Bucket':
      return fetchBucket(object, context);
    case 'HelmChart':
      return fetchHelmChart(object, context);
    case 'ImageRepository':
      return fetchImageRepository(object, context);
    default:
      return undefined;
  }
}

/** The URL a source fetches from (Bucket: its endpoint; ImageRepository: its registry), for reachability. */
export function sourceUrl(object: KubeObject): string | undefined {
  const spec = object.spec ?? {};
  switch (object.kind) {
    case 'GitRepository':
    case 'OCIRepository':
    case 'HelmRepository':
      return typeof spec.url === 'string' ? spec.url : undefined;
    case 'Bucket':
      return typeof spec.endpoint === 'string' ? `${spec.insecure === true ? 'http' : 'https'}://${spec.endpoint}` : undefined;
    case 'ImageRepository':
      return typeof spec.image === 'string' ? imageUrl(spec.image) : undefined;
    default:
      return undefined;
  }
}

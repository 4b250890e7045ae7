/**
 * Where a HelmRelease gets its chart, as helm-controller does it: `spec.chart` is a template
 * for a HelmChart `<namespace>-<name>` in the source's namespace (created and kept in line with
 * the template by the helm-controller), `spec.chartRef` points at an OCIRepository, a HelmChart or
 * (Flux 2.7+, where the kind is served) an ExternalArtifact.
 * The release installs the version that source resolved, once the source is ready.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject, ObjectStore } from '../store/types.js';
import { findCondition, READY, STALLED } from './flux-conditions.js';
import { EXTERNAL_ARTIFACTS, generatorInputs } from './artifact-generator.js';
import { packagedChartVersion } from './flux-revisions.js';
import { helmChartOf } from './flux-status-builders.js';
import type { ReconcileOutcome } from './flux-status-builders.js';
import { artifactRevision, notFoundMessage } from './object-refs.js';
import type { FluxObjectRef } from './object-refs.js';

export const HELM_CHARTS = 'source.toolkit.fluxcd.io/helmcharts';
export const OCI_REPOSITORIES = 'source.toolkit.fluxcd.io/ocirepositories';

export type ReleaseSource =
  | { ready: true; source: FluxObjectRef; chartName: string; chartVersion: string; digest?: string }
  | { ready: false; outcome: Extract<ReconcileOutcome, { ready: false }>; waitOn: FluxObjectRef[] };

/** Store keys of the kinds a `spec.chartRef` may name (the CRD's enum). */
const CHART_REF_KINDS: Readonly<Record<string, string>> = {
  OCIRepository: OCI_REPOSITORIES,
  HelmChart: HELM_CHARTS,
  ExternalArtifact: EXTERNAL_ARTIFACTS,
};

/** The source object a HelmRelease installs from: its HelmChart (template or chartRef), OCIRepository or ExternalArtifact. */
export function releaseSourceRef(release: KubeObject): (FluxObjectRef & { kind: string }) | undefined {
  const chartRef = release.spec?.chartRef as { kind?: string; name?: string; namespace?: string } | undefined;
  if (chartRef?.name) {
    const kind = chartRef.kind && CHART_REF_KINDS[chartRef.kind] ? chartRef.kind : 'HelmChart';
    return { kind, groupResource: CHART_REF_KINDS[kind]!, namespace: chartRef.namespace ?? release.metadata.namespace, name: chartRef.name };
  }
  if (!release.spec?.chart) return undefined;
  return { kind: 'HelmChart', groupResource: HELM_CHARTS, namespace: helmChartOf(release).sourceNamespace, name: `${release.metadata.namespace}-${release.metadata.name}` };
}

/** The HelmChart spec a HelmRelease's `spec.chart` asks for (defaults as the CRD sets them). */
function chartSpecOf(release: KubeObject): Record<string, unknown> | undefined {
  const template = (release.spec?.chart as { spec?: Record<string, unknown> } | undefined)?.spec;
  if (!template) return undefined;
  const sourceRef = (template.sourceRef ?? {}) as { kind?: string; name?: string };
  return {
    chart: template.chart,
    version: template.version ?? '*',
    sourceRef: { kind: sourceRef.kind, name: sourceRef.name },
    interval: template.interval ?? release.spec?.interval ?? '5m',
    reconcileStrategy: template.reconcileStrategy ?? 'ChartVersion',
    ...(template.valuesFiles ? { valuesFiles: template.valuesFiles } : {}),
    ...(template.verify ? { verify: template.verify } : {}),
  };
}

/**
 * Creates the HelmChart of a `spec.chart` HelmRelease, or updates its spec when the template
 * changed (a new generation the source-controller then reconciles). Specs are compared on the
 * fields the template governs, so a HelmChart written by someone else with the same intent stays.
 */
export function reconcileChartTemplate(store: ObjectStore, release: KubeObject): void {
  const spec = chartSpecOf(release);
  const ref = releaseSourceRef(release);
  if (!spec || !ref) return;
  const existing = store.get(HELM_CHARTS, ref.namespace, ref.name);
  if (!existing) {
    const labels = { 'helm.toolkit.fluxcd.io/name': release.metadata.name, 'helm.toolkit.fluxcd.io/namespace': release.metadata.namespace ?? 'default' };
    try {
      store.create(HELM_CHARTS, { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmChart', metadata: { name: ref.name, namespace: ref.namespace, labels }, spec });
    } catch {
      // Created meanwhile by another reconcile.
    }
    return;
  }
  const current = Object.fromEntries(Object.keys(spec).map((field) => [field, existing.spec?.[field]]));
  if (isDeepStrictEqual(current, spec)) return;
  const { resourceVersion: _rv, ...metadata } = existing.metadata;
  store.update(HELM_CHARTS, { ...existing, metadata, spec: { ...existing.spec, ...spec } }, { preserveStatus: true });
}

/** helm-controller's readiness test of a source: reconciled generation, not stalled, has an artifact. */
function notReadyMessage(source: KubeObject): string | undefined {
  const ready = findCondition(source, READY);
  // An ExternalArtifact's status has no observedGeneration; its producer stamps the Ready condition's.
  const observed = source.kind === 'ExternalArtifact' ? (ready as { observedGeneration?: number } | undefined)?.observedGeneration : source.status?.observedGeneration;
  if (observed !== source.metadata.generation) {
    return ready?.status === 'False' ? ready.message : 'latest generation of object has not been reconciled';
  }
  const stalled = findCondition(source, STALLED);
  if (stalled?.status === 'True') return stalled.message;
  if (!artifactRevision(source)) return 'does not have an artifact';
  return undefined;
}

/** The chart name of an OCI artifact: the repository's last path element (`oci://ghcr.io/org/charts/podinfo` → `podinfo`). */
function ociChartName(source: KubeObject): string {
  return String(source.spec?.url ?? source.metadata.name).replace(/\/+$/, '').split('/').pop() ?? source.metadata.name;
}

/** What the release would install now, or why it cannot (Flux's reason and message). */
export function resolveReleaseSource(store: ObjectStore, release: KubeObject): ReleaseSource | undefined {
  const ref = releaseSourceRef(release);
  if (!ref) return undefined;
  const source = store.get(ref.groupResource, ref.namespace, ref.name);
  if (!source) {
    return { ready: false, outcome: { ready: false, reason: 'ArtifactFailed', message: `could not get Source object: ${notFoundMessage(ref.groupResource, ref.name)}` }, waitOn: [ref] };
  }
  const notReady = notReadyMessage(source);
  if (notReady !== undefined) {
    return { ready: false, outcome: { ready: false, reason: 'SourceNotReady', message: `${ref.kind} '${ref.namespace}/${ref.name}' is not ready: ${notReady}` }, waitOn: [ref] };
  }
  const revision = artifactRevision(source)!;
  if (source.kind === 'OCIRepository') {
    const { version, digest } = ociChartVersion(revision);
    return { ready: true, source: ref, chartName: ociChartName(source), chartVersion: version, ...(digest ? { digest } : {}) };
  }
  if (source.kind === 'ExternalArtifact') {
    // The chart's own version (as packaged from its Git files), with the artifact digest as build metadata like an OCI chart.
    const { chartName, originRevision } = externalArtifactChart(store, source);
    const { version, digest } = chartVersionWithDigest(packagedChartVersion(chartName, originRevision), revision);
    return { ready: true, source: ref, chartName, chartVersion: version, ...(digest ? { digest } : {}) };
  }
  return { ready: true, source: ref, chartName: String(source.status?.observedChartName ?? source.spec?.chart ?? ref.name), chartVersion: revision };
}

/**
 * The chart an ExternalArtifact carries: the directory its ArtifactGenerator copied
 * (`@podinfo/charts/podinfo/**` → `podinfo`), else the artifact's name; and the revision of the
 * source it was copied from (which release of the chart that is).
 */
function externalArtifactChart(store: ObjectStore, artifact: KubeObject): { chartName: string; originRevision: string | undefined } {
  const owner = artifact.spec?.sourceRef as { kind?: string; name?: string; namespace?: string } | undefined;
  const generator = owner?.kind === 'ArtifactGenerator' && owner.name
    ? store.get('source.extensions.fluxcd.io/artifactgenerators', owner.namespace ?? artifact.metadata.namespace, owner.name)
    : undefined;
  const outputs = Array.isArray(generator?.spec?.artifacts) ? (generator.spec.artifacts as Array<{ name?: string; copy?: Array<{ from?: string }> }>) : [];
  const from = outputs.find((output) => output.name === artifact.metadata.name)?.copy?.[0]?.from;
  const directory = typeof from === 'string'
    ? from.replace(/^@[^/]*\/?/, '').split('/').filter((segment) => segment !== '' && !segment.includes('*')).pop()
    : undefined;
  const alias = typeof from === 'string' ? /^@([^/]+)/.exec(from)?.[1] : undefined;
  const sources = Array.isArray(generator?.spec?.sources) ? (generator.spec.sources as Array<{ alias?: string; kind?: string; name?: string; namespace?: string }>) : [];
  const named = sources.find((source) => (source.alias ?? source.name) === alias);
  const input = named && generator
    ? generatorInputs(generator).find((candidate) => candidate.kind === named.kind && candidate.name === named.name && candidate.namespace === (named.namespace ?? generator.metadata.namespace))
    : undefined;
  const originRevision = input ? artifactRevision(store.get(input.groupResource, input.namespace, input.name)) : undefined;
  return { chartName: directory || artifact.metadata.name, originRevision };
}

/** `version` with the first 12 hex digits of `revision`'s digest as build metadata (`6.7.1+0123456789ab`). */
function chartVersionWithDigest(version: string, revision: string): { version: string; digest: string | undefined } {
  const digest = revision.includes('@') ? revision.split('@')[1] : revision.includes(':') ? revision : undefined;
  const short = (digest ?? '').replace(/^[^:]*:/, '').slice(0, 12);
  return { version: short ? `${version.replace(/^v/, '')}+${short}` : version, digest };
}

/**
 * The chart version helm-controller installs from an OCIRepository artifact `<tag>@sha256:<digest>`:
 * the tag with the digest's first 12 hex digits as build metadata, so a moved tag is a new version.
 */
export function ociChartVersion(revision: string): { version: string; digest: string | undefined } {
  const [tag = '', digest] = revision.includes('@') ? revision.split('@') : ['', revision];
  const short = (digest ?? '').replace(/^[^:]*:/, '').slice(0, 12);
  return { version: tag ? `${tag.replace(/^v/, '')}+${short}` : `0.0.0+${short}`, digest };
}

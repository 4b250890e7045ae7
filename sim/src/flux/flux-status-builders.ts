/**
 * Pure functions that compute a Flux object's `status` the way its controller writes it, shared
 * by the live controller simulator and the fleet generator (so a freshly generated fleet looks
 * exactly like one the simulator has reconciled). Conventions followed: fluxcd/pkg
 * `runtime/conditions` (Ready first, Reconciling/Stalled as abnormal-true), kustomize-controller
 * `finalizeStatus` (observedGeneration only moves on success or stall; a retried failure keeps
 * `Reconciling=True` with reason `ProgressingWithRetry`).
 */
import { FLUX_KINDS, FORCE_AT_ANNOTATION, REQUESTED_AT_ANNOTATION, RESET_AT_ANNOTATION } from '@flux-orchestrator/flux-model';
import type { KubeObject } from '../store/types.js';
import { conditionsOf, kubeTime, READY, RECONCILING, STALLED, withCondition, withoutCondition } from './flux-conditions.js';
import type { Condition } from './flux-conditions.js';
import { artifactFor, resolveChartVersion, sha256Digest } from './flux-revisions.js';
import { latestTagsOf, scannedTags } from './image-policy.js';
import type { InventoryEntry } from './flux-workloads.js';
import { helmReleaseName, helmReleaseNamespace } from './flux-workloads.js';

/** Annotation that requests a reconcile (`flux reconcile`), and the HelmRelease force/reset ones. */
export { FORCE_AT_ANNOTATION, REQUESTED_AT_ANNOTATION, RESET_AT_ANNOTATION };

/**
 * What a reconcile ends in. A failure carries Flux's reason (`BuildFailed`, `HealthCheckFailed`,
 * `ArtifactFailed`, `InstallFailed`, `UpgradeFailed`, `DependencyNotReady`, ...) and message;
 * `stalled` marks a terminal error (Flux sets `Stalled=True` and stops retrying).
 */
export type ReconcileOutcome = { ready: true } | { ready: false; reason: string; message: string; stalled?: boolean };

export interface ReconcileResultContext {
  now: Date;
  /** Elapsed reconcile time, used in messages like "Reconciliation finished in 1.2s". */
  elapsedMs: number;
  outcome: ReconcileOutcome;
  /** Sources: the artifact revision produced. Kustomization/HelmRelease: the source revision consumed. */
  revision?: string;
  /** Kustomization: the inventory after a successful apply. */
  inventory?: InventoryEntry[];
  /** HelmRelease: the chart's name as its source resolved it (default: the chart template's). */
  chartName?: string;
  /** HelmRelease from an OCIRepository: the artifact digest (`status.lastAttemptedRevisionDigest`). */
  chartDigest?: string;
  /** Status fields the reconcile observed, written on success (e.g. HelmChart `observedChartName`, ArtifactGenerator `inventory`). */
  observed?: Record<string, unknown>;
}

/** HelmRelease failures that stop before Helm runs: no release is recorded for them. */
const BEFORE_RELEASE_REASONS: ReadonlySet<string> = new Set(['DependencyNotReady', 'ArtifactFailed', 'SourceNotReady', 'ValuesError', 'AccessDenied']);

/** Kinds that have no status in their served version (notification v1beta3 Alert/Provider are static). */
export const STATIC_KINDS: ReadonlySet<string> = new Set(FLUX_KINDS.filter((kind) => !kind.hasConditions).map((kind) => kind.kind));

function annotation(object: KubeObject, key: string): string | undefined {
  return object.metadata.annotations?.[key];
}

function withHandledAnnotations(object: KubeObject, status: Record<string, unknown>): Record<string, unknown> {
  const requestedAt = annotation(object, REQUESTED_AT_ANNOTATION);
  if (requestedAt !== undefined) status.lastHandledReconcileAt = requestedAt;
  if (object.kind === 'HelmRelease') {
    const forceAt = annotation(object, FORCE_AT_ANNOTATION);
    const resetAt = annotation(object, RESET_AT_ANNOTATION);
    if (forceAt !== undefined) status.lastHandledForceAt = forceAt;
    if (resetAt !== undefined) status.lastHandledResetAt = resetAt;
  }
  return status;
}

/** Status at the start of a reconcile: Reconciling=True/Progressing, Ready=Unknown. */
export function progressingStatus(object: KubeObject, now: Date): Record<string, unknown> {
  const message = 'reconciliation in progress';
  let conditions = conditionsOf(object);
  conditions = withCondition(conditions, { type: READY, status: 'Unknown', reason: 'Progressing', message, observedGeneration: object.metadata.generation }, now);
  conditions = withCondition(conditions, { type: RECONCILING, status: 'True', reason: 'Progressing', message, observedGeneration: object.metadata.generation }, now);
  conditions = withoutCondition(conditions, STALLED);
  return { ...(object.status ?? {}), conditions };
}

function successMessage(object: KubeObject, context: ReconcileResultContext, releaseAction?: 'install' | 'upgrade', releaseVersion?: number): { reason: string; message: string } {
  const revision = context.revision ?? '';
  const spec = object.spec ?? {};
  switch (object.kind) {
    case 'GitRepository':
    case 'Bucket':
      return { reason: 'Succeeded', message: `stored artifact for revision '${revision}'` };
    case 'OCIRepository':
      return { reason: 'Succeeded', message: `stored artifact for digest '${revision}'` };
    case 'HelmRepository':
      return spec.type === 'oci' ? { reason: 'Succeeded', message: 'Helm repository is ready' } : { reason: 'Succeeded', message: `stored artifact: revision '${revision}'` };
    case 'HelmChart': {
      const chart = String(context.observed?.observedChartName ?? spec.chart);
      return context.observed?.packaged === true
        ? { reason: 'ChartPackageSucceeded', message: `packaged '${chart}' chart with version '${revision}'` }
        : { reason: 'ChartPullSucceeded', message: `pulled '${chart}' chart with version '${revision}'` };
    }
    case 'ExternalArtifact':
      return { reason: 'Succeeded', message: 'Artifact is ready' };
    case 'ArtifactGenerator': {
      const count = Array.isArray(spec.artifacts) ? spec.artifacts.length : 0;
      return { reason: 'Succeeded', message: `reconciliation succeeded, generated ${count} artifacts` };
    }
    case 'Kustomization':
      return { reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}` };
    case 'HelmRelease': {
      const verb = releaseAction === 'upgrade' ? 'upgrade' : 'install';
      const chartName = context.chartName ?? helmChartOf(object).chartName;
      return {
        reason: verb === 'upgrade' ? 'UpgradeSucceeded' : 'InstallSucceeded',
        message: `Helm ${verb} succeeded for release ${helmReleaseNamespace(object)}/${helmReleaseName(object)}.v${releaseVersion ?? 1} with chart ${chartName}@${revision}`,
      };
    }
    case 'Receiver':
      return { reason: 'Succeeded', message: `Receiver initialized for path: ${webhookPath(object)}` };
    case 'ImageRepository':
      return { reason: 'Succeeded', message: `successful scan: found ${scannedTags(object).length} tags` };
    case 'ImagePolicy': {
      const latest = latestRefOf(context);
      const previous = object.status?.latestRef as { name?: string; tag?: string } | undefined;
      const changed = previous?.tag !== undefined && (previous.name !== latest.name || previous.tag !== latest.tag);
      return { reason: 'Succeeded', message: `Latest image tag for ${latest.name} resolved to ${latest.tag}${changed ? ` (previously ${previous.name}:${previous.tag})` : ''}` };
    }
    case 'ImageUpdateAutomation':
      return { reason: 'Succeeded', message: 'repository up-to-date' };
    case 'FluxReport':
      return { reason: 'ReconciliationSucceeded', message: `Reporting finished in ${Math.max(1, Math.round(context.elapsedMs))}ms` };
    default:
      return { reason: 'ReconciliationSucceeded', message: `Reconciliation finished in ${Math.max(1, Math.round(context.elapsedMs))}ms` };
  }
}

function webhookPath(object: KubeObject): string {
  return `/hook/${sha256Digest(`${object.metadata.namespace}/${object.metadata.name}`).slice(7)}`;
}

/** The `latestRef` an ImagePolicy reconcile selected (`observed.latestRef`, see image-policy.ts). */
function latestRefOf(context: ReconcileResultContext): { name: string; tag: string } {
  const latest = context.observed?.latestRef as { name?: string; tag?: string } | undefined;
  return { name: String(latest?.name ?? ''), tag: String(latest?.tag ?? '') };
}

/** Chart name, version and source namespace of a HelmRelease (spec.chart.spec or spec.chartRef). */
export function helmChartOf(release: KubeObject): { chartName: string; chartVersion: string; sourceNamespace: string } {
  const spec = release.spec ?? {};
  const chartTemplate = (spec.chart as { spec?: Record<string, unknown> } | undefined)?.spec;
  const chartRef = spec.chartRef as { name?: string; namespace?: string } | undefined;
  const chartName = String(chartTemplate?.chart ?? chartRef?.name ?? release.metadata.name);
  const sourceRef = chartTemplate?.sourceRef as { namespace?: string } | undefined;
  return {
    chartName,
    chartVersion: resolveChartVersion(chartName, chartTemplate?.version),
    sourceNamespace: sourceRef?.namespace ?? chartRef?.namespace ?? release.metadata.namespace ?? 'default',
  };
}

function settle(object: KubeObject, conditions: Condition[], outcome: ReconcileOutcome, now: Date): { conditions: Condition[]; observe: boolean } {
  const generation = object.metadata.generation;
  if (outcome.ready) {
    return { conditions: withoutCondition(withoutCondition(conditions, RECONCILING), STALLED), observe: true };
  }
  if (outcome.stalled) {
    const stalled = withCondition(withoutCondition(conditions, RECONCILING), { type: STALLED, status: 'True', reason: outcome.reason, message: outcome.message, observedGeneration: generation }, now);
    return { conditions: stalled, observe: true };
  }
  const retrying = withCondition(conditions, { type: RECONCILING, status: 'True', reason: 'ProgressingWithRetry', message: outcome.message, observedGeneration: generation }, now);
  return { conditions: withoutCondition(retrying, STALLED), observe: false };
}

/**
 * The status an object has after a reconcile ends in `context.outcome`. Keeps fields the
 * outcome does not touch (e.g. the last good artifact and inventory on failure).
 */
export function reconciledStatus(object: KubeObject, context: ReconcileResultContext): Record<string, unknown> {
  const { now, outcome } = context;
  const previous = { ...(object.status ?? {}) };
  const generation = object.metadata.generation ?? 1;
  const status: Record<string, unknown> = previous;
  let conditions = conditionsOf(object);
  let releaseAction: 'install' | 'upgrade' | undefined;
  let releaseVersion: number | undefined;

  if (object.kind === 'HelmRelease' && (outcome.ready || !BEFORE_RELEASE_REASONS.has(outcome.reason))) {
    ({ releaseAction, releaseVersion } = applyHelmReleaseStatus(object, status, context));
  }

  if (outcome.ready) {
    const { reason, message } = successMessage(object, context, releaseAction, releaseVersion);
    conditions = withCondition(conditions, { type: READY, status: 'True', reason, message, observedGeneration: generation }, now);
    applyKindSuccess(object, status, context, reason, message);
    conditions = successSideConditions(object, conditions, reason, message, context);
  } else {
    conditions = withCondition(conditions, { type: READY, status: 'False', reason: outcome.reason, message: outcome.message, observedGeneration: generation }, now);
    conditions = failureSideConditions(object, conditions, outcome, now);
    if (object.kind === 'Kustomization' && context.revision) status.lastAttemptedRevision = context.revision;
  }
  const settled = settle(object, conditions, outcome, now);
  status.conditions = settled.conditions;
  if (settled.observe) status.observedGeneration = generation;
  return withHandledAnnotations(object, status);
}

function successSideConditions(object: KubeObject, conditions: Condition[], reason: string, message: string, context: ReconcileResultContext): Condition[] {
  const generation = object.metadata.generation;
  const { now } = context;
  switch (object.kind) {
    case 'GitRepository':
    case 'OCIRepository':
    case 'Bucket':
    case 'HelmChart':
    case 'HelmRepository':
      if (object.kind === 'HelmRepository' && object.spec?.type === 'oci') return conditions;
      return withoutCondition(withCondition(conditions, { type: 'ArtifactInStorage', status: 'True', reason: 'Succeeded', message, observedGeneration: generation }, now), 'FetchFailed');
    case 'Kustomization':
      if (object.spec?.wait === true || Array.isArray(object.spec?.healthChecks)) {
        return withCondition(conditions, { type: 'Healthy', status: 'True', reason: 'Succeeded', message: `Health check passed in ${Math.max(1, Math.round(context.elapsedMs))}ms`, observedGeneration: generation }, now);
      }
      return withoutCondition(conditions, 'Healthy');
    case 'HelmRelease':
      return withCondition(conditions, { type: 'Released', status: 'True', reason, message, observedGeneration: generation }, now);
    default:
      return conditions;
  }
}

function failureSideConditions(object: KubeObject, conditions: Condition[], outcome: Extract<ReconcileOutcome, { ready: false }>, now: Date): Condition[] {
  const generation = object.metadata.generation;
  switch (object.kind) {
    case 'GitRepository':
    case 'OCIRepository':
    case 'Bucket':
    case 'HelmChart':
    case 'HelmRepository':
      return withCondition(conditions, { type: 'FetchFailed', status: 'True', reason: outcome.reason, message: outcome.message, observedGeneration: generation }, now);
    case 'Kustomization':
      return outcome.reason === 'HealthCheckFailed'
        ? withCondition(conditions, { type: 'Healthy', status: 'False', reason: outcome.reason, message: outcome.message, observedGeneration: generation }, now)
        : conditions;
    case 'HelmRelease':
      return ['InstallFailed', 'UpgradeFailed', 'RetriesExceeded'].includes(outcome.reason)
        ? withCondition(conditions, { type: 'Released', status: 'False', reason: outcome.reason, message: outcome.message, observedGeneration: generation }, now)
        : conditions;
    default:
      return conditions;
  }
}

function applyKindSuccess(object: KubeObject, status: Record<string, unknown>, context: ReconcileResultContext, _reason: string, _message: string): void {
  const time = kubeTime(context.now);
  switch (object.kind) {
    case 'GitRepository':
    case 'OCIRepository':
    case 'Bucket':
    case 'HelmChart':
    case 'HelmRepository':
    case 'ExternalArtifact': {
      if (!context.revision) return;
      const previous = status.artifact as { revision?: string } | undefined;
      if (previous?.revision !== context.revision) status.artifact = artifactFor(object, context.revision, time);
      if (object.kind === 'HelmChart') {
        status.observedChartName = context.observed?.observedChartName ?? object.spec?.chart;
        status.observedSourceArtifactRevision =
          context.observed?.observedSourceArtifactRevision ?? sha256Digest(`${object.metadata.namespace}/${String((object.spec?.sourceRef as { name?: string } | undefined)?.name)}`);
      }
      if (object.kind === 'HelmRepository' || object.kind === 'HelmChart' || object.kind === 'GitRepository' || object.kind === 'Bucket' || object.kind === 'OCIRepository') {
        status.url = (status.artifact as { url?: string } | undefined)?.url;
      }
      return;
    }
    case 'Kustomization':
      status.lastAppliedRevision = context.revision;
      status.lastAttemptedRevision = context.revision;
      if (context.inventory) status.inventory = { entries: context.inventory };
      return;
    case 'ArtifactGenerator':
      if (context.observed) Object.assign(status, context.observed);
      return;
    case 'Receiver':
      status.webhookPath = webhookPath(object);
      return;
    case 'ImageRepository': {
      const tags = scannedTags(object);
      status.canonicalImageName = String(object.spec?.image ?? '');
      status.lastScanResult = { scanTime: time, tagCount: tags.length, latestTags: latestTagsOf(tags) };
      return;
    }
    case 'ImagePolicy': {
      const latest = latestRefOf(context);
      const previous = status.latestRef as { name?: string; tag?: string } | undefined;
      if (previous?.tag !== undefined && (previous.name !== latest.name || previous.tag !== latest.tag)) status.observedPreviousRef = previous;
      status.latestRef = latest;
      return;
    }
    case 'ImageUpdateAutomation':
      status.lastAutomationRunTime = time;
      return;
    default:
      if (context.revision) status.lastAppliedRevision = context.revision;
      return;
  }
}

interface HelmSnapshot {
  name: string;
  namespace: string;
  version: number;
  status: 'deployed' | 'failed' | 'superseded';
  chartName: string;
  chartVersion: string;
  appVersion: string;
  configDigest: string;
  digest: string;
  firstDeployed: string;
  lastDeployed: string;
}

/**
 * HelmRelease history (newest first, at most 5 snapshots, like `spec.maxHistory` default 5):
 * a new release is recorded when there is no history, the generation changed since the last
 * attempt, the chart version changed, or a force was requested. Otherwise nothing is released.
 */
function applyHelmReleaseStatus(release: KubeObject, status: Record<string, unknown>, context: ReconcileResultContext): { releaseAction?: 'install' | 'upgrade'; releaseVersion?: number } {
  const template = helmChartOf(release);
  const { sourceNamespace } = template;
  const chartName = context.chartName ?? template.chartName;
  const revision = context.revision ?? template.chartVersion;
  const history = Array.isArray(status.history) ? (status.history as HelmSnapshot[]) : [];
  const latest = history[0];
  const generation = release.metadata.generation ?? 1;
  const forceAt = annotation(release, FORCE_AT_ANNOTATION);
  const needsRelease =
    !latest ||
    latest.status === 'failed' ||
    status.lastAttemptedGeneration !== generation ||
    latest.chartVersion !== revision ||
    (forceAt !== undefined && forceAt !== status.lastHandledForceAt);
  if (release.spec?.chart) status.helmChart = `${sourceNamespace}/${release.metadata.namespace}-${release.metadata.name}`;
  status.storageNamespace = helmReleaseNamespace(release);
  if (!needsRelease && context.outcome.ready) return { releaseAction: status.lastAttemptedReleaseAction as 'install' | 'upgrade', releaseVersion: latest?.version };
  const releaseAction = latest && history.some((snapshot) => snapshot.status !== 'failed') ? 'upgrade' : 'install';
  const version = (latest?.version ?? 0) + 1;
  const time = kubeTime(context.now);
  const configDigest = sha256Digest(JSON.stringify(release.spec?.values ?? {}));
  const snapshot: HelmSnapshot = {
    name: helmReleaseName(release),
    namespace: helmReleaseNamespace(release),
    version,
    status: context.outcome.ready ? 'deployed' : 'failed',
    chartName,
    chartVersion: revision,
    appVersion: revision.replace(/^v/, '').replace(/\+.*$/, ''),
    configDigest,
    digest: sha256Digest(`${release.metadata.namespace}/${release.metadata.name}/${version}/${revision}`),
    firstDeployed: history.at(-1)?.firstDeployed ?? time,
    lastDeployed: time,
  };
  const older = history.map((entry) => (entry.status === 'deployed' && context.outcome.ready ? { ...entry, status: 'superseded' as const } : entry));
  status.history = [snapshot, ...older].slice(0, 5);
  status.lastAttemptedRevision = revision;
  if (context.chartDigest) status.lastAttemptedRevisionDigest = context.chartDigest;
  else delete status.lastAttemptedRevisionDigest;
  status.lastAttemptedConfigDigest = configDigest;
  status.lastAttemptedGeneration = generation;
  status.lastAttemptedReleaseAction = releaseAction;
  if (!context.outcome.ready) status.failures = Number(status.failures ?? 0) + 1;
  else delete status.failures;
  return { releaseAction, releaseVersion: version };
}

/**
 * One status for any Flux object, computed from what its controller wrote. The order of the
 * checks follows kstatus' `Compute` (deletion and generation before conditions) and the
 * fluxcd/pkg `runtime/conditions` conventions (Ready is the summary; Reconciling and Stalled are
 * "abnormal-true" conditions, present only while they hold):
 *
 *  1. `spec.suspend: true` → suspended. The controller ignores the object, so nothing else counts.
 *     The reason is 'Suspended'; Ready's message, if any, says how it was when it was suspended.
 *  2. `metadata.deletionTimestamp` set → progressing, reason 'Terminating' (finalizers running).
 *  3. A kind whose controller writes no conditions (Alert/Provider v1beta3) and has none → ready,
 *     reason 'Static'.
 *  4. No conditions at all → unknown, reason 'NotReconciled': the controller has not reported yet.
 *  5. The observed generation (`status.observedGeneration`, else Ready's) is behind
 *     `metadata.generation` → progressing, reason 'Progressing': the spec changed and the
 *     controller has not finished with the new one (Flux only moves observedGeneration on success
 *     or stall, so a failing retry of a new spec also lands here).
 *  6. Stalled=True → failed, with Stalled's reason and message (terminal; no more retries).
 *  7. Reconciling=True → progressing with its reason and message, unless the reason is
 *     'ProgressingWithRetry' or Ready is False: a failing object being retried is failing, and
 *     gets Ready's reason and message.
 *  8. Ready=True → ready; Ready=False → failed; Ready=Unknown → progressing.
 *  9. Anything else → unknown.
 *
 * `since` is the lastTransitionTime of the condition that decided (the deletion time for 2).
 * Never throws: a missing status, non-array conditions or wrongly typed fields just count as absent.
 */
import { findFluxKind, fluxKindOf } from './flux-kinds.js';
import type { FluxKind } from './flux-kinds.js';

export type FluxStatus = 'ready' | 'failed' | 'progressing' | 'suspended' | 'unknown';

/** Failures first: the order a list sorted by status should show them in. */
export const FLUX_STATUSES: readonly FluxStatus[] = Object.freeze(['failed', 'progressing', 'unknown', 'suspended', 'ready'] as const);

export interface FluxObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    generation?: number;
    deletionTimestamp?: string;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export interface FluxCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export interface FluxObjectStatus {
  status: FluxStatus;
  /** e.g. 'ReconciliationSucceeded', 'BuildFailed', 'RetriesExceeded', 'Suspended', 'Progressing'. */
  reason: string;
  message: string;
  /** What is in effect: applied revision (Kustomization/HelmRelease/FluxInstance), artifact revision (sources), chart version of the latest HelmRelease history entry, ImagePolicy latest ref/image. */
  revision: string | null;
  /** lastAttemptedRevision when it differs from the applied one, else null. */
  attemptedRevision: string | null;
  lastHandledReconcileAt: string | null;
  /** When the object entered its current state, from the deciding condition's lastTransitionTime. */
  since: string | null;
  generation: number | null;
  observedGeneration: number | null;
  conditions: FluxCondition[];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The well-formed conditions of a status (entries without a string type and status are dropped). */
function conditionsOf(status: Record<string, unknown> | undefined): FluxCondition[] {
  const list = status?.conditions;
  if (!Array.isArray(list)) return [];
  const conditions: FluxCondition[] = [];
  for (const item of list) {
    const entry = record(item);
    const type = text(entry?.type);
    const conditionStatus = text(entry?.status);
    if (!entry || !type || conditionStatus === undefined) continue;
    const condition: FluxCondition = { type, status: conditionStatus };
    const reason = text(entry.reason);
    const message = text(entry.message);
    const lastTransitionTime = text(entry.lastTransitionTime);
    const observedGeneration = integer(entry.observedGeneration);
    if (reason !== undefined) condition.reason = reason;
    if (message !== undefined) condition.message = message;
    if (lastTransitionTime !== undefined) condition.lastTransitionTime = lastTransitionTime;
    if (observedGeneration !== undefined) condition.observedGeneration = observedGeneration;
    conditions.push(condition);
  }
  return conditions;
}

function kindOf(object: FluxObjectLike): FluxKind | undefined {
  const kind = text(object.kind);
  if (!kind) return undefined;
  const apiVersion = text(object.apiVersion) ?? '';
  const slash = apiVersion.indexOf('/');
  return (slash > 0 ? fluxKindOf(apiVersion.slice(0, slash), kind) : undefined) ?? findFluxKind(kind);
}

function imagePolicyRevision(status: Record<string, unknown>): string | undefined {
  const latestRef = record(status.latestRef);
  const name = nonEmpty(latestRef?.name);
  const tag = nonEmpty(latestRef?.tag);
  const digest = nonEmpty(latestRef?.digest);
  if (name || tag) {
    const base = name && tag ? `${name}:${tag}` : (name ?? tag ?? '');
    return digest ? `${base}@${digest}` : base;
  }
  return nonEmpty(status.latestImage);
}

function appliedRevision(object: FluxObjectLike, kind: FluxKind | undefined, status: Record<string, unknown>): string | undefined {
  const kindName = kind?.kind ?? text(object.kind);
  if (kindName === 'ImagePolicy') return imagePolicyRevision(status);
  if (kindName === 'HelmRelease') {
    const history = status.history;
    const latest = Array.isArray(history) ? record(history[0]) : undefined;
    return nonEmpty(latest?.chartVersion) ?? nonEmpty(status.lastAppliedRevision);
  }
  if (kind?.category === 'source') return nonEmpty(record(status.artifact)?.revision);
  return nonEmpty(status.lastAppliedRevision) ?? nonEmpty(record(status.artifact)?.revision);
}

type Decision = Pick<FluxObjectStatus, 'status' | 'reason' | 'message' | 'since'>;

function decide(object: FluxObjectLike, kind: FluxKind | undefined, conditions: FluxCondition[], generation: number | null, observedGeneration: number | null): Decision {
  const find = (type: string) => conditions.find((condition) => condition.type === type);
  const ready = find('Ready');
  const from = (status: FluxStatus, condition: FluxCondition, fallbackReason: string): Decision => ({
    status,
    reason: nonEmpty(condition.reason) ?? fallbackReason,
    message: condition.message ?? '',
    since: condition.lastTransitionTime ?? null,
  });

  if (record(object.spec)?.suspend === true) return { status: 'suspended', reason: 'Suspended', message: ready?.message ?? '', since: null };

  const deletionTimestamp = nonEmpty(record(object.metadata)?.deletionTimestamp);
  if (deletionTimestamp) return { status: 'progressing', reason: 'Terminating', message: 'deletion in progress', since: deletionTimestamp };

  if (conditions.length === 0) {
    if (kind && !kind.hasConditions) return { status: 'ready', reason: 'Static', message: '', since: null };
    return { status: 'unknown', reason: 'NotReconciled', message: 'the controller has not reported a status yet', since: null };
  }

  // Controllers move status.observedGeneration only when a generation succeeds (or stalls); a
  // failed attempt at the newest one shows on the Ready condition, which then carries it.
  const readyHandledGeneration = generation !== null && ready?.observedGeneration !== undefined && ready.observedGeneration >= generation;
  if (generation !== null && observedGeneration !== null && observedGeneration < generation && !readyHandledGeneration) {
    return { status: 'progressing', reason: 'Progressing', message: `generation ${generation} not yet observed (last observed ${observedGeneration})`, since: null };
  }

  const stalled = find('Stalled');
  if (stalled?.status === 'True') return from('failed', stalled, 'Stalled');

  const reconciling = find('Reconciling');
  if (reconciling?.status === 'True') {
    if (ready?.status === 'False') return from('failed', ready, 'Failed');
    if (reconciling.reason === 'ProgressingWithRetry') return from('failed', reconciling, 'ProgressingWithRetry');
    return from('progressing', reconciling, 'Progressing');
  }

  if (ready?.status === 'True') return from('ready', ready, 'Succeeded');
  if (ready?.status === 'False') return from('failed', ready, 'Failed');
  if (ready?.status === 'Unknown') return from('progressing', ready, 'Progressing');
  return { status: 'unknown', reason: ready ? 'Unknown' : 'NoReadyCondition', message: ready?.message ?? '', since: null };
}

/** Pure. Never throws on odd input (missing status, non-array conditions, wrong types). */
export function computeFluxStatus(object: FluxObjectLike, kind?: FluxKind): FluxObjectStatus {
  const safe: FluxObjectLike = record(object) ?? {};
  const resolved = kind ?? kindOf(safe);
  const status = record(safe.status) ?? {};
  const conditions = conditionsOf(status);
  const generation = integer(record(safe.metadata)?.generation) ?? null;
  const observedGeneration = integer(status.observedGeneration) ?? conditions.find((condition) => condition.type === 'Ready')?.observedGeneration ?? null;
  const revision = appliedRevision(safe, resolved, status) ?? null;
  const lastAttempted = nonEmpty(status.lastAttemptedRevision) ?? null;
  return {
    ...decide(safe, resolved, conditions, generation, observedGeneration),
    revision,
    attemptedRevision: lastAttempted !== null && lastAttempted !== revision ? lastAttempted : null,
    lastHandledReconcileAt: nonEmpty(status.lastHandledReconcileAt) ?? null,
    generation,
    observedGeneration,
    conditions,
  };
}

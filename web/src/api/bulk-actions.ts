import { useSyncExternalStore } from 'react';
import type { paths } from './generated/schema.js';
import { api, unwrap, type Schema } from './client.js';

/**
 * `POST /api/v1/actions`: a plan (dry run) of what a selector matches, then a job that runs it in
 * dependency order. Each object's result arrives as a `job` event (`type: "item"`) on the stream
 * and, once the job is finished, in `GET /api/v1/jobs/{id}` (`result.items`).
 */

export type BulkActionBody = paths['/api/v1/actions']['post']['requestBody']['content']['application/json'];
export type BulkSelector = BulkActionBody['selector'];
export type BulkOptions = NonNullable<BulkActionBody['options']>;
export type BulkActionPlan = Schema<'BulkActionPlan'>;
export type PlannedObject = BulkActionPlan['clusters'][number]['objects'][number];
export type BulkAccepted = paths['/api/v1/actions']['post']['responses'][202]['content']['application/json'];

/** The plan: every object the selector matches now, per cluster, with its step. Touches nothing. */
export async function planBulkAction(body: Omit<BulkActionBody, 'dry_run'>): Promise<BulkActionPlan> {
  const answer = await unwrap(api.POST('/api/v1/actions', { body: { ...body, dry_run: true } }));
  if (!('dry_run' in answer)) throw new Error('The server started a job instead of answering a plan; see Activity.');
  return answer;
}

/** Starts the job; the server plans again from the selector as it starts. */
export async function startBulkAction(body: Omit<BulkActionBody, 'dry_run'>): Promise<BulkAccepted> {
  const answer = await unwrap(api.POST('/api/v1/actions', { body: { ...body, dry_run: false } }));
  if (!('job_id' in answer)) throw new Error('The server answered a plan instead of starting a job.');
  return answer;
}

/**
 * One object's result in a bulk job (`server/src/bulk-actions/bulk-actions.schemas.ts`). The
 * OpenAPI document types a job's `result` as unknown and the stream's events are not in it, so
 * results are checked by {@link toBulkItem} rather than asserted.
 */
export interface BulkItemResult {
  cluster_id: string;
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
  step: number;
  outcome: 'requested' | 'ready' | 'failed' | 'timeout' | 'done' | 'error';
  error: string | null;
  /** The object's status reason and message after the action (why it fails). */
  reason: string | null;
  message: string | null;
  requested_at: string | null;
  finished_at: string;
}

const OUTCOMES: readonly string[] = ['requested', 'ready', 'failed', 'timeout', 'done', 'error'];
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function toBulkItem(value: unknown): BulkItemResult | undefined {
  if (!isRecord(value)) return undefined;
  const { cluster_id, cluster, kind, namespace, name, step, outcome, error, reason, message, requested_at, finished_at } = value;
  if (typeof cluster_id !== 'string' || typeof cluster !== 'string' || typeof kind !== 'string' || typeof namespace !== 'string' || typeof name !== 'string') return undefined;
  if (typeof outcome !== 'string' || !OUTCOMES.includes(outcome)) return undefined;
  return {
    cluster_id,
    cluster,
    kind,
    namespace,
    name,
    step: typeof step === 'number' ? step : 0,
    outcome: outcome as BulkItemResult['outcome'],
    error: typeof error === 'string' ? error : null,
    reason: typeof reason === 'string' && reason !== '' ? reason : null,
    message: typeof message === 'string' && message !== '' ? message : null,
    requested_at: typeof requested_at === 'string' ? requested_at : null,
    finished_at: typeof finished_at === 'string' ? finished_at : '',
  };
}

/** The per-object results of a finished bulk job's `result` (empty when it holds none). */
export function bulkItemsOfResult(result: unknown): BulkItemResult[] {
  if (!isRecord(result) || !Array.isArray(result.items)) return [];
  return result.items.flatMap((item) => toBulkItem(item) ?? []);
}

/** `cluster_id/Kind/namespace/name`, as the resources list's ids. */
export const bulkItemKey = (item: Pick<BulkItemResult, 'cluster_id' | 'kind' | 'namespace' | 'name'>): string => `${item.cluster_id}/${item.kind}/${item.namespace}/${item.name}`;

// ---------- Results as the stream brings them ----------

/**
 * Results of bulk jobs seen on this tab's stream, by job id. A job starts running before its id
 * reaches the page (the 202 answer), so results are kept for every job, not only those watched;
 * the oldest jobs are forgotten beyond {@link KEPT_JOBS}.
 */
const KEPT_JOBS = 20;
const jobItems = new Map<string, BulkItemResult[]>();
const itemListeners = new Set<() => void>();
const NO_ITEMS: BulkItemResult[] = [];

export function recordJobItem(jobId: string, value: unknown): void {
  const item = toBulkItem(value);
  if (!item) return;
  const items = jobItems.get(jobId) ?? [];
  jobItems.delete(jobId);
  jobItems.set(jobId, [...items, item]);
  while (jobItems.size > KEPT_JOBS) jobItems.delete(jobItems.keys().next().value!);
  for (const listener of itemListeners) listener();
}

export const jobItemsOf = (jobId: string | undefined): BulkItemResult[] => (jobId ? (jobItems.get(jobId) ?? NO_ITEMS) : NO_ITEMS);

const subscribeItems = (listener: () => void) => {
  itemListeners.add(listener);
  return () => itemListeners.delete(listener);
};

/** The results of one job that the stream delivered so far, in arrival order. */
export function useStreamedJobItems(jobId: string | undefined): BulkItemResult[] {
  return useSyncExternalStore(
    subscribeItems,
    () => jobItemsOf(jobId),
    () => NO_ITEMS,
  );
}

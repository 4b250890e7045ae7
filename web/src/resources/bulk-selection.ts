import type { FluxAction } from '@flux-orchestrator/flux-model';
import type { BulkActionPlan, BulkItemResult, BulkSelector, PlannedObject } from '../api/bulk-actions.js';
import { actionsOf, type ResourceFilter, type ResourceItem } from '../api/resources.js';

/**
 * How a bulk action is put to the server. Rows picked by hand go as `selector.objects`, exactly
 * those objects; a list's filter goes as the selector's fields (ANDed, values ORed). The dialog
 * asks for a plan first and compares it with the selection (objects whose kind lacks the action
 * drop out; the plan is what runs).
 */

/** Most values a selector field takes (the API's limit). */
export const SELECTOR_FIELD_LIMIT = 1000;

const unique = (values: string[]): string[] => [...new Set(values)].sort();

/** Exactly the picked rows (each once); undefined when there are none or more than the API takes. */
export function selectorOfItems(items: readonly ResourceItem[]): BulkSelector | undefined {
  const keys = unique(items.map((item) => objectKey(item.cluster_id, item.kind, item.namespace, item.name)));
  if (keys.length === 0 || keys.length > SELECTOR_FIELD_LIMIT) return undefined;
  const byKey = new Map(items.map((item) => [objectKey(item.cluster_id, item.kind, item.namespace, item.name), item]));
  return { objects: keys.map((key) => byKey.get(key)!).map((item) => ({ cluster: item.cluster_id, kind: item.kind, namespace: item.namespace, name: item.name })) };
}

/**
 * The selector of a list's filter, or why there is none: a text search cannot be said in a
 * selector, and an empty one (the whole fleet) is refused by the server.
 */
export function selectorOfFilter(filter: ResourceFilter): { selector: BulkSelector } | { reason: string } {
  if (filter.q.trim()) return { reason: 'A text search cannot be sent with a bulk action: clear the search and narrow the list with the cluster, kind, namespace and status filters instead.' };
  const selector: BulkSelector = {
    ...(filter.cluster.length > 0 ? { clusters: [...filter.cluster] } : {}),
    ...(filter.cluster_selector.trim() ? { cluster_selector: filter.cluster_selector.trim() } : {}),
    ...(filter.kind.length > 0 ? { kinds: [...filter.kind] } : {}),
    ...(filter.namespace.length > 0 ? { namespaces: [...filter.namespace] } : {}),
    ...(filter.status.length > 0 ? { status: [...filter.status] } : {}),
  };
  if (Object.keys(selector).length === 0) return { reason: 'Narrow the list with a filter first (a cluster, kind, namespace or status): acting on the whole fleet at once is not offered.' };
  return { selector };
}

export const objectKey = (clusterId: string, kind: string, namespace: string, name: string): string => `${clusterId}/${kind}/${namespace}/${name}`;

/** A planned object with its cluster, as one flat list (in the plan's order). */
export interface PlannedEntry extends PlannedObject {
  cluster_id: string;
  cluster: string;
  key: string;
}

export function planEntries(plan: BulkActionPlan): PlannedEntry[] {
  return plan.clusters.flatMap((cluster) => cluster.objects.map((object) => ({ ...object, cluster_id: cluster.cluster_id, cluster: cluster.cluster, key: objectKey(cluster.cluster_id, object.kind, object.namespace, object.name) })));
}

export interface PlanComparison {
  /** The plan is the selection (less the rows whose kind lacks the action): safe to run as one job. */
  exact: boolean;
  /** Planned, not selected. */
  extra: PlannedEntry[];
  /** Selected (and able to take the action), not planned, e.g. outside the caller's scope. */
  absent: ResourceItem[];
  /** Selected, but their kind has no such action: never sent. */
  unsupported: ResourceItem[];
}

export function comparePlan(plan: BulkActionPlan, items: readonly ResourceItem[], action: FluxAction): PlanComparison {
  const planned = planEntries(plan);
  const plannedKeys = new Set(planned.map((entry) => entry.key));
  const unsupported = items.filter((item) => !actionsOf(item.kind).includes(action));
  const able = items.filter((item) => actionsOf(item.kind).includes(action));
  const selectedKeys = new Set(able.map((item) => item.id));
  const extra = planned.filter((entry) => !selectedKeys.has(entry.key));
  const absent = able.filter((item) => !plannedKeys.has(item.id));
  return { exact: extra.length === 0 && absent.length === 0, extra, absent, unsupported };
}

/** Steps of one cluster's plan: objects of step 0 first (what the others use), then 1, … */
export function stepsOf(objects: readonly PlannedObject[]): PlannedObject[][] {
  const steps: PlannedObject[][] = [];
  for (const object of objects) (steps[object.step] ??= []).push(object);
  return steps.filter((step) => step !== undefined);
}

/**
 * How an object's result counts: `succeeded` (done, ready, or requested without waiting), `failed`
 * (the controller handled it and the object fails, or the action could not be done), `timed_out`
 * (not handled within the wait). Counting `failed` as done said "3 done" over three "Failed" rows.
 */
export type ResultKind = 'succeeded' | 'failed' | 'timed_out';

export function resultKindOf(outcome: BulkItemResult['outcome']): ResultKind {
  if (outcome === 'failed' || outcome === 'error') return 'failed';
  if (outcome === 'timeout') return 'timed_out';
  return 'succeeded';
}

/** "Finished: 1 succeeded, 2 failed." (timed out and skipped only when there are any). */
export function finishedText(outcomes: ReadonlyArray<BulkItemResult['outcome']>, skipped = 0): string {
  const counts: Record<ResultKind, number> = { succeeded: 0, failed: 0, timed_out: 0 };
  for (const outcome of outcomes) counts[resultKindOf(outcome)] += 1;
  const extra = [counts.timed_out > 0 ? `${counts.timed_out} timed out` : '', skipped > 0 ? `${skipped} skipped` : ''].filter(Boolean);
  return `Finished: ${counts.succeeded} succeeded, ${counts.failed} failed${extra.map((part) => `, ${part}`).join('')}.`;
}

/** What a result row says besides its badge: the error, or what a failed or timed-out outcome means. */
export function resultNote(item: Pick<BulkItemResult, 'outcome' | 'error'> & Partial<Pick<BulkItemResult, 'reason' | 'message'>>, waitSeconds: number): string | undefined {
  if (item.error) return item.error;
  if (item.outcome === 'failed' && (item.reason || item.message)) return `The controller handled it, and the object fails: ${[item.reason, item.message].filter(Boolean).join(': ')}`;
  if (item.outcome === 'failed') return 'The controller handled it, and the object fails: see its page for why.';
  if (item.outcome === 'timeout') return `Not handled within ${waitSeconds} s; it may still be.`;
  return undefined;
}

/** What ran that the preview did not show (the server plans again when the job starts). */
export function unplannedResults(plan: BulkActionPlan, results: readonly BulkItemResult[]): BulkItemResult[] {
  const keys = new Set(planEntries(plan).map((entry) => entry.key));
  return results.filter((item) => !keys.has(objectKey(item.cluster_id, item.kind, item.namespace, item.name)));
}

/**
 * Flux/Kubernetes `metav1.Condition` helpers, following fluxcd/pkg `runtime/conditions`:
 * lastTransitionTime only moves when the status flips; Ready/Reconciling/Stalled are the
 * summary types.
 */
import type { KubeObject } from '../store/types.js';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

export const READY = 'Ready';
export const RECONCILING = 'Reconciling';
export const STALLED = 'Stalled';

/** RFC 3339 with second precision, as Kubernetes serialises `metav1.Time`. */
export function kubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function conditionsOf(object: KubeObject): Condition[] {
  const conditions = object.status?.conditions;
  return Array.isArray(conditions) ? (conditions as Condition[]) : [];
}

export function findCondition(object: KubeObject, type: string): Condition | undefined {
  return conditionsOf(object).find((condition) => condition.type === type);
}

/**
 * Returns a new list with `condition` set: replaces the one of the same type, keeping its
 * lastTransitionTime when the status did not change. Ready stays first, like Flux orders them.
 */
export function withCondition(conditions: readonly Condition[], condition: Omit<Condition, 'lastTransitionTime'>, now: Date): Condition[] {
  const existing = conditions.find((item) => item.type === condition.type);
  const lastTransitionTime = existing && existing.status === condition.status ? existing.lastTransitionTime : kubeTime(now);
  const next: Condition = { ...condition, lastTransitionTime };
  const others = conditions.filter((item) => item.type !== condition.type);
  return condition.type === READY ? [next, ...others] : existing ? conditions.map((item) => (item.type === condition.type ? next : item)) : [...others, next];
}

export function withoutCondition(conditions: readonly Condition[], type: string): Condition[] {
  return conditions.filter((item) => item.type !== type);
}

/** Flux's notion of ready (fluxcd/pkg conditions.IsReady + observed generation): Ready=True for the current generation. */
export function isReadyForCurrentGeneration(object: KubeObject): boolean {
  const ready = findCondition(object, READY);
  return ready?.status === 'True' && object.status?.observedGeneration === object.metadata.generation;
}

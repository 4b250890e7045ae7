/**
 * The simulated cluster's workload controllers, as far as health checks can tell: a Deployment or
 * StatefulSet whose `status.observedGeneration` lags its generation (created or changed through
 * the API or applied by the simulated kustomize-controller) rolls out. Its status says so at once
 * (replicas updated, none ready, `Available=False`), and after a rollout time (scaled like every
 * Flux interval) it is fully rolled out, unless its pods could not start: a Secret, ConfigMap,
 * PersistentVolumeClaim or ServiceAccount the pod template needs is missing. Such a workload stays
 * in progress until what it needs appears. Workloads that already report their generation (the
 * fleet generator's) are left alone.
 *
 * `workloadHealth` is kstatus as kustomize-controller's health checks read it.
 */
import type { KubeObject, ObjectStore, StoreEvent } from '../store/types.js';
import { deploymentReadyStatus, replicaSetHash } from './flux-workloads.js';
import { findCondition, READY, STALLED } from './flux-conditions.js';
import { resolveKind } from './kind-resolver.js';

const DEPLOYMENTS = 'apps/deployments';
const STATEFUL_SETS = 'apps/statefulsets';
const ROLLED_OUT = new Set([DEPLOYMENTS, STATEFUL_SETS]);
/** Kinds a missing one of blocks pods from starting (their store keys). */
const DEPENDENCY_RESOURCES = new Set(['/secrets', '/configmaps', '/persistentvolumeclaims', '/serviceaccounts']);

/** Flux time a rollout takes when nothing blocks it. */
export const DEFAULT_ROLLOUT_MS = 5_000;

function desiredReplicas(workload: KubeObject): number {
  const replicas = workload.spec?.replicas;
  return typeof replicas === 'number' ? replicas : 1;
}

interface PodSpec {
  serviceAccountName?: string;
  volumes?: Array<{
    secret?: { secretName?: string; optional?: boolean };
    configMap?: { name?: string; optional?: boolean };
    persistentVolumeClaim?: { claimName?: string };
    projected?: { sources?: Array<{ secret?: { name?: string; optional?: boolean }; configMap?: { name?: string; optional?: boolean } }> };
  }>;
  containers?: Container[];
  initContainers?: Container[];
}

interface Container {
  env?: Array<{ valueFrom?: { secretKeyRef?: { name?: string; optional?: boolean }; configMapKeyRef?: { name?: string; optional?: boolean } } }>;
  envFrom?: Array<{ secretRef?: { name?: string; optional?: boolean }; configMapRef?: { name?: string; optional?: boolean } }>;
}

/** What the pod template needs to exist in its namespace, as `<groupResource>/<name>` with a display form. */
function podDependencies(workload: KubeObject): Array<{ groupResource: string; name: string }> {
  const pod = ((workload.spec?.template as { spec?: PodSpec } | undefined)?.spec ?? {}) as PodSpec;
  const needed: Array<{ groupResource: string; name: string }> = [];
  const need = (groupResource: string, name: string | undefined, optional?: boolean): void => {
    if (name && optional !== true) needed.push({ groupResource, name });
  };
  if (pod.serviceAccountName && pod.serviceAccountName !== 'default') need('/serviceaccounts', pod.serviceAccountName);
  for (const volume of pod.volumes ?? []) {
    need('/secrets', volume.secret?.secretName, volume.secret?.optional);
    need('/configmaps', volume.configMap?.name, volume.configMap?.optional);
    need('/persistentvolumeclaims', volume.persistentVolumeClaim?.claimName);
    for (const source of volume.projected?.sources ?? []) {
      need('/secrets', source.secret?.name, source.secret?.optional);
      need('/configmaps', source.configMap?.name, source.configMap?.optional);
    }
  }
  for (const container of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
    for (const variable of container.env ?? []) {
      need('/secrets', variable.valueFrom?.secretKeyRef?.name, variable.valueFrom?.secretKeyRef?.optional);
      need('/configmaps', variable.valueFrom?.configMapKeyRef?.name, variable.valueFrom?.configMapKeyRef?.optional);
    }
    for (const source of container.envFrom ?? []) {
      need('/secrets', source.secretRef?.name, source.secretRef?.optional);
      need('/configmaps', source.configMapRef?.name, source.configMapRef?.optional);
    }
  }
  return needed;
}

/** Whether the workload's pods can start: everything its template needs exists. */
function canStart(store: ObjectStore, workload: KubeObject): boolean {
  return podDependencies(workload).every(({ groupResource, name }) => store.get(groupResource, workload.metadata.namespace, name) !== undefined);
}

/** The status of a workload whose new pods are not ready (yet). */
function rollingStatus(workload: KubeObject): Record<string, unknown> {
  const name = workload.metadata.name;
  const replicas = desiredReplicas(workload);
  const generation = workload.metadata.generation ?? 1;
  if (workload.kind === 'StatefulSet') {
    const revision = `${name}-${replicaSetHash(`${name}/${generation}`)}`;
    return { observedGeneration: generation, replicas, availableReplicas: 0, currentReplicas: replicas, updatedReplicas: replicas, currentRevision: revision, updateRevision: revision, collisionCount: 0 };
  }
  return {
    observedGeneration: generation,
    replicas,
    updatedReplicas: replicas,
    unavailableReplicas: replicas,
    conditions: [
      { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
      { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${name}-${replicaSetHash(`${name}/${generation}`)}" is progressing.` },
    ],
  };
}

/** The status of a fully rolled-out workload. */
function rolledOutStatus(workload: KubeObject): Record<string, unknown> {
  const name = workload.metadata.name;
  const replicas = desiredReplicas(workload);
  const generation = workload.metadata.generation ?? 1;
  if (workload.kind === 'StatefulSet') {
    const revision = `${name}-${replicaSetHash(`${name}/${generation}`)}`;
    return { observedGeneration: generation, replicas, readyReplicas: replicas, availableReplicas: replicas, currentReplicas: replicas, updatedReplicas: replicas, currentRevision: revision, updateRevision: revision, collisionCount: 0 };
  }
  return deploymentReadyStatus(name, replicas, generation);
}

export interface WorkloadRolloutsOptions {
  store: ObjectStore;
  /** Multiplies the rollout time, as the Flux simulator's `timeScale`. */
  timeScale: number;
  /** Flux time a rollout takes (default {@link DEFAULT_ROLLOUT_MS}). */
  rolloutMs?: number;
}

/** Rolls out Deployments and StatefulSets (see the module comment). */
export class WorkloadRollouts {
  private readonly store: ObjectStore;
  private readonly delayMs: number;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Workloads waiting for a dependency, by key. */
  private readonly blocked = new Map<string, { groupResource: string; namespace: string | undefined; name: string }>();
  private unsubscribe: (() => void) | undefined;

  constructor(options: WorkloadRolloutsOptions) {
    this.store = options.store;
    this.delayMs = (options.rolloutMs ?? DEFAULT_ROLLOUT_MS) * Math.max(0, options.timeScale);
  }

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.store.subscribe((event) => this.onEvent(event));
    for (const groupResource of ROLLED_OUT) {
      for (const workload of this.store.list(groupResource).items) this.consider(groupResource, workload);
    }
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.blocked.clear();
  }

  private onEvent(event: StoreEvent): void {
    const { groupResource, object } = event;
    if (ROLLED_OUT.has(groupResource)) {
      const key = `${groupResource}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
      if (event.type === 'DELETED') {
        clearTimeout(this.timers.get(key));
        this.timers.delete(key);
        this.blocked.delete(key);
        return;
      }
      // Store events are delivered while the writer is still in the store: write afterwards.
      queueMicrotask(() => this.consider(groupResource, object));
      return;
    }
    if (event.type !== 'DELETED' && DEPENDENCY_RESOURCES.has(groupResource)) {
      for (const [key, ref] of this.blocked) {
        if (ref.namespace !== object.metadata.namespace) continue;
        this.blocked.delete(key);
        queueMicrotask(() => {
          const workload = this.store.get(ref.groupResource, ref.namespace, ref.name);
          if (workload) this.schedule(key, ref.groupResource, workload);
        });
      }
    }
  }

  private consider(groupResource: string, seen: KubeObject): void {
    if (!this.unsubscribe) return;
    const workload = this.store.get(groupResource, seen.metadata.namespace, seen.metadata.name);
    if (!workload) return;
    const key = `${groupResource}/${workload.metadata.namespace ?? ''}/${workload.metadata.name}`;
    const observed = workload.status?.observedGeneration;
    if (observed === workload.metadata.generation) return;
    this.write(groupResource, workload, rollingStatus(workload));
    this.schedule(key, groupResource, workload);
  }

  private schedule(key: string, groupResource: string, workload: KubeObject): void {
    clearTimeout(this.timers.get(key));
    const generation = workload.metadata.generation;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      const current = this.store.get(groupResource, workload.metadata.namespace, workload.metadata.name);
      if (!current || current.metadata.generation !== generation) return;
      if (!canStart(this.store, current)) {
        this.blocked.set(key, { groupResource, namespace: current.metadata.namespace, name: current.metadata.name });
        return;
      }
      this.write(groupResource, current, rolledOutStatus(current));
    }, this.delayMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  private write(groupResource: string, workload: KubeObject, status: Record<string, unknown>): void {
    try {
      this.store.updateStatus(groupResource, { ...workload, metadata: { ...workload.metadata, resourceVersion: undefined }, status });
    } catch {
      // Deleted meanwhile.
    }
  }
}

export type HealthStatus = 'Current' | 'InProgress' | 'Failed' | 'NotFound';

/** A health check target: an applied object or a `spec.healthChecks` entry. */
export interface HealthTarget {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** kstatus of one object, as kustomize-controller's health checks compute it. */
export function workloadHealth(store: ObjectStore, target: HealthTarget): HealthStatus {
  const { groupResource } = resolveKind(target.apiVersion, target.kind);
  const object = store.get(groupResource, target.namespace, target.name);
  if (!object) return 'NotFound';
  const status = (object.status ?? {}) as Record<string, unknown>;
  const generation = object.metadata.generation;
  switch (object.kind) {
    case 'Deployment': {
      const replicas = desiredReplicas(object);
      if (status.observedGeneration !== generation) return 'InProgress';
      const available = (status.conditions as Array<{ type: string; status: string; reason?: string }> | undefined) ?? [];
      if (available.some((condition) => condition.type === 'Progressing' && condition.reason === 'ProgressDeadlineExceeded')) return 'Failed';
      const count = (field: string): number => (typeof status[field] === 'number' ? (status[field] as number) : 0);
      return count('updatedReplicas') >= replicas && count('readyReplicas') >= replicas && count('availableReplicas') >= replicas ? 'Current' : 'InProgress';
    }
    case 'StatefulSet': {
      const replicas = desiredReplicas(object);
      if (status.observedGeneration !== generation) return 'InProgress';
      const count = (field: string): number => (typeof status[field] === 'number' ? (status[field] as number) : 0);
      return count('readyReplicas') >= replicas && count('currentReplicas') >= replicas && status.currentRevision === status.updateRevision ? 'Current' : 'InProgress';
    }
    default: {
      // Objects with a Ready condition (Flux kinds and the like) are healthy when Ready for their generation.
      const ready = findCondition(object, READY);
      if (!ready) return 'Current';
      if (findCondition(object, STALLED)?.status === 'True') return 'Failed';
      if (ready.status === 'True' && (status.observedGeneration === undefined || status.observedGeneration === generation)) return 'Current';
      return ready.status === 'False' && status.observedGeneration === generation ? 'Failed' : 'InProgress';
    }
  }
}

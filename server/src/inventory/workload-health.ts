/**
 * Health of the Kubernetes objects a Flux object applied, in the spirit of kstatus: a workload is
 * `healthy` when it has rolled out what was asked, `progressing` while it gets there, `failed`
 * when it cannot (deadline exceeded, crash loop, failed Job). Kinds without a rollout are healthy
 * when they exist. The rules are written out in docs/fleet-engine.md.
 */
export type WorkloadHealth = 'healthy' | 'progressing' | 'failed' | 'unknown';

export interface HealthVerdict {
  health: WorkloadHealth;
  message: string;
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function conditions(status: Json): Condition[] {
  return Array.isArray(status.conditions) ? (status.conditions as Condition[]) : [];
}

function condition(status: Json, type: string): Condition | undefined {
  return conditions(status).find((entry) => entry.type === type);
}

const healthy = (message = ''): HealthVerdict => ({ health: 'healthy', message });
const progressing = (message: string): HealthVerdict => ({ health: 'progressing', message });
const failed = (message: string): HealthVerdict => ({ health: 'failed', message });

/** The controller has not looked at the latest spec yet. */
function stale(object: Json, status: Json): boolean {
  const generation = record(object.metadata).generation;
  return typeof generation === 'number' && typeof status.observedGeneration === 'number' && status.observedGeneration < generation;
}

function deployment(object: Json, status: Json): HealthVerdict {
  if (stale(object, status)) return progressing('the Deployment controller has not observed the latest spec yet');
  const progress = condition(status, 'Progressing');
  if (progress?.reason === 'ProgressDeadlineExceeded') return failed(progress.message ?? 'rollout exceeded its progress deadline');
  const wanted = record(object.spec).replicas === undefined ? 1 : count(record(object.spec).replicas);
  const updated = count(status.updatedReplicas);
  const available = count(status.availableReplicas);
  const total = count(status.replicas);
  if (updated < wanted) return progressing(`${updated} of ${wanted} replicas updated`);
  if (total > updated) return progressing(`${total - updated} old replicas are pending termination`);
  if (available < wanted) return progressing(`${available} of ${wanted} updated replicas available`);
  return healthy(`${available}/${wanted} replicas available`);
}

function statefulSet(object: Json, status: Json): HealthVerdict {
  if (stale(object, status)) return progressing('the StatefulSet controller has not observed the latest spec yet');
  const wanted = record(object.spec).replicas === undefined ? 1 : count(record(object.spec).replicas);
  const ready = count(status.readyReplicas);
  if (count(status.updatedReplicas) < wanted && status.updateRevision !== status.currentRevision) return progressing(`${count(status.updatedReplicas)} of ${wanted} replicas updated`);
  if (ready < wanted) return progressing(`${ready} of ${wanted} replicas ready`);
  return healthy(`${ready}/${wanted} replicas ready`);
}

function daemonSet(object: Json, status: Json): HealthVerdict {
  if (stale(object, status)) return progressing('the DaemonSet controller has not observed the latest spec yet');
  const desired = count(status.desiredNumberScheduled);
  if (count(status.updatedNumberScheduled) < desired) return progressing(`${count(status.updatedNumberScheduled)} of ${desired} pods updated`);
  if (count(status.numberAvailable) < desired) return progressing(`${count(status.numberAvailable)} of ${desired} pods available`);
  return healthy(`${desired}/${desired} pods available`);
}

function replicaSet(object: Json, status: Json): HealthVerdict {
  const wanted = record(object.spec).replicas === undefined ? 1 : count(record(object.spec).replicas);
  const failure = condition(status, 'ReplicaFailure');
  if (failure?.status === 'True') return failed(failure.message ?? 'replica failure');
  if (count(status.readyReplicas) < wanted) return progressing(`${count(status.readyReplicas)} of ${wanted} replicas ready`);
  return healthy(`${wanted}/${wanted} replicas ready`);
}

/** Waiting reasons that do not go away by themselves. */
const STUCK = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'CreateContainerError', 'InvalidImageName', 'RunContainerError']);

function pod(status: Json): HealthVerdict {
  const phase = status.phase;
  if (phase === 'Succeeded') return healthy('completed');
  if (phase === 'Failed') return failed(typeof status.message === 'string' ? status.message : `pod failed${typeof status.reason === 'string' ? `: ${status.reason}` : ''}`);
  const containers = [...(Array.isArray(status.initContainerStatuses) ? status.initContainerStatuses : []), ...(Array.isArray(status.containerStatuses) ? status.containerStatuses : [])] as Json[];
  for (const container of containers) {
    const waiting = record(record(container.state).waiting);
    if (typeof waiting.reason === 'string' && STUCK.has(waiting.reason)) {
      const restarts = count(container.restartCount);
      return failed(`container ${String(container.name)}: ${waiting.reason}${restarts > 0 ? ` (${restarts} restarts)` : ''}${typeof waiting.message === 'string' ? `: ${waiting.message}` : ''}`);
    }
  }
  if (phase === 'Running' && condition(status, 'Ready')?.status === 'True') return healthy('running and ready');
  if (phase === 'Running') return progressing('running, not ready yet');
  return progressing(typeof phase === 'string' ? `pod is ${phase}` : 'pod has no status yet');
}

function job(status: Json): HealthVerdict {
  const failure = condition(status, 'Failed');
  if (failure?.status === 'True') return failed(failure.message ?? failure.reason ?? 'job failed');
  if (condition(status, 'Complete')?.status === 'True') return healthy('completed');
  return progressing(`${count(status.active)} active, ${count(status.succeeded)} succeeded`);
}

function persistentVolumeClaim(status: Json): HealthVerdict {
  if (status.phase === 'Bound') return healthy('bound');
  if (status.phase === 'Lost') return failed('the claim lost its volume');
  return progressing(`claim is ${String(status.phase ?? 'pending')}`);
}

/** Health of a live object by its kind. */
export function workloadHealth(kind: string, object: Json): HealthVerdict {
  const status = record(object.status);
  switch (kind) {
    case 'Deployment':
      return deployment(object, status);
    case 'StatefulSet':
      return statefulSet(object, status);
    case 'DaemonSet':
      return daemonSet(object, status);
    case 'ReplicaSet':
      return replicaSet(object, status);
    case 'Pod':
      return pod(status);
    case 'Job':
      return job(status);
    case 'PersistentVolumeClaim':
      return persistentVolumeClaim(status);
    default:
      return healthy();
  }
}

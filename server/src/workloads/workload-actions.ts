import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { ApiError } from '../common/api-error.js';
import { httpStatusOf, type ClusterConnection, type ClusterConnections } from '../connections/index.js';
import { clusterUnavailable, type FleetEngine } from '../fleet/index.js';
import { fluxOwnerOf } from '../inventory/index.js';
import type { WorkloadActionResult } from './workloads.schemas.js';

/** How long a read or change on a cluster may take before it counts as unreachable. */
const WORKLOAD_TIMEOUT_MS = 15_000;

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

const KINDS: Record<string, WorkloadKind> = {
  deployment: 'Deployment',
  deployments: 'Deployment',
  deploy: 'Deployment',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  sts: 'StatefulSet',
  daemonset: 'DaemonSet',
  daemonsets: 'DaemonSet',
  ds: 'DaemonSet',
};

type Owner = WorkloadActionResult['flux_owner'];

/** The workload kind of a path segment, or a 400 saying which kinds the action takes. */
export function workloadKind(value: string, allowed: readonly WorkloadKind[]): WorkloadKind {
  const kind = KINDS[value.toLowerCase()];
  if (!kind || !allowed.includes(kind)) throw ApiError.validation([{ field: 'params.kind', message: `"${value}" cannot be used here; use ${allowed.join(' or ')}` }]);
  return kind;
}

function ownerText(owner: NonNullable<Owner>): string {
  return `${owner.kind} ${owner.namespace}/${owner.name}`;
}

/**
 * Scale, rollout restart and pod deletion, as `kubectl scale`, `kubectl rollout restart` and
 * `kubectl delete pod` do them. Flux re-applies what it owns: a change Flux would put back is
 * refused (409 naming the owning Kustomization or HelmRelease) unless the caller acknowledges it.
 */
export class WorkloadActions {
  constructor(
    private readonly engine: FleetEngine,
    private readonly connections: ClusterConnections,
  ) {}

  async scale(clusterId: string, kind: WorkloadKind, namespace: string, name: string, replicas: number, acknowledged: boolean): Promise<WorkloadActionResult> {
    const connection = await this.connectionOf(clusterId);
    const owner = fluxOwnerOf((await this.read(connection, clusterId, kind, namespace, name)) as Record<string, unknown>);
    const warning = owner ? `${kind} ${namespace}/${name} is applied by ${ownerText(owner)}: Flux puts spec.replicas back at its next reconcile when the manifest sets it (suspend ${owner.kind} first to keep the change).` : null;
    if (owner && !acknowledged) throw new ApiError(409, 'flux_owned', `${warning} Send acknowledge_flux_owner: true to scale anyway.`, [{ field: 'body.acknowledge_flux_owner', message: `owned by ${ownerText(owner)}` }]);
    const body = { spec: { replicas } };
    await this.send(clusterId, connection, kind, namespace, name, (api) => {
      const options = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
      return kind === 'Deployment' ? api.patchNamespacedDeploymentScale({ name, namespace, body }, options) : api.patchNamespacedStatefulSetScale({ name, namespace, body }, options);
    });
    return { action: 'scale', kind, namespace, name, flux_owner: owner, replicas, warning };
  }

  /** Rollout restart: a new pod template annotation, so the controller replaces every pod. Flux leaves it alone (not in its manifests). */
  async restart(clusterId: string, kind: WorkloadKind, namespace: string, name: string): Promise<WorkloadActionResult> {
    const connection = await this.connectionOf(clusterId);
    const owner = fluxOwnerOf((await this.read(connection, clusterId, kind, namespace, name)) as Record<string, unknown>);
    const restartedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } } };
    await this.send(clusterId, connection, kind, namespace, name, (api) => {
      const options = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
      if (kind === 'Deployment') return api.patchNamespacedDeployment({ name, namespace, body }, options);
      if (kind === 'StatefulSet') return api.patchNamespacedStatefulSet({ name, namespace, body }, options);
      return api.patchNamespacedDaemonSet({ name, namespace, body }, options);
    });
    return { action: 'restart', kind, namespace, name, flux_owner: owner, restarted_at: restartedAt, warning: null };
  }

  /** Deletes a pod; its ReplicaSet/StatefulSet makes a new one. A pod Flux applied itself comes back at the next reconcile. */
  async deletePod(clusterId: string, namespace: string, name: string, acknowledged: boolean): Promise<WorkloadActionResult> {
    const connection = await this.connectionOf(clusterId);
    let pod: Record<string, unknown>;
    try {
      pod = (await connection.call(CoreV1Api, (api) => api.readNamespacedPod({ name, namespace }), AbortSignal.timeout(WORKLOAD_TIMEOUT_MS))) as unknown as Record<string, unknown>;
    } catch (error) {
      throw this.translate(clusterId, error, `Pod ${namespace}/${name}`);
    }
    const owner = fluxOwnerOf(pod);
    const warning = owner ? `Pod ${namespace}/${name} is applied by ${ownerText(owner)} itself (no controller owns it): Flux creates it again at its next reconcile.` : null;
    if (owner && !acknowledged) throw new ApiError(409, 'flux_owned', `${warning} Send acknowledge_flux_owner: true to delete it anyway.`, [{ field: 'body.acknowledge_flux_owner', message: `owned by ${ownerText(owner)}` }]);
    try {
      await connection.call(CoreV1Api, (api) => api.deleteNamespacedPod({ name, namespace }), AbortSignal.timeout(WORKLOAD_TIMEOUT_MS));
    } catch (error) {
      throw this.translate(clusterId, error, `Pod ${namespace}/${name}`);
    }
    return { action: 'delete', kind: 'Pod', namespace, name, flux_owner: owner, warning };
  }

  private async connectionOf(clusterId: string): Promise<ClusterConnection> {
    if (!this.engine.cluster(clusterId)) throw ApiError.notFound(`Cluster ${clusterId}`);
    try {
      return await this.connections.get(clusterId);
    } catch {
      throw ApiError.notFound(`Cluster ${clusterId}`);
    }
  }

  private async read(connection: ClusterConnection, clusterId: string, kind: WorkloadKind, namespace: string, name: string): Promise<unknown> {
    return this.send(clusterId, connection, kind, namespace, name, (api) => {
      if (kind === 'Deployment') return api.readNamespacedDeployment({ name, namespace });
      if (kind === 'StatefulSet') return api.readNamespacedStatefulSet({ name, namespace });
      return api.readNamespacedDaemonSet({ name, namespace });
    });
  }

  private async send<T>(clusterId: string, connection: ClusterConnection, kind: WorkloadKind, namespace: string, name: string, call: (api: AppsV1Api) => Promise<T>): Promise<T> {
    try {
      return await connection.call(AppsV1Api, call, AbortSignal.timeout(WORKLOAD_TIMEOUT_MS));
    } catch (error) {
      throw this.translate(clusterId, error, `${kind} ${namespace}/${name}`);
    }
  }

  private translate(clusterId: string, error: unknown, what: string): ApiError {
    const status = httpStatusOf(error);
    if (status === 404) return ApiError.notFound(what);
    if (status === 403) return new ApiError(403, 'cluster_forbidden', `the cluster refused the change to ${what} (403): grant the identity that right`);
    if (status === 400 || status === 422) return new ApiError(400, 'cluster_rejected', `the cluster rejected the request for ${what} (HTTP ${status}): ${((error as { body?: unknown }).body ? String((error as { body?: unknown }).body) : '').slice(0, 300)}`);
    return clusterUnavailable(this.engine.clusterName(clusterId), error, WORKLOAD_TIMEOUT_MS);
  }
}

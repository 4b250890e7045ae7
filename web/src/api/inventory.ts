import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schema } from './client.js';
import { resourceKeys, type ResourceAddress } from './resources.js';

/** A Flux object's inventory, read live from its cluster, and the workload actions on its rows. */

export type InventoryTree = Schema<'InventoryTree'>;
export type InventoryNode = Schema<'InventoryNode'>;
export type InventoryHealth = InventoryNode['health'];
export type WorkloadActionResult = Schema<'WorkloadActionResult'>;

/** Kinds whose status carries an inventory (HelmRelease from Flux 2.8). */
export const INVENTORY_KINDS: readonly string[] = ['Kustomization', 'HelmRelease', 'ResourceSet', 'FluxInstance'];

export const inventoryKeys = {
  tree: (address: ResourceAddress) => [...resourceKeys.all, 'tree', address.clusterId, address.kind, address.namespace, address.name] as const,
};

export function useInventoryTree(address: ResourceAddress) {
  return useQuery({
    queryKey: inventoryKeys.tree(address),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}/tree', { params: { path: { id: address.clusterId, kind: address.kind, namespace: address.namespace, name: address.name } }, signal })),
    // Read live from the cluster (not from the index, so the stream does not update it): a
    // rollout in progress shows its progress while the tab is open.
    refetchInterval: 15_000,
    placeholderData: (previous) => previous,
  });
}

/** Kinds that take each workload action (as the API documents them). */
export const SCALABLE_KINDS: readonly string[] = ['Deployment', 'StatefulSet'];
export const RESTARTABLE_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

export type WorkloadAction = { action: 'scale'; replicas: number } | { action: 'restart' } | { action: 'delete' };

/** Where a workload or pod lives. */
export interface WorkloadTarget {
  clusterId: string;
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Runs one workload action. Without `acknowledge`, a change Flux would put back answers 409
 * `flux_owned` (an ApiRequestError whose message names the owner).
 */
export function runWorkloadAction(target: WorkloadTarget, action: WorkloadAction, acknowledge: boolean): Promise<WorkloadActionResult> {
  const body = acknowledge ? { acknowledge_flux_owner: true } : {};
  const path = { id: target.clusterId, kind: target.kind, namespace: target.namespace, name: target.name };
  switch (action.action) {
    case 'scale':
      return unwrap(api.POST('/api/v1/clusters/{id}/workloads/{kind}/{namespace}/{name}/scale', { params: { path }, body: { ...body, replicas: action.replicas } }));
    case 'restart':
      return unwrap(api.POST('/api/v1/clusters/{id}/workloads/{kind}/{namespace}/{name}/restart', { params: { path }, body }));
    case 'delete':
      return unwrap(api.POST('/api/v1/clusters/{id}/pods/{namespace}/{name}/delete', { params: { path: { id: target.clusterId, namespace: target.namespace, name: target.name } }, body }));
  }
}

/** The replicas a workload wants, read from its health message ("2/3 replicas available"), if it says. */
export function wantedReplicasOf(node: Pick<InventoryNode, 'message'>): number | undefined {
  const match = /(\d+)\s*(?:\/|of)\s*(\d+)\s+(?:updated\s+)?replicas/.exec(node.message);
  return match ? Number(match[2]) : undefined;
}

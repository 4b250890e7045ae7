import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schema } from './client.js';
import { resourceKeys, type ResourceAddress } from './resources.js';

/** Dependency graphs: one object's (what it uses and what uses it) and a slice of a cluster. */

export type DependencyGraph = Schema<'DependencyGraph'>;
export type GraphNode = DependencyGraph['nodes'][number];
export type GraphEdge = DependencyGraph['edges'][number];
export type GraphNodeStatus = GraphNode['status'];

/** What a cluster graph is narrowed to (the API's query, comma-separated values). */
export interface ClusterGraphQuery {
  status?: string;
  kind?: string;
  namespace?: string;
}

// Under `resources`: a resync of the stream refetches them with everything else.
export const graphKeys = {
  all: () => [...resourceKeys.all, 'graph'] as const,
  resource: (address: ResourceAddress) => [...graphKeys.all(), 'resource', address.clusterId, address.kind, address.namespace, address.name] as const,
  cluster: (clusterId: string, query: ClusterGraphQuery) => [...graphKeys.all(), 'cluster', clusterId, query] as const,
};

export function useResourceGraph(address: ResourceAddress, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: graphKeys.resource(address),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}/graph', { params: { path: { id: address.clusterId, kind: address.kind, namespace: address.namespace, name: address.name } }, signal })),
    enabled: options.enabled ?? true,
  });
}

export function useClusterGraph(clusterId: string, query: ClusterGraphQuery) {
  return useQuery({
    queryKey: graphKeys.cluster(clusterId, query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/clusters/{id}/graph', { params: { path: { id: clusterId }, query: { ...query, limit: 500 } }, signal })),
    placeholderData: (previous) => previous,
  });
}

/** `Kind/namespace/name`, the id of a node within its cluster. */
export const graphNodeId = (kind: string, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;

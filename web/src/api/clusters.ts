import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from './generated/schema.js';
import { api, unwrap, type Schema } from './client.js';

export type Cluster = Schema<'Cluster'>;
export type ClusterHealth = Schema<'ClusterHealth'>;
export type HealthStatus = ClusterHealth['status'];
export type ClusterList = paths['/api/v1/clusters']['get']['responses'][200]['content']['application/json'];
export type ClusterHealthDetail = paths['/api/v1/clusters/{id}/health']['get']['responses'][200]['content']['application/json'];
export type ClusterCreateBody = paths['/api/v1/clusters']['post']['requestBody']['content']['application/json'];
export type ClusterPatchBody = paths['/api/v1/clusters/{id}']['patch']['requestBody']['content']['application/json'];

/** Query keys of the clusters resource, shared with other resources that change clusters (Azure sync). */
export const clusterKeys = {
  all: ['clusters'] as const,
  list: () => [...clusterKeys.all, 'list'] as const,
  one: (id: string) => [...clusterKeys.all, 'one', id] as const,
  health: (id: string) => [...clusterKeys.all, 'health', id] as const,
  healthChanges: () => [...clusterKeys.all, 'health-changes'] as const,
};

const fetchHealthChanges = (limit: number, signal?: AbortSignal) => unwrap(api.GET('/api/v1/clusters/health-changes', { params: { query: { limit } }, signal }));
export type HealthChange = Awaited<ReturnType<typeof fetchHealthChanges>>['items'][number];

/** The fleet's latest health changes, newest first; live because a cluster event refetches everything under `clusters`. */
export function useHealthChanges(limit = 50) {
  return useQuery({ queryKey: clusterKeys.healthChanges(), queryFn: ({ signal }) => fetchHealthChanges(limit, signal) });
}

export function useClusters() {
  return useQuery({ queryKey: clusterKeys.list(), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/clusters', { signal })) });
}

export function useCluster(id: string) {
  return useQuery({ queryKey: clusterKeys.one(id), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/clusters/{id}', { params: { path: { id } }, signal })) });
}

export function useClusterHealth(id: string) {
  return useQuery({ queryKey: clusterKeys.health(id), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/clusters/{id}/health', { params: { path: { id } }, signal })) });
}

export function useCreateCluster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ClusterCreateBody) => unwrap(api.POST('/api/v1/clusters', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
  });
}

export function useUpdateCluster(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ClusterPatchBody) => unwrap(api.PATCH('/api/v1/clusters/{id}', { params: { path: { id } }, body })),
    onSuccess: (cluster) => {
      queryClient.setQueryData(clusterKeys.one(id), cluster);
      return queryClient.invalidateQueries({ queryKey: clusterKeys.list() });
    },
  });
}

/** Favorite toggling from the list, where the cluster id varies per row. */
export function useToggleFavorite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, favorite }: { id: string; favorite: boolean }) => unwrap(api.PATCH('/api/v1/clusters/{id}', { params: { path: { id } }, body: { favorite } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
  });
}

export function useDeleteCluster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/clusters/{id}', { params: { path: { id } } })),
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: clusterKeys.one(id) });
      return queryClient.invalidateQueries({ queryKey: clusterKeys.list() });
    },
  });
}

/** Checks the cluster now (the server joins a check already running) and refreshes what shows it. */
export function useRecheckCluster(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.GET('/api/v1/clusters/{id}/health', { params: { path: { id }, query: { refresh: true } } })),
    onSuccess: (detail) => {
      queryClient.setQueryData(clusterKeys.health(id), detail);
      return queryClient.invalidateQueries({ queryKey: clusterKeys.all });
    },
  });
}

const fetchClusterSync = (id: string, signal?: AbortSignal) => unwrap(api.GET('/api/v1/clusters/{id}/sync', { params: { path: { id } }, signal }));
export type ClusterSyncStatus = Awaited<ReturnType<typeof fetchClusterSync>>;

/**
 * Where the watch of the cluster's Flux objects stands, per kind. `rollupSync` (the cluster's sync
 * state from the live stream) is part of the key, so a change of state fetches the kinds again.
 */
export function useClusterSync(id: string, rollupSync: string | undefined) {
  return useQuery({ queryKey: [...clusterKeys.all, 'sync', id, rollupSync ?? ''] as const, queryFn: ({ signal }) => fetchClusterSync(id, signal), placeholderData: (previous) => previous });
}

/**
 * Downloads the kubelogin-format kubeconfig of a synced AKS cluster as a file (the server audits
 * it). Without `includeSecret` the client secret is left out and kubelogin asks for it.
 */
export async function downloadKubeconfig(cluster: Pick<Cluster, 'id' | 'name'>, includeSecret: boolean): Promise<void> {
  const query = includeSecret ? { include_secret: true } : {};
  const file = await unwrap(api.GET('/api/v1/clusters/{id}/kubeconfig', { params: { path: { id: cluster.id }, query }, parseAs: 'blob' }));
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${cluster.name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.kubeconfig.yaml`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from './generated/schema.js';
import { api, unwrap, unwrapAnswer, type Schema } from './client.js';
import { clusterKeys } from './clusters.js';
import { jobKeys } from './jobs.js';

type Subscriptions = paths['/api/v1/azure/subscriptions'];
type OneSubscription = paths['/api/v1/azure/subscriptions/{subscription_id}'];
type Sync = paths['/api/v1/azure/subscriptions/{subscription_id}/sync']['post']['responses'];

export type AzureSubscription = Schema<'AzureSubscription'>;
export type AuthMethod = AzureSubscription['auth_method'];
export type AzureEnvironment = AzureSubscription['environment'];
export type AzureSubscriptionCreateBody = Subscriptions['post']['requestBody']['content']['application/json'];
export type AzureSubscriptionPatchBody = OneSubscription['patch']['requestBody']['content']['application/json'];
export type ConnectionTestResult = paths['/api/v1/azure/subscriptions/test']['post']['responses'][200]['content']['application/json'];
export type DiscoveredCluster = Schema<'DiscoveredCluster'>;
export type SyncResult = Sync[200]['content']['application/json'];
export type SyncAction = SyncResult['results'][number]['action'];
type JobAccepted = Sync[202]['content']['application/json'];

export const azureKeys = {
  all: ['azure'] as const,
  subscriptions: () => [...azureKeys.all, 'subscriptions'] as const,
  discovered: (subscriptionId: string) => [...azureKeys.all, 'discovered', subscriptionId] as const,
};

const pathOf = (subscriptionId: string) => ({ path: { subscription_id: subscriptionId } });

export function useAzureSubscriptions(options: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: azureKeys.subscriptions(), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/azure/subscriptions', { signal })), enabled: options.enabled ?? true });
}

/** "Test Connection" on the add form: tests the credentials without saving anything. */
export function useTestNewSubscription() {
  return useMutation({ mutationFn: (body: AzureSubscriptionCreateBody) => unwrap(api.POST('/api/v1/azure/subscriptions/test', { body })) });
}

/** "Add Subscription": the server tests first and saves nothing when the test fails. */
export function useCreateSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AzureSubscriptionCreateBody) => unwrap(api.POST('/api/v1/azure/subscriptions', { params: { query: { test: true } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: azureKeys.subscriptions() }),
  });
}

/** Tests a saved subscription; its status in the list changes with the result. */
export function useTestSubscription(subscriptionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/azure/subscriptions/{subscription_id}/test', { params: pathOf(subscriptionId) })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: azureKeys.subscriptions() }),
  });
}

/** Rename, rotate the client secret, change the auto-sync interval. */
export function useUpdateSubscription(subscriptionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AzureSubscriptionPatchBody) => unwrap(api.PATCH('/api/v1/azure/subscriptions/{subscription_id}', { params: pathOf(subscriptionId), body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: azureKeys.subscriptions() }),
  });
}

export function useDeleteSubscription(subscriptionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clusters: 'keep' | 'remove') => unwrap(api.DELETE('/api/v1/azure/subscriptions/{subscription_id}', { params: { ...pathOf(subscriptionId), query: { clusters } } })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: azureKeys.all }), queryClient.invalidateQueries({ queryKey: clusterKeys.all })]),
  });
}

/** "Discover Clusters": lists the subscription's AKS clusters, only once the user asked. */
export function useDiscoveredClusters(subscriptionId: string, enabled: boolean) {
  return useQuery({
    queryKey: azureKeys.discovered(subscriptionId),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/azure/subscriptions/{subscription_id}/clusters', { params: pathOf(subscriptionId), signal })),
    enabled,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

/** What starting a sync gave back: the result at once, or a job to follow. */
export type SyncStart = { kind: 'done'; result: SyncResult } | { kind: 'job'; jobId: string };

/** "Sync Clusters": small syncs answer 200 with the result, large ones 202 with a job. */
export function useStartSync(subscriptionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (clusterIds?: string[]): Promise<SyncStart> => {
      const { status, data } = await unwrapAnswer(api.POST('/api/v1/azure/subscriptions/{subscription_id}/sync', { params: pathOf(subscriptionId), body: clusterIds ? { cluster_ids: clusterIds } : {} }));
      // The status says which answer it is (the bodies are told apart only by their fields).
      return status === 202 ? { kind: 'job', jobId: (data as JobAccepted).job_id } : { kind: 'done', result: data as SyncResult };
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKeys.list() }),
  });
}

/** Everything a finished sync may have changed. */
export function useRefreshAfterSync(subscriptionId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
      queryClient.invalidateQueries({ queryKey: azureKeys.subscriptions() }),
      queryClient.invalidateQueries({ queryKey: azureKeys.discovered(subscriptionId) }),
      queryClient.invalidateQueries({ queryKey: jobKeys.list() }),
    ]);
}

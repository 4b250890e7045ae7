import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AzureSubscription,
  AzureSubscriptionCreateBody,
  AzureSubscriptionList,
  AzureSubscriptionPatchBody,
  ConnectionTestResult,
  DiscoveredClusterList,
  JobAccepted,
  SyncResult,
} from '../../../server/src/azure/azure.schemas.js';
import { clusterKeys } from './clusters.js';
import { jobKeys } from './jobs.js';
import { apiRequest, apiSend, segment } from './request.js';

export type {
  AuthMethod,
  AzureEnvironment,
  AzureSubscription,
  AzureSubscriptionCreateBody,
  AzureSubscriptionPatchBody,
  ConnectionTestResult,
  DiscoveredCluster,
  SyncAction,
  SyncResult,
} from '../../../server/src/azure/azure.schemas.js';

export const azureKeys = {
  all: ['azure'] as const,
  subscriptions: () => [...azureKeys.all, 'subscriptions'] as const,
  discovered: (subscriptionId: string) => [...azureKeys.all, 'discovered', subscriptionId] as const,
};

const subscriptionPath = (subscriptionId: string) => `/azure/subscriptions/${segment(subscriptionId)}`;

export function useAzureSubscriptions() {
  return useQuery({ queryKey: azureKeys.subscriptions(), queryFn: () => apiRequest<AzureSubscriptionList>('GET', '/azure/subscriptions') });
}

/** "Test Connection" on the add form: tests the credentials without saving anything. */
export function useTestNewSubscription() {
  return useMutation({ mutationFn: (body: AzureSubscriptionCreateBody) => apiRequest<ConnectionTestResult>('POST', '/azure/subscriptions/test', { body }) });
}

/** "Add Subscription": the server tests first and saves nothing when the test fails. */
export function useCreateSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AzureSubscriptionCreateBody) => apiRequest<AzureSubscription>('POST', '/azure/subscriptions', { body, query: { test: true } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: azureKeys.subscriptions() }),
  });
}

/** Tests a saved subscription; its status in the list changes with the result. */
export function useTestSubscription(subscriptionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<ConnectionTestResult>('POST', `${subscriptionPath(subscriptionId)}/test`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: azureKeys.subscriptions() }),
  });
}

/** Rename, rotate the client secret, change the auto-sync interval. */
export function useUpdateSubscription(subscriptionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AzureSubscriptionPatchBody) => apiRequest<AzureSubscription>('PATCH', subscriptionPath(subscriptionId), { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: azureKeys.subscriptions() }),
  });
}

export function useDeleteSubscription(subscriptionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clusters: 'keep' | 'remove') => apiRequest<void>('DELETE', subscriptionPath(subscriptionId), { query: { clusters } }),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: azureKeys.all }), queryClient.invalidateQueries({ queryKey: clusterKeys.all })]),
  });
}

/** "Discover Clusters": lists the subscription's AKS clusters, only once the user asked. */
export function useDiscoveredClusters(subscriptionId: string, enabled: boolean) {
  return useQuery({
    queryKey: azureKeys.discovered(subscriptionId),
    queryFn: () => apiRequest<DiscoveredClusterList>('GET', `${subscriptionPath(subscriptionId)}/clusters`),
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
      const { status, body } = await apiSend<SyncResult | JobAccepted>('POST', `${subscriptionPath(subscriptionId)}/sync`, { body: clusterIds ? { cluster_ids: clusterIds } : {} });
      return status === 202 ? { kind: 'job', jobId: (body as JobAccepted).job_id } : { kind: 'done', result: body as SyncResult };
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

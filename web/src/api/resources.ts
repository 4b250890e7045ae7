import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { FLUX_STATUSES, findFluxKind, type FluxAction, type FluxStatus } from '@flux-orchestrator/flux-model';
import { api, unwrap, type Schema } from './client.js';

/** The fleet's Flux objects: `/api/v1/resources`, its summary, one object's detail and actions. */

export type ResourceItem = Schema<'ResourceItem'>;
export type ResourceList = Schema<'ResourceList'>;
export type ResourceFacets = Schema<'ResourceFacets'>;
export type ResourceSummary = Schema<'ResourceSummary'>;
export type ResourceDetail = Schema<'ResourceDetail'>;
export type ActionResult = Schema<'ActionResult'>;
export type FluxRef = Schema<'FluxRef'>;
export type StatusCounts = Schema<'StatusCounts'>;
export type { FluxStatus };
export { FLUX_STATUSES };

export type ResourceSort = 'status' | 'name' | 'kind' | 'cluster' | 'namespace' | 'since';
export const RESOURCE_SORTS: readonly ResourceSort[] = ['status', 'name', 'kind', 'cluster', 'namespace', 'since'];

/** What a list shows: each filter holds the values of one `/resources` parameter (OR within, AND across). */
export interface ResourceFilter {
  cluster: string[];
  kind: string[];
  namespace: string[];
  status: FluxStatus[];
  /** Cluster labels, as the API takes them: `env=prod,team!=a,region`. */
  cluster_selector: string;
  q: string;
  sort: ResourceSort;
  order: 'asc' | 'desc';
}

export const EMPTY_FILTER: ResourceFilter = { cluster: [], kind: [], namespace: [], status: [], cluster_selector: '', q: '', sort: 'status', order: 'asc' };

/** Where one object lives; `kind` is its Kind. */
export interface ResourceAddress {
  clusterId: string;
  kind: string;
  namespace: string;
  name: string;
}

export const addressOf = (item: Pick<ResourceItem, 'cluster_id' | 'kind' | 'namespace' | 'name'>): ResourceAddress => ({ clusterId: item.cluster_id, kind: item.kind, namespace: item.namespace, name: item.name });

/** The detail page of an object. */
export const resourcePath = (address: ResourceAddress): string =>
  `/clusters/${encodeURIComponent(address.clusterId)}/resources/${encodeURIComponent(address.kind)}/${encodeURIComponent(address.namespace)}/${encodeURIComponent(address.name)}`;

/** Same shape as the server's `id` (`cluster_id/Kind/namespace/name`). */
export const resourceId = (address: ResourceAddress): string => `${address.clusterId}/${address.kind}/${address.namespace}/${address.name}`;

export const resourceKeys = {
  all: ['resources'] as const,
  lists: () => [...resourceKeys.all, 'list'] as const,
  list: (filter: ResourceFilter, limit: number) => [...resourceKeys.lists(), filter, limit] as const,
  summary: () => [...resourceKeys.all, 'summary'] as const,
  details: () => [...resourceKeys.all, 'detail'] as const,
  detail: (address: ResourceAddress) => [...resourceKeys.details(), address.clusterId, address.kind, address.namespace, address.name] as const,
};

const csv = (values: readonly string[]): string | undefined => (values.length > 0 ? values.join(',') : undefined);

/** The `/resources` query of a filter (defaults left out). */
export function listQuery(filter: ResourceFilter, limit: number, cursor?: string) {
  return {
    cluster: csv(filter.cluster),
    kind: csv(filter.kind),
    namespace: csv(filter.namespace),
    status: csv(filter.status),
    cluster_selector: filter.cluster_selector.trim() || undefined,
    q: filter.q.trim() || undefined,
    sort: filter.sort === 'status' ? undefined : filter.sort,
    order: filter.order === 'asc' ? undefined : filter.order,
    limit,
    cursor,
  };
}

/**
 * Whether an item belongs in a list with this filter, by the server's rules: `q` is a
 * case-insensitive substring of `namespace/name`, kind, reason or message; kinds may be given by
 * plural or short name. Cluster values are ids (the UI never puts names there). Items carry no
 * cluster labels, so `cluster_selector` is left to the server: a possible new member is refetched.
 */
export function matchesFilter(item: ResourceItem, filter: ResourceFilter): boolean {
  if (filter.cluster.length > 0 && !filter.cluster.includes(item.cluster_id) && !filter.cluster.some((value) => value.toLowerCase() === item.cluster.toLowerCase())) return false;
  if (filter.kind.length > 0 && !filter.kind.some((value) => findFluxKind(value)?.kind === item.kind)) return false;
  if (filter.namespace.length > 0 && !filter.namespace.includes(item.namespace)) return false;
  if (filter.status.length > 0 && !filter.status.includes(item.status)) return false;
  const text = filter.q.trim().toLowerCase();
  if (text && !`${item.namespace}/${item.name}\n${item.kind}\n${item.reason}\n${item.message}`.toLowerCase().includes(text)) return false;
  return true;
}

export type ResourcePages = InfiniteData<ResourceList, string | undefined>;

/**
 * One list of objects, page by page (`next_cursor`): the first page now, more on
 * `fetchNextPage`. Never the whole fleet: each page is at most `limit` objects.
 */
export function useResourceList(filter: ResourceFilter, options: { limit?: number; enabled?: boolean } = {}) {
  const limit = options.limit ?? 200;
  return useInfiniteQuery({
    queryKey: resourceKeys.list(filter, limit),
    queryFn: ({ pageParam, signal }) => unwrap(api.GET('/api/v1/resources', { params: { query: listQuery(filter, limit, pageParam) }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: options.enabled ?? true,
    // Live updates come from the stream; a refetch keeps showing the rows it replaces.
    placeholderData: (previous) => previous,
    // Deep-comparing tens of thousands of loaded rows on every page and every live patch costs
    // more than it saves: only the rows in view render anyway.
    structuralSharing: false,
  });
}

export function useResourceSummary() {
  return useQuery({ queryKey: resourceKeys.summary(), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/resources/summary', { signal })) });
}

const pathParams = (address: ResourceAddress) => ({ id: address.clusterId, kind: address.kind, namespace: address.namespace, name: address.name });

export function useResourceDetail(address: ResourceAddress) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: resourceKeys.detail(address),
    queryFn: async ({ signal }) => {
      const fresh = await unwrap(api.GET('/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}', { params: { path: pathParams(address) }, signal }));
      return withCurrentTransition(fresh, queryClient.getQueryData<ResourceDetail>(resourceKeys.detail(address)));
    },
  });
}

type Transition = ResourceDetail['transitions'][number];

/**
 * The detail with its newest status change matching its status. The server's index sees a change
 * at once (and the stream reports it), but writes the transition to its database about a second
 * later, so a detail read in between has the new status without the change that led to it: then
 * the change shown before (`known`, e.g. made from the stream) is kept, or it is made from the
 * status (the server records the same: from the previous status, the item's reason and message,
 * at its `updated_at`). A later read that has it replaces it.
 */
export function withCurrentTransition(detail: ResourceDetail, known?: ResourceDetail): ResourceDetail {
  const status = detail.resource.status;
  const newest = detail.transitions[0];
  if (newest?.to_status === status) return detail;
  const kept = known?.transitions[0];
  if (kept && kept.to_status === status && (!newest || kept.at > newest.at)) return { ...detail, transitions: [kept, ...detail.transitions] };
  const from = newest?.to_status ?? (known && known.resource.status !== status ? known.resource.status : undefined);
  if (from === undefined) return detail;
  const made: Transition = { from_status: from, to_status: status, reason: detail.resource.reason, message: detail.resource.message, at: detail.resource.updated_at };
  return { ...detail, transitions: [made, ...detail.transitions] };
}

export interface ReconcileOptions {
  with_source?: boolean;
  force?: boolean;
  reset?: boolean;
  wait_seconds?: number;
}

/** One action on one object, as `flux reconcile|suspend|resume` does it. */
export function runResourceAction(address: ResourceAddress, action: FluxAction, options: ReconcileOptions = {}): Promise<ActionResult> {
  const params = { path: pathParams(address) };
  switch (action) {
    case 'reconcile':
      return unwrap(api.POST('/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}/reconcile', { params, body: options }));
    case 'suspend':
      return unwrap(api.POST('/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}/suspend', { params, body: {} }));
    case 'resume':
      return unwrap(api.POST('/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}/resume', { params, body: options.wait_seconds !== undefined ? { wait_seconds: options.wait_seconds } : {} }));
  }
}

/** Which actions the kind offers (the flux CLI's, from the catalog). */
export function actionsOf(kind: string): readonly FluxAction[] {
  return findFluxKind(kind)?.actions ?? [];
}

export function reconcileOptionsOf(kind: string) {
  return findFluxKind(kind)?.reconcileOptions ?? [];
}

/** An action from the detail page: the answer's item goes into the caches at once. */
export function useResourceAction(address: ResourceAddress) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, options }: { action: FluxAction; options?: ReconcileOptions }) => runResourceAction(address, action, options),
    onSettled: () => queryClient.invalidateQueries({ queryKey: resourceKeys.detail(address) }),
  });
}

/**
 * Runs `task` over `items`, at most `concurrency` at a time, reporting each result as it lands
 * (in completion order). Failures are results too; nothing stops the rest.
 */
export async function runLimited<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>, onResult: (item: T, result: { ok: true; value: R } | { ok: false; error: unknown }) => void): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        onResult(item, { ok: true, value: await task(item) });
      } catch (error) {
        onResult(item, { ok: false, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

import type { paths } from '../api/generated/schema.js';
import { EMPTY_FILTER, FLUX_STATUSES, listQuery, RESOURCE_SORTS, type FluxStatus, type ResourceFilter, type ResourceSort } from '../api/resources.js';

/**
 * The Resources page keeps its filter in the URL (`?status=failed&kind=HelmRelease&q=timeout`),
 * so a view can be shared and the back button restores the previous one. Lists are
 * comma-separated, as the API takes them.
 */

const list = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

export function parseFilter(search: string): ResourceFilter {
  const params = new URLSearchParams(search);
  const sort = params.get('sort');
  return {
    cluster: list(params.get('cluster')),
    kind: list(params.get('kind')),
    namespace: list(params.get('namespace')),
    status: list(params.get('status')).filter((status): status is FluxStatus => (FLUX_STATUSES as readonly string[]).includes(status)),
    cluster_selector: params.get('cluster_selector') ?? '',
    q: params.get('q') ?? '',
    sort: RESOURCE_SORTS.includes(sort as ResourceSort) ? (sort as ResourceSort) : EMPTY_FILTER.sort,
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
  };
}

/** The query string of a filter (no `?`), defaults left out, in a stable order. */
export function formatFilter(filter: ResourceFilter): string {
  const params = new URLSearchParams();
  for (const key of ['cluster', 'kind', 'namespace', 'status'] as const) if (filter[key].length > 0) params.set(key, filter[key].join(','));
  if (filter.cluster_selector.trim()) params.set('cluster_selector', filter.cluster_selector.trim());
  if (filter.q.trim()) params.set('q', filter.q.trim());
  if (filter.sort !== EMPTY_FILTER.sort) params.set('sort', filter.sort);
  if (filter.order !== EMPTY_FILTER.order) params.set('order', filter.order);
  return params.toString().replace(/%2C/g, ',').replace(/%3D/g, '=').replace(/%21/g, '!');
}

export const isFiltered = (filter: ResourceFilter): boolean => filter.cluster.length + filter.kind.length + filter.namespace.length + filter.status.length > 0 || filter.q.trim() !== '' || filter.cluster_selector.trim() !== '';

/** `/resources?…` for a filter: links from the dashboard and elsewhere. */
export const resourcesHref = (filter: Partial<ResourceFilter>): string => {
  const query = formatFilter({ ...EMPTY_FILTER, ...filter });
  return `/resources${query ? `?${query}` : ''}`;
};

type ExportQuery = NonNullable<paths['/api/v1/resources/export']['get']['parameters']['query']>;

/** `/api/v1/resources/export?format=…` with the list's own filters and sort: what the table shows, as a file. */
export function resourcesExportHref(filter: ResourceFilter, format: 'csv' | 'json'): string {
  const { limit: _limit, cursor: _cursor, ...list } = listQuery(filter, 0);
  const query: ExportQuery = { format, ...list };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return `/api/v1/resources/export?${params.toString().replace(/%2C/g, ',')}`;
}

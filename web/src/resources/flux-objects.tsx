import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import type { RowSelectionState, SortingState } from '@tanstack/react-table';
import type { FluxAction } from '@flux-orchestrator/flux-model';
import { useClusters } from '../api/clusters.js';
import { FLUX_STATUSES, addressOf, resourcePath, useResourceList, type FluxStatus, type ResourceFacets, type ResourceFilter, type ResourceItem, type ResourceSort } from '../api/resources.js';
import { DataTable } from '../components/data-table.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { useSettledText } from '../components/use-settled-text.js';
import { fluxBadge, labelOf, toneOf } from '../components/status-badge.js';
import { DownloadLinks } from '../components/download-links.js';
import { NoClustersYet } from '../clusters/no-clusters-yet.js';
import { useCan } from '../auth/permissions.js';
import { BulkActionDialog, type BulkTarget } from './bulk-action-dialog.js';
import { resourcesExportHref } from './resource-filter.js';
import { FacetPicker } from './facet-picker.js';
import { RESOURCE_COLUMNS, RESOURCE_NARROW_ROW_HEIGHT } from './resource-columns.js';
import { formatFilter, isFiltered, parseFilter } from './resource-filter.js';

const NO_ITEMS: ResourceItem[] = [];
const getRowId = (item: ResourceItem) => item.id;
const getRowLabel = (item: ResourceItem) => `${item.kind} ${item.namespace}/${item.name} on ${item.cluster}`;
const rowAttributes = (item: ResourceItem) => ({ 'data-object': `${item.kind}/${item.namespace}/${item.name}`, 'data-cluster': item.cluster, 'data-status': item.status });

/** The filter in the URL of `path`: changes push a history entry, so Back restores the previous filter. */
export function useUrlFilter(path: string): [ResourceFilter, (next: ResourceFilter) => void] {
  const search = useSearch();
  const [, navigate] = useLocation();
  const filter = useMemo(() => parseFilter(search), [search]);
  const setFilter = (next: ResourceFilter) => {
    // A change that lands after the user left the page (the search box's pause ending as a nav
    // link is clicked) must not pull them back.
    if (window.location.pathname !== path) return;
    const query = formatFilter(next);
    if (query !== formatFilter(filter)) navigate(`${path}${query ? `?${query}` : ''}`);
  };
  return [filter, setFilter];
}

/**
 * The one Flux objects table with its filters, bulk actions and empty states: the Resources page
 * shows the whole fleet; a cluster's page shows it scoped to that cluster (`clusterId`), where
 * the cluster filters are not offered. Filtered, sorted and paged by the server, live from the stream.
 */
export function FluxObjects({ filter: urlFilter, onChange, clearHref, clusterId }: { filter: ResourceFilter; onChange: (next: ResourceFilter) => void; clearHref: string; clusterId?: string }) {
  const filter = useMemo(() => (clusterId ? { ...urlFilter, cluster: [clusterId], cluster_selector: '' } : urlFilter), [urlFilter, clusterId]);
  const setFilter = (next: ResourceFilter) => onChange(clusterId ? { ...next, cluster: [], cluster_selector: '' } : next);
  const list = useResourceList(filter);
  const clusters = useClusters();
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [bulk, setBulk] = useState<{ target: BulkTarget; action: FluxAction | undefined } | undefined>(undefined);
  const canAct = useCan('resources:act');
  const [, navigate] = useLocation();
  // A row opens its object, as its name does (README: "A row opens the object").
  const openRow = useCallback((item: ResourceItem) => navigate(resourcePath(addressOf(item))), [navigate]);

  // Pages may overlap when objects move between fetches: each object once.
  const items = useMemo(() => {
    if (!list.data) return NO_ITEMS;
    const seen = new Set<string>();
    const all: ResourceItem[] = [];
    for (const page of list.data.pages) {
      for (const item of page.items) {
        if (seen.has(item.id)) continue;
        seen.add(item.id);
        all.push(item);
      }
    }
    return all;
  }, [list.data]);
  const first = list.data?.pages[0];
  const total = first?.total ?? 0;

  // A new filter starts a new selection: never act on rows the user no longer sees.
  const filterText = formatFilter({ ...filter, sort: 'status', order: 'asc' });
  useEffect(() => setSelection({}), [filterText]);

  const selected = useMemo(() => items.filter((item) => selection[item.id]), [items, selection]);
  const sorting: SortingState = useMemo(() => [{ id: filter.sort, desc: filter.order === 'desc' }], [filter.sort, filter.order]);
  const clusterNames = useMemo(() => new Map((clusters.data?.items ?? []).map((cluster) => [cluster.id, cluster.name])), [clusters.data]);

  const noClusters = clusters.data?.items.length === 0 && !clusterId;

  return (
    <>
      {noClusters ? (
        <NoClustersYet />
      ) : (
        <div className="card">
          <ResourceFilters filter={filter} facets={first?.facets} clusterNames={clusterNames} onChange={setFilter} total={list.data ? total : undefined} loading={list.isFetching} clearHref={clearHref} scoped={clusterId !== undefined} />
          <div className="toolbar list-tools">
            <DownloadLinks
              small
              csvHref={resourcesExportHref(filter, 'csv')}
              jsonHref={resourcesExportHref(filter, 'json')}
              label={`Download the ${!list.data ? 'objects' : total === 1 ? 'object' : `${total} objects`} of these filters:`}
              nothing={list.data && total === 0 ? 'Nothing to download: no object matches these filters.' : undefined}
            />
            <span className="spacer" />
            {canAct && list.data && total > 0 && (
              <button type="button" className="button small" onClick={() => setBulk({ target: { type: 'filter', filter, total }, action: undefined })}>
                Act on all {total} matching…
              </button>
            )}
          </div>
          {canAct && selected.length > 0 && (
            <div className="bulk-bar" role="region" aria-label="Bulk actions">
              <strong>{selected.length} selected</strong>
              {(['reconcile', 'suspend', 'resume'] as const).map((name) => (
                <button key={name} type="button" className="button small" onClick={() => setBulk({ target: { type: 'selection', items: selected }, action: name })}>
                  {name === 'reconcile' ? 'Reconcile' : name === 'suspend' ? 'Suspend' : 'Resume'}
                </button>
              ))}
              <button type="button" className="button small ghost" onClick={() => setSelection({})}>
                Clear selection
              </button>
            </div>
          )}
          {list.isPending && <Loading label="Loading Flux objects…" />}
          {list.isError && !list.data && (
            <div className="card-body">
              <ErrorAlert title="Could not load the Flux objects" error={list.error} onRetry={() => void list.refetch()} />
            </div>
          )}
          {list.data && total === 0 && items.length === 0 && (
            <>
              {isFiltered(urlFilter) ? (
                <EmptyState title="Nothing matches these filters" actions={<Link href={clearHref} className="button">Clear filters</Link>}>
                  No Flux object matches. Remove a filter, or search for another word.
                </EmptyState>
              ) : (
                clusterId ? (
                  <EmptyState title="No Flux objects on this cluster">
                    The server lists the cluster&apos;s Flux objects as soon as it can reach it. If this stays empty, check its health above and whether Flux is installed.
                  </EmptyState>
                ) : (
                  <EmptyState title="No Flux objects yet" actions={<Link href="/clusters" className="button">See clusters</Link>}>
                    The server lists every cluster&apos;s Flux objects as soon as it can reach it. If this stays empty, check each cluster&apos;s health and whether Flux is installed.
                  </EmptyState>
                )
              )}
            </>
          )}
          {items.length > 0 && (
            <DataTable
              label="Flux objects"
              columns={RESOURCE_COLUMNS}
              data={items}
              getRowId={getRowId}
              total={total}
              sorting={sorting}
              onSortingChange={(next) => {
                const sort = next[0];
                if (sort) setFilter({ ...filter, sort: sort.id as ResourceSort, order: sort.desc ? 'desc' : 'asc' });
              }}
              selection={canAct ? selection : undefined}
              onSelectionChange={canAct ? setSelection : undefined}
              // Rows of the previous filter shown while the new one loads are not paged further.
              hasMore={list.hasNextPage && !list.isPlaceholderData}
              loadingMore={list.isFetchingNextPage}
              onLoadMore={() => void list.fetchNextPage()}
              rowAttributes={rowAttributes}
              narrowRowHeight={RESOURCE_NARROW_ROW_HEIGHT}
              onRowOpen={openRow}
              getRowLabel={getRowLabel}
              footer={<span className="muted">{list.hasNextPage ? `${items.length} of ${total} loaded; scroll for more` : `All ${total} shown`}</span>}
            />
          )}
          {list.isError && list.data && (
            <div className="card-body">
              <ErrorAlert title="Could not load more" error={list.error} onRetry={() => void list.refetch()} />
            </div>
          )}
        </div>
      )}
      <BulkActionDialog
        target={bulk?.target}
        action={bulk?.action}
        onClose={(ran) => {
          setBulk(undefined);
          if (ran) setSelection({});
        }}
      />
    </>
  );
}

function ResourceFilters({
  filter,
  facets,
  clusterNames,
  onChange,
  total,
  loading,
  clearHref,
  scoped,
}: {
  filter: ResourceFilter;
  facets: ResourceFacets | undefined;
  clusterNames: Map<string, string>;
  onChange: (next: ResourceFilter) => void;
  total: number | undefined;
  loading: boolean;
  clearHref: string;
  /** Scoped to one cluster: no cluster filters. */
  scoped: boolean;
}) {
  const [text, setText] = useSettledText(filter.q, (q) => onChange({ ...filter, q }));

  const [selector, setSelector] = useState(filter.cluster_selector);
  useEffect(() => setSelector(filter.cluster_selector), [filter.cluster_selector]);
  const toggleStatus = (status: FluxStatus) => onChange({ ...filter, status: filter.status.includes(status) ? filter.status.filter((s) => s !== status) : [...filter.status, status] });
  const statusCounts = facets?.status ?? {};

  return (
    <>
      <div className="toolbar" role="search" aria-label="Filter Flux objects">
        <label className="visually-hidden" htmlFor="resource-search">
          Search Flux objects
        </label>
        <input id="resource-search" className="input search" type="search" placeholder="Search names, reasons, messages…" title="Matches the name, namespace, kind, reason and message" value={text} onChange={(event) => setText(event.target.value)} />
        {!scoped && (
          <>
            <FacetPicker label="Cluster" allLabel="All clusters" counts={facets?.cluster} selected={filter.cluster} nameOf={(id) => clusterNames.get(id) ?? id} onChange={(cluster) => onChange({ ...filter, cluster })} />
            <form
              className="selector-form"
              onSubmit={(event) => {
                event.preventDefault();
                onChange({ ...filter, cluster_selector: selector.trim() });
              }}
            >
              <label className="visually-hidden" htmlFor="resource-cluster-selector">
                Cluster labels (for example env=prod,team!=a); press Enter to apply
              </label>
              <input
                id="resource-cluster-selector"
                className="input selector-input mono"
                placeholder="labels: env=prod"
                title="Cluster labels: key=value, key!=value or key, comma-separated; Enter applies"
                value={selector}
                onChange={(event) => setSelector(event.target.value)}
                onBlur={() => selector.trim() !== filter.cluster_selector && onChange({ ...filter, cluster_selector: selector.trim() })}
              />
            </form>
          </>
        )}
        <FacetPicker label="Kind" allLabel="All kinds" counts={facets?.kind} selected={filter.kind} onChange={(kind) => onChange({ ...filter, kind })} />
        <FacetPicker label="Namespace" allLabel="All namespaces" counts={facets?.namespace} selected={filter.namespace} onChange={(namespace) => onChange({ ...filter, namespace })} />
        <span className="count" aria-live="polite">
          {loading && <span className="spinner" aria-hidden="true" />} {total === undefined ? '' : `${total} ${total === 1 ? 'object' : 'objects'}`}
        </span>
      </div>
      <div className="toolbar status-filter" role="group" aria-label="Filter by status">
        {FLUX_STATUSES.map((status) => {
          const pressed = filter.status.includes(status);
          const count = statusCounts[status] ?? 0;
          return (
            <button key={status} type="button" className="status-toggle" aria-pressed={pressed} data-tone={toneOf(fluxBadge(status))} onClick={() => toggleStatus(status)}>
              <span className="dot" data-tone={toneOf(fluxBadge(status))} aria-hidden="true" />
              {labelOf(fluxBadge(status))}
              <span className="status-count">{count}</span>
            </button>
          );
        })}
        {isFiltered(scoped ? { ...filter, cluster: [] } : filter) && (
          <Link href={clearHref} className="button small ghost clear-filters">
            Clear filters
          </Link>
        )}
      </div>
    </>
  );
}

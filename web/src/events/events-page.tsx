import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { FLUX_KINDS, findFluxKind } from '@flux-orchestrator/flux-model';
import { useClusters } from '../api/clusters.js';
import { eventsExportHref, useEventList, WORKLOAD_EVENT_KINDS, type EventFilter, type KubeEventItem, type SinceWindow } from '../api/events.js';
import { resourcePath } from '../api/resources.js';
import { DownloadLinks } from '../components/download-links.js';
import { DataTable, dataColumnHelper, type DataColumn } from '../components/data-table.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { useSettledText } from '../components/use-settled-text.js';
import { RelativeTime } from '../components/relative-time.js';
import { StatusBadge } from '../components/status-badge.js';
import { formatEventFilter, isEventFiltered, parseEventFilter, splitList } from './event-filter.js';

const NO_EVENTS: KubeEventItem[] = [];
const SINCE_LABEL: Record<SinceWindow, string> = { '15m': 'Last 15 minutes', '1h': 'Last hour', '6h': 'Last 6 hours', '24h': 'Last 24 hours', '7d': 'Last 7 days' };

/**
 * Kubernetes events of the fleet's Flux objects (and workload warnings), kept past the clusters'
 * one-hour TTL: newest first, filters in the URL, a page at a time, new ones added live.
 */
export default function EventsPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const filter = useMemo(() => parseEventFilter(search), [search]);
  const setFilter = (next: EventFilter) => {
    if (window.location.pathname !== '/events') return;
    const query = formatEventFilter(next);
    if (query !== formatEventFilter(filter)) navigate(`/events${query ? `?${query}` : ''}`);
  };
  const list = useEventList(filter);
  const items = useMemo(() => {
    if (!list.data) return NO_EVENTS;
    const seen = new Set<string>();
    return list.data.pages.flatMap((page) => page.items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true))));
  }, [list.data]);

  return (
    <>
      <div className="page-header">
        <div className="title-block">
          <h1>Events</h1>
          <p>Kubernetes events of every Flux object, and warnings of workloads, kept after the clusters drop them. New ones show as they happen.</p>
        </div>
        <div className="row">
          <DownloadLinks csvHref={eventsExportHref(filter, 'csv')} jsonHref={eventsExportHref(filter, 'json')} csvLabel="Download CSV" nothing={list.data && items.length === 0 ? 'Nothing to download: no event matches.' : undefined} />
        </div>
      </div>
      <div className="card">
        <EventFilters filter={filter} onChange={setFilter} loading={list.isFetching} shown={list.data ? items.length : undefined} />
        {list.isPending && <Loading label="Loading events…" />}
        {list.isError && !list.data && (
          <div className="card-body">
            <ErrorAlert title="Could not load the events" error={list.error} onRetry={() => void list.refetch()} />
          </div>
        )}
        {list.data && items.length === 0 && (
          isEventFiltered(filter) ? (
            <EmptyState title="No event matches these filters" actions={<Link href="/events" className="button">Clear filters</Link>}>
              Widen the time range, remove a filter, or search for another word. Events are kept for the server&apos;s retention (14 days by default).
            </EmptyState>
          ) : (
            <EmptyState title="No events yet" actions={<Link href="/clusters" className="button">See clusters</Link>}>
              Events appear as clusters report them: each reconcile that changes or fails writes one. If this stays empty, check that the clusters are reachable.
            </EmptyState>
          )
        )}
        {items.length > 0 && (
          <DataTable
            label="Events"
            columns={EVENT_COLUMNS}
            data={items}
            getRowId={(item) => item.id}
            rowHeight={72}
            rowAttributes={(item) => ({ 'data-event': item.id, 'data-object': `${item.kind}/${item.namespace}/${item.name}`, 'data-reason': item.reason, 'data-type': item.type })}
            footer={
              list.hasNextPage ? (
                <button type="button" className="button small" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                  {list.isFetchingNextPage && <span className="spinner" aria-hidden="true" />}
                  Load more ({items.length} shown)
                </button>
              ) : (
                <span className="muted">All {items.length} matching events shown</span>
              )
            }
          />
        )}
        {list.isError && list.data && (
          <div className="card-body">
            <ErrorAlert title="Could not load more" error={list.error} onRetry={() => void list.fetchNextPage()} />
          </div>
        )}
      </div>
    </>
  );
}

/** A text filter that takes comma-separated values and applies them on Enter or when left. */
function ListInput({ id, label, placeholder, values, onApply }: { id: string; label: string; placeholder: string; values: string[]; onApply: (values: string[]) => void }) {
  const joined = values.join(',');
  const [text, setText] = useState(joined);
  useEffect(() => setText(joined), [joined]);
  const apply = () => {
    const next = splitList(text);
    if (next.join(',') !== joined) onApply(next);
  };
  return (
    <span className="inline-field">
      <label className="muted small" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="input event-input"
        placeholder={placeholder}
        value={text}
        spellCheck={false}
        autoCapitalize="off"
        onChange={(event) => setText(event.target.value)}
        onBlur={apply}
        onKeyDown={(event) => {
          if (event.key === 'Enter') apply();
        }}
      />
    </span>
  );
}

/** The one value of a filter as a select shows it ('' for none, '__several' for more than one). */
const single = (values: string[]) => (values.length === 0 ? '' : values.length === 1 ? values[0]! : '__several');

function EventFilters({ filter, onChange, loading, shown }: { filter: EventFilter; onChange: (next: EventFilter) => void; loading: boolean; shown: number | undefined }) {
  const clusters = useClusters();
  // The URL may name a cluster by id or by name (the API takes both): the select shows it once.
  const wanted = single(filter.cluster);
  const named = clusters.data?.items.find((cluster) => cluster.id === wanted || cluster.name === wanted);
  const chosenCluster = named?.id ?? wanted;
  const known = named !== undefined;
  const [text, setText] = useSettledText(filter.q, (q) => onChange({ ...filter, q }));

  const kinds = [...FLUX_KINDS.map((kind) => kind.kind), ...WORKLOAD_EVENT_KINDS];
  return (
    <>
      <div className="toolbar" role="search" aria-label="Filter events">
        <label className="visually-hidden" htmlFor="event-search">
          Search events
        </label>
        <input id="event-search" className="input search" type="search" placeholder="Search message, reason, name…" value={text} onChange={(event) => setText(event.target.value)} />
        <label className="visually-hidden" htmlFor="event-type">
          Type
        </label>
        <select id="event-type" className="select" value={filter.type} onChange={(event) => onChange({ ...filter, type: event.target.value === 'Warning' || event.target.value === 'Normal' ? event.target.value : '' })}>
          <option value="">Warnings and normal</option>
          <option value="Warning">Warnings only</option>
          <option value="Normal">Normal only</option>
        </select>
        <label className="visually-hidden" htmlFor="event-since">
          Time range
        </label>
        <select id="event-since" className="select" value={filter.since in SINCE_LABEL || !filter.since ? filter.since : '__custom'} onChange={(event) => onChange({ ...filter, since: event.target.value })}>
          <option value="">Any time (kept events)</option>
          {Object.entries(SINCE_LABEL).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
          {filter.since && !(filter.since in SINCE_LABEL) && (
            <option value="__custom" disabled>
              Since {new Date(filter.since).toLocaleString()}
            </option>
          )}
        </select>
        {/* Here, where there is room, so the fields below keep one line at 1280 px. */}
        {isEventFiltered(filter) && (
          <Link href="/events" className="button small ghost clear-filters">
            Clear filters
          </Link>
        )}
        <span className="count" aria-live="polite">
          {loading && <span className="spinner" aria-hidden="true" />} {shown === undefined ? '' : `${shown} shown`}
        </span>
      </div>
      <div className="toolbar event-fields" role="group" aria-label="Which objects">
        <span className="inline-field">
          <label className="muted small" htmlFor="event-cluster">
            Cluster
          </label>
          <select id="event-cluster" className="select" value={chosenCluster} onChange={(event) => onChange({ ...filter, cluster: event.target.value ? [event.target.value] : [] })}>
            <option value="">All clusters</option>
            {filter.cluster.length > 1 && (
              <option value="__several" disabled>
                {filter.cluster.length} clusters
              </option>
            )}
            {(clusters.data?.items ?? []).map((cluster) => (
              <option key={cluster.id} value={cluster.id}>
                {cluster.name}
              </option>
            ))}
            {filter.cluster.length === 1 && !known && <option value={filter.cluster[0]}>{filter.cluster[0]}</option>}
          </select>
        </span>
        <span className="inline-field">
          <label className="muted small" htmlFor="event-kind">
            Kind
          </label>
          <select id="event-kind" className="select" value={single(filter.kind.map((value) => findFluxKind(value)?.kind ?? value))} onChange={(event) => onChange({ ...filter, kind: event.target.value ? [event.target.value] : [] })}>
            <option value="">All kinds</option>
            {filter.kind.length > 1 && (
              <option value="__several" disabled>
                {filter.kind.length} kinds
              </option>
            )}
            {kinds.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </select>
        </span>
        <ListInput id="event-namespace" label="Namespace" placeholder="any" values={filter.namespace} onApply={(namespace) => onChange({ ...filter, namespace })} />
        <ListInput id="event-name" label="Name" placeholder="any" values={filter.name} onApply={(name) => onChange({ ...filter, name })} />
        <ListInput id="event-reason" label="Reason" placeholder="e.g. BuildFailed" values={filter.reason} onApply={(reason) => onChange({ ...filter, reason })} />
      </div>
    </>
  );
}

const column = dataColumnHelper<KubeEventItem>();

/** Events newest first (the server's order; the table does not re-sort). */
const EVENT_COLUMNS: DataColumn<KubeEventItem>[] = [
  column.accessor('last_seen', {
    id: 'last_seen',
    header: 'Last seen',
    enableSorting: false,
    meta: { width: '104px', narrowWidth: '84px' },
    cell: ({ row }) => (
      <div className="cell-clip">
        <RelativeTime iso={row.original.last_seen} ticking />
        {row.original.count > 1 && <div className="cell-sub">×{row.original.count}</div>}
      </div>
    ),
  }),
  column.accessor('type', {
    id: 'type',
    header: 'Type',
    enableSorting: false,
    meta: { width: '96px', priority: 'low' },
    cell: ({ row }) => <StatusBadge status={row.original.type === 'Warning' ? 'warning' : 'normal'} />,
  }),
  column.display({
    id: 'object',
    header: 'Object',
    enableSorting: false,
    meta: { width: 'minmax(180px, 1.4fr)', narrowWidth: 'minmax(0, 1fr)' },
    cell: ({ row }) => {
      const item = row.original;
      const flux = findFluxKind(item.kind);
      return (
        <div className="cell-clip">
          {flux ? (
            <Link href={resourcePath({ clusterId: item.cluster_id, kind: flux.kind, namespace: item.namespace, name: item.name })} className="cell-title" title={`${item.kind} ${item.namespace}/${item.name}`}>
              {item.name}
            </Link>
          ) : (
            <span className="cell-title" title={`${item.kind} ${item.namespace}/${item.name}`}>
              {item.name}
            </span>
          )}
          <div className="cell-sub">
            {item.kind} · {item.namespace}
          </div>
          {/* Its own line: cut at the end of a shared one, the cluster was the part lost. */}
          <div className="cell-sub" title={`Cluster ${item.cluster}`}>
            on {item.cluster}
          </div>
        </div>
      );
    },
  }),
  column.display({
    id: 'reason',
    header: 'Reason / message',
    enableSorting: false,
    meta: { width: 'minmax(220px, 3fr)', narrowWidth: 'minmax(0, 1.2fr)' },
    cell: ({ row }) => (
      <div className="cell-clip" title={row.original.message}>
        <div className="cell-reason">
          {row.original.type === 'Warning' && <span className="visually-hidden">Warning: </span>}
          {row.original.reason}
        </div>
        <div className="cell-sub">{row.original.message}</div>
      </div>
    ),
  }),
  column.accessor('source', {
    id: 'source',
    header: 'Reported by',
    enableSorting: false,
    meta: { width: 'minmax(110px, 0.8fr)', priority: 'low' },
    cell: ({ row }) => <span className="cell-text muted">{row.original.source || '—'}</span>,
  }),
];

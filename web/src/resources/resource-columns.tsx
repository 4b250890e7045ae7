import { Link } from 'wouter';
import { addressOf, resourcePath, type ResourceItem } from '../api/resources.js';
import { dataColumnHelper, type DataColumn } from '../components/data-table.js';
import { RelativeTime } from '../components/relative-time.js';
import { StatusBadge, fluxBadge } from '../components/status-badge.js';

const column = dataColumnHelper<ResourceItem>();

/** A Flux object's status, with "stale" when its cluster is not being watched right now. */
export function ResourceStatus({ item }: { item: Pick<ResourceItem, 'status' | 'stale' | 'reason'> }) {
  return (
    <span className="status-stack">
      <StatusBadge status={fluxBadge(item.status)} title={item.reason} />
      {item.stale && (
        <span className="chip stale-chip" title="Its cluster is not being watched right now: this is the last known state">
          stale
        </span>
      )}
    </span>
  );
}

/** On a phone a row holds four lines in the name cell (name; namespace and kind; cluster; reason). */
export const RESOURCE_NARROW_ROW_HEIGHT = 88;

/**
 * The Resources table's columns, most important first. On a phone (below 760 px) only status
 * and name show, the name at the width of the rest of the row: its cell carries kind, cluster
 * and reason instead of their columns; the message, revision and times are on the object's page.
 */
export const RESOURCE_COLUMNS: DataColumn<ResourceItem>[] = [
  column.accessor('status', {
    id: 'status',
    header: 'Status',
    meta: { width: '118px', narrowWidth: '104px' },
    cell: ({ row }) => <ResourceStatus item={row.original} />,
  }),
  column.accessor('kind', {
    id: 'kind',
    header: 'Kind',
    meta: { width: 'minmax(124px, 0.9fr)', priority: 'low' },
    cell: ({ row }) => <span className="cell-text">{row.original.kind}</span>,
  }),
  column.accessor('name', {
    id: 'name',
    header: 'Namespace / name',
    meta: { width: 'minmax(170px, 1.6fr)', narrowWidth: 'minmax(0, 1fr)' },
    cell: ({ row }) => {
      const item = row.original;
      return (
        <div className="cell-clip">
          <Link href={resourcePath(addressOf(item))} className="cell-title" title={`${item.kind} ${item.namespace}/${item.name}`}>
            {item.name}
          </Link>
          <div className="cell-sub">
            {item.namespace}
            <span className="show-narrow"> · {item.kind}</span>
          </div>
          {/* On a phone the Cluster column is hidden: its name gets a line of its own, not the cut end of one. */}
          <div className="cell-sub show-narrow-block" title={`Cluster ${item.cluster}`}>
            on {item.cluster}
          </div>
          <div className="cell-sub cell-reason show-narrow-block" title={item.message || undefined}>
            {item.reason || '—'}
          </div>
        </div>
      );
    },
  }),
  column.accessor('cluster', {
    id: 'cluster',
    header: 'Cluster',
    meta: { width: 'minmax(110px, 0.9fr)', priority: 'low' },
    cell: ({ row }) => (
      <Link href={`/clusters/${encodeURIComponent(row.original.cluster_id)}`} className="cell-text cell-link">
        {row.original.cluster}
      </Link>
    ),
  }),
  column.display({
    id: 'reason',
    header: 'Reason / message',
    enableSorting: false,
    meta: { width: 'minmax(200px, 2.6fr)', priority: 'low' },
    cell: ({ row }) => {
      const item = row.original;
      return (
        <div className="cell-clip" title={item.message || undefined}>
          <div className="cell-reason">{item.reason || '—'}</div>
          <div className="cell-sub">{item.message}</div>
        </div>
      );
    },
  }),
  column.display({
    id: 'revision',
    header: 'Revision',
    enableSorting: false,
    meta: { width: 'minmax(120px, 1.1fr)', priority: 'low' },
    cell: ({ row }) => {
      const item = row.original;
      return (
        <div className="cell-clip">
          <div className="cell-text mono" title={item.revision ?? undefined}>
            {item.revision ?? <span className="faint">—</span>}
          </div>
          {item.attempted_revision && (
            <div className="cell-sub mono" title={`Last attempted: ${item.attempted_revision}`}>
              tried {item.attempted_revision}
            </div>
          )}
        </div>
      );
    },
  }),
  column.accessor('status_since', {
    id: 'since',
    header: 'Since',
    sortDescFirst: true,
    meta: { width: '96px', priority: 'low' },
    cell: ({ row }) => <RelativeTime iso={row.original.status_since} ticking />,
  }),
];

import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { FLUX_KINDS } from '@flux-orchestrator/flux-model';
import { useMatrix, type FleetMatrix, type MatrixRow } from '../api/matrix.js';
import { resourcePath } from '../api/resources.js';
import { DataTable, dataColumnHelper, type DataColumn } from '../components/data-table.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { StatusBadge, fluxBadge, type BadgeStatus } from '../components/status-badge.js';
import { resourcesHref } from '../resources/resource-filter.js';
import { countPresence, formatMatrixFilter, matrixQueryOf, parseMatrixFilter, presenceOf, toggleMatrixValue, type MatrixFilter } from './matrix-filter.js';

const CONNECTIONS: ReadonlySet<string> = new Set(['healthy', 'degraded', 'unauthorized', 'unreachable']);
const connectionBadge = (connection: string | null): BadgeStatus => (connection && CONNECTIONS.has(connection) ? (connection as BadgeStatus) : 'unchecked');

/** Objects listed per row before "+N more" (rows have one height, for the virtualized table). */
const SHOWN_PER_ROW = 3;

/**
 * One kind (and name) across the fleet: per cluster its Flux version, connection, and each
 * matching object's revision and status; a cluster without the object says "missing". The
 * revision and Flux version counts filter the rows when clicked. Everything lives in the URL.
 */
export default function MatrixPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const filter = useMemo(() => parseMatrixFilter(search), [search]);
  const setFilter = (next: MatrixFilter) => {
    if (window.location.pathname !== '/matrix') return;
    const query = formatMatrixFilter(next);
    if (query !== formatMatrixFilter(filter)) navigate(`/matrix${query ? `?${query}` : ''}`);
  };
  const query = matrixQueryOf(filter);
  const matrix = useMatrix(query);

  return (
    <>
      <div className="page-header">
        <div className="title-block">
          <h1>Matrix</h1>
          <p>One Flux object across every cluster: which revision runs where, on which Flux version, and where it is missing.</p>
        </div>
      </div>
      <MatrixForm filter={filter} onChange={setFilter} />
      {!query && (
        <div className="card">
          <EmptyState title="Choose what to compare">Pick a kind and, optionally, a name (for example HelmRelease podinfo), then Compare.</EmptyState>
        </div>
      )}
      {query && matrix.isPending && <Loading label="Comparing clusters…" />}
      {query && matrix.isError && <ErrorAlert title="Could not build the matrix" error={matrix.error} onRetry={() => void matrix.refetch()} />}
      {query && matrix.data && <MatrixView matrix={matrix.data} filter={filter} onChange={setFilter} fetching={matrix.isFetching} />}
    </>
  );
}

function MatrixForm({ filter, onChange }: { filter: MatrixFilter; onChange: (next: MatrixFilter) => void }) {
  const [kind, setKind] = useState(filter.kind || 'HelmRelease');
  const [name, setName] = useState(filter.name);
  // Back/forward or a link changed them: show it.
  useEffect(() => {
    if (filter.kind) setKind(filter.kind);
    setName(filter.name);
  }, [filter.kind, filter.name]);
  return (
    <form
      className="card matrix-form"
      role="search"
      aria-label="What to compare"
      onSubmit={(event) => {
        event.preventDefault();
        // A new object: the revision and version filters of the previous one no longer apply.
        const changed = kind !== filter.kind || name.trim() !== filter.name;
        onChange({ ...filter, kind, name: name.trim(), ...(changed ? { revision: '', flux_version: '' } : {}) });
      }}
    >
      <div className="toolbar">
        <label className="inline-field">
          <span className="muted small">Kind</span>
          <select className="select" value={kind} onChange={(event) => setKind(event.target.value)}>
            {/* A kind from the URL that is not one (the error above names it) stays shown as asked. */}
            {kind && !FLUX_KINDS.some((entry) => entry.kind === kind) && <option value={kind}>{kind}</option>}
            {FLUX_KINDS.map((entry) => (
              <option key={entry.kind} value={entry.kind}>
                {entry.kind}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span className="muted small">Name (optional)</span>
          <input className="input" value={name} onChange={(event) => setName(event.target.value)} placeholder="e.g. podinfo" spellCheck={false} autoCapitalize="off" />
        </label>
        <button type="submit" className="button primary">
          Compare
        </button>
      </div>
    </form>
  );
}

function MatrixView({ matrix, filter, onChange, fetching }: { matrix: FleetMatrix; filter: MatrixFilter; onChange: (next: MatrixFilter) => void; fetching: boolean }) {
  const columns = useMemo(() => matrixColumns(matrix), [matrix]);
  // Lines in the fullest row: its objects shown, and the "+N more" link when there are more.
  const most = Math.max(1, ...matrix.rows.map((row) => Math.min(SHOWN_PER_ROW, row.objects.length) + (row.objects.length > SHOWN_PER_ROW ? 1 : 0)));
  const { totals } = matrix;
  // Counted here, not from totals.clusters_without: a cluster that cannot be read is not "missing".
  const presence = countPresence(matrix.rows);
  const what = `${matrix.kind}${matrix.name ? ` ${matrix.name}` : ''}`;
  return (
    <>
      <div className="grid-2 section-gap">
        <BarList
          title="Revisions"
          label="Filter by revision"
          entries={matrix.revisions.map((entry) => ({ value: entry.revision, count: entry.clusters, detail: `${entry.clusters} ${entry.clusters === 1 ? 'cluster' : 'clusters'} · ${entry.objects} ${entry.objects === 1 ? 'object' : 'objects'}` }))}
          active={filter.revision}
          none="no revision yet"
          onPick={(value) => onChange(toggleMatrixValue(filter, 'revision', value))}
        />
        <BarList
          title="Flux versions"
          label="Filter by Flux version"
          entries={matrix.flux_versions.map((entry) => ({ value: entry.flux_version, count: entry.clusters, detail: `${entry.clusters} ${entry.clusters === 1 ? 'cluster' : 'clusters'}` }))}
          active={filter.flux_version}
          none="not known"
          onPick={(value) => onChange(toggleMatrixValue(filter, 'flux_version', value))}
        />
      </div>
      <div className="card section-gap">
        <div className="card-header">
          <h2>{what} per cluster</h2>
          <span className="muted small" aria-live="polite">
            {fetching && <span className="spinner" aria-hidden="true" />} {totals.clusters} {totals.clusters === 1 ? 'cluster' : 'clusters'}, {totals.objects} {totals.objects === 1 ? 'object' : 'objects'}
            {presence.missing > 0 ? `, missing on ${presence.missing}` : ''}
            {presence.unknown > 0 ? `, unknown on ${presence.unknown} (cluster cannot be reached)` : ''}
          </span>
          {(filter.revision || filter.flux_version) && (
            <button type="button" className="button small ghost" onClick={() => onChange({ ...filter, revision: '', flux_version: '' })}>
              Clear revision and version filters
            </button>
          )}
        </div>
        {matrix.rows.length === 0 ? (
          <EmptyState title="No cluster matches">
            {filter.revision || filter.flux_version ? 'No cluster runs it at that revision or Flux version. Clear those filters to see every cluster.' : 'No cluster is registered yet, or none you may see. Add one under Clusters.'}
          </EmptyState>
        ) : (
          <DataTable
            label={`${what} per cluster`}
            columns={columns}
            data={matrix.rows}
            getRowId={(row) => row.cluster_id}
            rowHeight={matrixRowHeight(most)}
            rowAttributes={(row) => ({ 'data-cluster': row.cluster, 'data-missing': presenceOf(row) === 'missing' ? 'true' : undefined, 'data-presence': presenceOf(row) })}
            footer={<span className="muted">{matrix.rows.length === 1 ? '1 cluster' : `${matrix.rows.length} clusters`}</span>}
          />
        )}
      </div>
    </>
  );
}

/** A row of `lines` object lines (24 px each) with room above and below, so badges never touch the row's borders. */
export const matrixRowHeight = (lines: number): number => Math.max(52, 24 + lines * 24);

const column = dataColumnHelper<MatrixRow>();

function matrixColumns(matrix: FleetMatrix): DataColumn<MatrixRow>[] {
  return [
    column.accessor('cluster', {
      id: 'cluster',
      header: 'Cluster',
      enableSorting: false,
      meta: { width: 'minmax(120px, 1fr)', narrowWidth: 'minmax(0, 0.9fr)' },
      cell: ({ row }) => (
        <div className="cell-clip">
          <Link href={`/clusters/${encodeURIComponent(row.original.cluster_id)}`} className="cell-title">
            {row.original.cluster}
          </Link>
          <div className="cell-sub show-narrow">Flux {row.original.flux_version ?? '—'}</div>
        </div>
      ),
    }),
    column.accessor('flux_version', {
      id: 'flux_version',
      header: 'Flux',
      enableSorting: false,
      meta: { width: '110px', priority: 'low' },
      cell: ({ row }) => <span className="mono">{row.original.flux_version ?? <span className="faint">not known</span>}</span>,
    }),
    column.accessor('connection', {
      id: 'connection',
      header: 'Connection',
      enableSorting: false,
      meta: { width: '130px', priority: 'low' },
      cell: ({ row }) => <StatusBadge status={connectionBadge(row.original.connection)} />,
    }),
    column.display({
      id: 'objects',
      header: matrix.name ? `${matrix.kind} ${matrix.name}` : `${matrix.kind} objects`,
      enableSorting: false,
      meta: { width: 'minmax(220px, 3fr)', narrowWidth: 'minmax(0, 1.6fr)' },
      cell: ({ row }) => <MatrixCell row={row.original} kind={matrix.kind} name={matrix.name} />,
    }),
  ];
}

function MatrixCell({ row, kind, name }: { row: MatrixRow; kind: string; name: string | null }) {
  if (presenceOf(row) === 'unknown') {
    const why = row.connection === 'unauthorized' ? 'its credentials are refused' : 'the cluster cannot be reached';
    return (
      <span className="matrix-missing">
        <StatusBadge status="flux-unknown" title={`Whether it has ${kind}${name ? ` ${name}` : ''} is not known: ${why}`} />
        <span className="muted small">not known: {why}</span>
      </span>
    );
  }
  if (row.objects.length === 0) {
    return (
      <span className="matrix-missing">
        <StatusBadge status="missing" title={`No ${kind}${name ? ` ${name}` : ''} on this cluster`} />
        <span className="muted small">not on this cluster</span>
      </span>
    );
  }
  const shown = row.objects.slice(0, SHOWN_PER_ROW);
  const more = row.objects.length - shown.length;
  return (
    <ul className="matrix-objects">
      {shown.map((object) => (
        <li key={`${object.namespace}/${object.name}`} data-object={`${object.namespace}/${object.name}`} data-status={object.status}>
          <StatusBadge status={fluxBadge(object.status)} title={object.reason ? `${object.reason}: ${object.message}` : object.message} />
          <Link href={resourcePath({ clusterId: row.cluster_id, kind, namespace: object.namespace, name: object.name })} className="mono matrix-revision" title={`${object.namespace}/${object.name}`}>
            {object.revision ?? 'no revision'}
          </Link>
          <span className="muted small matrix-where">
            {name ? object.namespace : `${object.namespace}/${object.name}`}
            {object.stale ? ' · stale' : ''}
          </span>
        </li>
      ))}
      {more > 0 && (
        <li>
          <Link href={resourcesHref({ cluster: [row.cluster_id], kind: [kind], q: name ?? '' })} className="small">
            +{more} more on this cluster
          </Link>
        </li>
      )}
    </ul>
  );
}

/** Counts as horizontal bars, most first; a bar is a toggle that filters the rows by its value. */
function BarList({
  title,
  label,
  entries,
  active,
  none,
  onPick,
}: {
  title: string;
  label: string;
  entries: Array<{ value: string | null; count: number; detail: string }>;
  active: string;
  none: string;
  onPick: (value: string) => void;
}) {
  const top = Math.max(1, ...entries.map((entry) => entry.count));
  return (
    <section className="card" aria-label={title}>
      <div className="card-header">
        <h2>{title}</h2>
        {active && <span className="chip">{active}</span>}
      </div>
      <div className="card-body">
        {entries.length === 0 ? (
          <p className="muted small">Nothing to count.</p>
        ) : (
          <ul className="bar-list" role="group" aria-label={label}>
            {entries.map((entry) => (
              <li key={entry.value ?? '—'}>
                <button
                  type="button"
                  className="bar-button"
                  aria-pressed={entry.value !== null && entry.value === active}
                  disabled={entry.value === null}
                  title={entry.value === null ? 'Cannot filter on a missing value' : entry.value === active ? 'Show all again' : `Only ${entry.value}`}
                  onClick={() => entry.value !== null && onPick(entry.value)}
                >
                  <span className="bar-label mono">{entry.value ?? none}</span>
                  <span className="bar-track" aria-hidden="true">
                    <span className="bar-fill" style={{ width: `${(entry.count / top) * 100}%` }} />
                  </span>
                  <span className="bar-count muted small">{entry.detail}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

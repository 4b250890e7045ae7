import { Link, useLocation, useParams, useSearch } from 'wouter';
import { FLUX_KINDS } from '@flux-orchestrator/flux-model';
import { useCluster } from '../api/clusters.js';
import { useClusterGraph, type ClusterGraphQuery } from '../api/graph.js';
import { ErrorAlert, Loading } from '../components/feedback.js';
import { DependencyGraphView } from './dependency-graph.js';

/** The slices offered; `status` is the API's filter (the objects in it and everything they use). */
const SCOPES = [
  { id: 'failed', label: 'Failing', status: 'failed' },
  { id: 'not-ready', label: 'Not ready', status: 'failed,progressing,unknown' },
  { id: 'all', label: 'Everything', status: undefined },
] as const;

/** A cluster's dependency graph, `?status=failed` by default from its page: what fails and what it uses. */
export default function ClusterGraphPage() {
  const { id = '' } = useParams<{ id: string }>();
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const query: ClusterGraphQuery = { status: params.get('status') || undefined, kind: params.get('kind') || undefined, namespace: params.get('namespace') || undefined };
  const cluster = useCluster(id);
  const graph = useClusterGraph(id, query);
  const name = cluster.data?.name ?? 'cluster';
  const base = `/clusters/${encodeURIComponent(id)}/graph`;
  const go = (next: ClusterGraphQuery) => {
    const out = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value) out.set(key, value);
    const text = out.toString().replace(/%2C/g, ',');
    navigate(`${base}${text ? `?${text}` : ''}`);
  };
  const scope = SCOPES.find((entry) => entry.status === query.status)?.id;

  return (
    <>
      <div className="page-header">
        <div className="title-block">
          <Link href={`/clusters/${encodeURIComponent(id)}`} className="breadcrumb">
            ← {name}
          </Link>
          <h1>Dependency graph</h1>
          <p>
            {query.status ? 'The objects of this status on ' : 'Every Flux object on '}
            {name}, with everything they use: sources, charts and dependencies. Select a node to open it.
          </p>
        </div>
      </div>
      <div className="card">
        <div className="toolbar" role="group" aria-label="Which objects">
          {SCOPES.map((entry) => (
            <button key={entry.id} type="button" className="status-toggle" aria-pressed={scope === entry.id} onClick={() => go({ ...query, status: entry.status })}>
              {entry.label}
            </button>
          ))}
          <label className="visually-hidden" htmlFor="graph-kind">
            Kind
          </label>
          <select id="graph-kind" className="select" value={query.kind ?? ''} onChange={(event) => go({ ...query, kind: event.target.value || undefined })}>
            <option value="">All kinds</option>
            {FLUX_KINDS.map((kind) => (
              <option key={kind.kind} value={kind.kind}>
                {kind.kind}
              </option>
            ))}
          </select>
          <span className="count" aria-live="polite">
            {graph.isFetching && <span className="spinner" aria-hidden="true" />} {graph.data ? `${graph.data.nodes.length} objects` : ''}
          </span>
        </div>
        <div className="card-body">
          {graph.isPending && <Loading label="Drawing the graph…" />}
          {graph.isError && <ErrorAlert title="Could not load the graph" error={graph.error} onRetry={() => void graph.refetch()} />}
          {graph.data && graph.data.nodes.length === 0 && query.status === 'failed' ? (
            <div className="empty-state">
              <h2>Nothing is failing on {name}</h2>
              <p>No Flux object on this cluster fails right now. Choose Everything to see all of its dependencies.</p>
            </div>
          ) : (
            graph.data && <DependencyGraphView graph={graph.data} label={`Dependency graph of ${name}`} />
          )}
        </div>
      </div>
    </>
  );
}

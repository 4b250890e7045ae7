import { useResourceGraph } from '../api/graph.js';
import type { ResourceAddress } from '../api/resources.js';
import { ErrorAlert, Loading } from '../components/feedback.js';
import { DependencyGraphView } from '../graph/dependency-graph.js';

/** What the object uses and what uses it, transitively, from the fleet index (so it is there while the cluster is down). */
export function GraphTab({ address }: { address: ResourceAddress }) {
  const graph = useResourceGraph(address);
  return (
    <section className="card" aria-labelledby="graph-title">
      <div className="card-header">
        <h2 id="graph-title">Dependency graph</h2>
        <span className="muted small">Statuses stay live</span>
        {graph.isFetching && <span className="spinner" aria-hidden="true" />}
      </div>
      <div className="card-body">
        {graph.isPending && <Loading label="Drawing the graph…" />}
        {graph.isError && <ErrorAlert title="Could not load the graph" error={graph.error} onRetry={() => void graph.refetch()} />}
        {graph.data && <DependencyGraphView graph={graph.data} label={`Dependency graph of ${address.kind} ${address.namespace}/${address.name}`} />}
      </div>
    </section>
  );
}

import { Link } from 'wouter';
import { useDiscoveredClusters } from '../api/azure.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';

/** Step 2 of the seed: the AKS clusters Azure reports, and whether each is registered already. */
export function DiscoveredClusters({ subscriptionId, onClose }: { subscriptionId: string; onClose: () => void }) {
  const discovered = useDiscoveredClusters(subscriptionId, true);
  const items = discovered.data?.items ?? [];
  const registered = items.filter((cluster) => cluster.registered).length;
  return (
    <div className="panel" aria-labelledby={`discover-${subscriptionId}`}>
      <div className="panel-header">
        <h4 id={`discover-${subscriptionId}`}>Discovered clusters</h4>
        {discovered.data && (
          <span className="muted" style={{ fontSize: 12 }}>
            {items.length} found · {registered} registered
          </span>
        )}
        <button type="button" className="button small" onClick={() => void discovered.refetch()} disabled={discovered.isFetching}>
          {discovered.isFetching && <span className="spinner" aria-hidden="true" />}
          Refresh
        </button>
        <button type="button" className="button small ghost" onClick={onClose}>
          Hide
        </button>
      </div>
      {discovered.isPending && <Loading label="Asking Azure for the subscription’s AKS clusters…" />}
      {discovered.isError && (
        <div className="panel-body">
          <ErrorAlert title="Discovery failed" error={discovered.error} onRetry={() => void discovered.refetch()} />
        </div>
      )}
      {discovered.data && items.length === 0 && (
        <EmptyState title="No AKS clusters discovered">
          The subscription has no AKS clusters, or the service principal lacks the “Reader” role on it. Grant it with: az role assignment create --assignee &lt;client-id&gt; --role Reader --scope /subscriptions/
          {subscriptionId}
        </EmptyState>
      )}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="data" aria-label="Discovered AKS clusters">
            <thead>
              <tr>
                <th scope="col">Cluster name</th>
                <th scope="col">Resource group</th>
                <th scope="col">Location</th>
                <th scope="col">Kubernetes version</th>
                <th scope="col" className="num">
                  Node count
                </th>
                <th scope="col">Registered</th>
              </tr>
            </thead>
            <tbody>
              {items.map((cluster) => (
                <tr key={cluster.id} data-cluster={cluster.name}>
                  <td>
                    <div className="cell-title">{cluster.name}</div>
                    {(cluster.power_state && cluster.power_state !== 'Running') || cluster.private_cluster ? (
                      <div className="cell-sub">{[cluster.power_state !== 'Running' ? cluster.power_state : null, cluster.private_cluster ? 'private API server' : null].filter(Boolean).join(' · ')}</div>
                    ) : null}
                  </td>
                  <td>{cluster.resource_group}</td>
                  <td>{cluster.location}</td>
                  <td className="mono">{cluster.kubernetes_version ?? '—'}</td>
                  <td className="num">{cluster.node_count}</td>
                  <td>
                    {cluster.registered && cluster.cluster_id ? (
                      <Link href={`/clusters/${encodeURIComponent(cluster.cluster_id)}`}>Registered</Link>
                    ) : (
                      <span className="muted">Not yet</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

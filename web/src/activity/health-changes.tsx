import { Link } from 'wouter';
import { useHealthChanges } from '../api/clusters.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { RelativeTime } from '../components/relative-time.js';
import { StatusBadge } from '../components/status-badge.js';

/** Every cluster's health changes (became unreachable, healthy again, …), newest first, live. */
export function HealthChanges() {
  const changes = useHealthChanges();
  return (
    <section className="card" aria-labelledby="health-changes">
      <div className="card-header">
        <h2 id="health-changes">Health changes</h2>
        <span className="muted small">When a cluster’s connection check or its reason changed</span>
      </div>
      {changes.isPending && <Loading label="Loading health changes…" />}
      {changes.isError && <ErrorAlert title="Could not load health changes" error={changes.error} onRetry={() => void changes.refetch()} />}
      {changes.data && changes.data.items.length === 0 && <EmptyState title="No health changes yet">Each cluster’s first check and every later change of its health show here.</EmptyState>}
      {changes.data && changes.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="data" aria-label="Health changes">
            <thead>
              <tr>
                <th scope="col">Cluster</th>
                <th scope="col">Health</th>
                <th scope="col" className="hide-narrow">
                  Reason
                </th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {changes.data.items.map((change) => (
                <tr key={`${change.cluster_id}-${change.checked_at}-${change.status}`} data-cluster={change.cluster}>
                  <td>
                    <Link href={`/clusters/${encodeURIComponent(change.cluster_id)}`} className="cell-title">
                      {change.cluster}
                    </Link>
                    {change.reason && <div className="cell-sub wrap show-narrow">{change.reason}</div>}
                  </td>
                  <td>
                    <StatusBadge status={change.status} />
                  </td>
                  <td className="hide-narrow muted">{change.reason || '—'}</td>
                  <td>
                    <RelativeTime iso={change.checked_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

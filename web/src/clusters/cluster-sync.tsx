import { useClusterSync, type Cluster } from '../api/clusters.js';
import { ErrorAlert, Loading } from '../components/feedback.js';
import { RelativeTime } from '../components/relative-time.js';
import { StatusBadge, type BadgeStatus } from '../components/status-badge.js';

/** The title over the sync's last error, in a sentence for each state ("Why the sync is error" read as a typo). */
export function syncProblemTitle(state: string): string {
  switch (state) {
    case 'error':
      return 'Why the sync failed';
    case 'degraded':
      return 'Why the sync is degraded';
    case 'stopped':
      return 'Why the sync stopped';
    case 'pending':
      return 'Why the sync has not started';
    default:
      return 'What the sync last ran into';
  }
}

/** The watch of the cluster's Flux objects: its state, and per kind whether it is listed and watched (live). */
export function ClusterSyncCard({ cluster }: { cluster: Cluster }) {
  const sync = useClusterSync(cluster.id, cluster.flux?.sync);
  const data = sync.data;
  return (
    <section className="card" aria-labelledby="sync-title">
      <div className="card-header">
        <h2 id="sync-title">Sync of Flux objects</h2>
        {data && <StatusBadge status={data.state as BadgeStatus} title={data.last_error ?? undefined} />}
      </div>
      {sync.isPending && <Loading label="Loading sync state…" />}
      {sync.isError && (
        <div className="card-body">
          <ErrorAlert title="Could not load the sync state" error={sync.error} onRetry={() => void sync.refetch()} />
        </div>
      )}
      {data?.last_error && (
        <div className="card-body">
          <div className="alert" data-tone="err" role="status">
            <div className="alert-body">
              <span className="alert-title">{syncProblemTitle(data.state)}</span>
              <span>{data.last_error}</span>
              {data.backoff_until && (
                <span className="muted">
                  Next try <RelativeTime iso={data.backoff_until} ticking />
                </span>
              )}
            </div>
          </div>
        </div>
      )}
      {data && data.kinds.length > 0 && (
        // Every kind watched is the normal case: the list folds away behind its one-line summary.
        <details className="card-details" open={data.kinds.some((kind) => kind.state !== 'watching' && kind.state !== 'not_served')}>
          <summary>
            {data.kinds.filter((kind) => kind.state === 'watching').length} of {data.kinds.length} kinds watched
          </summary>
          <div className="table-wrap">
            <table className="data" aria-label="Sync state per kind">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">State</th>
                  <th scope="col" className="hide-narrow">
                    Version
                  </th>
                  <th scope="col">Listed</th>
                </tr>
              </thead>
              <tbody>
                {data.kinds.map((kind) => (
                  <tr key={kind.kind} data-kind={kind.kind}>
                    <td>
                      <span className="cell-title">{kind.kind}</span>
                      {kind.last_error && (
                        <div className="cell-sub wrap" title={kind.last_error}>
                          {kind.last_error}
                        </div>
                      )}
                    </td>
                    <td>
                      <StatusBadge status={kind.state as BadgeStatus} />
                    </td>
                    <td className="hide-narrow mono muted">{kind.version}</td>
                    <td>
                      <RelativeTime iso={kind.listed_at ?? undefined} fallback="not yet" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
      {data && data.kinds.length === 0 && !data.last_error && (
        <div className="card-body muted">No Flux kinds found yet: the server discovers what the cluster serves once it can reach it.</div>
      )}
    </section>
  );
}

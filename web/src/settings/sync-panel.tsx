import { useEffect, useRef } from 'react';
import { Link } from 'wouter';
import { useRefreshAfterSync, type SyncResult, type SyncStart } from '../api/azure.js';
import { useJob } from '../api/jobs.js';
import { ErrorAlert, Loading } from '../components/feedback.js';
import { StatusBadge } from '../components/status-badge.js';

/**
 * Step 3 of the seed: progress while the sync runs (a 202 job is followed until it ends),
 * then one row per cluster with what happened to it.
 */
export function SyncPanel({ subscriptionId, start, startError, onClose }: { subscriptionId: string; start: SyncStart | undefined; startError: unknown; onClose: () => void }) {
  const job = useJob(start?.kind === 'job' ? start.jobId : undefined);
  const refresh = useRefreshAfterSync(subscriptionId);
  const result: SyncResult | undefined = start?.kind === 'done' ? start.result : job.data?.status === 'succeeded' ? (job.data.result as SyncResult) : undefined;
  const failed = job.data?.status === 'failed';
  const finished = Boolean(result) || failed || Boolean(startError);

  // The clusters list, subscription status and discovery change once; refresh them when it ends.
  const refreshed = useRef(false);
  useEffect(() => {
    if (finished && !refreshed.current) {
      refreshed.current = true;
      void refresh();
    }
  }, [finished, refresh]);

  const progress = job.data?.progress;
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <div className="panel" aria-labelledby={`sync-${subscriptionId}`}>
      <div className="panel-header">
        <h4 id={`sync-${subscriptionId}`}>Sync</h4>
        {result && (
          <span className="muted" style={{ fontSize: 12 }} aria-label="Sync summary">
            {Object.entries(result.counts)
              .filter(([, count]) => count > 0)
              .map(([action, count]) => `${count} ${action}`)
              .join(' · ') || 'no changes'}
          </span>
        )}
        {finished && (
          <button type="button" className="button small ghost" onClick={onClose}>
            Hide
          </button>
        )}
      </div>
      <div className="panel-body stack" aria-live="polite">
        {!start && !startError && <Loading label="Starting the sync…" />}
        {startError !== null && startError !== undefined && <ErrorAlert title="The sync did not start" error={startError} />}
        {start?.kind === 'job' && !result && !failed && (
          <div role="status" className="stack" style={{ gap: 6 }}>
            <span className="row">
              <StatusBadge status={job.data?.status ?? 'queued'} />
              <span className="muted">{progress ? `${progress.done} of ${progress.total} clusters synced` : 'Waiting for the sync to start…'}</span>
            </span>
            <div className="progress" role="progressbar" aria-label="Sync progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
              <span style={{ width: `${percent}%` }} />
            </div>
          </div>
        )}
        {failed && <ErrorAlert title="The sync failed" error={new Error(job.data?.error ?? 'unknown error')} />}
        {job.isError && <ErrorAlert title="Lost track of the sync" error={job.error} />}
        {result && (
          <>
            <div className="alert" data-tone={result.counts.failed > 0 ? 'warn' : 'ok'} role="status">
              <div className="alert-body">
                <span className="alert-title">{result.counts.failed > 0 ? `Sync finished with ${result.counts.failed} failed` : 'Sync finished'}</span>
                <span>
                  Clusters are health-checked as they are added. <Link href="/clusters?source=aks">View synced clusters on the Clusters page</Link>.
                </span>
              </div>
            </div>
            <div className="table-wrap">
              <table className="data" aria-label="Sync results">
                <thead>
                  <tr>
                    <th scope="col">Cluster</th>
                    <th scope="col">Result</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {result.results.map((entry) => (
                    <tr key={entry.id} data-cluster={entry.name}>
                      <td>
                        {entry.cluster_id && entry.action !== 'removed' ? (
                          <Link href={`/clusters/${encodeURIComponent(entry.cluster_id)}`} className="cell-title">
                            {entry.name}
                          </Link>
                        ) : (
                          <span className="cell-title">{entry.name}</span>
                        )}
                      </td>
                      <td>
                        <StatusBadge status={entry.action} />
                      </td>
                      <td className="muted">{entry.error ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </div>
    </div>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useJobs, type Job } from '../api/jobs.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { RelativeTime } from '../components/relative-time.js';
import { StatusBadge } from '../components/status-badge.js';
import { RecentChanges } from './recent-changes.js';

const JOB_TITLES: Record<string, string> = { 'azure.sync': 'Azure sync' };

/** A one-line outcome: sync counts when the result is a sync, else the error. */
function summarize(job: Job): string {
  if (job.status === 'failed') return job.error ?? 'failed';
  const counts = (job.result as { counts?: Record<string, number> } | null)?.counts;
  if (counts) {
    const parts = Object.entries(counts)
      .filter(([, count]) => count > 0)
      .map(([action, count]) => `${count} ${action}`);
    return parts.length ? parts.join(', ') : 'no changes';
  }
  return job.status === 'running' || job.status === 'queued' ? `${job.progress.done} of ${job.progress.total}` : '—';
}

export default function ActivityPage() {
  const jobs = useJobs();
  const queryClient = useQueryClient();
  return (
    <>
      <div className="page-header">
        <div className="title-block">
          <h1>Activity</h1>
          <p>Recent jobs (Azure syncs and other long-running work) and changes.</p>
        </div>
        <button type="button" className="button" onClick={() => void queryClient.invalidateQueries({ queryKey: ['audit'] }).then(() => jobs.refetch())} disabled={jobs.isFetching}>
          Refresh
        </button>
      </div>
      {jobs.isPending && <Loading label="Loading activity…" />}
      {jobs.isError && <ErrorAlert title="Could not load activity" error={jobs.error} onRetry={() => void jobs.refetch()} />}
      {jobs.data === null && (
        <div className="card">
          <EmptyState title="No activity to show yet">This server does not record jobs yet. Syncs you start from Settings → Azure Subscriptions show their progress there.</EmptyState>
        </div>
      )}
      {jobs.data && jobs.data.items.length === 0 && (
        <div className="card">
          <EmptyState title="No activity yet" actions={<Link href="/settings/azure" className="button">Go to Azure Subscriptions</Link>}>
            Jobs such as Azure syncs appear here when they run.
          </EmptyState>
        </div>
      )}
      {jobs.data && jobs.data.items.length > 0 && (
        <section className="card" aria-labelledby="recent-jobs">
          <div className="card-header">
            <h2 id="recent-jobs">Recent jobs</h2>
          </div>
          <div className="table-wrap">
            <table className="data" aria-label="Recent jobs">
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Status</th>
                  <th scope="col">Outcome</th>
                  <th scope="col" className="hide-narrow">
                    Started
                  </th>
                  <th scope="col" className="hide-narrow">
                    Updated
                  </th>
                </tr>
              </thead>
              <tbody>
                {jobs.data.items.map((job) => (
                  <tr key={job.id}>
                    <td>
                      <div className="cell-title">{JOB_TITLES[job.type] ?? job.type}</div>
                      <div className="cell-sub mono">{job.subject}</div>
                    </td>
                    <td>
                      <StatusBadge status={job.status} />
                    </td>
                    <td className="muted">{summarize(job)}</td>
                    <td className="hide-narrow">
                      <RelativeTime iso={job.created_at} />
                    </td>
                    <td className="hide-narrow">
                      <RelativeTime iso={job.updated_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <RecentChanges />
    </>
  );
}

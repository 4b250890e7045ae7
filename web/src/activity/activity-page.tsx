import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useAzureSubscriptions } from '../api/azure.js';
import { useCanOverFleet } from '../auth/permissions.js';
import { clusterKeys } from '../api/clusters.js';
import { useJobs } from '../api/jobs.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { RelativeTime } from '../components/relative-time.js';
import { StatusBadge } from '../components/status-badge.js';
import { HealthChanges } from './health-changes.js';
import { jobOutcome, jobTitle, type SubscriptionNames } from './job-labels.js';
import { RecentChanges } from './recent-changes.js';

/** Subscription names by id (empty while loading, for callers scoped to some clusters, or when this server has no Azure API). */
function useSubscriptionNames(enabled: boolean): SubscriptionNames {
  const subscriptions = useAzureSubscriptions({ enabled });
  return new Map((subscriptions.data?.items ?? []).map((subscription) => [subscription.subscription_id, subscription.name]));
}

export default function ActivityPage() {
  const jobs = useJobs();
  // Azure subscriptions are fleet-wide: a caller scoped to some clusters sees only the jobs they started.
  const fleetWide = useCanOverFleet('azure:read');
  const names = useSubscriptionNames(fleetWide);
  const queryClient = useQueryClient();
  return (
    <>
      <div className="page-header">
        <div className="title-block">
          <h1>Activity</h1>
          <p>Recent jobs (Azure syncs and other long-running work), cluster health changes, and who changed what.</p>
        </div>
        <button type="button" className="button" onClick={() => void Promise.all([queryClient.invalidateQueries({ queryKey: ['audit'] }), queryClient.invalidateQueries({ queryKey: clusterKeys.healthChanges() })]).then(() => jobs.refetch())} disabled={jobs.isFetching}>
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
          {fleetWide ? (
            <EmptyState title="No activity yet" actions={<Link href="/settings/azure" className="button">Go to Azure Subscriptions</Link>}>
              Jobs such as Azure syncs appear here when they run.
            </EmptyState>
          ) : (
            <EmptyState title="No jobs of yours yet">Your role covers part of the fleet: the bulk actions you start show here; fleet-wide work (Azure syncs, retention) is for those who see the whole fleet.</EmptyState>
          )}
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
                      <div className="cell-title">
                        {jobTitle(job)}
                        {names.has(job.subject) && ` · ${names.get(job.subject)}`}
                      </div>
                      <div className="cell-sub mono" title={job.subject}>
                        {job.subject}
                      </div>
                    </td>
                    <td>
                      <StatusBadge status={job.status} />
                    </td>
                    <td className="muted">{jobOutcome(job)}</td>
                    <td className="hide-narrow">
                      <RelativeTime iso={job.created_at} />
                      <div className="cell-sub">{job.started_by ? `by ${job.started_by}` : 'scheduled'}</div>
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
      <HealthChanges />
      <RecentChanges jobs={jobs.data?.items ?? []} subscriptionNames={names} />
    </>
  );
}

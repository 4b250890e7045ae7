import { useAudit } from '../api/audit.js';
import type { Job } from '../api/jobs.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { RelativeTime } from '../components/relative-time.js';
import { StatusBadge } from '../components/status-badge.js';
import { auditTitle, describeAuditEntry } from './audit-labels.js';
import { isJobFinished, jobOutcome, type SubscriptionNames } from './job-labels.js';

/** The audit trail as a table: who changed what, and when; syncs with their outcome. */
export function RecentChanges({ jobs, subscriptionNames }: { jobs: readonly Job[]; subscriptionNames: SubscriptionNames }) {
  const jobsById = new Map(jobs.map((job) => [job.id, job]));
  const audit = useAudit();
  // Pages may overlap when new entries arrive between them: each entry once.
  const seen = new Set<number>();
  const entries = (audit.data?.pages ?? []).flatMap((page) => page.items.filter((entry) => (seen.has(entry.id) ? false : (seen.add(entry.id), true))));
  return (
    <section className="card" aria-labelledby="recent-changes">
      <div className="card-header">
        <h2 id="recent-changes">Recent changes</h2>
      </div>
      {audit.isPending && <Loading label="Loading changes…" />}
      {audit.isError && !audit.data && <ErrorAlert title="Could not load recent changes" error={audit.error} onRetry={() => void audit.refetch()} />}
      {audit.data && entries.length === 0 && (
        <EmptyState title="No changes yet">Clusters and subscriptions you add, edit or remove are listed here.</EmptyState>
      )}
      {entries.length > 0 && (
        <div className="table-wrap">
          <table className="data" aria-label="Recent changes">
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Details</th>
                <th scope="col" className="hide-narrow">
                  By
                </th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const jobId = entry.detail.job_id;
                const job = typeof jobId === 'string' ? jobsById.get(jobId) : undefined;
                return (
                  <tr key={entry.id}>
                    <td>
                      <div className="cell-title">{auditTitle(entry, job)}</div>
                    </td>
                    <td className="muted">
                      {describeAuditEntry(entry, subscriptionNames)}
                      {job && (
                        <div className="row" style={{ gap: 6, marginTop: 2 }}>
                          <StatusBadge status={job.status} />
                          <span>{jobOutcome(job)}</span>
                          {isJobFinished(job) && (
                            <span className="faint">
                              finished <RelativeTime iso={job.updated_at} />
                            </span>
                          )}
                        </div>
                      )}
                    </td>
                    <td className="hide-narrow muted">{entry.actor}</td>
                    <td>
                      <RelativeTime iso={entry.at} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {(audit.hasNextPage || (audit.data?.pages.length ?? 0) > 1) && (
        <div className="card-footer">
          {audit.hasNextPage ? (
            <button type="button" className="button small" onClick={() => void audit.fetchNextPage()} disabled={audit.isFetchingNextPage}>
              {audit.isFetchingNextPage && <span className="spinner" aria-hidden="true" />}
              Load older ({entries.length} shown)
            </button>
          ) : (
            <span className="muted small">All {entries.length} changes shown</span>
          )}
        </div>
      )}
      {audit.isError && audit.data && <ErrorAlert title="Could not load older changes" error={audit.error} onRetry={() => void audit.fetchNextPage()} />}
    </section>
  );
}

import { useAudit, type AuditEntry } from '../api/audit.js';
import type { Job } from '../api/jobs.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { RelativeTime } from '../components/relative-time.js';
import { StatusBadge } from '../components/status-badge.js';
import { isJobFinished, jobOutcome, type SubscriptionNames } from './job-labels.js';

const ACTION_TITLES: Record<string, string> = {
  'cluster.create': 'Cluster added',
  'cluster.update': 'Cluster edited',
  'cluster.delete': 'Cluster removed',
  'cluster.kubeconfig.download': 'Kubeconfig downloaded',
  'azure.subscription.create': 'Azure subscription added',
  'azure.subscription.bulk-create': 'Azure subscriptions added',
  'azure.subscription.update': 'Azure subscription changed',
  'azure.subscription.delete': 'Azure subscription removed',
  'azure.subscription.sync': 'Azure sync started',
};

interface EntryDetail {
  name?: string;
  fields?: string[];
  include_secret?: boolean;
  clusters?: string;
  job_id?: string;
}

/** What the entry's detail says, in a few words (names and changed fields; never secrets). */
function describe(entry: AuditEntry, subscriptionNames: SubscriptionNames): string {
  const detail = entry.detail as EntryDetail;
  const parts: string[] = [];
  if (detail.name) parts.push(detail.name);
  else if (subscriptionNames.has(entry.target)) parts.push(subscriptionNames.get(entry.target)!);
  if (detail.fields?.length) parts.push(`changed ${detail.fields.join(', ')}`);
  if (detail.include_secret) parts.push('with the client secret');
  if (detail.clusters) parts.push(`clusters: ${detail.clusters}`);
  return parts.join(' · ') || entry.target;
}

/** A sync is recorded when it starts; its job says whether and how it finished. */
function titleOf(entry: AuditEntry, job: Job | undefined): string {
  if (entry.action === 'azure.subscription.sync' && job) return isJobFinished(job) ? (job.status === 'failed' ? 'Azure sync failed' : 'Azure sync finished') : 'Azure sync running';
  return ACTION_TITLES[entry.action] ?? entry.action;
}

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
                const job = jobsById.get((entry.detail as EntryDetail).job_id ?? '');
                return (
                  <tr key={entry.id}>
                    <td>
                      <div className="cell-title">{titleOf(entry, job)}</div>
                    </td>
                    <td className="muted">
                      {describe(entry, subscriptionNames)}
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

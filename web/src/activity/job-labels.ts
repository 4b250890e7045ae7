import type { Job } from '../api/jobs.js';

const JOB_TITLES: Record<string, string> = { 'azure.sync': 'Azure sync', 'azure.auto-sync': 'Azure auto-sync', 'flux.bulk-reconcile': 'Bulk reconcile', 'flux.bulk-suspend': 'Bulk suspend', 'flux.bulk-resume': 'Bulk resume' };

export const jobTitle = (job: Pick<Job, 'type'>): string => JOB_TITLES[job.type] ?? job.type;

export const isJobFinished = (job: Pick<Job, 'status'>): boolean => job.status === 'succeeded' || job.status === 'failed';

/** A one-line outcome: sync counts when the result is a sync, progress while it runs, else the error. */
export function jobOutcome(job: Job): string {
  if (job.status === 'failed') return job.error ?? 'failed';
  // A sync result counts what it did; a bulk action counts its objects by outcome.
  const result = job.result as { counts?: Record<string, number>; by_outcome?: Record<string, number> } | null;
  const counts = result?.counts ?? result?.by_outcome;
  if (counts) {
    const parts = Object.entries(counts)
      .filter(([, count]) => count > 0)
      .map(([action, count]) => `${count} ${action}`);
    return parts.length ? parts.join(', ') : result?.by_outcome ? 'no objects' : 'no changes';
  }
  return job.status === 'running' || job.status === 'queued' ? `${job.progress.done} of ${job.progress.total}` : '—';
}

/** Names of Azure subscriptions by id, so jobs and changes say "prod-subscription", not a GUID. */
export type SubscriptionNames = ReadonlyMap<string, string>;

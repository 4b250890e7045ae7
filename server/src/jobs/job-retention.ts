import type { JobsRepo } from '../store/index.js';
import type { JobRunner } from './job-runner.js';
import { RetentionPurge, type RetentionPurgeOptions } from './retention-purge.js';

export const JOB_RETENTION_JOB = 'jobs.retention';

export type JobRetentionOptions = Pick<RetentionPurgeOptions, 'logger' | 'intervalMs' | 'batchSize' | 'now'> & {
  repo: JobsRepo;
  /** Runs each purge as a job, queued by the leader replica only. */
  jobs: JobRunner;
  /** Finished jobs that finished longer ago than this are deleted (JOB_RETENTION_DAYS). */
  retentionDays: number;
};

/**
 * Deletes the records of finished jobs (`jobs` rows that succeeded or failed) older than the
 * retention, at start and then every hour, as a `jobs.retention` job the leader queues. Queued and
 * running jobs are never deleted. pg-boss's own entries (PostgreSQL) are pruned by pg-boss's
 * maintenance with the same retention (see PgBossQueue).
 */
export class JobRetention extends RetentionPurge {
  constructor({ repo, ...options }: JobRetentionOptions) {
    super({ ...options, jobType: JOB_RETENTION_JOB, subject: 'finished jobs', purgeBatch: (before, size) => repo.purgeFinishedBatch(before, size) });
  }
}

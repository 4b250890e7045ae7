import type { Logger } from 'pino';
import type { JobsRepo } from '../store/index.js';
import type { JobRunner } from './job-runner.js';

/** Rows per delete statement. */
const PURGE_BATCH = 1000;

export const JOB_RETENTION_JOB = 'jobs.retention';
const SUBJECT = 'finished jobs';

export interface JobRetentionOptions {
  repo: JobsRepo;
  /** Runs each purge as a job, queued by the leader replica only (one purge for the fleet, whichever replica runs it). */
  jobs: JobRunner;
  logger: Logger;
  /** Finished jobs that finished longer ago than this are deleted (JOB_RETENTION_DAYS). */
  retentionDays: number;
  /** How often the purge is queued (default hourly); also at start. */
  intervalMs?: number;
  /** Rows per delete statement (default 1,000). */
  batchSize?: number;
  now?: () => Date;
}

/**
 * Deletes the records of finished jobs (`jobs` rows that succeeded or failed) older than the
 * retention, at start and then every hour, as a `jobs.retention` job the leader queues. Queued and
 * running jobs are never deleted. pg-boss's own entries (PostgreSQL) are pruned by pg-boss's
 * maintenance with the same retention (see PgBossQueue).
 */
export class JobRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: JobRetentionOptions) {
    // A purge deletes what is past the retention when it runs: running it again is harmless.
    options.jobs.define(JOB_RETENTION_JOB, async () => ({ deleted: await this.purge() }), { whenReplicaGone: 'resume' });
  }

  start(): void {
    const run = (): void => void this.schedule().catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not queue the purge of old jobs; will try again'));
    run();
    this.timer = setInterval(run, this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
  }

  /** Waits for a purge under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Queues a purge when this replica is the leader and none is queued or running; returns its job id. */
  async schedule(): Promise<string | undefined> {
    const jobs = this.options.jobs;
    if (!jobs.isLeader() || (await jobs.hasUnfinished([JOB_RETENTION_JOB], SUBJECT))) return undefined;
    return jobs.enqueue(JOB_RETENTION_JOB, SUBJECT, {});
  }

  /** Deletes the finished jobs last updated before now minus the retention; returns how many. One purge at a time. */
  purge(): Promise<number> {
    this.running ??= this.purgeBatches().finally(() => (this.running = undefined));
    return this.running;
  }

  private async purgeBatches(): Promise<number> {
    const now = this.options.now?.() ?? new Date();
    const before = new Date(now.getTime() - this.options.retentionDays * 86_400_000).toISOString();
    let deleted = 0;
    for (;;) {
      const batch = await this.options.repo.purgeFinishedBatch(before, this.options.batchSize ?? PURGE_BATCH);
      deleted += batch.deleted;
      if (!batch.more) break;
      // Requests and other work go in between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (deleted > 0) this.options.logger.info({ deleted, before }, 'deleted finished jobs past their retention');
    return deleted;
  }
}

import type { Logger } from 'pino';
import type { JobRunner } from './job-runner.js';

/** Rows per delete statement. */
const PURGE_BATCH = 1000;

export interface RetentionPurgeOptions {
  /** The job type each purge runs as, and its subject (what it deletes, e.g. "finished jobs"). */
  jobType: string;
  subject: string;
  /** Deletes up to `size` rows older than `before` (ISO time); says whether more are left. */
  purgeBatch: (before: string, size: number) => Promise<{ deleted: number; more: boolean }>;
  logger: Logger;
  /** Rows older than this many days are deleted. */
  retentionDays: number;
  /** How often the purge runs (default hourly); it also runs at start. */
  intervalMs?: number;
  /** Rows per delete statement (default 1,000). */
  batchSize?: number;
  now?: () => Date;
  /**
   * Runs each purge as a job, queued by the leader replica only (one purge for the fleet, whichever
   * replica runs it); without, `start` purges in this process.
   */
  jobs?: JobRunner;
}

/**
 * Deletes rows past their retention at start and then every hour, in batches with a turn of the
 * event loop between them. Event and job retention are both this, over their own table.
 */
export class RetentionPurge {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: RetentionPurgeOptions) {
    // A purge deletes what is past the retention when it runs: running it again is harmless.
    options.jobs?.define(options.jobType, async () => ({ deleted: await this.purge() }), { whenReplicaGone: 'resume' });
  }

  start(): void {
    const run = (): void => void this.schedule().catch((error: unknown) => this.options.logger.warn({ err: error }, `could not purge old ${this.options.subject}; will try again`));
    run();
    this.timer = setInterval(run, this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
  }

  /** Waits for a purge under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Purges now (no job runner), or queues a purge job when this replica is the leader and none is queued or running; returns its job id. */
  async schedule(): Promise<string | undefined> {
    const { jobs, jobType, subject } = this.options;
    if (!jobs) {
      await this.purge();
      return undefined;
    }
    if (!jobs.isLeader() || (await jobs.hasUnfinished([jobType], subject))) return undefined;
    return jobs.enqueue(jobType, subject, {});
  }

  /** Deletes what is older than now minus the retention; returns how many. One purge at a time. */
  purge(): Promise<number> {
    this.running ??= this.purgeBatches().finally(() => (this.running = undefined));
    return this.running;
  }

  private async purgeBatches(): Promise<number> {
    const now = this.options.now?.() ?? new Date();
    const before = new Date(now.getTime() - this.options.retentionDays * 86_400_000).toISOString();
    let deleted = 0;
    for (;;) {
      const batch = await this.options.purgeBatch(before, this.options.batchSize ?? PURGE_BATCH);
      deleted += batch.deleted;
      if (!batch.more) break;
      // Requests and watch events go in between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (deleted > 0) this.options.logger.info({ deleted, before }, `deleted ${this.options.subject} past their retention`);
    return deleted;
  }
}

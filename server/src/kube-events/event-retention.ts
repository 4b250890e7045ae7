import type { Logger } from 'pino';
import type { JobRunner } from '../jobs/index.js';
import type { KubeEventsRepo } from '../store/index.js';

/** Rows per delete statement. */
const PURGE_BATCH = 1000;

export const EVENT_RETENTION_JOB = 'kube-events.retention';
const SUBJECT = 'kept Kubernetes events';

export interface EventRetentionOptions {
  repo: KubeEventsRepo;
  logger: Logger;
  /** Events last seen longer ago than this are deleted (EVENT_RETENTION_DAYS). */
  retentionDays: number;
  /** How often the purge runs (default hourly); it also runs at start. */
  intervalMs?: number;
  now?: () => Date;
  /**
   * Runs each purge as a job, queued by the leader replica only (one purge for the fleet, whichever
   * replica runs it); without, `start` purges in this process.
   */
  jobs?: JobRunner;
}

/** Deletes kept Kubernetes events older than the retention, at start and then every hour. */
export class EventRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: EventRetentionOptions) {
    // A purge deletes what is past the retention when it runs: running it again is harmless.
    options.jobs?.define(EVENT_RETENTION_JOB, async () => ({ deleted: await this.purge() }), { whenReplicaGone: 'resume' });
  }

  start(): void {
    const run = (): void => void this.schedule().catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not purge old Kubernetes events; will try again'));
    run();
    this.timer = setInterval(run, this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
  }

  /** Waits for a purge under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Purges now (no job runner), or queues a purge job when this replica is the leader and none is queued or running. */
  async schedule(): Promise<string | undefined> {
    const jobs = this.options.jobs;
    if (!jobs) {
      await this.purge();
      return undefined;
    }
    if (!jobs.isLeader() || (await jobs.hasUnfinished([EVENT_RETENTION_JOB], SUBJECT))) return undefined;
    return jobs.enqueue(EVENT_RETENTION_JOB, SUBJECT, {});
  }

  /** Deletes the events last seen before now minus the retention; returns how many. One purge at a time. */
  purge(): Promise<number> {
    this.running ??= this.purgeBatches().finally(() => (this.running = undefined));
    return this.running;
  }

  private async purgeBatches(): Promise<number> {
    const now = this.options.now?.() ?? new Date();
    const before = new Date(now.getTime() - this.options.retentionDays * 86_400_000).toISOString();
    let deleted = 0;
    for (;;) {
      const batch = await this.options.repo.purgeBatch(before, PURGE_BATCH);
      deleted += batch.deleted;
      if (!batch.more) break;
      // Requests and watch events go in between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (deleted > 0) this.options.logger.info({ deleted, before }, 'purged Kubernetes events past their retention');
    return deleted;
  }
}

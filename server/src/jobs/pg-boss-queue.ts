import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { JobQueue, SendOptions } from './job-queue.js';

/** One pg-boss queue for every job type: the type is on the `jobs` row, and a worker runs any. */
const QUEUE = 'flux-orchestrator-jobs';

export interface PgBossQueueOptions {
  connectionString: string;
  logger: Logger;
  /** Jobs this replica runs at once (one pg-boss worker each). */
  workers?: number;
  /** How often an idle worker asks for a job; a job sent by this replica is taken at once. */
  pollingIntervalSeconds?: number;
  /**
   * Days pg-boss keeps the entries of finished jobs in its archive (JOB_RETENTION_DAYS; pg-boss's
   * default is 7). Its maintenance moves a finished entry to `pgboss.archive` 12 hours after it
   * finished and deletes it from there this many days later.
   */
  retentionDays?: number;
  /** How often pg-boss's maintenance runs, once across replicas (default 120 s, pg-boss's own). */
  maintenanceIntervalSeconds?: number;
}

/**
 * PostgreSQL: every replica sharing the database runs workers on one pg-boss queue, in its own
 * schema (`pgboss`). A job is fetched by exactly one worker (FOR UPDATE SKIP LOCKED), on any
 * replica. pg-boss only decides who runs a job: the handler's failure is recorded on the `jobs`
 * row, so pg-boss never retries one by itself, and its expiry (hours) is a last resort; a dead
 * replica's jobs are handled by JobRunner when the replica membership reports it gone.
 */
export class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  private readonly boss: PgBoss;
  private readonly workers: number;
  private readonly pollingMs: number;
  private readonly loops: Array<Promise<void>> = [];
  /** Wakes idle workers (a job was sent here, or we stop). */
  private wake: Array<() => void> = [];
  private stopping = false;
  private opened: Promise<void> | undefined;

  constructor(private readonly options: PgBossQueueOptions) {
    this.workers = options.workers ?? 4;
    this.pollingMs = (options.pollingIntervalSeconds ?? 2) * 1000;
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      schema: 'pgboss',
      application_name: 'flux-orchestrator-jobs',
      max: this.workers + 2,
      // No cron: periodic work is enqueued by the leader replica (the same way on every database).
      schedule: false,
      // pg-boss's maintenance (on by default, one replica at a time) expires, archives and deletes
      // its own entries; the `jobs` rows are pruned by JobRetention with the same retention.
      supervise: true,
      ...(options.retentionDays !== undefined ? { deleteAfterDays: options.retentionDays } : {}),
      ...(options.maintenanceIntervalSeconds !== undefined ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds } : {}),
    });
    // Without a listener an 'error' event would end the process; pg-boss retries on its own.
    this.boss.on('error', (error) => options.logger.warn({ err: error }, 'job queue (pg-boss) error'));
  }

  async start(execute: (jobId: string) => Promise<void>): Promise<void> {
    await this.open();
    for (let i = 0; i < this.workers; i++) this.loops.push(this.work(execute));
  }

  async send(jobId: string, options: SendOptions): Promise<void> {
    // Jobs may be sent before the workers start (recovery at start): pg-boss is opened first.
    await this.open();
    // A fresh pg-boss id each time: a job sent again after its replica died is a new queue entry.
    await this.boss.send(QUEUE, { jobId }, {
      id: randomUUID(),
      // pg-boss retries only what it expires (a replica gone unnoticed); the row's claim keeps a
      // job still running elsewhere from running twice.
      retryLimit: options.resumable ? 1 : 0,
      retryDelay: 0,
      expireInHours: 4,
    });
    // This replica's idle workers look now instead of at their next poll.
    this.wakeWorkers();
  }

  private open(): Promise<void> {
    this.opened ??= (async () => {
      await this.boss.start();
      await this.ensureQueue();
    })();
    return this.opened;
  }

  async pause(): Promise<void> {
    this.stopping = true;
    this.wakeWorkers();
    await Promise.allSettled(this.loops);
  }

  async close(): Promise<void> {
    await this.pause();
    if (!this.opened) return;
    await this.opened.catch(() => undefined);
    await this.boss.stop({ graceful: true, wait: true, timeout: 5_000 });
  }

  /** Simulates this process dying (tests): stops fetching and closes, leaving what it runs as it is. */
  async abandon(): Promise<void> {
    this.stopping = true;
    this.wakeWorkers();
    await this.boss.stop({ graceful: false, wait: true });
  }

  /**
   * One worker: fetch a job, run it, mark it done; pg-boss's own work() is not used because it
   * completes jobs without awaiting (a database outage then is an unhandled rejection) and
   * fails a handler that outlives the expiry while it still runs.
   */
  private async work(execute: (jobId: string) => Promise<void>): Promise<void> {
    while (!this.stopping) {
      let found = false;
      try {
        const [job] = await this.boss.fetch<{ jobId: string }>(QUEUE, { batchSize: 1 });
        if (job) {
          found = true;
          await execute(job.data.jobId);
          await this.boss.complete(QUEUE, job.id);
        }
      } catch (error) {
        // The database is away, or pg-boss is stopping: try again at the next poll.
        if (!this.stopping) this.options.logger.warn({ err: error }, 'job queue: could not fetch or complete a job');
      }
      if (!found && !this.stopping) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = this.wake.filter((wake) => wake !== done);
        resolve();
      };
      const timer = setTimeout(done, this.pollingMs);
      this.wake.push(done);
    });
  }

  private wakeWorkers(): void {
    const waiting = this.wake;
    this.wake = [];
    for (const wake of waiting) wake();
  }

  /**
   * Two replicas starting at once may both create the queue (one may even be chosen as a
   * deadlock victim): the loser tries again and finds it made.
   */
  private async ensureQueue(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (await this.boss.getQueue(QUEUE)) return;
      try {
        await this.boss.createQueue(QUEUE, { name: QUEUE, policy: 'standard' });
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }
}

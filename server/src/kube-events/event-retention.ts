import type { Logger } from 'pino';
import type { KubeEventsRepo } from '../store/index.js';

/** Rows per delete statement. */
const PURGE_BATCH = 1000;

export interface EventRetentionOptions {
  repo: KubeEventsRepo;
  logger: Logger;
  /** Events last seen longer ago than this are deleted (EVENT_RETENTION_DAYS). */
  retentionDays: number;
  /** How often the purge runs (default hourly); it also runs at start. */
  intervalMs?: number;
  now?: () => Date;
}

/** Deletes kept Kubernetes events older than the retention, at start and then every hour. */
export class EventRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: EventRetentionOptions) {}

  start(): void {
    const run = (): void => void this.purge().catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not purge old Kubernetes events; will try again'));
    run();
    this.timer = setInterval(run, this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
  }

  /** Waits for a purge under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
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

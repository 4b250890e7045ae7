import type { Logger } from 'pino';
import type { JobRunner } from '../jobs/index.js';
import { AZURE_AUTO_SYNC_JOB, AZURE_SYNC_JOBS, type AzureSyncPayload } from './azure-jobs.js';
import type { AzureSubscriptionsService } from './azure-subscriptions.service.js';

/**
 * Periodic discovery + sync for subscriptions with `auto_sync_interval_minutes` > 0. Every
 * replica ticks once a minute, but only the leader enqueues: a due subscription gets one job,
 * whichever replica runs it. A subscription with a sync queued or running is not queued again.
 */
export class AzureAutoSync {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly service: AzureSubscriptionsService,
    private readonly jobs: JobRunner,
    private readonly logger: Logger,
    private readonly tickMs = 60_000,
  ) {}

  start(): void {
    // A tick that fails (database away) is logged and retried on the next one, never left unhandled.
    this.timer = setInterval(() => void this.tick().catch((error: unknown) => this.logger.warn({ err: error }, 'automatic Azure sync could not start')), this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Enqueues the syncs due now (on the leader); returns the subscriptions queued. */
  async tick(now = new Date()): Promise<string[]> {
    if (!this.jobs.isLeader()) return [];
    const queued: string[] = [];
    for (const subscriptionId of await this.service.dueForAutoSync(now).catch(() => [])) {
      if (await this.jobs.hasUnfinished(AZURE_SYNC_JOBS, subscriptionId)) continue;
      await this.jobs.enqueue<AzureSyncPayload>(AZURE_AUTO_SYNC_JOB, subscriptionId, { subscriptionId });
      this.logger.info({ subscriptionId }, 'automatic Azure sync queued');
      queued.push(subscriptionId);
    }
    return queued;
  }
}

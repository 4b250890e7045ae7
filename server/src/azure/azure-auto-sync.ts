import type { Logger } from 'pino';
import type { JobRunner } from '../jobs/index.js';
import type { AzureSubscriptionsService } from './azure-subscriptions.service.js';

/**
 * Periodic discovery + sync for subscriptions with `auto_sync_interval_minutes` > 0. Checks once
 * a minute which are due; a subscription whose sync is still running is not started again.
 */
export class AzureAutoSync {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<string>();

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

  async tick(now = new Date()): Promise<string[]> {
    const due = (await this.service.dueForAutoSync(now).catch(() => [])).filter((id) => !this.running.has(id));
    for (const subscriptionId of due) {
      this.running.add(subscriptionId);
      await this.jobs.start('azure.auto-sync', subscriptionId, async (progress) => {
        try {
          return await this.service.sync(subscriptionId, undefined, progress);
        } finally {
          this.running.delete(subscriptionId);
        }
      });
      this.logger.info({ subscriptionId }, 'automatic Azure sync started');
    }
    return due;
  }
}

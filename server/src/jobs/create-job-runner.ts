import type { Logger } from 'pino';
import type { EventBus } from '../events/index.js';
import { JobsRepo, type OpenDatabase } from '../store/index.js';
import { InProcessQueue } from './in-process-queue.js';
import type { JobQueue } from './job-queue.js';
import { JobRunner, type JobCallerContext } from './job-runner.js';
import { PgBossQueue } from './pg-boss-queue.js';
import type { ReplicaMembership } from './replica-membership.js';

export interface CreateJobRunnerOptions {
  database: OpenDatabase;
  /** The database's URL: pg-boss opens its own connections to it (schema `pgboss`). */
  databaseUrl: string;
  events: EventBus;
  logger: Logger;
  membership: ReplicaMembership;
  caller?: JobCallerContext;
  /** See JobRunnerOptions.soleReplica. */
  soleReplica?: boolean;
  /** pg-boss workers per replica and their polling (PostgreSQL only). */
  workers?: number;
  pollingIntervalSeconds?: number;
  /** Days pg-boss keeps its entries of finished jobs (JOB_RETENTION_DAYS; PostgreSQL only). */
  retentionDays?: number;
}

/**
 * The job runner for the database: on PostgreSQL a pg-boss queue shared by every replica, on
 * SQLite and MariaDB (one server process) jobs run in-process.
 */
export function createJobRunner(options: CreateJobRunnerOptions): JobRunner {
  const queue: JobQueue =
    options.database.dialect === 'postgres'
      ? new PgBossQueue({
          connectionString: options.databaseUrl,
          logger: options.logger,
          ...(options.workers !== undefined ? { workers: options.workers } : {}),
          ...(options.pollingIntervalSeconds !== undefined ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
          ...(options.retentionDays !== undefined ? { retentionDays: options.retentionDays } : {}),
        })
      : new InProcessQueue();
  return new JobRunner({
    repo: new JobsRepo(options.database.db),
    queue,
    events: options.events,
    logger: options.logger,
    membership: options.membership,
    ...(options.caller ? { caller: options.caller } : {}),
    ...(options.soleReplica !== undefined ? { soleReplica: options.soleReplica } : {}),
  });
}

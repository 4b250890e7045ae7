import { RetentionPurge, type RetentionPurgeOptions } from '../jobs/index.js';
import type { KubeEventsRepo } from '../store/index.js';

export const EVENT_RETENTION_JOB = 'kube-events.retention';

export type EventRetentionOptions = Pick<RetentionPurgeOptions, 'logger' | 'intervalMs' | 'now' | 'jobs'> & {
  repo: KubeEventsRepo;
  /** Events last seen longer ago than this are deleted (EVENT_RETENTION_DAYS). */
  retentionDays: number;
};

/** Deletes kept Kubernetes events older than the retention, at start and then every hour. */
export class EventRetention extends RetentionPurge {
  constructor({ repo, ...options }: EventRetentionOptions) {
    super({ ...options, jobType: EVENT_RETENTION_JOB, subject: 'kept Kubernetes events', purgeBatch: (before, size) => repo.purgeBatch(before, size) });
  }
}

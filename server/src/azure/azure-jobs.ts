import type { JobContext, JobRunner } from '../jobs/index.js';
import type { AzureSubscriptionsService } from './azure-subscriptions.service.js';

/** A sync asked for through the API. */
export const AZURE_SYNC_JOB = 'azure.sync';
/** The periodic discovery + sync of a subscription with auto-sync on. */
export const AZURE_AUTO_SYNC_JOB = 'azure.auto-sync';
/** Both kinds sync a subscription: one of either queued or running means "syncing". */
export const AZURE_SYNC_JOBS = [AZURE_SYNC_JOB, AZURE_AUTO_SYNC_JOB];

export interface AzureSyncPayload {
  subscriptionId: string;
  /** Only these clusters; every cluster when absent. */
  clusterIds?: string[];
}

/**
 * Azure sync handlers. A sync makes the clusters match the subscription: running it again after
 * a replica died mid-way is safe, so the job is resumed on another replica.
 */
export function defineAzureJobs(jobs: JobRunner, service: AzureSubscriptionsService): void {
  const sync = ({ payload, progress }: JobContext<AzureSyncPayload>) => service.sync(payload.subscriptionId, payload.clusterIds, progress);
  jobs.define(AZURE_SYNC_JOB, sync, { whenReplicaGone: 'resume' });
  jobs.define(AZURE_AUTO_SYNC_JOB, sync, { whenReplicaGone: 'resume' });
}

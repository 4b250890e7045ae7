export { JobRunner, type JobCallerContext, type JobContext, type JobDefinition, type JobHandler, type JobProgress, type JobRunnerOptions } from './job-runner.js';
export { createJobRunner, type CreateJobRunnerOptions } from './create-job-runner.js';
export type { JobQueue, SendOptions } from './job-queue.js';
export { InProcessQueue } from './in-process-queue.js';
export { PgBossQueue, type PgBossQueueOptions } from './pg-boss-queue.js';
export { localMembership, type ReplicaMembership } from './replica-membership.js';
export { jobsRoutes } from './jobs.routes.js';
export { JobRetention, JOB_RETENTION_JOB, type JobRetentionOptions } from './job-retention.js';
export type { Job, JobStatus } from './jobs.schemas.js';

export { JobRunner, type JobProgress } from './job-runner.js';
export { jobsRoutes } from './jobs.routes.js';
export type { Job, JobStatus } from './jobs.schemas.js';

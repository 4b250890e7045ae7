export { bulkActionsRoutes } from './bulk-actions.routes.js';
export { BulkActionRunner } from './bulk-action-runner.js';
export { planBulkAction, type BulkPlan } from './bulk-action-plan.js';
export { bulkActionJobType, bulkActionPayload, defineBulkActionJobs, type BulkActionPayload } from './bulk-action-jobs.js';
export type { BulkJobPlan } from './bulk-action-runner.js';

export { bulkActionsRoutes } from './bulk-actions.routes.js';
export { BulkActionRunner } from './bulk-action-runner.js';
export { planBulkAction, type BulkPlan } from './bulk-action-plan.js';

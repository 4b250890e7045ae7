export { workloadsRoutes } from './workloads.routes.js';
export { WorkloadActions, workloadKind, type WorkloadKind } from './workload-actions.js';

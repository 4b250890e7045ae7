export { FleetEngine, type FleetEngineOptions, type ResourceChange } from './fleet-engine.js';
export { FleetStream, type FleetStreamOptions } from './fleet-stream.js';
export { FluxResourceService } from './flux-resource.service.js';
export { ClusterRollups, type ClusterRollupView } from './cluster-rollups.js';
export { resourcesRoutes } from './resources.routes.js';

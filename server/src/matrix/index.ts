export { matrixRoutes } from './matrix.routes.js';
export { buildFleetMatrix, versionMatches, type ClusterFacts } from './fleet-matrix.js';

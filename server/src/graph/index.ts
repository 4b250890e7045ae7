export { graphRoutes } from './graph.routes.js';
export { ClusterReferences, nodeId } from './dependency-graph.js';

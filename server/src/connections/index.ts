export * from './credentials/index.js';
export { ClusterConnections, type ClusterConnectionsOptions } from './cluster-connections.js';
export { ClusterConnection, httpStatusOf, type ConnectionIdentity } from './cluster-connection.js';
export type { AuthStrategy } from './auth-strategy.js';
export { buildKubeConfig, createClusterAgent, makeApiClient, type ClusterEndpoint, type KubeConfigOptions } from './kube-client-factory.js';

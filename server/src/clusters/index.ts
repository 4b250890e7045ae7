export { ClustersService, kubeconfigSealContext, type SourcedClusterInput } from './clusters.service.js';
export { clustersRoutes } from './clusters.routes.js';
export {
  validateKubeconfig,
  resolveStoredKubeconfig,
  parseStoredKubeconfig,
  storedKubeconfigAsYaml,
  type ResolvedKubeconfig,
  type ExecPluginConfig,
} from './kubeconfig-validator.js';
export type { Cluster, ClusterHealth, HealthStatus } from './clusters.schemas.js';
export { EndpointPolicy, DEFAULT_DENIED_NETWORKS, parseNetwork, userinfoProblem } from './endpoint-policy.js';

export { ClustersService, kubeconfigSealContext, type SourcedClusterInput } from './clusters.service.js';
export { ClusterHealthChecker } from './cluster-health-checker.js';
export { clustersRoutes } from './clusters.routes.js';
export { validateKubeconfig, resolveStoredKubeconfig, parseStoredKubeconfig, storedKubeconfigAsYaml, type ResolvedKubeconfig } from './kubeconfig-validator.js';
export { probeClusterHealth, type ClusterHealthReport, type ClusterHealthStatus } from './cluster-health-probe.js';
export * from './credentials/index.js';
export { InlineClusterProber, type ClusterProber } from './cluster-prober.js';
export { WorkerClusterProber } from './worker-cluster-prober.js';

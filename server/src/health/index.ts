export { ClusterHealthChecker, type ClusterHealthCheckerOptions } from './cluster-health-checker.js';
export { probeClusterHealth, classify, type ClusterHealthReport, type ClusterHealthStatus } from './cluster-health-probe.js';
export { SharedConnectionProber, type ClusterProber } from './cluster-prober.js';
export { WorkerClusterProber } from './worker-cluster-prober.js';

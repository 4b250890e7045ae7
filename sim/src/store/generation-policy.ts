/**
 * Which objects get `metadata.generation`, as kube-apiserver decides it: every custom resource
 * (and the CRDs themselves), and of the built-in kinds those whose registry strategy counts spec
 * changes (workloads, ingresses, network policies, disruption budgets). Secrets, ConfigMaps,
 * Services, Namespaces, Events and Pods (before Kubernetes 1.33; the simulator serves 1.31) have
 * none, and `kubectl get -o yaml` shows none.
 */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'coordination.k8s.io',
  'events.k8s.io',
  'discovery.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'admissionregistration.k8s.io',
  'apiregistration.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'apiextensions.k8s.io',
]);

const BUILT_IN_WITH_GENERATION = new Set([
  '/replicationcontrollers',
  'apps/deployments',
  'apps/statefulsets',
  'apps/daemonsets',
  'apps/replicasets',
  'batch/jobs',
  'batch/cronjobs',
  'networking.k8s.io/ingresses',
  'networking.k8s.io/networkpolicies',
  'policy/poddisruptionbudgets',
  'apiextensions.k8s.io/customresourcedefinitions',
]);

/** `groupResource` as stored: `group/plural`, `/plural` for the core group. */
export function tracksGeneration(groupResource: string): boolean {
  const group = groupResource.slice(0, groupResource.indexOf('/'));
  return !BUILT_IN_GROUPS.has(group) || BUILT_IN_WITH_GENERATION.has(groupResource);
}

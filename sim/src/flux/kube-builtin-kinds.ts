/**
 * The built-in Kubernetes kinds the simulator creates or loads from manifests, with their store
 * key (`group/plural`). The API server has its own registry; this one only serves `flux/`.
 */
export interface BuiltinKind {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

function builtin(apiVersion: string, kind: string, plural: string, namespaced = true): BuiltinKind {
  const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
  return { group, version, kind, plural, namespaced };
}

export const KUBE_BUILTIN_KINDS: readonly BuiltinKind[] = [
  builtin('v1', 'Namespace', 'namespaces', false),
  builtin('v1', 'Pod', 'pods'),
  builtin('v1', 'Service', 'services'),
  builtin('v1', 'ConfigMap', 'configmaps'),
  builtin('v1', 'Secret', 'secrets'),
  builtin('v1', 'ServiceAccount', 'serviceaccounts'),
  builtin('v1', 'Event', 'events'),
  builtin('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims'),
  builtin('v1', 'Node', 'nodes', false),
  builtin('apps/v1', 'Deployment', 'deployments'),
  builtin('apps/v1', 'StatefulSet', 'statefulsets'),
  builtin('apps/v1', 'DaemonSet', 'daemonsets'),
  builtin('apps/v1', 'ReplicaSet', 'replicasets'),
  builtin('batch/v1', 'Job', 'jobs'),
  builtin('batch/v1', 'CronJob', 'cronjobs'),
  builtin('networking.k8s.io/v1', 'Ingress', 'ingresses'),
  builtin('networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies'),
  builtin('rbac.authorization.k8s.io/v1', 'Role', 'roles'),
  builtin('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings'),
  builtin('rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', false),
  builtin('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  builtin('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'customresourcedefinitions', false),
  builtin('events.k8s.io/v1', 'Event', 'events'),
  builtin('policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets'),
  builtin('autoscaling/v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers'),
  builtin('coordination.k8s.io/v1', 'Lease', 'leases'),
  builtin('storage.k8s.io/v1', 'StorageClass', 'storageclasses', false),
];

const BY_GROUP_KIND = new Map(KUBE_BUILTIN_KINDS.map((entry) => [`${entry.group}/${entry.kind}`, entry]));

/** A built-in kind by API group ('' for core) and kind. */
export function builtinKind(group: string, kind: string): BuiltinKind | undefined {
  return BY_GROUP_KIND.get(`${group}/${kind}`);
}

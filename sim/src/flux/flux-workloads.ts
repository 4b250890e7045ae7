/**
 * The workloads a Kustomization or HelmRelease "applies": namespaces, Deployments, Services and
 * ConfigMaps that exist in the store so inventories and `flux tree` style views point at real
 * objects. Deterministic from the Flux object's name, so re-reconciling creates nothing new.
 */
import type { KubeObject, ObjectStore } from '../store/types.js';
import { preferredClusterIp } from '../kube/service-cluster-ips.js';
import { builtinKind } from './kube-builtin-kinds.js';

export interface InventoryEntry {
  /** `namespace_name_group_Kind`, as kustomize-controller writes it (cli-utils ObjMetadata). */
  id: string;
  /** API version of the object. */
  v: string;
}

export interface PlannedObject {
  groupResource: string;
  object: KubeObject;
}

const KNOWN_IMAGES: Record<string, string> = {
  podinfo: 'ghcr.io/stefanprodan/podinfo:6.7.1',
  'ingress-nginx': 'registry.k8s.io/ingress-nginx/controller:v1.11.3',
  'cert-manager': 'quay.io/jetstack/cert-manager-controller:v1.16.1',
  'kube-prometheus-stack': 'quay.io/prometheus-operator/prometheus-operator:v0.78.1',
  'external-dns': 'registry.k8s.io/external-dns/external-dns:v0.15.0',
  redis: 'docker.io/bitnami/redis:7.4.1',
  'metrics-server': 'registry.k8s.io/metrics-server/metrics-server:v0.7.2',
  'sealed-secrets': 'docker.io/bitnami/sealed-secrets-controller:0.27.2',
  loki: 'docker.io/grafana/loki:3.2.1',
  grafana: 'docker.io/grafana/grafana:11.3.0',
};

/** Container image the simulator gives a workload called `name`. */
export function imageFor(name: string): string {
  const known = Object.entries(KNOWN_IMAGES).find(([key]) => name === key || name.startsWith(`${key}-`) || name.endsWith(`-${key}`));
  return known ? known[1] : `ghcr.io/example/${name}:1.0.0`;
}

/** Inventory id for an object: `namespace_name_group_Kind` ('' for core group / cluster scope). */
export function inventoryId(object: KubeObject): InventoryEntry {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  return { id: `${object.metadata.namespace ?? ''}_${object.metadata.name}_${group ?? ''}_${object.kind}`, v: version ?? 'v1' };
}

/** Parses an inventory id back into its parts; undefined when malformed. */
export function parseInventoryId(id: string): { namespace: string; name: string; group: string; kind: string } | undefined {
  const parts = id.split('_');
  if (parts.length !== 4) return undefined;
  const [namespace = '', name = '', group = '', kind = ''] = parts;
  return name && kind ? { namespace, name, group, kind } : undefined;
}

export function namespaceObject(name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function deploymentObject(namespace: string, name: string, options: { image?: string; replicas?: number; labels?: Record<string, string>; annotations?: Record<string, string> } = {}): KubeObject {
  const replicas = options.replicas ?? 1;
  const selector = { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { ...selector, ...options.labels }, ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      template: { metadata: { labels: selector }, spec: { containers: [{ name, image: options.image ?? imageFor(name), ports: [{ containerPort: 8080, name: 'http' }] }] } },
    },
    status: deploymentReadyStatus(name, replicas),
  };
}

/** Pod-template-hash style suffix, stable per name. */
export function replicaSetHash(name: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let hash = 7;
  let out = '';
  for (let i = 0; i < 10; i += 1) {
    hash = (Math.imul(hash, 31) + name.charCodeAt(i % name.length) + i) >>> 0;
    out += alphabet[hash % alphabet.length];
  }
  return out;
}

/** A fully rolled out Deployment status for `replicas`. */
export function deploymentReadyStatus(name: string, replicas: number, generation = 1): Record<string, unknown> {
  return {
    observedGeneration: generation,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}-${replicaSetHash(name)}" has successfully progressed.` },
    ],
  };
}

export function serviceObject(namespace: string, name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/name': name, ...labels } },
    spec: { type: 'ClusterIP', clusterIP: preferredClusterIp(namespace, name), clusterIPs: [preferredClusterIp(namespace, name)], selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  };
}

export function configMapObject(namespace: string, name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data: { 'config.yaml': `name: ${name}\n` } };
}

/** Store key (`group/plural`) of a built-in object; unknown kinds get a lower-case plural. */
export function groupResourceOf(object: KubeObject): string {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  const builtin = builtinKind(group ?? '', object.kind);
  return `${group ?? ''}/${builtin ? builtin.plural : `${object.kind.toLowerCase()}s`}`;
}

/** The objects a Kustomization applies when its inventory is not given: namespace, Deployment, Service, ConfigMap. */
export function planKustomizationWorkloads(kustomization: KubeObject): PlannedObject[] {
  const name = kustomization.metadata.name;
  const targetNamespace = typeof kustomization.spec?.targetNamespace === 'string' ? kustomization.spec.targetNamespace : name;
  const labels = {
    'kustomize.toolkit.fluxcd.io/name': name,
    'kustomize.toolkit.fluxcd.io/namespace': kustomization.metadata.namespace ?? 'default',
  };
  const objects = [
    namespaceObject(targetNamespace, labels),
    configMapObject(targetNamespace, `${name}-config`, labels),
    serviceObject(targetNamespace, name, labels),
    deploymentObject(targetNamespace, name, { labels, replicas: 2 }),
  ];
  return objects.map((object) => ({ groupResource: groupResourceOf(object), object }));
}

/** Helm's release name for a HelmRelease (spec.releaseName, else [targetNamespace-]name). */
export function helmReleaseName(release: KubeObject): string {
  const spec = release.spec ?? {};
  if (typeof spec.releaseName === 'string' && spec.releaseName) return spec.releaseName;
  return typeof spec.targetNamespace === 'string' && spec.targetNamespace ? `${spec.targetNamespace}-${release.metadata.name}` : release.metadata.name;
}

/** Namespace a HelmRelease installs into. */
export function helmReleaseNamespace(release: KubeObject): string {
  const target = release.spec?.targetNamespace;
  return typeof target === 'string' && target ? target : (release.metadata.namespace ?? 'default');
}

/** The objects a HelmRelease's chart renders: a Deployment and a Service labelled as Helm does. */
export function planHelmReleaseWorkloads(release: KubeObject): PlannedObject[] {
  const releaseName = helmReleaseName(release);
  const namespace = helmReleaseNamespace(release);
  const labels = {
    'app.kubernetes.io/managed-by': 'Helm',
    'helm.toolkit.fluxcd.io/name': release.metadata.name,
    'helm.toolkit.fluxcd.io/namespace': release.metadata.namespace ?? 'default',
  };
  const annotations = { 'meta.helm.sh/release-name': releaseName, 'meta.helm.sh/release-namespace': namespace };
  const objects = [
    namespaceObject(namespace),
    serviceObject(namespace, releaseName, labels),
    deploymentObject(namespace, releaseName, { labels, annotations, image: imageFor(release.metadata.name) }),
  ];
  return objects.map((object) => ({ groupResource: groupResourceOf(object), object }));
}

/**
 * Creates the planned objects that do not exist yet (namespaces first, as kustomize-controller
 * applies them) and returns inventory entries for all of them, sorted like Flux sorts them.
 */
export function applyPlannedObjects(store: ObjectStore, planned: readonly PlannedObject[]): InventoryEntry[] {
  const ordered = [...planned].sort((a, b) => Number(b.object.kind === 'Namespace') - Number(a.object.kind === 'Namespace'));
  for (const { groupResource, object } of ordered) {
    if (!store.get(groupResource, object.metadata.namespace, object.metadata.name)) {
      try {
        store.create(groupResource, object);
      } catch {
        // Created concurrently by another reconcile: the goal (it exists) is met.
      }
    }
  }
  return planned.map(({ object }) => inventoryId(object)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Kinds `ensureInventoryObjects` can recreate from an inventory id alone. */
const RECREATABLE = new Set(['Namespace', 'Deployment', 'Service', 'ConfigMap']);

/**
 * Creates the Namespaces, Deployments, Services and ConfigMaps an inventory names that are
 * missing from the store (other kinds are left alone). Returns how many it created.
 */
export function ensureInventoryObjects(store: ObjectStore, entries: readonly InventoryEntry[], labels: Record<string, string> = {}): number {
  const planned: PlannedObject[] = [];
  for (const entry of entries) {
    const parsed = parseInventoryId(entry.id);
    if (!parsed || !RECREATABLE.has(parsed.kind)) continue;
    const { namespace, name, kind } = parsed;
    const object =
      kind === 'Namespace' ? namespaceObject(name, labels)
      : kind === 'Deployment' ? deploymentObject(namespace, name, { labels })
      : kind === 'Service' ? serviceObject(namespace, name, labels)
      : configMapObject(namespace, name, labels);
    const groupResource = groupResourceOf(object);
    if (!store.get(groupResource, object.metadata.namespace, name)) planned.push({ groupResource, object });
  }
  applyPlannedObjects(store, planned);
  return planned.length;
}

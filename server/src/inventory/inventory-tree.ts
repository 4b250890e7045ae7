import pLimit from 'p-limit';
import { computeFluxStatus, fluxKindOf, inventoryOf, type FluxKind, type FluxObjectLike, type InventoryEntryRef } from '@flux-orchestrator/flux-model';
import { httpStatusOf, type ClusterConnection } from '../connections/index.js';
import type { ApiResourceCatalog } from './api-resources.js';
import type { InventoryNode } from './inventory.schemas.js';
import { workloadHealth } from './workload-health.js';

type Json = Record<string, unknown>;

/** Bounds: an inventory of thousands (a whole platform in one Kustomization) still answers fast. */
const MAX_NODES = 1000;
const MAX_DEPTH = 4;
const MAX_PODS_PER_WORKLOAD = 50;
const CONCURRENCY = 8;

const WITH_PODS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
/** Labels Flux puts on what it applies (kustomize-controller and helm-controller). */
const OWNER_LABELS: Array<[kind: string, name: string, namespace: string]> = [
  ['Kustomization', 'kustomize.toolkit.fluxcd.io/name', 'kustomize.toolkit.fluxcd.io/namespace'],
  ['HelmRelease', 'helm.toolkit.fluxcd.io/name', 'helm.toolkit.fluxcd.io/namespace'],
];

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/** The Kustomization or HelmRelease that applied an object, from the labels Flux sets on it. */
export function fluxOwnerOf(object: Json): InventoryNode['flux_owner'] {
  const labels = record(record(object.metadata).labels);
  for (const [kind, nameLabel, namespaceLabel] of OWNER_LABELS) {
    const name = labels[nameLabel];
    const namespace = labels[namespaceLabel];
    if (typeof name === 'string' && typeof namespace === 'string') return { kind, namespace, name };
  }
  return null;
}

function fluxHealth(kind: FluxKind, object: Json): Pick<InventoryNode, 'health' | 'message'> {
  const computed = computeFluxStatus(object as FluxObjectLike, kind);
  const health = computed.status === 'ready' ? 'healthy' : computed.status === 'failed' ? 'failed' : computed.status === 'suspended' ? 'suspended' : computed.status === 'progressing' ? 'progressing' : 'unknown';
  return { health, message: computed.message || computed.reason };
}

/**
 * Resolves an inventory to live objects with their health: nested Flux objects are expanded with
 * their own inventory, Deployments, StatefulSets and DaemonSets show their pods. Objects are read
 * a few at a time; the whole tree stops at MAX_NODES (then `truncated`).
 */
export class InventoryTreeBuilder {
  private nodes = 0;
  truncated = false;
  readonly notes: string[] = [];
  private readonly limit = pLimit(CONCURRENCY);

  constructor(
    private readonly connection: ClusterConnection,
    private readonly catalog: ApiResourceCatalog,
  ) {}

  /** The tree under a live Flux object. */
  async build(kind: FluxKind, object: Json, apiVersion: string): Promise<InventoryNode> {
    const metadata = record(object.metadata);
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
    const name = String(metadata.name ?? '');
    this.nodes = 1;
    const root: InventoryNode = {
      id: `${namespace}_${name}_${kind.group}_${kind.kind}`,
      kind: kind.kind,
      api_version: apiVersion,
      namespace,
      name,
      ...fluxHealth(kind, object),
      flux_owner: fluxOwnerOf(object),
      containers: [],
      children: [],
    };
    const entries = inventoryOf(object);
    if (entries === undefined) {
      this.notes.push(
        kind.kind === 'HelmRelease'
          ? 'This HelmRelease reports no inventory: helm-controller writes status.inventory from Flux 2.8.'
          : `This ${kind.kind} reports no inventory (status.inventory): it has applied nothing yet, or its kind keeps none.`,
      );
      return root;
    }
    root.children = await this.resolve(entries, 1);
    return root;
  }

  private async resolve(entries: InventoryEntryRef[], depth: number): Promise<InventoryNode[]> {
    const admitted = entries.filter(() => {
      if (this.nodes >= MAX_NODES) {
        this.truncated = true;
        return false;
      }
      this.nodes += 1;
      return true;
    });
    return Promise.all(admitted.map((entry) => this.limit(() => this.node(entry)).then((node) => this.expand(node, depth))));
  }

  private async node(entry: InventoryEntryRef): Promise<{ node: InventoryNode; object?: Json }> {
    const apiVersion = entry.group ? `${entry.group}/${entry.version}` : entry.version;
    const base: InventoryNode = { id: `${entry.namespace}_${entry.name}_${entry.group}_${entry.kind}`, kind: entry.kind, api_version: apiVersion, namespace: entry.namespace, name: entry.name, health: 'unknown', message: '', flux_owner: null, containers: [], children: [] };
    const resource = await this.catalog.resolve(this.connection, entry.group, entry.version, entry.kind).catch(() => undefined);
    if (!resource) return { node: { ...base, message: `the cluster does not serve ${entry.kind} in ${apiVersion}` } };
    const prefix = entry.group ? `/apis/${entry.group}/${entry.version}` : `/api/${entry.version}`;
    const path = resource.namespaced ? `${prefix}/namespaces/${encodeURIComponent(entry.namespace)}/${resource.plural}/${encodeURIComponent(entry.name)}` : `${prefix}/${resource.plural}/${encodeURIComponent(entry.name)}`;
    let object: Json;
    try {
      object = await this.connection.getJson<Json>(path, {}, AbortSignal.timeout(15_000));
    } catch (error) {
      if (httpStatusOf(error) === 404) return { node: { ...base, health: 'missing', message: `${entry.kind} ${entry.namespace ? `${entry.namespace}/` : ''}${entry.name} is in the inventory but not in the cluster` } };
      return { node: { ...base, message: `could not read it: ${httpStatusOf(error) !== undefined ? `HTTP ${httpStatusOf(error)}` : ((error as Error).message ?? String(error))}` } };
    }
    const fluxKind = fluxKindOf(entry.group, entry.kind);
    // Only health and names leave this function: never the object (a Secret's data stays here).
    const verdict = fluxKind ? fluxHealth(fluxKind, object) : workloadHealth(entry.kind, object);
    return { node: { ...base, ...verdict, flux_owner: fluxOwnerOf(object), containers: entry.kind === 'Pod' && !entry.group ? containersOf(object) : [] }, object };
  }

  private async expand({ node, object }: { node: InventoryNode; object?: Json }, depth: number): Promise<InventoryNode> {
    if (!object || depth >= MAX_DEPTH) return node;
    if (fluxKindOf(node.api_version.includes('/') ? node.api_version.split('/')[0]! : '', node.kind)) {
      const entries = inventoryOf(object);
      if (entries) node.children = await this.resolve(entries, depth + 1);
      return node;
    }
    if (WITH_PODS.has(node.kind)) node.children = await this.pods(node, object);
    return node;
  }

  /** The pods a workload's selector matches (its own, by `matchLabels`). */
  private async pods(node: InventoryNode, object: Json): Promise<InventoryNode[]> {
    const matchLabels = record(record(record(object.spec).selector).matchLabels);
    const selector = Object.entries(matchLabels)
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(',');
    if (!selector) return [];
    let pods: Json[];
    try {
      pods = (await this.limit(() => this.connection.getJson<{ items?: Json[] }>(`/api/v1/namespaces/${encodeURIComponent(node.namespace)}/pods`, { labelSelector: selector, limit: MAX_PODS_PER_WORKLOAD }, AbortSignal.timeout(15_000)))).items ?? [];
    } catch {
      return [];
    }
    const children: InventoryNode[] = [];
    for (const pod of pods) {
      if (this.nodes >= MAX_NODES) {
        this.truncated = true;
        break;
      }
      this.nodes += 1;
      const name = String(record(pod.metadata).name ?? '');
      children.push({ id: `${node.namespace}_${name}__Pod`, kind: 'Pod', api_version: 'v1', namespace: node.namespace, name, ...workloadHealth('Pod', pod), flux_owner: null, containers: containersOf(pod), children: [] });
    }
    return children;
  }
}

/** A pod's container names, init containers last: what its logs can be read from (names only leave here). */
function containersOf(pod: Json): string[] {
  const spec = record(pod.spec);
  const names = (list: unknown) => (Array.isArray(list) ? list.map((container) => String(record(container).name ?? '')).filter(Boolean) : []);
  return [...names(spec.containers), ...names(spec.initContainers)];
}

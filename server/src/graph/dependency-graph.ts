import { findFluxKind, matchesLabelSelector, type FluxRef } from '@flux-orchestrator/flux-model';
import type { ResourceRecord } from '../fleet/index.js';
import type { DependencyGraph, GraphEdge, GraphNode } from './graph.schemas.js';

/** Kinds a HelmRelease's `spec.chart.spec.sourceRef` may name; helm-controller makes a HelmChart from them. */
const CHART_REPOSITORY_KINDS = new Set(['HelmRepository', 'GitRepository', 'Bucket']);

type EdgeType = GraphEdge['type'];

interface Link {
  to: string;
  ref: FluxRef;
  type: EdgeType;
}

function appendTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Node id within a cluster; the kind is the catalog's (refs may spell it any way). */
export function nodeId(kind: string, namespace: string, name: string): string {
  return `${findFluxKind(kind)?.kind ?? kind}/${namespace}/${name}`;
}

function toNode(record: ResourceRecord): GraphNode {
  return {
    id: nodeId(record.kind, record.namespace, record.name),
    kind: record.kind,
    namespace: record.namespace,
    name: record.name,
    status: record.status,
    reason: record.reason,
    message: record.message,
    revision: record.revision,
    suspended: record.suspended,
  };
}

function missingNode(ref: FluxRef): GraphNode {
  const kind = findFluxKind(ref.kind)?.kind ?? ref.kind;
  return { id: nodeId(kind, ref.namespace, ref.name), kind, namespace: ref.namespace, name: ref.name, status: 'missing', reason: 'NotFound', message: `${kind} ${ref.namespace}/${ref.name} does not exist in the cluster`, revision: null, suspended: false };
}

/**
 * The references between one cluster's Flux objects, both ways: what each object uses (its
 * source, the HelmChart helm-controller made for it, what it depends on, its inputs) and what
 * uses it; which objects generated it (an ArtifactGenerator its ExternalArtifacts, a ResourceSet
 * what it applied) and what it generated.
 */
export class ClusterReferences {
  private readonly records = new Map<string, ResourceRecord>();
  private readonly uses = new Map<string, Link[]>();
  private readonly usedBy = new Map<string, Array<{ from: string; type: EdgeType }>>();
  private readonly products = new Map<string, Link[]>();
  private readonly generators = new Map<string, string[]>();
  private byKindAndNamespace: Map<string, ResourceRecord[]> | undefined;

  /**
   * `visible`: namespaces the caller may see. Objects elsewhere, and references into them, are
   * left out entirely (shown as missing they would both mislead and reveal that they exist).
   */
  constructor(records: Iterable<ResourceRecord>, private readonly visible: (namespace: string) => boolean = () => true) {
    for (const record of records) if (visible(record.namespace)) this.records.set(nodeId(record.kind, record.namespace, record.name), record);
    for (const [id, record] of this.records) {
      const products = record.generates.filter((ref) => this.visible(ref.namespace)).map((ref) => ({ to: nodeId(ref.kind, ref.namespace, ref.name), ref, type: 'generates' as const }));
      if (products.length === 0) continue;
      this.products.set(id, products);
      for (const product of products) appendTo(this.generators, product.to, id);
    }
    for (const [id, record] of this.records) {
      const links = this.linksOf(id, record);
      this.uses.set(id, links);
      for (const link of links) appendTo(this.usedBy, link.to, { from: id, type: link.type });
    }
  }

  get(id: string): ResourceRecord | undefined {
    return this.records.get(id);
  }

  all(): IterableIterator<ResourceRecord> {
    return this.records.values();
  }

  /** Ids of what the object needs first: what it uses (source, HelmChart, dependsOn, inputs) and what generated it. */
  usesOf(id: string): string[] {
    return [...(this.uses.get(id) ?? []).map((link) => link.to), ...(this.generators.get(id) ?? [])];
  }

  private linksOf(id: string, record: ResourceRecord): Link[] {
    const links: Link[] = [];
    const source = record.source;
    if (source) {
      // `spec.chart` names a chart repository; the object that actually feeds the release is the
      // HelmChart `<namespace>-<name>` helm-controller keeps next to that repository.
      const chartId = nodeId('HelmChart', source.namespace, `${record.namespace}-${record.name}`);
      const sourceId = nodeId(source.kind, source.namespace, source.name);
      if (record.kind === 'HelmRelease' && CHART_REPOSITORY_KINDS.has(source.kind) && this.records.has(chartId)) {
        links.push({ to: chartId, ref: { kind: 'HelmChart', namespace: source.namespace, name: `${record.namespace}-${record.name}` }, type: 'chart' });
      } else if (!this.generators.get(id)?.includes(sourceId)) {
        // An ExternalArtifact's sourceRef names its producer; when the producer declares it, the
        // `generates` edge already says so.
        links.push({ to: sourceId, ref: source, type: 'source' });
      }
    }
    for (const ref of record.dependsOn) links.push({ to: nodeId(ref.kind, ref.namespace, ref.name), ref, type: 'depends_on' });
    for (const ref of record.inputs) links.push({ to: nodeId(ref.kind, ref.namespace, ref.name), ref, type: 'input' });
    for (const picked of record.inputSelectors) {
      // Only what exists can match a selector: no `missing` node for a selector that picks nothing.
      for (const candidate of this.ofKindIn(picked.kind, picked.namespace)) {
        if (!matchesLabelSelector(picked.selector, candidate.labels)) continue;
        const ref = { kind: candidate.kind, namespace: candidate.namespace, name: candidate.name };
        links.push({ to: nodeId(ref.kind, ref.namespace, ref.name), ref, type: 'input' });
      }
    }
    return links.filter((link) => this.visible(link.ref.namespace));
  }

  /** The visible objects of one kind in one namespace (built on first use: only selectors need it). */
  private ofKindIn(kind: string, namespace: string): ResourceRecord[] {
    if (!this.byKindAndNamespace) {
      this.byKindAndNamespace = new Map();
      for (const record of this.records.values()) appendTo(this.byKindAndNamespace, `${record.kind}/${record.namespace}`, record);
    }
    return this.byKindAndNamespace.get(`${findFluxKind(kind)?.kind ?? kind}/${namespace}`) ?? [];
  }

  /**
   * The graph around some objects: everything they use, transitively (so a missing or failing
   * source two steps away shows), and with `withUsers` everything that uses them, transitively.
   * Stops at `limit` nodes (then `truncated`).
   */
  graph(clusterId: string, seeds: string[], options: { withUsers: boolean; limit: number; root: string | null }): DependencyGraph {
    const nodes = new Map<string, GraphNode>();
    const edges = new Map<string, GraphEdge>();
    let truncated = false;
    const add = (id: string, ref?: FluxRef): boolean => {
      if (nodes.has(id)) return true;
      if (nodes.size >= options.limit) {
        truncated = true;
        return false;
      }
      const record = this.records.get(id);
      nodes.set(id, record ? toNode(record) : missingNode(ref!));
      return true;
    };
    const addEdge = (from: string, to: string, type: EdgeType): void => {
      edges.set(`${from}>${to}>${type}`, { from, to, type });
    };
    // Upstream: what the seeds use and what generated them, transitively. A generator's own
    // products are shown too (one declared and not produced is `missing`), without what they use.
    const upstream = seeds.filter((id) => this.records.has(id));
    for (const id of upstream) add(id);
    for (let index = 0; index < upstream.length; index++) {
      const id = upstream[index]!;
      for (const link of this.uses.get(id) ?? []) {
        const known = nodes.has(link.to);
        if (!add(link.to, link.ref)) continue;
        addEdge(id, link.to, link.type);
        if (!known && this.records.has(link.to)) upstream.push(link.to);
      }
      for (const generator of this.generators.get(id) ?? []) {
        const known = nodes.has(generator);
        if (!add(generator)) continue;
        addEdge(generator, id, 'generates');
        if (!known) upstream.push(generator);
      }
      for (const product of this.products.get(id) ?? []) {
        if (add(product.to, product.ref)) addEdge(id, product.to, 'generates');
      }
    }
    if (options.withUsers) {
      const downstream = seeds.filter((id) => this.records.has(id));
      const visited = new Set(downstream);
      for (let index = 0; index < downstream.length; index++) {
        const id = downstream[index]!;
        const dependents = [
          ...(this.usedBy.get(id) ?? []).map((user) => ({ id: user.from, edge: { from: user.from, to: id, type: user.type } })),
          ...(this.products.get(id) ?? []).filter((product) => this.records.has(product.to)).map((product) => ({ id: product.to, edge: { from: id, to: product.to, type: product.type } })),
        ];
        for (const dependent of dependents) {
          if (!add(dependent.id)) continue;
          addEdge(dependent.edge.from, dependent.edge.to, dependent.edge.type);
          if (!visited.has(dependent.id)) {
            visited.add(dependent.id);
            downstream.push(dependent.id);
          }
        }
      }
    }
    return { cluster_id: clusterId, root: options.root, nodes: [...nodes.values()], edges: [...edges.values()], truncated };
  }
}

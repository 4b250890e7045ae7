import { FLUX_KINDS, findFluxKind, type FluxAction } from '@flux-orchestrator/flux-model';
import { ApiError } from '../common/api-error.js';
import { type FleetEngine, type ResourceRecord, parseLabelSelector, resolveClusters, type Visibility } from '../fleet/index.js';
import { ClusterReferences, nodeId } from '../graph/index.js';
import type { BulkSelector } from './bulk-actions.schemas.js';

export interface PlannedCluster {
  clusterId: string;
  cluster: string;
  /** Steps in order; the objects of one step do not use each other. */
  steps: ResourceRecord[][];
}

export interface BulkPlan {
  action: FluxAction;
  total: number;
  clusters: PlannedCluster[];
  skippedKinds: string[];
}

const PAST: Record<FluxAction, string> = { reconcile: 'reconciled', suspend: 'suspended', resume: 'resumed' };

function isEmpty(selector: BulkSelector): boolean {
  return Object.values(selector).every((value) => value === undefined || (Array.isArray(value) && value.length === 0) || value === '');
}

/**
 * Step of each selected object in its cluster: 0 when nothing it uses (transitively, through
 * objects that are not selected too) is selected, else one more than the highest step of what it
 * uses. Sources thus come before what uses them and `dependsOn` is honoured. A reference cycle
 * (Flux refuses those too) is cut where it is found.
 */
function stepsOf(references: ClusterReferences, selected: ResourceRecord[]): ResourceRecord[][] {
  const selectedIds = new Set(selected.map((record) => nodeId(record.kind, record.namespace, record.name)));
  // Height of a node = the step it would have: max over what it uses of (height + 1 if that one is selected).
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const height = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    let result = 0;
    for (const used of references.usesOf(id)) {
      if (!references.get(used)) continue;
      result = Math.max(result, height(used) + (selectedIds.has(used) ? 1 : 0));
    }
    visiting.delete(id);
    memo.set(id, result);
    return result;
  };
  const steps: ResourceRecord[][] = [];
  for (const record of selected) {
    const step = height(nodeId(record.kind, record.namespace, record.name));
    (steps[step] ??= []).push(record);
  }
  return steps.filter((step) => step !== undefined && step.length > 0);
}

/** What a bulk action would touch: the selection, cluster by cluster, in dependency order. */
export function planBulkAction(engine: FleetEngine, action: FluxAction, selector: BulkSelector, visibility?: Visibility): BulkPlan {
  if (isEmpty(selector)) {
    throw ApiError.validation([{ field: 'body.selector', message: 'an empty selector would act on every object in the fleet; name clusters, kinds, namespaces, names or a status' }]);
  }
  const skippedKinds: string[] = [];
  let kinds: Set<string>;
  if (selector.kinds?.length) {
    kinds = new Set();
    for (const value of selector.kinds) {
      const kind = findFluxKind(value);
      if (!kind) throw ApiError.validation([{ field: 'body.selector.kinds', message: `"${value}" is not a Flux kind; use one of ${FLUX_KINDS.map((k) => k.kind).join(', ')}` }]);
      if (kind.actions.includes(action)) kinds.add(kind.kind);
      else skippedKinds.push(kind.kind);
    }
    if (kinds.size === 0) {
      throw ApiError.validation([{ field: 'body.selector.kinds', message: `none of ${skippedKinds.join(', ')} can be ${PAST[action]}` }]);
    }
  } else {
    kinds = new Set(FLUX_KINDS.filter((kind) => kind.actions.includes(action)).map((kind) => kind.kind));
  }
  let clusters = engine.clusterList();
  if (selector.clusters?.length) {
    const named = resolveClusters(engine, selector.clusters);
    clusters = clusters.filter((cluster) => named.has(cluster.id));
  }
  if (selector.cluster_selector) {
    const matches = parseLabelSelector(selector.cluster_selector, 'body.selector.cluster_selector');
    clusters = clusters.filter((cluster) => matches(cluster.labels));
  }
  if (visibility) clusters = clusters.filter((cluster) => visibility.cluster(cluster.id));
  // Picked objects: `clusterId/Kind/namespace/name` keys (cluster by id or name, kind in any spelling).
  let picked: Set<string> | undefined;
  if (selector.objects?.length) {
    picked = new Set();
    for (const [index, object] of selector.objects.entries()) {
      const kind = findFluxKind(object.kind);
      if (!kind) throw ApiError.validation([{ field: `body.selector.objects.${index}.kind`, message: `"${object.kind}" is not a Flux kind` }]);
      for (const clusterId of resolveClusters(engine, [object.cluster])) picked.add(`${clusterId}/${kind.kind}/${object.namespace}/${object.name}`);
    }
  }
  const namespaces = selector.namespaces?.length ? new Set(selector.namespaces) : undefined;
  const names = selector.names?.length ? new Set(selector.names) : undefined;
  const statuses = selector.status?.length ? new Set<string>(selector.status) : undefined;

  const planned: PlannedCluster[] = [];
  let total = 0;
  for (const cluster of clusters.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }))) {
    const records = engine.index.ofCluster(cluster.id);
    const selected = records
      .filter(
        (record) =>
          kinds.has(record.kind) &&
          (!namespaces || namespaces.has(record.namespace)) &&
          (!names || names.has(record.name)) &&
          (!statuses || statuses.has(record.status)) &&
          (!picked || picked.has(record.key)) &&
          (!visibility || visibility.object(cluster.id, record.namespace)),
      )
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
    if (selected.length === 0) continue;
    total += selected.length;
    planned.push({ clusterId: cluster.id, cluster: cluster.name, steps: stepsOf(new ClusterReferences(records), selected) });
  }
  return { action, total, clusters: planned, skippedKinds };
}

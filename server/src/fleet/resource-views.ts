import { FLUX_STATUSES, findFluxKind, FLUX_KINDS, type FluxStatus } from '@flux-orchestrator/flux-model';
import { ApiError } from '../common/api-error.js';
import type { FleetEngine } from './fleet-engine.js';
import type { ResourceQuery } from './fleet-index.js';
import type { ResourceRecord } from './resource-record.js';
import type { ResourceItem, ResourceListQuery } from './resources.schemas.js';

/** The API's view of a record (snake_case), with the cluster's name and whether it is fresh. */
export function toItem(engine: FleetEngine, record: ResourceRecord): ResourceItem {
  return {
    id: record.key,
    cluster_id: record.clusterId,
    cluster: engine.clusterName(record.clusterId),
    kind: record.kind,
    api_version: record.apiVersion,
    namespace: record.namespace,
    name: record.name,
    status: record.status,
    reason: record.reason,
    message: record.message,
    revision: record.revision,
    attempted_revision: record.attemptedRevision,
    suspended: record.suspended,
    status_since: record.statusSince,
    last_handled_reconcile_at: record.lastHandledReconcileAt,
    generation: record.generation,
    observed_generation: record.observedGeneration,
    source: record.source,
    depends_on: record.dependsOn,
    stale: !engine.isLive(record),
    updated_at: record.updatedAt,
  };
}

/**
 * `toItem` as JSON, kept per record. A change replaces a record (never edits it), so a record's
 * JSON stays right while its cluster's name and freshness do. During a cold sync every change
 * misses the whole-answer cache (ListAnswerCache); with this, building an answer costs a scan and
 * a join of ready strings instead of building and serialising 100 items again.
 */
export class ItemJsonCache {
  private readonly built = new WeakMap<ResourceRecord, { cluster: string; stale: boolean; json: string }>();

  constructor(private readonly engine: FleetEngine) {}

  of(record: ResourceRecord): string {
    const cluster = this.engine.clusterName(record.clusterId);
    const stale = !this.engine.isLive(record);
    const found = this.built.get(record);
    if (found && found.cluster === cluster && found.stale === stale) return found.json;
    const json = JSON.stringify(toItem(this.engine, record));
    this.built.set(record, { cluster, stale, json });
    return json;
  }
}

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((part) => part.trim()).filter(Boolean);
  return parts.length > 0 ? parts : undefined;
}

/** `cluster` values are ids or names (case-insensitive); unknown ones match nothing. */
export function resolveClusters(engine: FleetEngine, values: string[]): Set<string> {
  const byName = new Map(engine.clusterList().map((cluster) => [cluster.name.toLowerCase(), cluster.id]));
  const ids = new Set<string>();
  for (const value of values) {
    if (engine.cluster(value)) ids.add(value);
    const id = byName.get(value.toLowerCase());
    if (id) ids.add(id);
  }
  return ids;
}

export function resolveKinds(values: string[], field: string): Set<string> {
  const kinds = new Set<string>();
  for (const value of values) {
    const kind = findFluxKind(value);
    if (!kind) throw ApiError.validation([{ field, message: `"${value}" is not a Flux kind; use one of ${FLUX_KINDS.map((k) => k.kind).join(', ')}` }]);
    kinds.add(kind.kind);
  }
  return kinds;
}

/**
 * Kubernetes label selector, equality-based: `a=b`, `a==b`, `a!=b`, `a`, `!a`, comma-separated (all
 * must hold). `field` names where it came from in a 400.
 */
export function parseLabelSelector(selector: string, field = 'querystring.cluster_selector'): (labels: Record<string, string>) => boolean {
  const requirements = selector
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(!?)([A-Za-z0-9][-A-Za-z0-9_./]*)\s*(?:(!=|==|=)\s*([-A-Za-z0-9_.]*))?$/.exec(part);
      if (!match) {
        throw ApiError.validation([{ field, message: `"${part}" is not a label requirement; write key=value, key!=value, key or !key` }]);
      }
      const [, negate, key, operator, value] = match as unknown as [string, string, string, string | undefined, string | undefined];
      if (negate && operator) throw ApiError.validation([{ field, message: `"${part}": use !key alone, or key!=value` }]);
      return (labels: Record<string, string>): boolean => {
        const has = Object.prototype.hasOwnProperty.call(labels, key);
        if (!operator) return negate ? !has : has;
        return operator === '!=' ? labels[key] !== value : has && labels[key] === value;
      };
    });
  return (labels) => requirements.every((requirement) => requirement(labels));
}

/** Turns the query string into an index query; a bad value is a 400 naming the field. */
export function toResourceQuery(engine: FleetEngine, query: ResourceListQuery): ResourceQuery {
  let clusterIds: Set<string> | undefined;
  const clusters = splitList(query.cluster);
  if (clusters) clusterIds = resolveClusters(engine, clusters);
  if (query.cluster_selector !== undefined) {
    const matches = parseLabelSelector(query.cluster_selector);
    const selected = new Set(engine.clusterList().filter((cluster) => matches(cluster.labels)).map((cluster) => cluster.id));
    clusterIds = clusterIds ? new Set([...clusterIds].filter((id) => selected.has(id))) : selected;
  }
  const kinds = splitList(query.kind);
  const statuses = splitList(query.status);
  for (const status of statuses ?? []) {
    if (!(FLUX_STATUSES as readonly string[]).includes(status)) {
      throw ApiError.validation([{ field: 'querystring.status', message: `"${status}" is not a status; use ${FLUX_STATUSES.join(', ')}` }]);
    }
  }
  const namespaces = splitList(query.namespace);
  const text = query.q?.trim().toLowerCase();
  return {
    ...(clusterIds ? { clusterIds } : {}),
    ...(kinds ? { kinds: resolveKinds(kinds, 'querystring.kind') } : {}),
    ...(namespaces ? { namespaces: new Set(namespaces) } : {}),
    ...(statuses ? { statuses: new Set(statuses as FluxStatus[]) } : {}),
    ...(text ? { text } : {}),
    sort: query.sort ?? 'status',
    order: query.order ?? 'asc',
    limit: query.limit ?? 100,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  };
}

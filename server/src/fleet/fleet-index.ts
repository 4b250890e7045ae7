import { FLUX_STATUSES, type FluxStatus } from '@flux-orchestrator/flux-model';
import type { ResourceRecord } from './resource-record.js';

export type StatusCounts = Record<FluxStatus, number> & { total: number };

export function emptyCounts(): StatusCounts {
  return { total: 0, failed: 0, progressing: 0, unknown: 0, suspended: 0, ready: 0 };
}

export type ResourceSortField = 'status' | 'name' | 'kind' | 'cluster' | 'namespace' | 'since';

export interface ResourceQuery {
  clusterIds?: ReadonlySet<string>;
  kinds?: ReadonlySet<string>;
  namespaces?: ReadonlySet<string>;
  statuses?: ReadonlySet<FluxStatus>;
  /** Lower-cased text that name, namespace, kind, reason or message must contain. */
  text?: string;
  sort: ResourceSortField;
  order: 'asc' | 'desc';
  limit: number;
  /** Opaque: from a previous page's `nextCursor`. */
  cursor?: string;
}

export interface Facets {
  cluster: Record<string, number>;
  kind: Record<string, number>;
  namespace: Record<string, number>;
  status: Record<string, number>;
}

export interface ResourcePage {
  items: ResourceRecord[];
  nextCursor: string | null;
  /** Matching records on all pages. */
  total: number;
  /** Per filter, counts over the records that match every other filter (what choosing a value would give). */
  facets: Facets;
}

const SEVERITY: Record<FluxStatus, number> = Object.fromEntries(FLUX_STATUSES.map((status, index) => [status, index])) as Record<FluxStatus, number>;

export class InvalidCursorError extends Error {}

/**
 * The in-memory fleet index: every Flux object's compact record, by key and by cluster, with
 * running counts per cluster and kind so roll-ups never scan. Queries scan the records (50,000
 * take a few ms) and page with a cursor over the sort key, so pages stay stable while records
 * change.
 */
export class FleetIndex {
  private readonly records = new Map<string, ResourceRecord>();
  private readonly byCluster = new Map<string, Map<string, ResourceRecord>>();
  private readonly clusterCounts = new Map<string, StatusCounts>();
  private readonly kindCounts = new Map<string, StatusCounts>();

  get size(): number {
    return this.records.size;
  }

  get(key: string): ResourceRecord | undefined {
    return this.records.get(key);
  }

  /** Stores a record; returns the one it replaced. */
  upsert(record: ResourceRecord): ResourceRecord | undefined {
    const previous = this.records.get(record.key);
    if (previous) this.count(previous, -1);
    this.records.set(record.key, record);
    let cluster = this.byCluster.get(record.clusterId);
    if (!cluster) this.byCluster.set(record.clusterId, (cluster = new Map()));
    cluster.set(record.key, record);
    this.count(record, 1);
    return previous;
  }

  delete(key: string): ResourceRecord | undefined {
    const previous = this.records.get(key);
    if (!previous) return undefined;
    this.records.delete(key);
    this.byCluster.get(previous.clusterId)?.delete(key);
    this.count(previous, -1);
    return previous;
  }

  /** Records of one cluster (optionally one kind). */
  ofCluster(clusterId: string, kind?: string): ResourceRecord[] {
    const records = [...(this.byCluster.get(clusterId)?.values() ?? [])];
    return kind ? records.filter((record) => record.kind === kind) : records;
  }

  /** Removes every record of a cluster; returns them. */
  dropCluster(clusterId: string): ResourceRecord[] {
    const removed = this.ofCluster(clusterId);
    for (const record of removed) this.delete(record.key);
    this.byCluster.delete(clusterId);
    this.clusterCounts.delete(clusterId);
    return removed;
  }

  countsOfCluster(clusterId: string): StatusCounts {
    return { ...(this.clusterCounts.get(clusterId) ?? emptyCounts()) };
  }

  countsByKind(): Map<string, StatusCounts> {
    return new Map([...this.kindCounts].map(([kind, counts]) => [kind, { ...counts }]));
  }

  totals(): StatusCounts {
    const totals = emptyCounts();
    for (const counts of this.clusterCounts.values()) {
      totals.total += counts.total;
      for (const status of FLUX_STATUSES) totals[status] += counts[status];
    }
    return totals;
  }

  /** One page of matching records, with facet counts. `clusterName` orders by cluster name. */
  query(query: ResourceQuery, clusterName: (clusterId: string) => string): ResourcePage {
    const facets: Facets = { cluster: {}, kind: {}, namespace: {}, status: {} };
    const matches: ResourceRecord[] = [];
    const { clusterIds, kinds, namespaces, statuses, text } = query;
    for (const record of this.records.values()) {
      // Which filters fail: a record that fails exactly one still counts in that filter's facet.
      if (text !== undefined && !record.search.includes(text)) continue;
      const failCluster = clusterIds !== undefined && !clusterIds.has(record.clusterId);
      const failKind = kinds !== undefined && !kinds.has(record.kind);
      const failNamespace = namespaces !== undefined && !namespaces.has(record.namespace);
      const failStatus = statuses !== undefined && !statuses.has(record.status);
      const failures = +failCluster + +failKind + +failNamespace + +failStatus;
      if (failures > 1) continue;
      if (failures === 0) {
        matches.push(record);
        bump(facets.cluster, record.clusterId);
        bump(facets.kind, record.kind);
        bump(facets.namespace, record.namespace);
        bump(facets.status, record.status);
      } else if (failCluster) bump(facets.cluster, record.clusterId);
      else if (failKind) bump(facets.kind, record.kind);
      else if (failNamespace) bump(facets.namespace, record.namespace);
      else bump(facets.status, record.status);
    }
    const sortKey = sortKeyOf(query.sort, clusterName);
    const direction = query.order === 'desc' ? -1 : 1;
    const compare = (a: SortTuple, b: SortTuple): number => compareTuples(a, b, direction);
    const keyed = matches.map((record) => ({ record, tuple: sortKey(record) }));
    let candidates = keyed;
    if (query.cursor !== undefined) {
      const after = decodeCursor(query.cursor);
      candidates = keyed.filter((entry) => compare(entry.tuple, after) > 0);
    }
    // Partial selection would be faster for deep pages; a full sort of the matches is a few ms.
    candidates.sort((a, b) => compare(a.tuple, b.tuple));
    const page = candidates.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = candidates.length > query.limit && last ? encodeCursor(last.tuple) : null;
    return { items: page.map((entry) => entry.record), nextCursor, total: matches.length, facets };
  }

  private count(record: ResourceRecord, delta: 1 | -1): void {
    for (const [map, key] of [
      [this.clusterCounts, record.clusterId],
      [this.kindCounts, record.kind],
    ] as const) {
      let counts = map.get(key);
      if (!counts) map.set(key, (counts = emptyCounts()));
      counts.total += delta;
      counts[record.status] += delta;
    }
  }
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Sort value(s) then the record key, so every tuple is unique and a cursor is exact. */
type SortTuple = [string | number, string];

function sortKeyOf(field: ResourceSortField, clusterName: (id: string) => string): (record: ResourceRecord) => SortTuple {
  switch (field) {
    case 'status':
      // Failures first, and within a status the newest change first (then the key).
      return (record) => [`${SEVERITY[record.status]}|${invertTime(record.statusSince)}`, record.key];
    case 'since':
      return (record) => [record.statusSince, record.key];
    case 'name':
      return (record) => [`${record.name}\u0000${record.namespace}`, record.key];
    case 'kind':
      return (record) => [`${record.kind}\u0000${record.namespace}\u0000${record.name}`, record.key];
    case 'namespace':
      return (record) => [`${record.namespace}\u0000${record.name}`, record.key];
    case 'cluster':
      return (record) => [`${clusterName(record.clusterId).toLowerCase()}\u0000${record.kind}\u0000${record.namespace}\u0000${record.name}`, record.key];
  }
}

/** Maps an ISO time to a string that sorts in reverse time order. */
function invertTime(iso: string): string {
  const ms = Date.parse(iso);
  return String(9_999_999_999_999 - (Number.isNaN(ms) ? 0 : ms)).padStart(13, '0');
}

function compareTuples(a: SortTuple, b: SortTuple, direction: number): number {
  if (a[0] !== b[0]) return (a[0] < b[0] ? -1 : 1) * direction;
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}

function encodeCursor(tuple: SortTuple): string {
  return Buffer.from(JSON.stringify(tuple)).toString('base64url');
}

function decodeCursor(cursor: string): SortTuple {
  try {
    const tuple = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(tuple) && tuple.length === 2 && typeof tuple[1] === 'string' && (typeof tuple[0] === 'string' || typeof tuple[0] === 'number')) {
      return tuple as SortTuple;
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError('cursor is not one this server issued: start again without it');
}

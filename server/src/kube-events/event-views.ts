import { findFluxKind, FLUX_KINDS } from '@flux-orchestrator/flux-model';
import { ApiError } from '../common/api-error.js';
import { type FleetEngine, type FleetStream, type StoredEventsReader, resolveClusters, type Visibility } from '../fleet/index.js';
import type { KubeEventFilter, KubeEventPosition, KubeEventRow, KubeEventsRepo } from '../store/index.js';
import type { KubeEventLog } from './event-log.js';
import { WORKLOAD_KINDS } from './kept-events.js';
import type { KubeEventItem, KubeEventListQuery } from './events.schemas.js';

/** The API's view of a kept event. */
export function toEventItem(row: KubeEventRow, clusterName: (clusterId: string) => string): KubeEventItem {
  return {
    id: `${row.cluster_id}/${row.uid}`,
    cluster_id: row.cluster_id,
    cluster: clusterName(row.cluster_id),
    kind: row.involved_kind,
    namespace: row.involved_namespace,
    name: row.involved_name,
    type: row.type,
    reason: row.reason,
    message: row.message,
    count: row.count,
    source: row.source,
    first_seen: row.first_seen,
    last_seen: row.last_seen,
  };
}

/** Each new or changed event goes out on the live stream as an `event`, scoped by its object. */
export function streamRecordedEvents(log: KubeEventLog, stream: FleetStream, engine: FleetEngine): () => void {
  return log.onRecorded(recordedEventPublisher(stream, engine));
}

/** Puts one recorded event on the live stream (this replica's, or one relayed from the replica watching its cluster). */
export function recordedEventPublisher(stream: FleetStream, engine: FleetEngine): (row: KubeEventRow) => void {
  return (row) =>
    stream.publishObjectEvent(
      'event',
      { clusterId: row.cluster_id, kind: row.involved_kind, namespace: row.involved_namespace },
      () => toEventItem(row, (id) => engine.clusterName(id)),
      // About what the item holds besides its message.
      512 + row.message.length,
    );
}

/** An object's kept events as its detail shows them (FluxResourceService merges them with the live ones). */
export function objectEventsReader(repo: KubeEventsRepo, limit = 50): StoredEventsReader {
  return async (clusterId, kind, namespace, name) =>
    (await repo.ofObject(clusterId, kind, namespace, name, limit)).map((row) => ({
      uid: row.uid,
      type: row.type,
      reason: row.reason,
      message: row.message,
      count: row.count,
      first_seen: row.first_seen,
      last_seen: row.last_seen,
      source: row.source,
    }));
}

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((part) => part.trim()).filter(Boolean);
  return parts.length > 0 ? parts : undefined;
}

/** A Flux kind (any spelling the catalog knows) or a workload kind (any case). */
function resolveEventKind(value: string): string {
  const flux = findFluxKind(value);
  if (flux) return flux.kind;
  const workload = [...WORKLOAD_KINDS.keys()].find((kind) => kind.toLowerCase() === value.toLowerCase());
  if (workload) return workload;
  throw ApiError.validation([
    { field: 'querystring.kind', message: `"${value}" is not a kind whose events are kept; use a Flux kind (${FLUX_KINDS.map((k) => k.kind).join(', ')}) or ${[...WORKLOAD_KINDS.keys()].join(', ')}` },
  ]);
}

function isoTime(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const time = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/i.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
  if (Number.isNaN(time)) throw ApiError.validation([{ field, message: `"${value}" is not a time; use ISO 8601, e.g. 2026-01-31T12:00:00Z` }]);
  return new Date(time).toISOString();
}

/**
 * Turns the query string's filters into a store filter; a bad value is a 400 naming the field.
 * Clusters are ids or names; unknown ones match nothing. A scoped caller's filter holds only the
 * clusters they may see (namespaces are checked per row: see pageOfEvents).
 */
export function toEventFilter(engine: FleetEngine, query: Omit<KubeEventListQuery, 'limit' | 'cursor'>, visibleClusterIds?: ReadonlySet<string>): KubeEventFilter {
  const clusters = splitList(query.cluster);
  let clusterIds = clusters ? [...resolveClusters(engine, clusters)] : undefined;
  if (visibleClusterIds) clusterIds = (clusterIds ?? [...visibleClusterIds]).filter((id) => visibleClusterIds.has(id));
  const since = isoTime(query.since, 'querystring.since');
  const until = isoTime(query.until, 'querystring.until');
  const kinds = splitList(query.kind)?.map(resolveEventKind);
  const namespaces = splitList(query.namespace);
  const names = splitList(query.name);
  const reasons = splitList(query.reason);
  const text = query.q?.trim();
  return {
    ...(clusterIds ? { clusterIds } : {}),
    ...(kinds ? { kinds: [...new Set(kinds)] } : {}),
    ...(namespaces ? { namespaces } : {}),
    ...(names ? { names } : {}),
    ...(query.type ? { types: [query.type] } : {}),
    ...(reasons ? { reasons } : {}),
    ...(text ? { text } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
}

export function encodeCursor(position: KubeEventPosition): string {
  return Buffer.from(JSON.stringify([position.last_seen, position.cluster_id, position.uid])).toString('base64url');
}

export function decodeCursor(cursor: string): KubeEventPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3 && value.every((part) => typeof part === 'string')) {
      const [last_seen, cluster_id, uid] = value as [string, string, string];
      return { last_seen, cluster_id, uid };
    }
  } catch {
    // Reported below.
  }
  throw ApiError.validation([{ field: 'querystring.cursor', message: 'is not a cursor this list gave out; start again without it' }]);
}

/** Rounds of reading a scoped caller's page may take (namespaces they may not see are skipped). */
const MAX_ROUNDS = 10;

/**
 * One page, newest first, of the events the filter matches and `visibility` allows (per row: a
 * caller limited to some namespaces). The next position is exact: null only when nothing follows.
 * Reading stops after MAX_ROUNDS batches, so a page may come back short with a cursor to go on.
 */
export async function pageOfEvents(
  repo: KubeEventsRepo,
  filter: KubeEventFilter,
  after: KubeEventPosition | undefined,
  limit: number,
  visibility?: Pick<Visibility, 'object'>,
): Promise<{ rows: KubeEventRow[]; next: KubeEventPosition | null }> {
  const rows: KubeEventRow[] = [];
  let position = after;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const batch = await repo.page(filter, position, limit + 1);
    for (const row of batch) {
      // A full page and one more row read: something follows the last row taken.
      if (rows.length === limit) return { rows, next: position! };
      position = row;
      if (!visibility || visibility.object(row.cluster_id, row.involved_namespace)) rows.push(row);
    }
    if (batch.length <= limit) return { rows, next: null };
  }
  return { rows, next: position ?? null };
}

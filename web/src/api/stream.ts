import { useEffect, useSyncExternalStore } from 'react';
import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { findFluxKind } from '@flux-orchestrator/flux-model';
import { notifyUnauthenticated } from '../auth/session.js';
import { auditKeys } from './audit.js';
import { clusterKeys, type Cluster, type ClusterList } from './clusters.js';
import { recordJobItem } from './bulk-actions.js';
import { eventKeys, matchesEventFilter, prependEvent, type EventFilter, type EventPages, type KubeEventItem } from './events.js';
import { graphKeys, graphNodeId, type ClusterGraphQuery, type DependencyGraph } from './graph.js';
import { jobKeys, type Job } from './jobs.js';
import { matrixKeys, type MatrixQuery } from './matrix.js';
import { matchesFilter, resourceKeys, withCurrentTransition, type ResourceDetail, type ResourceFilter, type ResourceItem, type ResourcePages, type StatusCounts } from './resources.js';

/**
 * The live stream: one EventSource per tab on `/api/v1/stream`, whose events update the
 * react-query caches in place (no page polls). The browser reconnects by itself and sends
 * `Last-Event-ID`, so the server replays what was missed, or says `resync` and everything is
 * fetched again.
 *
 * Cost under load: events are applied in batches (every {@link BATCH_MS}); an object already in a
 * list is replaced where it is; a list, summary or detail whose content or counts an event may
 * change is refetched at most once per {@link THROTTLE_MS}, however many events arrive.
 */

export const STREAM_URL = '/api/v1/stream';
export const BATCH_MS = 100;
export const THROTTLE_MS = 500;

export type StreamState = 'connecting' | 'live' | 'reconnecting';

type ClusterEvent =
  | { type: 'deleted'; cluster_id: string }
  | { type: 'changed'; cluster_id: string; cluster: string; connection: string | null; sync: string; stale_kinds: string[]; objects: number; by_status: StatusCounts };
type JobEvent =
  | { type: 'progress'; job_id: string; job_type: string; done: number; total: number }
  | { type: 'finished'; job_id: string; status: Job['status'] }
  // One object's result in a bulk action (checked by recordJobItem).
  | { type: 'item'; job_id: string; [field: string]: unknown };

export type StreamEvent =
  | { event: 'resource'; data: ResourceItem }
  | { event: 'resource.deleted'; data: ResourceItem }
  | { event: 'cluster'; data: ClusterEvent }
  | { event: 'job'; data: JobEvent }
  | { event: 'event'; data: KubeEventItem }
  /** The audit trail grew (an entry the caller may read): the recent changes are read again. */
  | { event: 'audit'; data: { cluster_id: string | null } }
  | { event: 'resync'; data: unknown };

const keyText = (key: QueryKey): string => JSON.stringify(key);

/** Applies stream events to a QueryClient's caches. Separate from the EventSource so tests can drive it. */
export class LiveCacheUpdater {
  private queue: StreamEvent[] = [];
  private batchTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pending = new Map<string, { queryKey: QueryKey; exact: boolean }>();
  /** Each cluster's last connection state seen on the stream. */
  private readonly connections = new Map<string, string | null>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private lastInvalidation = -Infinity;
  /** The last status the stream said each object had, to tell a status change from another update. */
  private readonly knownStatus = new Map<string, string>();
  /** Where each id sits in a list's pages, per pages object (rebuilt only when a list is refetched). */
  private readonly positions = new WeakMap<ResourcePages, Map<string, [number, number]>>();
  /** Invalidations actually sent, for tests and the measurement in stream.test.ts. */
  invalidations = 0;

  constructor(
    private readonly queryClient: QueryClient,
    private readonly options: { batchMs?: number; throttleMs?: number } = {},
  ) {}

  push(event: StreamEvent): void {
    if (event.event === 'resync') {
      this.queue = [];
      this.resync();
      return;
    }
    this.queue.push(event);
    this.batchTimer ??= setTimeout(() => this.flush(), this.options.batchMs ?? BATCH_MS);
  }

  /** Applies every queued event now. */
  flush(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    const events = this.queue;
    this.queue = [];
    for (const event of events) {
      if (event.event === 'resource') this.onResource(event.data, false);
      else if (event.event === 'resource.deleted') this.onResource(event.data, true);
      else if (event.event === 'cluster') this.onCluster(event.data);
      else if (event.event === 'job') this.onJob(event.data);
      else if (event.event === 'event') this.onKubeEvent(event.data);
      else if (event.event === 'audit') this.invalidateSoon(auditKeys.all, false);
    }
  }

  dispose(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.batchTimer = this.flushTimer = undefined;
    this.queue = [];
    this.pending.clear();
  }

  /** Everything may have changed while events were lost: fetch it all again. */
  resync(): void {
    this.knownStatus.clear();
    this.pending.clear();
    for (const key of [resourceKeys.all, clusterKeys.all, jobKeys.all, eventKeys.all, auditKeys.all]) void this.queryClient.invalidateQueries({ queryKey: key });
  }

  private positionsOf(pages: ResourcePages): Map<string, [number, number]> {
    let map = this.positions.get(pages);
    if (!map) {
      map = new Map();
      pages.pages.forEach((page, p) => page.items.forEach((item, i) => map!.set(item.id, [p, i])));
      this.positions.set(pages, map);
    }
    return map;
  }

  private onResource(item: ResourceItem, deleted: boolean): void {
    const previousStatus = this.knownStatus.get(item.id);
    if (deleted) this.knownStatus.delete(item.id);
    else this.knownStatus.set(item.id, item.status);
    let statusChanged = deleted || previousStatus !== item.status;

    for (const query of this.queryClient.getQueryCache().findAll({ queryKey: resourceKeys.lists() })) {
      const filter = query.queryKey[2] as ResourceFilter | undefined;
      const pages = query.state.data as ResourcePages | undefined;
      if (!filter || !pages) continue;
      const at = this.positionsOf(pages).get(item.id);
      const matches = !deleted && matchesFilter(item, filter);
      if (at) {
        const old = pages.pages[at[0]]!.items[at[1]]!;
        if (old.status !== item.status) statusChanged = true;
        if (matches) {
          const next = replaceAt(pages, at, item);
          // Nobody moved: the positions still hold.
          this.positions.set(next, this.positionsOf(pages));
          this.queryClient.setQueryData<ResourcePages>(query.queryKey, next);
          // Same members; only the order and the counts may move with the status.
          if (old.status !== item.status || old.status_since !== item.status_since) this.invalidateSoon(query.queryKey);
        } else {
          this.queryClient.setQueryData<ResourcePages>(query.queryKey, removeAt(pages, at));
          this.invalidateSoon(query.queryKey);
        }
      } else if (matches || (statusChanged && matchesFilter(item, { ...filter, status: [] }))) {
        // A new member, or the status counts (facets) moved.
        this.invalidateSoon(query.queryKey);
      }
    }

    if (statusChanged) this.invalidateSoon(resourceKeys.summary());

    for (const query of this.queryClient.getQueryCache().findAll({ queryKey: resourceKeys.details() })) {
      const detail = query.state.data as ResourceDetail | undefined;
      const [, , clusterId, kind, namespace, name] = query.queryKey as string[];
      const own = clusterId === item.cluster_id && kind === item.kind && namespace === item.namespace && name === item.name;
      if (!detail) {
        // It could not be read (cluster down): the object changing means the cluster is back.
        if (own && query.state.status === 'error') this.invalidateSoon(query.queryKey);
        continue;
      }
      if (own) {
        // A new status heads the status changes at once (the server's copy lags a second).
        if (!deleted) this.queryClient.setQueryData<ResourceDetail>(query.queryKey, withCurrentTransition({ ...detail, resource: item }, detail));
        // Conditions, events and YAML come with the live object.
        this.invalidateSoon(query.queryKey);
      } else if (detail.resource.cluster_id === item.cluster_id) {
        const patched = patchRelated(detail, item, deleted);
        if (patched) {
          this.queryClient.setQueryData<ResourceDetail>(query.queryKey, patched);
          if (deleted) this.invalidateSoon(query.queryKey);
        }
      }
    }

    this.patchGraphs(item, deleted);
    // A matrix of the kind: revisions, statuses and counts may all move.
    for (const query of this.queryClient.getQueryCache().findAll({ queryKey: matrixKeys.all() })) {
      const matrixQuery = query.queryKey[2] as MatrixQuery | undefined;
      if (matrixQuery && query.state.data && findFluxKind(matrixQuery.kind)?.kind === item.kind && (!matrixQuery.name || matrixQuery.name === item.name)) this.invalidateSoon(query.queryKey);
    }
  }

  /** Graphs showing the object: its status in place; a deletion makes it `missing`, which only the server knows. */
  private patchGraphs(item: ResourceItem, deleted: boolean): void {
    const id = graphNodeId(item.kind, item.namespace, item.name);
    for (const query of this.queryClient.getQueryCache().findAll({ queryKey: graphKeys.all() })) {
      const graph = query.state.data as DependencyGraph | undefined;
      if (!graph || graph.cluster_id !== item.cluster_id) continue;
      const at = graph.nodes.findIndex((node) => node.id === id);
      if (at < 0) {
        // Not drawn: it matters only if it uses something drawn, or a cluster slice now takes it in.
        if (usesAny(item, graph) || entersSlice(item, query.queryKey)) this.invalidateSoon(query.queryKey);
        continue;
      }
      if (deleted) {
        this.invalidateSoon(query.queryKey);
        continue;
      }
      const node = graph.nodes[at]!;
      if (node.status === item.status && node.reason === item.reason && node.message === item.message && node.revision === item.revision && node.suspended === item.suspended) continue;
      const nodes = graph.nodes.slice();
      nodes[at] = { ...node, status: item.status, reason: item.reason, message: item.message, revision: item.revision, suspended: item.suspended };
      this.queryClient.setQueryData<DependencyGraph>(query.queryKey, { ...graph, nodes });
      // Its references (source, dependsOn) may have changed with it.
      this.invalidateSoon(query.queryKey);
    }
  }

  /** A new or repeated Kubernetes event: at the top of every events list it belongs to, and in its object's detail. */
  private onKubeEvent(item: KubeEventItem): void {
    const now = Date.now();
    for (const query of this.queryClient.getQueryCache().findAll({ queryKey: eventKeys.lists() })) {
      const filter = query.queryKey[2] as EventFilter | undefined;
      const pages = query.state.data as EventPages | undefined;
      if (!filter || !pages || !matchesEventFilter(item, filter, now)) continue;
      this.queryClient.setQueryData<EventPages>(query.queryKey, prependEvent(pages, item));
    }
    for (const query of this.queryClient.getQueryCache().findAll({ queryKey: resourceKeys.details() })) {
      const [, , clusterId, kind, namespace, name] = query.queryKey as string[];
      // The detail merges kept and live events: read it again (throttled).
      if (query.state.data && clusterId === item.cluster_id && kind === item.kind && namespace === item.namespace && name === item.name) this.invalidateSoon(query.queryKey);
    }
  }

  private onCluster(event: ClusterEvent): void {
    if (event.type === 'deleted') {
      this.invalidateSoon(clusterKeys.all, false);
      this.invalidateSoon(resourceKeys.lists(), false);
      this.invalidateSoon(resourceKeys.summary());
      return;
    }
    // A connection change is a new health change (Activity lists them); the first event per cluster only records it.
    const seen = this.connections.get(event.cluster_id);
    this.connections.set(event.cluster_id, event.connection);
    const connectionChanged = seen !== undefined && seen !== event.connection;
    if (connectionChanged) {
      this.invalidateSoon(clusterKeys.healthChanges());
      // Matrices show each cluster's connection, and whether its objects can be known at all.
      this.invalidateSoon(matrixKeys.all(), false);
    }
    const flux = { sync: event.sync, objects: event.objects, failed: event.by_status.failed, progressing: event.by_status.progressing, suspended: event.by_status.suspended, unknown: event.by_status.unknown, ready: event.by_status.ready };
    const known = (cluster: Cluster): boolean => cluster.name === event.cluster && (cluster.health?.status ?? null) === event.connection;
    const list = this.queryClient.getQueryData<ClusterList>(clusterKeys.list());
    const inList = list?.items.find((cluster) => cluster.id === event.cluster_id);
    if (list && inList) {
      this.queryClient.setQueryData<ClusterList>(clusterKeys.list(), { ...list, items: list.items.map((cluster) => (cluster.id === event.cluster_id ? { ...cluster, flux } : cluster)) });
      // The connection or name changed: the cluster's health detail (reason, versions) is not in the event.
      if (!known(inList)) this.invalidateSoon(clusterKeys.all, false);
    } else if (list) {
      this.invalidateSoon(clusterKeys.list());
    }
    const one = this.queryClient.getQueryData<Cluster>(clusterKeys.one(event.cluster_id));
    if (one) {
      this.queryClient.setQueryData<Cluster>(clusterKeys.one(event.cluster_id), { ...one, flux });
      if (!known(one)) this.invalidateSoon(clusterKeys.one(event.cluster_id));
    }
    this.invalidateSoon(resourceKeys.summary());
    this.applyClusterFacts(event.cluster_id, event.cluster, new Set(event.stale_kinds), connectionChanged);
  }

  /**
   * The cluster's facts on the Flux objects already shown: its name (a rename shows at once on
   * every open page), and which kinds it is not watching right now (their items are the last known state).
   * An open object page of the cluster is read again when its connection changes or its kind stops
   * being watched: whether the cluster answers decides what the page shows (the reason it cannot,
   * conditions, YAML, actions), as a reload would.
   */
  private applyClusterFacts(clusterId: string, name: string, staleKinds: ReadonlySet<string>, connectionChanged: boolean): void {
    const fix = (item: ResourceItem): ResourceItem => {
      if (item.cluster_id !== clusterId) return item;
      const stale = staleKinds.has(item.kind);
      return stale === item.stale && name === item.cluster ? item : { ...item, stale, cluster: name };
    };
    for (const query of this.queryClient.getQueryCache().findAll({ queryKey: resourceKeys.lists() })) {
      const pages = query.state.data as ResourcePages | undefined;
      if (!pages) continue;
      let changed = false;
      const next = pages.pages.map((page) => {
        const items = page.items.map(fix);
        if (items.some((item, i) => item !== page.items[i])) {
          changed = true;
          return { ...page, items };
        }
        return page;
      });
      if (changed) this.queryClient.setQueryData<ResourcePages>(query.queryKey, { ...pages, pages: next });
    }
    for (const query of this.queryClient.getQueryCache().findAll({ queryKey: resourceKeys.details() })) {
      const detail = query.state.data as ResourceDetail | undefined;
      if (!detail) continue;
      if (!detail.live) {
        // The detail is the last known state (its cluster could not be reached). Its kind watched
        // again means the cluster answers: read the object live; until then it stays stale.
        if (detail.resource.cluster_id === clusterId && !staleKinds.has(detail.resource.kind)) this.invalidateSoon(query.queryKey);
        continue;
      }
      if (detail.resource.cluster_id !== clusterId) continue;
      const fixed = fix(detail.resource);
      if (fixed !== detail.resource) this.queryClient.setQueryData<ResourceDetail>(query.queryKey, { ...detail, resource: fixed });
      if (connectionChanged || (fixed.stale && !detail.resource.stale)) this.invalidateSoon(query.queryKey);
    }
  }

  private onJob(event: JobEvent): void {
    if (event.type === 'item') {
      recordJobItem(event.job_id, event);
      return;
    }
    const job = this.queryClient.getQueryData<Job>(jobKeys.one(event.job_id));
    if (job && event.type === 'progress') {
      this.queryClient.setQueryData<Job>(jobKeys.one(event.job_id), { ...job, status: 'running', progress: { done: event.done, total: event.total } });
    }
    if (event.type === 'finished') void this.queryClient.invalidateQueries({ queryKey: jobKeys.one(event.job_id) });
    this.invalidateSoon(jobKeys.list());
  }

  /**
   * Queues a refetch (of one query, or with `exact` false of every query under the key); queued
   * refetches go out together, at most once per throttle window. A query still fetching keeps its
   * turn for the next window, so a long refetch is neither cancelled nor followed by a stale one.
   */
  private invalidateSoon(queryKey: QueryKey, exact = true): void {
    const text = keyText(queryKey);
    const queued = this.pending.get(text);
    this.pending.set(text, { queryKey, exact: exact && (queued?.exact ?? true) });
    this.scheduleInvalidations();
  }

  private scheduleInvalidations(): void {
    if (this.flushTimer || this.pending.size === 0) return;
    const throttleMs = this.options.throttleMs ?? THROTTLE_MS;
    const wait = Math.max(0, this.lastInvalidation + throttleMs - Date.now());
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.lastInvalidation = Date.now();
      for (const [text, { queryKey, exact }] of [...this.pending]) {
        if (this.queryClient.isFetching({ queryKey, exact }) > 0) continue;
        this.pending.delete(text);
        this.invalidations += 1;
        void this.queryClient.invalidateQueries({ queryKey, exact });
      }
      this.scheduleInvalidations();
    }, wait);
  }
}

/** Whether the object uses (source, dependsOn) a node of the graph. */
function usesAny(item: ResourceItem, graph: DependencyGraph): boolean {
  const ids = new Set(graph.nodes.map((node) => node.id));
  const refs = [...(item.source ? [item.source] : []), ...item.depends_on];
  return refs.some((ref) => ids.has(graphNodeId(ref.kind, ref.namespace, ref.name)));
}

/** Whether a cluster graph's filters (`status`, `kind`, `namespace`) take the object in. */
function entersSlice(item: ResourceItem, queryKey: QueryKey): boolean {
  if (queryKey[2] !== 'cluster') return false;
  const query = (queryKey[4] ?? {}) as ClusterGraphQuery;
  const has = (list: string | undefined, value: string) => !list || list.split(',').some((entry) => entry.trim().toLowerCase() === value.toLowerCase() || findFluxKind(entry.trim())?.kind === value);
  return has(query.status, item.status) && has(query.kind, item.kind) && has(query.namespace, item.namespace);
}

function replaceAt(pages: ResourcePages, [p, i]: [number, number], item: ResourceItem): ResourcePages {
  const page = pages.pages[p]!;
  const items = page.items.slice();
  items[i] = item;
  const next = pages.pages.slice();
  next[p] = { ...page, items };
  return { ...pages, pages: next };
}

function removeAt(pages: ResourcePages, [p, i]: [number, number]): ResourcePages {
  const next = pages.pages.map((page, index) => (index === p ? { ...page, items: page.items.filter((_, j) => j !== i) } : page));
  return { ...pages, pages: next.map((page) => ({ ...page, total: Math.max(0, page.total - 1) })) };
}

/** The detail's source, dependencies and dependents carry their own status: keep them current. */
function patchRelated(detail: ResourceDetail, item: ResourceItem, deleted: boolean): ResourceDetail | undefined {
  const replacement = deleted ? null : item;
  let changed = false;
  const swap = <T extends { resource: ResourceItem | null }>(entry: T): T => {
    if (entry.resource?.id !== item.id) return entry;
    changed = true;
    return { ...entry, resource: replacement };
  };
  const source = detail.source ? swap(detail.source) : null;
  const dependsOn = detail.depends_on.map(swap);
  const dependents = detail.dependents.flatMap((dependent) => {
    if (dependent.id !== item.id) return [dependent];
    changed = true;
    return replacement ? [replacement] : [];
  });
  return changed ? { ...detail, source, depends_on: dependsOn, dependents } : undefined;
}

// ---------- The connection (one per tab) ----------

let state: StreamState = 'connecting';
const listeners = new Set<() => void>();

function setState(next: StreamState): void {
  if (next === state) return;
  state = next;
  for (const listener of listeners) listener();
}

export const streamState = (): StreamState => state;

const subscribeState = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Whether the stream is connected: "Live" or "Reconnecting…" in the header. */
export function useStreamState(): StreamState {
  return useSyncExternalStore(subscribeState, streamState, () => 'connecting' as const);
}

const EVENTS = ['resource', 'resource.deleted', 'cluster', 'job', 'event', 'audit', 'resync'] as const;

/**
 * Opens the tab's stream into `queryClient` and returns how to close it. The browser retries a
 * dropped connection itself (the server asks for 2 s); when it gives up (an HTTP error), a new
 * EventSource is made after 5 s.
 */
export function connectStream(queryClient: QueryClient, url = STREAM_URL): () => void {
  const updater = new LiveCacheUpdater(queryClient);
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let wasLive = false;

  const open = () => {
    source = new EventSource(url);
    source.onopen = () => {
      // Back after a gap: the server replays what was missed (Last-Event-ID) or sends resync.
      setState('live');
      wasLive = true;
    };
    source.onerror = () => {
      if (closed) return;
      setState(wasLive ? 'reconnecting' : 'connecting');
      if (source?.readyState === EventSource.CLOSED) {
        source = undefined;
        retry = setTimeout(() => {
          // A new EventSource has no Last-Event-ID: what changed meanwhile is fetched again.
          updater.resync();
          open();
        }, 5_000);
      }
    };
    // The server ended the stream: the session or token behind it was revoked, or its roles
    // changed. The app asks who is signed in again (and shows sign-in if nobody is).
    source.addEventListener('unauthorized', () => notifyUnauthenticated());
    for (const name of EVENTS) {
      source.addEventListener(name, (message) => {
        let data: unknown;
        try {
          data = JSON.parse((message as MessageEvent<string>).data);
        } catch {
          return;
        }
        updater.push({ event: name, data } as StreamEvent);
      });
    }
  };
  open();
  return () => {
    closed = true;
    if (retry) clearTimeout(retry);
    source?.close();
    updater.dispose();
    setState('connecting');
  };
}

/** Keeps the tab's stream open while mounted (the app shell mounts it once). */
export function useLiveStream(): void {
  const queryClient = useQueryClient();
  useEffect(() => connectStream(queryClient), [queryClient]);
}

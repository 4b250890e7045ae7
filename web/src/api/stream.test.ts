import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InfiniteQueryObserver, QueryClient, QueryObserver } from '@tanstack/react-query';
import { auditKeys } from './audit.js';
import { jobItemsOf } from './bulk-actions.js';
import { clusterKeys } from './clusters.js';
import { EMPTY_EVENT_FILTER, eventKeys, type EventPages, type KubeEventItem } from './events.js';
import { graphKeys, type DependencyGraph } from './graph.js';
import { EMPTY_FILTER, resourceKeys, withCurrentTransition, type ResourceDetail, type ResourceFilter, type ResourceItem, type ResourceList, type ResourcePages } from './resources.js';
import { LiveCacheUpdater } from './stream.js';
import { resourceItem } from './test-fixtures.js';

function item(n: number, overrides: Partial<ResourceItem> = {}): ResourceItem {
  return resourceItem({ id: `c1/Kustomization/apps/app-${n}`, name: `app-${n}`, ...overrides });
}

const facets = { cluster: {}, kind: {}, namespace: {}, status: {} };
const page = (items: ResourceItem[], total = items.length, next: string | null = null): ResourceList => ({ items, next_cursor: next, total, facets });

/** A list query kept active by an observer (as a mounted page does), with its fetches counted. */
function watchList(queryClient: QueryClient, filter: ResourceFilter, serve: () => ResourceItem[]) {
  const fetches = { count: 0 };
  const observer = new InfiniteQueryObserver(queryClient, {
    queryKey: resourceKeys.list(filter, 200),
    queryFn: async () => {
      fetches.count += 1;
      return page(serve());
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: ResourceList) => last.next_cursor ?? undefined,
  });
  const unsubscribe = observer.subscribe(() => undefined);
  const rows = () => (queryClient.getQueryData<ResourcePages>(resourceKeys.list(filter, 200))?.pages ?? []).flatMap((p) => p.items);
  return { fetches, rows, unsubscribe };
}

/** A detail read live from its cluster, with no status changes recorded. */
function liveDetail(resource: ResourceItem): ResourceDetail {
  return { resource, live: true, unavailable_reason: null, object: null, yaml: '', conditions: [], events: [], transitions: [], source: null, depends_on: [], dependents: [] };
}

/** A fresh QueryClient and LiveCacheUpdater for each test, on fake timers; `use` is handed both. */
function withUpdater(use: (queryClient: QueryClient, updater: LiveCacheUpdater) => void): void {
  let queryClient: QueryClient;
  let updater: LiveCacheUpdater;
  beforeEach(() => {
    vi.useFakeTimers();
    queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    updater = new LiveCacheUpdater(queryClient);
    use(queryClient, updater);
  });
  afterEach(() => {
    updater.dispose();
    queryClient.clear();
    vi.useRealTimers();
  });
}

describe('LiveCacheUpdater', () => {
  let queryClient: QueryClient;
  let updater: LiveCacheUpdater;
  withUpdater((client, created) => {
    queryClient = client;
    updater = created;
  });

  it('at 50 status changes a second, shows each change in place and refetches the list at most twice a second', async () => {
    const server = Array.from({ length: 200 }, (_, n) => item(n));
    const list = watchList(queryClient, EMPTY_FILTER, () => server.map((entry) => ({ ...entry })));
    await vi.advanceTimersByTimeAsync(10);
    expect(list.fetches.count).toBe(1);

    const seconds = 4;
    const started = Date.now();
    for (let tick = 0; tick < seconds * 50; tick += 1) {
      const n = (tick * 7) % 200;
      const changed = item(n, { status: tick % 2 === 0 ? 'failed' : 'ready', reason: `Reason${tick}`, status_since: new Date(Date.UTC(2026, 0, 1, 0, 0, tick)).toISOString() });
      server[n] = changed;
      updater.push({ event: 'resource', data: changed });
      await vi.advanceTimersByTimeAsync(20);
      if (tick % 10 === 9) {
        // Within a batch (100 ms) the change is on the row, before any refetch.
        await vi.advanceTimersByTimeAsync(100);
        expect(list.rows().find((row) => row.id === changed.id)?.reason).toBe(`Reason${tick}`);
      }
    }
    await vi.advanceTimersByTimeAsync(1_000);
    const elapsed = (Date.now() - started) / 1000;
    // The first fetch, then at most one per 500 ms window (200 events gave 200 in-place updates).
    expect(list.fetches.count - 1).toBeLessThanOrEqual(Math.ceil(elapsed / 0.5));
    expect(list.fetches.count - 1).toBeGreaterThanOrEqual(seconds);
    expect(list.rows()).toHaveLength(200);
    list.unsubscribe();
  });

  it('patches a message change in place without any refetch', async () => {
    const list = watchList(queryClient, EMPTY_FILTER, () => [item(1), item(2)]);
    await vi.advanceTimersByTimeAsync(10);
    updater.push({ event: 'resource', data: item(2) }); // first sight: status known from now on
    await vi.advanceTimersByTimeAsync(1_000);
    const before = list.fetches.count;
    updater.push({ event: 'resource', data: item(2, { message: 'Applied revision: main@sha1:def' }) });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(list.rows()[1]!.message).toBe('Applied revision: main@sha1:def');
    expect(list.fetches.count).toBe(before);
    list.unsubscribe();
  });

  it('drops an object that leaves a filtered list at once, and refetches for one that joins', async () => {
    const failedOnly: ResourceFilter = { ...EMPTY_FILTER, status: ['failed'] };
    let server = [item(1, { status: 'failed' }), item(2, { status: 'failed' })];
    const list = watchList(queryClient, failedOnly, () => server);
    await vi.advanceTimersByTimeAsync(10);
    expect(list.rows()).toHaveLength(2);

    server = [item(2, { status: 'failed' })];
    updater.push({ event: 'resource', data: item(1, { status: 'ready' }) });
    await vi.advanceTimersByTimeAsync(100);
    expect(list.rows().map((row) => row.name)).toEqual(['app-2']);

    server = [item(2, { status: 'failed' }), item(3, { status: 'failed' })];
    updater.push({ event: 'resource', data: item(3, { status: 'failed' }) });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(list.rows().map((row) => row.name)).toEqual(['app-2', 'app-3']);

    server = [item(3, { status: 'failed' })];
    updater.push({ event: 'resource.deleted', data: item(2, { status: 'failed' }) });
    await vi.advanceTimersByTimeAsync(100);
    expect(list.rows().map((row) => row.name)).toEqual(['app-3']);
    list.unsubscribe();
  });

  it('marks items stale by the cluster event’s stale_kinds and puts the roll-up on the cluster', async () => {
    const list = watchList(queryClient, EMPTY_FILTER, () => [item(1), item(2, { kind: 'HelmRelease', id: 'c1/HelmRelease/apps/app-2' })]);
    const cluster = { id: 'c1', name: 'prod', health: { status: 'healthy' }, flux: null };
    queryClient.setQueryData(clusterKeys.list(), { items: [cluster] });
    const clusters = new QueryObserver(queryClient, { queryKey: clusterKeys.list(), queryFn: async () => ({ items: [cluster] }) });
    const unsubscribe = clusters.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(10);
    updater.push({
      event: 'cluster',
      data: { type: 'changed', cluster_id: 'c1', cluster: 'prod', connection: 'healthy', sync: 'syncing', stale_kinds: ['HelmRelease'], objects: 2, by_status: { total: 2, failed: 1, progressing: 0, unknown: 0, suspended: 0, ready: 1 } },
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(list.rows().map((row) => row.stale)).toEqual([false, true]);
    const flux = (queryClient.getQueryData(clusterKeys.list()) as { items: Array<{ flux: { failed: number; sync: string } }> }).items[0]!.flux;
    expect(flux).toMatchObject({ failed: 1, sync: 'syncing' });
    unsubscribe();
    list.unsubscribe();
  });

  it('shows a renamed cluster’s new name on the objects already listed, and refetches the cluster list', async () => {
    const list = watchList(queryClient, EMPTY_FILTER, () => [item(1)]);
    const cluster = { id: 'c1', name: 'prod', health: { status: 'healthy' }, flux: null };
    let served = cluster;
    const clusters = new QueryObserver(queryClient, { queryKey: clusterKeys.list(), queryFn: async () => ({ items: [served] }) });
    const unsubscribe = clusters.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(10);
    served = { ...cluster, name: 'prod-eu' };
    updater.push({
      event: 'cluster',
      data: { type: 'changed', cluster_id: 'c1', cluster: 'prod-eu', connection: 'healthy', sync: 'live', stale_kinds: [], objects: 1, by_status: { total: 1, failed: 0, progressing: 0, unknown: 0, suspended: 0, ready: 1 } },
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(list.rows().map((row) => row.cluster)).toEqual(['prod-eu']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect((queryClient.getQueryData(clusterKeys.list()) as { items: Array<{ name: string }> }).items[0]!.name).toBe('prod-eu');
    unsubscribe();
    list.unsubscribe();
  });

  it('reads a detail shown from the last known state (cluster unreachable) again once its kind is watched, not before', async () => {
    const address = { clusterId: 'c1', kind: 'Kustomization', namespace: 'apps', name: 'app' };
    let fetches = 0;
    const lastKnown: ResourceDetail = {
      resource: resourceItem({ stale: true }),
      live: false,
      unavailable_reason: 'connection refused',
      object: null,
      yaml: null,
      conditions: [],
      events: [],
      transitions: [],
      source: null,
      depends_on: [],
      dependents: [],
    };
    const detail = new QueryObserver(queryClient, {
      queryKey: resourceKeys.detail(address),
      queryFn: async () => {
        fetches += 1;
        return lastKnown;
      },
    });
    const unsubscribe = detail.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(10);
    const clusterEvent = (staleKinds: string[]) => ({
      event: 'cluster' as const,
      data: { type: 'changed' as const, cluster_id: 'c1', cluster: 'prod', connection: 'unreachable', sync: 'degraded', stale_kinds: staleKinds, objects: 1, by_status: { total: 1, failed: 0, progressing: 0, unknown: 0, suspended: 0, ready: 1 } },
    });
    updater.push(clusterEvent(['Kustomization']));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetches).toBe(1);
    expect(queryClient.getQueryData<ResourceDetail>(resourceKeys.detail(address))?.resource.stale).toBe(true);
    updater.push(clusterEvent([]));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetches).toBe(2);
    unsubscribe();
  });

  it('heads an open detail’s status changes with a status change from the stream, and keeps it over a read that lacks it', async () => {
    const address = { clusterId: 'c1', kind: 'Kustomization', namespace: 'apps', name: 'app' };
    const toProgressing = { from_status: 'failed', to_status: 'progressing', reason: 'Progressing', message: 'reconciling', at: '2026-01-01T00:00:01.000Z' };
    // The server's database lags the index: its reads have the new status, not yet the change.
    let served: ResourceDetail = { ...liveDetail(resourceItem({ status: 'progressing' })), transitions: [toProgressing] };
    const detail = new QueryObserver(queryClient, {
      queryKey: resourceKeys.detail(address),
      queryFn: async () => withCurrentTransition(served, queryClient.getQueryData<ResourceDetail>(resourceKeys.detail(address))),
    });
    const unsubscribe = detail.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(10);
    const failed = resourceItem({ status: 'failed', reason: 'BuildFailed', updated_at: '2026-01-01T00:00:09.000Z' });
    served = { ...served, resource: failed };
    updater.push({ event: 'resource', data: failed });
    await vi.advanceTimersByTimeAsync(100);
    const changes = () => queryClient.getQueryData<ResourceDetail>(resourceKeys.detail(address))!.transitions.map((t) => `${t.from_status}→${t.to_status}`);
    expect(changes()).toEqual(['progressing→failed', 'failed→progressing']);
    // The refetch the event caused answers without the change: it stays.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(changes()).toEqual(['progressing→failed', 'failed→progressing']);
    unsubscribe();
  });

  it('reads an open live detail again when its cluster stops answering (its kind no longer watched, or its connection changed)', async () => {
    const address = { clusterId: 'c1', kind: 'Kustomization', namespace: 'apps', name: 'app' };
    let fetches = 0;
    // The server marks the object stale while its kind is not watched.
    let stale = false;
    const detail = new QueryObserver(queryClient, {
      queryKey: resourceKeys.detail(address),
      queryFn: async () => {
        fetches += 1;
        return liveDetail(resourceItem({ stale }));
      },
    });
    const unsubscribe = detail.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(10);
    const clusterEvent = (connection: string, staleKinds: string[]) => ({
      event: 'cluster' as const,
      data: { type: 'changed' as const, cluster_id: 'c1', cluster: 'prod', connection, sync: 'synced', stale_kinds: staleKinds, objects: 1, by_status: { total: 1, failed: 0, progressing: 0, unknown: 0, suspended: 0, ready: 1 } },
    });
    // Nothing about this object's cluster changed: no read.
    updater.push(clusterEvent('healthy', []));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetches).toBe(1);
    // Its kind is not watched any more: read it again (the server says whether the cluster answers).
    stale = true;
    updater.push(clusterEvent('healthy', ['Kustomization']));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetches).toBe(2);
    // The connection changed (the health check saw it go): read it again.
    updater.push(clusterEvent('unreachable', ['Kustomization']));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetches).toBe(3);
    // The same again: nothing new.
    updater.push(clusterEvent('unreachable', ['Kustomization']));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetches).toBe(3);
    unsubscribe();
  });

  it('reads the recent changes (Activity) again when the stream says the audit trail grew, not on a cluster’s roll-ups', async () => {
    let fetches = 0;
    const audit = new QueryObserver(queryClient, {
      queryKey: auditKeys.list(),
      queryFn: async () => {
        fetches += 1;
        return { pages: [], pageParams: [] };
      },
    });
    const unsubscribe = audit.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(10);
    expect(fetches).toBe(1);
    const settle = async () => vi.advanceTimersByTimeAsync(1_000);
    // Its objects failing and recovering, its watch and health checks: nothing audited.
    for (let failed = 0; failed < 20; failed += 1) {
      updater.push({
        event: 'cluster',
        data: { type: 'changed', cluster_id: 'c1', cluster: 'prod', connection: 'healthy', sync: 'live', stale_kinds: [], objects: 10, by_status: { total: 10, failed: failed % 4, progressing: 0, unknown: 0, suspended: 0, ready: 10 - (failed % 4) } },
      });
      await vi.advanceTimersByTimeAsync(100);
    }
    await settle();
    expect(fetches).toBe(1);
    // An entry was written (a burst of them reads once).
    updater.push({ event: 'audit', data: { cluster_id: 'c1' } });
    updater.push({ event: 'audit', data: { cluster_id: null } });
    await settle();
    expect(fetches).toBe(2);
    unsubscribe();
  });

  it('refetches everything on resync', async () => {
    const list = watchList(queryClient, EMPTY_FILTER, () => [item(1)]);
    await vi.advanceTimersByTimeAsync(10);
    updater.push({ event: 'resync', data: { reason: 'the client fell behind' } });
    await vi.advanceTimersByTimeAsync(10);
    expect(list.fetches.count).toBe(2);
    list.unsubscribe();
  });
});

/** A stand-in for the browser's EventSource: the test opens, fails and feeds it. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  readonly listeners = new Map<string, (message: { data: string }) => void>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(name: string, listener: (message: { data: string }) => void) {
    this.listeners.set(name, listener);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.();
  }
  fail(closed: boolean) {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.onerror?.();
  }
}

describe('connectStream', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('says Live once open, Reconnecting… while the browser retries, and opens a new stream (refetching) when it gave up', async () => {
    const { connectStream, streamState } = await import('./stream.js');
    const queryClient = new QueryClient();
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    const close = connectStream(queryClient);
    const first = FakeEventSource.instances[0]!;
    expect(first.url).toBe('/api/v1/stream');
    expect(streamState()).toBe('connecting');
    first.open();
    expect(streamState()).toBe('live');
    first.fail(false);
    expect(streamState()).toBe('reconnecting');
    first.open();
    expect(streamState()).toBe('live');

    // An HTTP error ends the EventSource: a new one after 5 s, and everything is fetched again.
    first.fail(true);
    expect(streamState()).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(invalidate).toHaveBeenCalled();
    FakeEventSource.instances[1]!.open();
    expect(streamState()).toBe('live');

    // Events reach the caches through the updater; a resync refetches at once.
    invalidate.mockClear();
    FakeEventSource.instances[1]!.listeners.get('resync')!({ data: '{"reason":"the client fell behind"}' });
    // Resources (lists, details, graphs, matrices), clusters, jobs, kept events and the audit trail.
    expect(invalidate).toHaveBeenCalledTimes(5);
    close();
    expect(FakeEventSource.instances[1]!.readyState).toBe(FakeEventSource.CLOSED);
    expect(streamState()).toBe('connecting');
  });
});

describe('LiveCacheUpdater: events, bulk job results and graphs', () => {
  let queryClient: QueryClient;
  let updater: LiveCacheUpdater;
  withUpdater((client, created) => {
    queryClient = client;
    updater = created;
  });

  const kubeEvent = (id: string, overrides: Partial<KubeEventItem> = {}): KubeEventItem => ({
    id,
    cluster_id: 'c1',
    cluster: 'prod',
    kind: 'Kustomization',
    namespace: 'apps',
    name: 'app-1',
    type: 'Normal',
    reason: 'ReconciliationSucceeded',
    message: 'Reconciliation finished',
    count: 1,
    source: 'kustomize-controller',
    first_seen: new Date().toISOString(),
    last_seen: new Date().toISOString(),
    ...overrides,
  });

  it('puts a streamed Kubernetes event at the top of the events lists it matches, and only those', () => {
    const warnings = { ...EMPTY_EVENT_FILTER, type: 'Warning' as const };
    const start = (): EventPages => ({ pageParams: [undefined], pages: [{ items: [kubeEvent('c1/old')], next_cursor: null }] });
    queryClient.setQueryData(eventKeys.list(EMPTY_EVENT_FILTER), start());
    queryClient.setQueryData(eventKeys.list(warnings), start());
    updater.push({ event: 'event', data: kubeEvent('c1/new') });
    updater.flush();
    const ids = (filter: typeof EMPTY_EVENT_FILTER) => queryClient.getQueryData<EventPages>(eventKeys.list(filter))!.pages[0]!.items.map((item) => item.id);
    expect(ids(EMPTY_EVENT_FILTER)).toEqual(['c1/new', 'c1/old']);
    expect(ids(warnings)).toEqual(['c1/old']);
  });

  it('keeps each bulk job’s per-object results from the stream, even before the page knows the job id', () => {
    const result = { cluster_id: 'c1', cluster: 'prod', kind: 'Kustomization', namespace: 'apps', name: 'app-1', step: 0, outcome: 'ready', error: null, requested_at: null, finished_at: '2026-01-01T00:00:00Z' };
    updater.push({ event: 'job', data: { type: 'item', job_id: 'job-1', ...result } });
    updater.push({ event: 'job', data: { type: 'item', job_id: 'job-1', ...result, name: 'app-2', outcome: 'error', error: 'cluster down' } });
    updater.flush();
    expect(jobItemsOf('job-1').map((item) => [item.name, item.outcome])).toEqual([
      ['app-1', 'ready'],
      ['app-2', 'error'],
    ]);
    expect(jobItemsOf('other')).toEqual([]);
  });

  it('shows a status change on a graph node at once', () => {
    const address = { clusterId: 'c1', kind: 'Kustomization', namespace: 'apps', name: 'app-2' };
    const graph: DependencyGraph = {
      cluster_id: 'c1',
      root: 'Kustomization/apps/app-2',
      truncated: false,
      nodes: [
        { id: 'Kustomization/apps/app-1', kind: 'Kustomization', namespace: 'apps', name: 'app-1', status: 'ready', reason: '', message: '', revision: null, suspended: false },
        { id: 'Kustomization/apps/app-2', kind: 'Kustomization', namespace: 'apps', name: 'app-2', status: 'ready', reason: '', message: '', revision: null, suspended: false },
      ],
      edges: [{ from: 'Kustomization/apps/app-2', to: 'Kustomization/apps/app-1', type: 'depends_on' }],
    };
    queryClient.setQueryData(graphKeys.resource(address), graph);
    updater.push({ event: 'resource', data: item(1, { status: 'failed', reason: 'BuildFailed' }) });
    updater.flush();
    const node = queryClient.getQueryData<DependencyGraph>(graphKeys.resource(address))!.nodes[0]!;
    expect(node).toMatchObject({ status: 'failed', reason: 'BuildFailed' });
  });
});

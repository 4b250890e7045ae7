import { FLUX_KINDS, type FluxObjectLike } from '@flux-orchestrator/flux-model';
import type { Logger } from 'pino';
import { httpStatusOf, type ClusterConnection } from '../connections/index.js';
import { discoverFluxKinds, type ServedKind } from './kind-discovery.js';
import { fluxKindTarget, KindWatcher, objectPages, type KindSyncState, type KindWatcherOptions, type WatchTarget } from './kind-watcher.js';
import { digestPages, InlineListDecoder, type ListDecoder } from './list-decoder.js';
import type { ObjectDigest } from './resource-record.js';

export type ClusterSyncState = 'pending' | 'discovering' | 'syncing' | 'synced' | 'degraded' | 'error' | 'stopped';

/** Where one list+watch stands. */
export interface WatchStatus {
  state: KindSyncState;
  last_error: string | null;
  backoff_until: string | null;
  listed_at: string | null;
}

/** Where one cluster's sync stands, per kind: what the API and the UI show. */
export interface ClusterSyncStatus {
  state: ClusterSyncState;
  last_error: string | null;
  backoff_until: string | null;
  kinds: Array<{ kind: string; version: string } & WatchStatus>;
  /** The watch of the cluster's core/v1 Events (null: not started). Not part of `state`. */
  events: WatchStatus | null;
}

/** Where a cluster's core/v1 Events go (kube-events/): what the events watch lists and sees change. */
export interface ClusterEventSink {
  /** Every event of a (re)list. Events are history: one missing from the list is not forgotten. */
  listed(clusterId: string, events: FluxObjectLike[]): void;
  changed(clusterId: string, event: FluxObjectLike): void;
  /** The cluster deleted it (its TTL ran out). */
  deleted(clusterId: string, event: FluxObjectLike): void;
}

/** What a cluster sync reports to the engine. */
export interface ClusterSyncSink {
  /** A kind's complete list, digested (list-decoder.ts). */
  replaceKind(clusterId: string, kind: ServedKind, objects: ObjectDigest[]): void;
  upsert(clusterId: string, kind: ServedKind, object: FluxObjectLike): void;
  remove(clusterId: string, kind: ServedKind, object: FluxObjectLike): void;
  syncChanged(clusterId: string): void;
  /** Without it, the cluster's events are not watched. */
  events?: ClusterEventSink;
}

/** Every namespace's events, watched like a Flux kind. */
const CORE_EVENTS: WatchTarget = { group: '', version: 'v1', plural: 'events', kind: 'Event' };

export interface ClusterSyncOptions extends KindWatcherOptions {
  /** Kinds are discovered again this often (a Flux upgrade adds or moves versions). */
  rediscoverMs?: number;
  /** Where Flux kinds' list pages are parsed and digested (default: on this thread). */
  listDecoder?: ListDecoder;
}

const INLINE_DECODER = new InlineListDecoder();

/**
 * Keeps one cluster's Flux objects in the index: discovers the served kinds, then runs one
 * list+watch per kind, and one of the cluster's core/v1 Events for the event log. Independent of
 * every other cluster: a slow, down or forbidden cluster only ever delays itself.
 */
export class ClusterSync {
  private state: ClusterSyncState = 'pending';
  private lastError: string | null = null;
  private backoffUntil: Date | null = null;
  private watchers = new Map<string, KindWatcher<ObjectDigest>>();
  private eventsWatcher: KindWatcher | undefined;
  private stopped = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private discovering = false;
  private markSettled!: () => void;
  /** Resolves once the first sync has settled: synced, degraded, failed, or stopped. */
  readonly firstSettled = new Promise<void>((resolve) => (this.markSettled = resolve));

  constructor(
    readonly clusterId: string,
    readonly connection: ClusterConnection,
    private readonly sink: ClusterSyncSink,
    private readonly logger: Logger,
    private readonly options: ClusterSyncOptions = {},
  ) {}

  start(): void {
    void this.discover();
  }

  stop(): void {
    this.markSettled();
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.stop();
    this.watchers.clear();
    this.eventsWatcher?.stop();
    this.state = 'stopped';
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** True when the kind has been listed and is being watched (its records are fresh). */
  isLive(kind: string): boolean {
    return this.watchers.get(kind)?.live ?? false;
  }

  servedVersion(kind: string): string | undefined {
    return this.watchers.get(kind)?.target.version;
  }

  status(): ClusterSyncStatus {
    return {
      state: this.overallState(),
      last_error: this.lastError,
      backoff_until: this.backoffUntil?.toISOString() ?? null,
      kinds: [...this.watchers.values()].map((watcher) => ({ kind: watcher.target.kind, version: watcher.target.version, ...watchStatus(watcher) })),
      events: this.eventsWatcher ? watchStatus(this.eventsWatcher) : null,
    };
  }

  private overallState(): ClusterSyncState {
    if (this.state !== 'syncing') return this.state;
    const states = [...this.watchers.values()].map((watcher) => watcher.state);
    if (states.every((state) => state === 'watching')) return 'synced';
    // Listed at least once everywhere, but something is backing off or forbidden now.
    if (states.every((state) => state !== 'pending' && state !== 'listing') && [...this.watchers.values()].some((w) => w.listedAt === null || !w.live)) return 'degraded';
    return 'syncing';
  }

  private changed(): void {
    const state = this.overallState();
    if (state === 'synced' || state === 'degraded' || state === 'error' || state === 'stopped') this.markSettled();
    this.sink.syncChanged(this.clusterId);
  }

  private async discover(): Promise<void> {
    if (this.stopped || this.discovering) return;
    this.discovering = true;
    this.state = this.watchers.size > 0 ? this.state : 'discovering';
    this.changed();
    try {
      const served = await discoverFluxKinds(this.connection, AbortSignal.timeout(30_000));
      if (this.stopped) return;
      this.failures = 0;
      this.lastError = served.length === 0 ? 'no Flux kinds are served: Flux is not installed' : null;
      this.backoffUntil = null;
      this.applyKinds(served);
      this.watchEvents();
      this.state = 'syncing';
      this.scheduleDiscovery(this.options.rediscoverMs ?? 10 * 60_000);
    } catch (error) {
      if (this.stopped) return;
      this.failures += 1;
      const status = httpStatusOf(error);
      if (status === 401) this.connection.credentials.invalidate();
      const ceiling = Math.min(this.options.maxBackoffMs ?? 60_000, (this.options.initialBackoffMs ?? 1000) * 2 ** (this.failures - 1));
      const delay = Math.round(ceiling * (0.5 + 0.5 * Math.random()));
      this.lastError = `API discovery failed: ${status !== undefined ? `HTTP ${status}` : ((error as Error)?.message ?? String(error)).slice(0, 300)}`;
      this.backoffUntil = new Date(Date.now() + delay);
      if (this.watchers.size === 0) this.state = 'error';
      this.logger.debug({ clusterId: this.clusterId, err: error }, 'Flux API discovery failed');
      this.scheduleDiscovery(delay);
    } finally {
      this.discovering = false;
      this.changed();
    }
  }

  private scheduleDiscovery(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.discover(), delayMs);
    this.timer.unref();
  }

  /**
   * Starts watchers for new kinds, restarts moved versions, stops vanished kinds, and empties every
   * kind the cluster does not serve: also those with no watcher here, whose records were loaded
   * from the database (the kind went away while the server was down).
   */
  private applyKinds(served: ServedKind[]): void {
    const wanted = new Map(served.map((entry) => [entry.kind.kind, entry]));
    for (const [kind, watcher] of this.watchers) {
      const next = wanted.get(kind);
      if (next && next.version === watcher.target.version && watcher.state !== 'not_served') continue;
      watcher.stop();
      this.watchers.delete(kind);
    }
    for (const kind of FLUX_KINDS) {
      if (!wanted.has(kind.kind)) this.sink.replaceKind(this.clusterId, { kind, version: '' }, []);
    }
    for (const [kind, entry] of wanted) {
      if (this.watchers.has(kind)) continue;
      const watcher = new KindWatcher(
        this.connection,
        fluxKindTarget(entry),
        {
          replaceAll: (objects) => this.sink.replaceKind(this.clusterId, entry, objects),
          upsert: (object) => this.sink.upsert(this.clusterId, entry, object),
          remove: (object) => this.sink.remove(this.clusterId, entry, object),
          stateChanged: () => this.changed(),
          notServed: () => this.scheduleDiscovery(0),
        },
        digestPages(this.connection, fluxKindTarget(entry), this.options.listDecoder ?? INLINE_DECODER),
        this.options,
      );
      this.watchers.set(kind, watcher);
      watcher.start();
    }
  }

  /**
   * Starts the events watch once the API server answered discovery (again, should events have
   * stopped being served). Its state changes are reported, but it is not one of the kinds whose
   * state makes the cluster `synced`: events are history for people to read, and a cluster whose
   * identity may not watch events still has all its Flux objects fresh.
   */
  private watchEvents(): void {
    const events = this.sink.events;
    if (!events || (this.eventsWatcher && this.eventsWatcher.state !== 'not_served')) return;
    this.eventsWatcher?.stop();
    this.eventsWatcher = new KindWatcher(
      this.connection,
      CORE_EVENTS,
      {
        replaceAll: (objects) => events.listed(this.clusterId, objects),
        upsert: (object) => events.changed(this.clusterId, object),
        remove: (object) => events.deleted(this.clusterId, object),
        stateChanged: () => this.sink.syncChanged(this.clusterId),
        notServed: () => this.scheduleDiscovery(0),
      },
      objectPages(this.connection, CORE_EVENTS),
      this.options,
    );
    this.eventsWatcher.start();
  }
}

function watchStatus(watcher: KindWatcher): WatchStatus {
  return { state: watcher.state, last_error: watcher.lastError, backoff_until: watcher.backoffUntil?.toISOString() ?? null, listed_at: watcher.listedAt };
}

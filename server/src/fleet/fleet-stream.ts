import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { EventBus } from '../events/index.js';
import type { ClusterRollups } from './cluster-rollups.js';
import type { FleetEngine } from './fleet-engine.js';
import { toItem } from './resource-views.js';

/** What a subscriber asked for; undefined means everything. */
export interface StreamFilter {
  clusterIds?: ReadonlySet<string>;
  kinds?: ReadonlySet<string>;
  namespaces?: ReadonlySet<string>;
  /**
   * What the caller may see (their role bindings' scope): events about a cluster, an object's
   * namespace, or (clusterId undefined) about no cluster at all, such as jobs.
   */
  visible?: (clusterId: string | undefined, namespace: string | undefined) => boolean;
  /**
   * For a cluster the caller sees only in part, the namespaces they see: its `cluster` events
   * then carry the roll-up of those namespaces, not of the whole cluster. Undefined: all of it.
   */
  partly?: (clusterId: string) => ((namespace: string) => boolean) | undefined;
}

/**
 * One event. Its data is serialised once, for every subscriber, and only when first sent: a cold
 * sync publishes an event per object, mostly with nobody listening, and building and serialising
 * 50,000 items nobody reads was a tenth of its CPU.
 */
class StreamEvent {
  private serialized: string | undefined;
  private payload: (() => Record<string, unknown>) | undefined;

  constructor(
    readonly id: number,
    readonly event: string,
    data: string | (() => Record<string, unknown>),
    /** Bytes it holds in the history (an estimate until serialised). */
    readonly bytes: number,
    readonly scope: EventScope,
  ) {
    if (typeof data === 'string') this.serialized = data;
    else this.payload = data;
  }

  get data(): string {
    if (this.serialized === undefined) {
      this.serialized = JSON.stringify(this.payload!());
      this.payload = undefined;
    }
    return this.serialized;
  }
}

/** What an object event holds before it is serialised; its item is about this big plus its message. */
const OBJECT_EVENT_BYTES = 512;

interface EventScope {
  clusterId?: string;
  kind?: string;
  namespace?: string;
}

interface Subscriber {
  response: ServerResponse;
  filter: StreamFilter;
  /** Events were dropped (the client read too slowly): a resync is owed once the socket drains. */
  lagging: boolean;
  /** Whether the caller's credential still holds (see FleetStreamOptions.recheckMs). */
  reauthorize?: () => Promise<boolean>;
  rechecking: boolean;
}

export interface FleetStreamOptions {
  /** Events kept for `Last-Event-ID` resumes (default 10,000) … */
  historySize?: number;
  /** … and at most this many bytes of them (default 16 MiB). */
  historyBytes?: number;
  /** Bytes a subscriber may have unsent before it is dropped to a resync (default 1 MiB). */
  maxBufferedBytes?: number;
  heartbeatMs?: number;
  /** Cluster roll-up events are coalesced per cluster over this long (default 250 ms). */
  rollupDelayMs?: number;
  /**
   * How often each subscriber's credential is checked again (default 10 s): a stream outlives the
   * request that opened it, and a revoked session or token, a disabled user or changed role
   * bindings must not keep receiving the fleet's changes.
   */
  recheckMs?: number;
}

/**
 * The one live stream (Server-Sent Events): Flux object changes and deletions, their Kubernetes
 * events, cluster connection, sync and roll-up changes, and job progress. Each event is serialised once; a subscriber that
 * cannot keep up never grows memory past `maxBufferedBytes`: its events are dropped and it gets
 * one `resync` event (reload, then continue) once its socket drains. Ids are sequential, so a
 * reconnecting client resumes with `Last-Event-ID`, or gets `resync` if that is too far back.
 */
export class FleetStream {
  private readonly subscribers = new Set<Subscriber>();
  /** Ring buffer of the last events, for Last-Event-ID resumes. */
  private readonly history: StreamEvent[] = [];
  private historyStart = 0;
  private historyBytes = 0;
  /**
   * Ids start at a random point of a 2^52 range, so an id a client got from another replica, or
   * from this process before a restart, is (but for odds of one in billions) outside what is
   * kept here, and gets resync instead of a replay of unrelated events. Numeric ids both started
   * by the clock could overlap: replicas of a Deployment start within the same second.
   */
  private nextId = randomBytes(6).readUIntBE(0, 6) * 16;
  private heartbeat: NodeJS.Timeout | undefined;
  private recheck: NodeJS.Timeout | undefined;
  private readonly pendingRollups = new Map<string, NodeJS.Timeout>();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly engine: FleetEngine,
    private readonly rollups: ClusterRollups,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly options: FleetStreamOptions = {},
  ) {}

  start(): void {
    this.unsubscribe.push(
      this.engine.onChange((change) => {
        const { record } = change;
        const where = { clusterId: record.clusterId, kind: record.kind, namespace: record.namespace };
        const bytes = OBJECT_EVENT_BYTES + record.message.length;
        // Records are replaced, never changed, so the item built later is the one of this moment
        // (the cluster's name is read then: a rename in between shows the new one).
        if (change.type === 'delete') this.publishLazily('resource.deleted', () => ({ type: 'delete', ...toItem(this.engine, record) }), bytes, where);
        else {
          // previous_status lets a client move its counts (facets, roll-ups) without refetching.
          const previousStatus = change.previous?.status ?? null;
          this.publishLazily('resource', () => ({ type: 'upsert', previous_status: previousStatus, ...toItem(this.engine, record) }), bytes, where);
        }
        if (change.type === 'delete' || change.previous?.status !== record.status) this.rollupSoon(record.clusterId);
      }),
      this.engine.onSyncChange((clusterId) => this.rollupSoon(clusterId)),
      this.events.subscribe((event) => {
        switch (event.type) {
          case 'cluster.created':
          case 'cluster.updated':
          case 'cluster.health':
            this.rollupSoon(event.clusterId);
            break;
          case 'cluster.deleted':
            this.publish('cluster', { type: 'deleted', cluster_id: event.clusterId }, { clusterId: event.clusterId });
            break;
          case 'job.progress':
            this.publish('job', { type: 'progress', job_id: event.jobId, job_type: event.jobType, done: event.done, total: event.total }, {});
            break;
          case 'job.finished':
            this.publish('job', { type: 'finished', job_id: event.jobId, status: event.status }, {});
            break;
          case 'job.item':
            // About one object: only subscribers who may see it (and whose filters match) get it.
            this.publish('job', { type: 'item', job_id: event.jobId, ...event.item }, { clusterId: event.item.cluster_id, kind: event.item.kind, namespace: event.item.namespace });
            break;
          case 'audit.recorded':
            // A nudge to read the trail again, carrying nothing of the entry. One about no cluster
            // reaches only callers who see the whole fleet (as the trail itself shows it).
            this.publish('audit', { cluster_id: event.clusterId }, event.clusterId ? { clusterId: event.clusterId } : {});
            break;
          default:
            break;
        }
      }),
    );
    this.heartbeat = setInterval(() => {
      for (const subscriber of this.subscribers) this.write(subscriber, ': ping\n\n');
    }, this.options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
    this.recheck = setInterval(() => this.recheckSubscribers(), this.options.recheckMs ?? 10_000);
    this.recheck.unref();
  }

  /** Ends the streams whose credential no longer holds, with an `unauthorized` event first. */
  private recheckSubscribers(): void {
    for (const subscriber of this.subscribers) {
      const { reauthorize } = subscriber;
      if (!reauthorize || subscriber.rechecking) continue;
      subscriber.rechecking = true;
      void reauthorize()
        .catch(() => false)
        .then((allowed) => {
          subscriber.rechecking = false;
          if (allowed || !this.subscribers.has(subscriber)) return;
          this.subscribers.delete(subscriber);
          this.write(subscriber, `event: unauthorized\ndata: ${JSON.stringify({ reason: 'the session or token behind this stream is no longer valid, or its roles changed: sign in or reconnect' })}\n\n`);
          subscriber.response.end();
        });
    }
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.recheck) clearInterval(this.recheck);
    for (const timer of this.pendingRollups.values()) clearTimeout(timer);
    for (const subscriber of this.subscribers) subscriber.response.end();
    this.subscribers.clear();
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * Takes over a response: writes the SSE headers, replays what came after `lastEventId` (or
   * sends `resync` when it is too old), then streams until the client goes away.
   */
  subscribe(response: ServerResponse, filter: StreamFilter, lastEventId: string | undefined, reauthorize?: () => Promise<boolean>): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Reverse proxies (nginx) must not buffer the stream.
      'x-accel-buffering': 'no',
    });
    const subscriber: Subscriber = { response, filter, lagging: false, rechecking: false, ...(reauthorize ? { reauthorize } : {}) };
    response.write(`retry: 2000\n\n`);
    const resumeFrom = lastEventId !== undefined && /^\d+$/.test(lastEventId) ? Number(lastEventId) : undefined;
    if (resumeFrom !== undefined) {
      const kept = this.kept();
      const oldest = kept[0]?.id ?? this.nextId;
      // Too old (or from before a restart), or not issued yet (another process's ids): reload.
      if (resumeFrom + 1 < oldest || resumeFrom >= this.nextId) this.writeResync(subscriber, 'the stream cannot resume from Last-Event-ID');
      else for (const event of kept) if (event.id > resumeFrom && matches(filter, event)) this.send(subscriber, event);
    } else {
      // A hello carrying the current id, so even a quiet stream gives the client a resume point.
      this.write(subscriber, `id: ${this.nextId - 1}\nevent: hello\ndata: {"last_event_id":${this.nextId - 1}}\n\n`);
    }
    this.subscribers.add(subscriber);
    response.on('drain', () => {
      if (subscriber.lagging) {
        subscriber.lagging = false;
        this.writeResync(subscriber, 'the client fell behind');
      }
    });
    response.on('close', () => this.subscribers.delete(subscriber));
  }

  /**
   * An event about one object from outside the engine (kube-events/ sends `event` for each new
   * Kubernetes event): scoped like `resource`, so only subscribers who may see the object and
   * whose filters match get it. `payload` is built when first sent.
   */
  publishObjectEvent(event: string, where: { clusterId: string; kind: string; namespace: string }, payload: () => Record<string, unknown>, approximateBytes: number): void {
    this.publishLazily(event, payload, approximateBytes, where);
  }

  private publish(event: string, payload: Record<string, unknown>, where: EventScope): void {
    const data = JSON.stringify(payload);
    this.add(new StreamEvent(this.nextId++, event, data, data.length, where));
  }

  private publishLazily(event: string, payload: () => Record<string, unknown>, bytes: number, where: EventScope): void {
    this.add(new StreamEvent(this.nextId++, event, payload, bytes, where));
  }

  private add(entry: StreamEvent): void {
    this.remember(entry);
    for (const subscriber of this.subscribers) if (matches(subscriber.filter, entry)) this.send(subscriber, entry);
  }

  private remember(entry: StreamEvent): void {
    this.history.push(entry);
    this.historyBytes += entry.bytes;
    const maxEvents = this.options.historySize ?? 10_000;
    const maxBytes = this.options.historyBytes ?? 16 * 1024 * 1024;
    while (this.history.length - this.historyStart > maxEvents || (this.historyBytes > maxBytes && this.history.length - this.historyStart > 1)) {
      this.historyBytes -= this.history[this.historyStart]!.bytes;
      this.historyStart += 1;
    }
    // Compact now and then instead of shifting on every event.
    if (this.historyStart > 1024 && this.historyStart * 2 > this.history.length) {
      this.history.splice(0, this.historyStart);
      this.historyStart = 0;
    }
  }

  private kept(): StreamEvent[] {
    return this.history.slice(this.historyStart);
  }

  private rollupSoon(clusterId: string): void {
    if (this.pendingRollups.has(clusterId)) return;
    const timer = setTimeout(() => {
      this.pendingRollups.delete(clusterId);
      if (!this.engine.cluster(clusterId)) return;
      this.publish('cluster', { type: 'changed', ...this.rollups.of(clusterId) }, { clusterId });
    }, this.options.rollupDelayMs ?? 250);
    timer.unref();
    this.pendingRollups.set(clusterId, timer);
  }

  private send(subscriber: Subscriber, event: StreamEvent): void {
    if (subscriber.lagging) return;
    if (subscriber.response.writableLength > (this.options.maxBufferedBytes ?? 1024 * 1024)) {
      // Stop queueing: the socket's buffer is the bound. A resync follows on 'drain'.
      subscriber.lagging = true;
      this.logger.debug('a stream subscriber fell behind; it will get a resync');
      return;
    }
    this.write(subscriber, `id: ${event.id}\nevent: ${event.event}\ndata: ${this.dataFor(subscriber, event)}\n\n`);
  }

  /** The event's data as this subscriber may see it (a partly visible cluster's own roll-up). */
  private dataFor(subscriber: Subscriber, event: StreamEvent): string {
    const clusterId = event.scope.clusterId;
    if (event.event !== 'cluster' || clusterId === undefined || !subscriber.filter.partly) return event.data;
    const inScope = subscriber.filter.partly(clusterId);
    if (!inScope) return event.data;
    const by_status = this.engine.index.countsOfClusterWhere(clusterId, (record) => inScope(record.namespace));
    return JSON.stringify({ ...(JSON.parse(event.data) as Record<string, unknown>), objects: by_status.total, by_status });
  }

  private writeResync(subscriber: Subscriber, reason: string): void {
    this.write(subscriber, `id: ${this.nextId - 1}\nevent: resync\ndata: ${JSON.stringify({ reason })}\n\n`);
  }

  private write(subscriber: Subscriber, text: string): void {
    if (!subscriber.response.writableEnded && !subscriber.response.destroyed) subscriber.response.write(text);
  }
}

function matches(filter: StreamFilter, { scope: event }: StreamEvent): boolean {
  if (filter.visible && !filter.visible(event.clusterId, event.namespace)) return false;
  // Events about no cluster (jobs) go to everyone; cluster events ignore kind/namespace filters.
  if (filter.clusterIds && event.clusterId !== undefined && !filter.clusterIds.has(event.clusterId)) return false;
  if (event.kind === undefined) return true;
  if (filter.kinds && !filter.kinds.has(event.kind)) return false;
  if (filter.namespaces && event.namespace !== undefined && !filter.namespaces.has(event.namespace)) return false;
  return true;
}

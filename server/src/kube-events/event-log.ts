import type { FluxObjectLike } from '@flux-orchestrator/flux-model';
import type { Logger } from 'pino';
import type { EventBus } from '../events/index.js';
import type { ClusterEventSink } from '../fleet/cluster-sync.js';
import type { KubeEventRow, KubeEventsRepo } from '../store/index.js';
import { eventSignature, keptEventRow } from './kept-events.js';

/** Rows per write transaction. */
const FLUSH_BATCH_ROWS = 500;

export interface KubeEventLogOptions {
  repo: KubeEventsRepo;
  bus: EventBus;
  logger: Logger;
  /** Pending events are written this often (default 1000 ms), or as soon as a batch is full. */
  flushIntervalMs?: number;
  /**
   * Events waiting to be written, at most (default 20,000): while the database is away the oldest
   * are dropped beyond this, so an outage never grows memory without bound.
   */
  maxPending?: number;
}

/**
 * Keeps the Kubernetes events the clusters' event watches deliver (those `keptEventRow` keeps),
 * written behind to the database: pending rows are keyed by cluster and uid, so an event that
 * repeats ten times in a second is written once, as it last was. What was last seen of each live
 * event (its signature) is remembered per cluster, so a relist writes and announces only what
 * changed. The first list of a cluster since start (or since it was added) is written in full
 * (the upsert makes that idempotent) but not announced: it is history, not news.
 */
export class KubeEventLog implements ClusterEventSink {
  private pending = new Map<string, KubeEventRow>();
  /** Per cluster: uid → signature of the events the cluster holds now (kept ones only). */
  private readonly seen = new Map<string, Map<string, string>>();
  private readonly listeners = new Set<(row: KubeEventRow) => void>();
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private dropped = 0;
  /** A flush for a full batch is already queued (a list of thousands asks once, not per event). */
  private batchFlushQueued = false;

  constructor(private readonly options: KubeEventLogOptions) {}

  start(): void {
    this.unsubscribe = this.options.bus.subscribe((event) => {
      if (event.type === 'cluster.deleted') this.forgetCluster(event.clusterId);
    });
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** Writes what is pending; call after the watches stopped. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  /** Called with each new or changed event as it arrives (before it is written). */
  onRecorded(listener: (row: KubeEventRow) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  listed(clusterId: string, events: FluxObjectLike[]): void {
    const previous = this.seen.get(clusterId);
    const current = new Map<string, string>();
    for (const event of events) {
      const row = keptEventRow(clusterId, event);
      if (!row) continue;
      const signature = eventSignature(row);
      current.set(row.uid, signature);
      if (previous?.get(row.uid) === signature) continue;
      this.queue(row, previous !== undefined);
    }
    // Events missing from the list expired in the cluster: forgotten here, kept in the database.
    this.seen.set(clusterId, current);
  }

  changed(clusterId: string, event: FluxObjectLike): void {
    const row = keptEventRow(clusterId, event);
    if (!row) return;
    let seen = this.seen.get(clusterId);
    if (!seen) this.seen.set(clusterId, (seen = new Map()));
    const signature = eventSignature(row);
    if (seen.get(row.uid) === signature) return;
    seen.set(row.uid, signature);
    this.queue(row, true);
  }

  deleted(clusterId: string, event: FluxObjectLike): void {
    const uid = (event.metadata as { uid?: string } | undefined)?.uid;
    if (uid) this.seen.get(clusterId)?.delete(uid);
  }

  /**
   * Writes every pending event (also runs on the timer), in transactions of FLUSH_BATCH_ROWS with
   * a turn of the event loop between them. A failed write is retried on the next turn; rows that
   * changed meanwhile are written as they are now.
   */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      this.batchFlushQueued = false;
      if (this.dropped > 0) {
        this.options.logger.warn({ dropped: this.dropped }, 'Kubernetes events were dropped unwritten: the database did not keep up (or was away)');
        this.dropped = 0;
      }
      while (this.pending.size > 0) {
        const batch: KubeEventRow[] = [];
        for (const [key, row] of this.pending) {
          batch.push(row);
          this.pending.delete(key);
          if (batch.length === FLUSH_BATCH_ROWS) break;
        }
        try {
          await this.options.repo.upsert(batch);
        } catch (error) {
          this.options.logger.error({ err: error, rows: batch.length + this.pending.size }, 'could not write Kubernetes events; will retry');
          // Back in front (older than what came since), unless a newer version is already pending.
          const retry = new Map(batch.map((row) => [keyOf(row), row]));
          for (const [key, row] of this.pending) retry.set(key, row);
          this.pending = retry;
          this.trim();
          return;
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    });
    return this.flushing;
  }

  private queue(row: KubeEventRow, announce: boolean): void {
    const key = keyOf(row);
    // Re-inserted at the end: the map's order is the order of last change (oldest dropped first).
    this.pending.delete(key);
    this.pending.set(key, row);
    this.trim();
    if (this.pending.size >= FLUSH_BATCH_ROWS && !this.batchFlushQueued) {
      this.batchFlushQueued = true;
      void this.flush();
    }
    if (!announce) return;
    for (const listener of this.listeners) {
      try {
        listener(row);
      } catch (error) {
        this.options.logger.error({ err: error }, 'a Kubernetes event listener failed');
      }
    }
  }

  private trim(): void {
    const max = this.options.maxPending ?? 20_000;
    for (const key of this.pending.keys()) {
      if (this.pending.size <= max) break;
      this.pending.delete(key);
      this.dropped += 1;
    }
  }

  private forgetCluster(clusterId: string): void {
    this.seen.delete(clusterId);
    for (const [key, row] of this.pending) if (row.cluster_id === clusterId) this.pending.delete(key);
  }
}

function keyOf(row: KubeEventRow): string {
  return `${row.cluster_id}/${row.uid}`;
}

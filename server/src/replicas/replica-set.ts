import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import type { EventBus, FleetEvent } from '../events/index.js';
import type { ClusterSyncStatus, FleetEngine, FleetReplication } from '../fleet/index.js';
import type { ReplicaMembership } from '../jobs/index.js';
import { LEADER_LEASE, PgListener, REPLICA_APPLICATION_PREFIX, type FluxObjectRow, type FluxObjectsRepo, type ReplicasRepo } from '../store/index.js';
import { packPayloads, unpackPayload } from './notify-payloads.js';
import { rendezvousOwner } from './rendezvous.js';
import { SyncStateOrder } from './sync-state-order.js';
import type { ReplicaOverview } from './replicas.schemas.js';

/** The channels replicas talk on. */
const CHANNELS = { objects: 'fluxo_objects', sync: 'fluxo_sync', bus: 'fluxo_bus' } as const;

export interface ReplicaTiming {
  /** How often a replica beats, renews its leases and rebalances (default 1000 ms). */
  tickMs: number;
  /** A replica whose heartbeat is older than this is dead, even if its connection lingers (default 5000 ms). */
  deadAfterMs: number;
  /** How long a lease lasts without renewal (default 5000 ms). */
  leaseMs: number;
  /** How often sync states are published (default 200 ms). */
  publishMs: number;
}

const DEFAULT_TIMING: ReplicaTiming = { tickMs: 1000, deadAfterMs: 5000, leaseMs: 5000, publishMs: 200 };

export interface ReplicaSetOptions {
  repo: ReplicasRepo;
  databaseUrl: string;
  objectsRepo: FluxObjectsRepo;
  events: EventBus;
  logger: Logger;
  timing?: Partial<ReplicaTiming>;
}

/** One object change as replicas send it: a written row, a deleted key, or a key to read (too large to send). */
type ObjectItem = { u: FluxObjectRow } | { d: string } | { f: string };
interface OutgoingBatch {
  add(item: string): void;
  flush(): Promise<void>;
}

/**
 * A cluster's sync state from its owner (null: it stopped watching it), stamped with the lease
 * epoch it holds the cluster under and its own count of states read (see SyncStateOrder).
 */
type SyncItem = { c: string; s: ClusterSyncStatus | null; e: number; n: number };

/**
 * Several server processes sharing one PostgreSQL database. Each watches the clusters whose
 * lease it holds (a fair share by rendezvous hashing over the live replicas), writes their
 * records, and announces every written batch, sync state and bus event on NOTIFY channels, so
 * every replica holds the whole fleet in its index and serves the whole API and stream. A
 * replica killed with -9 drops its notification connection; the others see it gone at their
 * next tick and take its leases over.
 */
export class ReplicaSet implements FleetReplication, ReplicaMembership {
  readonly replicaId: string;
  private readonly timing: ReplicaTiming;
  private readonly store: ReplicasRepo;
  private readonly notifications: PgListener;
  /** The clusters this replica watches, with the epoch of its lease on each. */
  private readonly owned = new Map<string, number>();
  /** Counts the sync states this replica reads to publish: later reads, larger numbers. */
  private syncSeq = 0;
  private readonly syncOrder = new SyncStateOrder();
  /** Which replica published each remote cluster's sync state (to mark it stale when that one dies). */
  private readonly remoteOwners = new Map<string, string>();
  private readonly goneListeners = new Set<(replicaId: string) => void>();
  /** Replicas already reported gone (until their row is reaped). */
  private readonly reportedGone = new Set<string>();
  private readonly ownershipListeners = new Set<(acquired: string[]) => void>();
  /** Events this process received from others: republished locally, never sent back. */
  private readonly fromOthers = new WeakSet<FleetEvent>();
  private readonly outgoingEvents: OutgoingBatch;
  private pendingSync = new Set<string>();
  private live: string[] = [];
  private leader = false;
  private lastRenewedAt = 0;
  private fleet: FleetEngine | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private publishTimer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private unsubscribe: Array<() => void> = [];
  private stopped = false;

  constructor(private readonly options: ReplicaSetOptions) {
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    // Short enough for application_name (63 bytes) with its prefix; the host says where it runs.
    this.replicaId = `${os.hostname().replace(/[^A-Za-z0-9.-]/g, '').slice(0, 32)}-${randomBytes(4).toString('hex')}`;
    this.store = options.repo;
    this.notifications = new PgListener({
      databaseUrl: options.databaseUrl,
      applicationName: `${REPLICA_APPLICATION_PREFIX}${this.replicaId}`,
      logger: options.logger,
      onResubscribed: () => void this.reload().catch((error: unknown) => options.logger.warn({ err: error }, 'could not reload the fleet after reconnecting')),
    });
    this.notifications.on(CHANNELS.objects, (payload) => this.receiveObjects(payload));
    this.notifications.on(CHANNELS.sync, (payload) => this.receiveSync(payload));
    this.notifications.on(CHANNELS.bus, (payload) => this.receiveEvents(payload));
    this.outgoingEvents = this.batchSender(CHANNELS.bus);
  }

  /**
   * A channel of its own for a feature's items (e.g. Kubernetes events for the live stream):
   * what `send` is given here is handed to `receive` on every other replica. Register before join().
   */
  relay<T>(channel: string, receive: (items: T[]) => void): (item: T) => void {
    this.notifications.on(channel, (payload) => {
      const unpacked = unpackPayload<T>(payload, this.replicaId);
      if (unpacked) receive(unpacked.items);
    });
    const batch = this.batchSender(channel);
    return (item) => {
      if (!this.stopped) batch.add(JSON.stringify(item));
    };
  }

  /**
   * Registers this replica and starts listening. Call before the fleet engine loads the stored
   * index: what is written after this point is announced to this replica, what was written
   * before is in what it loads.
   */
  async join(): Promise<void> {
    await this.store.join(this.replicaId, `${os.hostname()} pid ${process.pid}`);
    await this.notifications.start();
    this.unsubscribe.push(this.options.events.subscribe((event) => this.sendEvent(event)));
    this.options.logger.info({ replicaId: this.replicaId }, 'joined the replica set');
  }

  /** Starts taking a share of the clusters for `fleet` (after fleet.start()). */
  async start(fleet: FleetEngine): Promise<void> {
    this.fleet = fleet;
    this.unsubscribe.push(
      fleet.onSyncChange((clusterId) => {
        if (this.owned.has(clusterId)) this.pendingSync.add(clusterId);
      }),
    );
    await this.loadRemoteSyncs();
    // A first tick that fails (the database away a moment) is logged and tried again at the next.
    await this.tickOnce();
    this.tickTimer = setInterval(() => void this.tickOnce(), this.timing.tickMs);
    this.tickTimer.unref();
    this.publishTimer = setInterval(() => void this.publishSyncs().catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not publish sync states')), this.timing.publishMs);
    this.publishTimer.unref();
  }

  /** Stops watching (the fleet engine has stopped its syncs) and hands every lease back at once. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.tickTimer);
    clearInterval(this.publishTimer);
    await this.ticking;
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    await this.flushEvents();
    await this.store.leave(this.replicaId).catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not hand the leases back; others take them when they expire'));
    await this.notifications.stop();
  }

  // FleetReplication

  owns(clusterId: string): boolean {
    return this.owned.has(clusterId);
  }

  announce = (written: { upserts: FluxObjectRow[]; deletes: string[] }): { channel: string; payloads: string[] } => {
    // Alone at the last tick: keys only (a replica that joined since reads the rows they name;
    // the rows are committed when the notification arrives). A cold sync of 100,000 objects
    // would otherwise serialize and send 50 MB of JSON to nobody.
    const alone = !this.live.some((replica) => replica !== this.replicaId);
    const items = [
      ...written.upserts.map((row) => JSON.stringify(alone ? ({ f: row.id } satisfies ObjectItem) : ({ u: row } satisfies ObjectItem))),
      ...written.deletes.map((key) => JSON.stringify({ d: key } satisfies ObjectItem)),
    ];
    const references: string[] = [];
    const payloads = packPayloads(this.replicaId, items, (item) => references.push(JSON.stringify({ f: (JSON.parse(item) as { u: FluxObjectRow }).u.id } satisfies ObjectItem)));
    payloads.push(...packPayloads(this.replicaId, references));
    return { channel: CHANNELS.objects, payloads };
  };

  // ReplicaMembership

  isLeader(): boolean {
    return this.leader;
  }

  onReplicaGone(listener: (replicaId: string) => void): () => void {
    this.goneListeners.add(listener);
    return () => this.goneListeners.delete(listener);
  }

  /** Called with the clusters this replica has just started watching (to check their health at once). */
  onAcquired(listener: (clusterIds: string[]) => void): () => void {
    this.ownershipListeners.add(listener);
    return () => this.ownershipListeners.delete(listener);
  }

  /** Every replica as the database knows it (`GET /api/v1/replicas`). */
  async overview(): Promise<ReplicaOverview> {
    const rows = await this.store.overview(this.timing.deadAfterMs);
    return {
      mode: 'replicated',
      replica_id: this.replicaId,
      items: rows.map((row) => ({
        id: row.id,
        description: row.description,
        started_at: new Date(Number(row.started_at)).toISOString(),
        heartbeat_age_ms: Math.max(0, Number(row.heartbeat_age_ms)),
        live: row.live,
        leader: row.leader,
        clusters: Number(row.clusters),
      })),
    };
  }

  private tickOnce(): Promise<void> {
    this.ticking = this.ticking.then(() => this.tick()).catch((error: unknown) => this.options.logger.warn({ err: error }, 'replica tick failed'));
    return this.ticking;
  }

  private async tick(): Promise<void> {
    if (this.stopped || !this.fleet) return;
    const fleet = this.fleet;
    try {
      if (!(await this.store.heartbeat(this.replicaId))) await this.store.join(this.replicaId, `${os.hostname()} pid ${process.pid}`);
      const live = await this.store.liveReplicas(this.timing.deadAfterMs);
      this.noticeGone(live, await this.store.allReplicaIds());
      this.live = live;
      const held = new Set(await this.store.renew(this.replicaId, [LEADER_LEASE, ...this.owned.keys()], this.timing.leaseMs));
      this.lastRenewedAt = Date.now();
      // Leases others took (they found this replica dead): stop at once, write nothing more.
      const lost = [...this.owned.keys()].filter((id) => !held.has(id));
      if (lost.length > 0) await this.abandon(lost, 'its lease was taken by another replica');
      this.leader = held.has(LEADER_LEASE);
      if (!this.leader) this.leader = (await this.store.acquire(this.replicaId, [LEADER_LEASE], live, this.timing.leaseMs)).length > 0;

      const clusterIds = await this.store.clusterIds();
      const existing = new Set(clusterIds);
      const desired = new Set(clusterIds.filter((id) => rendezvousOwner(id, live) === this.replicaId));
      this.syncOrder.forgetAllBut(existing);
      const handOver = [...this.owned.keys()].filter((id) => !desired.has(id));
      if (handOver.length > 0) {
        // Written and announced while still held, so the next owner starts from the last state seen here.
        await fleet.release(handOver);
        const released = handOver.map((id) => ({ c: id, s: null, e: this.owned.get(id)!, n: ++this.syncSeq }));
        for (const id of handOver) this.owned.delete(id);
        await this.store.release(this.replicaId, handOver.filter((id) => existing.has(id)));
        await this.sendSyncs(released);
      }
      const wanted = [...desired].filter((id) => !this.owned.has(id));
      const taken = await this.store.acquire(this.replicaId, wanted, live, this.timing.leaseMs);
      const acquired = taken.map((lease) => lease.name);
      if (acquired.length > 0) {
        for (const lease of taken) {
          this.owned.set(lease.name, lease.epoch);
          this.remoteOwners.delete(lease.name);
        }
        try {
          await fleet.acquire(acquired);
        } catch (error) {
          // Not watched, so not owned: the next tick takes them again (their leases are still this
          // replica's) instead of renewing leases that nobody works on.
          for (const id of acquired) this.owned.delete(id);
          throw error;
        }
        for (const listener of this.ownershipListeners) listener(acquired);
        this.options.logger.info({ clusters: acquired.length, owned: this.owned.size }, 'took over clusters');
      }
      // A cluster neither watched here nor known from its holder (a state message missed or
      // cleared while its holder only seemed gone): read the states the holders stored.
      if (clusterIds.some((id) => !this.owned.has(id) && !this.remoteOwners.has(id))) await this.loadRemoteSyncs();
      if (this.leader) await this.store.dropOrphans();
      if (this.leader) await this.store.reapDead(60_000);
    } catch (error) {
      // Without the database no lease can be renewed: past the lease, others may hold them.
      if (this.owned.size > 0 && Date.now() - this.lastRenewedAt > this.timing.leaseMs - this.timing.tickMs) {
        await this.abandon([...this.owned.keys()], 'its leases could not be renewed (database unreachable)');
      }
      this.leader = false;
      throw error;
    }
  }

  private async abandon(clusterIds: string[], why: string): Promise<void> {
    this.options.logger.warn({ clusters: clusterIds.length, reason: why }, 'stopped watching clusters');
    for (const id of clusterIds) this.owned.delete(id);
    this.fleet?.abandon(clusterIds);
  }

  /**
   * Reports replicas that stopped: those live at the last tick, and those registered but dead
   * before this one started (their jobs are still to be resumed or failed).
   */
  private noticeGone(live: string[], registered: string[]): void {
    const now = new Set(live);
    // Forgotten once it left for good, or is live again (it only seemed gone: a later death is reported anew).
    for (const replica of this.reportedGone) if (!registered.includes(replica) || now.has(replica)) this.reportedGone.delete(replica);
    for (const replica of new Set([...this.live, ...registered])) {
      if (now.has(replica) || replica === this.replicaId || this.reportedGone.has(replica)) continue;
      this.reportedGone.add(replica);
      this.options.logger.warn({ replicaId: replica }, 'a replica is gone; its clusters and jobs are taken over');
      for (const [clusterId, owner] of this.remoteOwners) {
        if (owner !== replica) continue;
        this.remoteOwners.delete(clusterId);
        this.fleet?.setRemoteSync(clusterId, undefined);
      }
      for (const listener of this.goneListeners) listener(replica);
    }
  }

  private async publishSyncs(): Promise<void> {
    if (this.pendingSync.size === 0 || !this.fleet) return;
    const ids = [...this.pendingSync].filter((id) => this.owned.has(id));
    this.pendingSync = new Set();
    // Two publishes can be in flight at once (a slow write under load): the stamps let the
    // database and the other replicas keep the newer of them, whichever lands last.
    const items = ids.map((id): SyncItem => ({ c: id, s: this.fleet!.syncStatus(id), e: this.owned.get(id)!, n: ++this.syncSeq }));
    try {
      await this.store.storeDetails(this.replicaId, items.map((item) => ({ name: item.c, detail: JSON.stringify(item.s), seq: item.n })));
      await this.sendSyncs(items);
    } catch (error) {
      // Goes again with the next publish (read afresh then): a state that stops changing would
      // otherwise never reach the others.
      for (const id of ids) this.pendingSync.add(id);
      throw error;
    }
  }

  private async sendSyncs(items: SyncItem[]): Promise<void> {
    await this.store.notify(CHANNELS.sync, packPayloads(this.replicaId, items.map((item) => JSON.stringify(item))));
  }

  private async loadRemoteSyncs(): Promise<void> {
    const live = new Set(await this.store.liveReplicas(this.timing.deadAfterMs));
    for (const row of await this.store.heldDetails()) {
      if (row.holder === this.replicaId || !live.has(row.holder)) continue;
      if (!this.syncOrder.admit(row.name, { epoch: row.epoch, seq: row.seq }) && this.remoteOwners.get(row.name) === row.holder) continue;
      this.remoteOwners.set(row.name, row.holder);
      this.fleet?.setRemoteSync(row.name, JSON.parse(row.detail) as ClusterSyncStatus);
    }
  }

  /** After notifications may have been missed: the stored rows and sync states are the truth. */
  private async reload(): Promise<void> {
    this.fleet?.replaceReplicated(await this.options.objectsRepo.listAll());
    await this.loadRemoteSyncs();
  }

  private receiveObjects(payload: string): void {
    const unpacked = unpackPayload<ObjectItem>(payload, this.replicaId);
    if (!unpacked || !this.fleet) return;
    const rows: FluxObjectRow[] = [];
    const deletes: string[] = [];
    const references: string[] = [];
    for (const item of unpacked.items) {
      if ('u' in item) rows.push(item.u);
      else if ('d' in item) deletes.push(item.d);
      else references.push(item.f);
    }
    this.fleet.applyReplicated(rows, deletes);
    if (references.length > 0) {
      void this.options.objectsRepo.findByIds(references).then(
        (found) => this.fleet?.applyReplicated(found, []),
        (error: unknown) => this.options.logger.warn({ err: error }, 'could not read announced Flux objects'),
      );
    }
  }

  private receiveSync(payload: string): void {
    const unpacked = unpackPayload<SyncItem>(payload, this.replicaId);
    if (!unpacked || !this.fleet) return;
    const { origin, items } = unpacked;
    for (const item of items) {
      if (this.owned.has(item.c)) continue;
      if (!this.syncOrder.admit(item.c, { epoch: item.e, seq: item.n })) continue;
      if (item.s) {
        this.remoteOwners.set(item.c, origin);
      } else {
        // A hand-over's "no longer mine" can arrive after the next owner's first state: it only
        // clears what its sender still stands for.
        const owner = this.remoteOwners.get(item.c);
        if (owner !== undefined && owner !== origin) continue;
        this.remoteOwners.delete(item.c);
      }
      this.fleet.setRemoteSync(item.c, item.s ?? undefined);
    }
  }

  private receiveEvents(payload: string): void {
    const unpacked = unpackPayload<FleetEvent>(payload, this.replicaId);
    if (!unpacked) return;
    for (const event of unpacked.items) {
      this.fromOthers.add(event);
      this.options.events.publish(event);
    }
  }

  /** Local bus events go to the other replicas. */
  private sendEvent(event: FleetEvent): void {
    if (this.fromOthers.has(event) || this.stopped) return;
    this.outgoingEvents.add(JSON.stringify(event));
  }

  private async flushEvents(): Promise<void> {
    await this.outgoingEvents.flush();
  }

  /** Items for a channel, sent together once per turn of the event loop (a bulk action's thousand items are a few NOTIFYs). */
  private batchSender(channel: string): OutgoingBatch {
    let items: string[] = [];
    const flush = async (): Promise<void> => {
      if (items.length === 0) return;
      const sending = items;
      items = [];
      await this.store.notify(channel, packPayloads(this.replicaId, sending)).catch((error: unknown) =>
        this.options.logger.warn({ err: error, channel, items: sending.length }, 'could not send to the other replicas'),
      );
    };
    return {
      add: (item) => {
        items.push(item);
        if (items.length === 1) setImmediate(() => void flush());
      },
      flush,
    };
  }
}

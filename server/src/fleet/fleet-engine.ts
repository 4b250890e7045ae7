import { findFluxKind, type FluxObjectLike, type FluxRef, type FluxSelectorRef, type FluxStatus } from '@flux-orchestrator/flux-model';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { SlotGate } from '../common/slot-gate.js';
import type { ClusterConnections } from '../connections/index.js';
import type { EventBus } from '../events/index.js';
import type { ClusterRow, ClustersRepo, FluxObjectRow, FluxObjectsRepo, FluxObjectTransitionRow } from '../store/index.js';
import { ClusterSync, type ClusterEventSink, type ClusterSyncOptions, type ClusterSyncStatus } from './cluster-sync.js';
import { FleetIndex } from './fleet-index.js';
import { IngestQueue } from './ingest-queue.js';
import type { ListDecoder } from './list-decoder.js';
import type { ServedKind } from './kind-discovery.js';
import { digestOf, isNewerVersion, NO_LABELS, NO_REFS, NO_SELECTORS, recordChanged, recordKey, recordOf, searchText, type ObjectDigest, type ResourceRecord } from './resource-record.js';

/** How long writing out changes may wait for the ingest queue to empty (see persistSoon). */
const MAX_PERSIST_DELAY_MS = 10_000;
/** Objects of a list applied per ingest queue item (a few milliseconds of work). */
const LIST_SLICE = 100;
/** Longest one list request keeps its place in the fleet-wide list gate (SlotGate) (a slow cluster's list then goes on outside it). */
const LIST_MAX_HOLD_MS = 1000;
/** Longest a new cluster's first sync waits for `initialSyncGate` (a slow first check must not hold it longer). */
const INITIAL_SYNC_GATE_MS = 10_000;

function delay(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
}

export interface ResourceChange {
  type: 'upsert' | 'delete';
  record: ResourceRecord;
  previous: ResourceRecord | undefined;
}

export interface ClusterInfo {
  id: string;
  name: string;
  labels: Record<string, string>;
}

/**
 * How the engine shares the fleet with other replicas (replicas/). Without it, this process
 * watches every cluster.
 */
export interface FleetReplication {
  /** This replica's id: rows are written only for clusters whose lease it holds (fencing). */
  readonly replicaId: string;
  /** Whether this process watches the cluster; others' records arrive through applyReplicated. */
  owns(clusterId: string): boolean;
  /** What to send to the other replicas about a batch of rows; sent by the transaction that writes them. */
  announce(written: { upserts: FluxObjectRow[]; deletes: string[] }): { channel: string; payloads: string[] };
}

export interface FleetEngineOptions {
  clustersRepo: ClustersRepo;
  objectsRepo: FluxObjectsRepo;
  connections: ClusterConnections;
  events: EventBus;
  logger: Logger;
  /** Where each cluster's core/v1 Events go (kube-events/); without it they are not watched. */
  eventSink?: ClusterEventSink;
  /** Changes are written to the database in batches this often (default 1000 ms). */
  persistIntervalMs?: number;
  /**
   * Clusters whose first sync (discovery and first lists) runs at the same time (default 32).
   * Bounding the burst of a cold start keeps the event loop answering API requests meanwhile;
   * later relists and watches are not bounded.
   */
  initialSyncConcurrency?: number;
  /**
   * List requests (each page) running at once across the fleet (default 8): see SlotGate. Lists
   * are the bulk of a sync; watches, once started, are not bounded.
   */
  listConcurrency?: number;
  /** Where Flux kinds' list pages are parsed and digested (default: on this thread); closed by stop(). */
  listDecoder?: ListDecoder;
  /**
   * Resolves when newly registered clusters' first syncs may start (the health checker has started
   * their first checks); waited for at most INITIAL_SYNC_GATE_MS. Clusters loaded at start or
   * taken over from another replica are not held (their objects are already served, stale).
   * Default: at once.
   */
  initialSyncGate?: () => Promise<void>;
  sync?: ClusterSyncOptions;
  replication?: FleetReplication;
}

/**
 * The fleet engine: one ClusterSync per registered cluster feeding one in-memory index, whose
 * compact records are written behind to the database (so a restart serves the last known state
 * at once, marked stale until the watches are back, and "since" survives). Adding, changing or
 * deleting a cluster starts, restarts or stops its sync.
 */
export class FleetEngine {
  readonly index = new FleetIndex();
  private readonly syncs = new Map<string, ClusterSync>();
  private readonly clusters = new Map<string, ClusterInfo>();
  private readonly listeners = new Set<(change: ResourceChange) => void>();
  private readonly syncListeners = new Set<(clusterId: string) => void>();
  /**
   * Keys whose row must be written (or deleted, when the index no longer has them). Rows are built
   * at flush time from the index: holding 50,000 row copies of a cold sync for a second only made
   * garbage for the old generation.
   */
  private pendingKeys = new Set<string>();
  private pendingTransitions: FluxObjectTransitionRow[] = [];
  /** When the oldest change not yet written was made (undefined: none pending). */
  private pendingSince: number | undefined;
  private readonly ingest = new IngestQueue((error) => this.options.logger.error({ err: error }, 'could not apply a change from a watch'));
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: Array<() => void> = [];
  private stopped = false;
  /** Counts changes to what items show besides their records: cluster names and labels, sync states. */
  private factsVersion = 0;
  private readonly initialSyncs: ReturnType<typeof pLimit>;
  private readonly syncOptions: ClusterSyncOptions;
  /** How the write-behind writes when replicated: fenced by this replica's leases, announced to the others. */
  private readonly replicaWrites: Parameters<FluxObjectsRepo['applyChanges']>[1];
  /** Sync states other replicas published for the clusters they watch. */
  private readonly remoteSyncs = new Map<string, ClusterSyncStatus>();

  constructor(private readonly options: FleetEngineOptions) {
    this.initialSyncs = pLimit(options.initialSyncConcurrency ?? 32);
    const lists = new SlotGate(options.listConcurrency ?? 8, LIST_MAX_HOLD_MS);
    this.syncOptions = { ...options.sync, listGate: (request) => lists.run(request), ...(options.listDecoder ? { listDecoder: options.listDecoder } : {}) };
    const replication = options.replication;
    this.replicaWrites = replication ? { holder: replication.replicaId, announce: (written) => replication.announce(written) } : undefined;
  }

  /** Loads the persisted index, then starts a sync per cluster. */
  async start(): Promise<void> {
    const rows = await this.options.clustersRepo.list();
    for (const row of rows) this.clusters.set(row.id, clusterInfoOf(row));
    for (const row of await this.options.objectsRepo.listAll()) {
      if (this.clusters.has(row.cluster_id)) this.index.upsert(recordFromRow(row));
    }
    this.unsubscribe.push(
      this.options.events.subscribe((event) => {
        if (event.type === 'cluster.created' || event.type === 'cluster.updated') void this.clusterChanged(event.clusterId, event.type === 'cluster.created');
        if (event.type === 'cluster.deleted') this.clusterDeleted(event.clusterId);
      }),
      this.options.connections.onChange((clusterId) => {
        const sync = this.syncs.get(clusterId);
        if (sync && this.options.connections.peek(clusterId) !== sync.connection) void this.restartSync(clusterId);
      }),
    );
    for (const row of rows) if (this.owns(row.id)) void this.startSync(row);
    this.timer = setInterval(() => this.persistSoon(), this.options.persistIntervalMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    if (this.timer) clearInterval(this.timer);
    // What the watches delivered is applied (and so persisted below) before they stop.
    this.ingest.drainAll();
    for (const sync of this.syncs.values()) sync.stop();
    this.syncs.clear();
    this.initialSyncs.clearQueue();
    await Promise.all([this.flush(), this.options.listDecoder?.close()]);
  }

  onChange(listener: (change: ResourceChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called with a cluster id whenever its sync state changes. */
  onSyncChange(listener: (clusterId: string) => void): () => void {
    this.syncListeners.add(listener);
    return () => this.syncListeners.delete(listener);
  }

  cluster(clusterId: string): ClusterInfo | undefined {
    return this.clusters.get(clusterId);
  }

  clusterList(): ClusterInfo[] {
    return [...this.clusters.values()];
  }

  /**
   * Changes whenever a list answer could: a record, a cluster's name or labels, a kind becoming
   * live or stale. Equal versions, equal answers (see resources.routes.ts).
   */
  get viewVersion(): string {
    return `${this.index.version}.${this.factsVersion}`;
  }

  clusterName(clusterId: string): string {
    return this.clusters.get(clusterId)?.name ?? clusterId;
  }

  /** Whether a record is fresh: its cluster has listed and is watching its kind (here or on the replica that owns it). */
  isLive(record: Pick<ResourceRecord, 'clusterId' | 'kind'>): boolean {
    const sync = this.syncs.get(record.clusterId);
    if (sync) return sync.isLive(record.kind);
    return this.remoteSyncs.get(record.clusterId)?.kinds.some((kind) => kind.kind === record.kind && kind.state === 'watching') ?? false;
  }

  /**
   * Kinds of the cluster whose records are not fresh right now (not listed and watched). Stream
   * clients use it to keep `stale` right on items they hold: a (re)list emits items while the
   * kind is still listing, and no item event follows when it becomes live.
   */
  staleKinds(clusterId: string): string[] {
    const kinds = new Set(this.index.kindsOfCluster(clusterId));
    for (const kind of this.syncStatus(clusterId).kinds) kinds.add(kind.kind);
    return [...kinds].filter((kind) => !this.isLive({ clusterId, kind })).sort();
  }

  syncStatus(clusterId: string): ClusterSyncStatus {
    return this.syncs.get(clusterId)?.status() ?? this.remoteSyncs.get(clusterId) ?? { state: 'pending', last_error: null, backoff_until: null, kinds: [], events: null };
  }

  servedVersion(clusterId: string, kind: string): string | undefined {
    const sync = this.syncs.get(clusterId);
    if (sync) return sync.servedVersion(kind);
    return this.remoteSyncs.get(clusterId)?.kinds.find((entry) => entry.kind === kind)?.version;
  }

  /** Whether this process watches the cluster (always, without replicas). */
  owns(clusterId: string): boolean {
    return this.options.replication?.owns(clusterId) ?? true;
  }

  /** Replicas: this process now holds these clusters' leases; it starts watching them. */
  async acquire(clusterIds: string[]): Promise<void> {
    const wanted = new Set(clusterIds.filter((clusterId) => !this.syncs.has(clusterId)));
    for (const clusterId of clusterIds) this.remoteSyncs.delete(clusterId);
    // One read for a takeover of many clusters (a replica's whole share), not one per cluster.
    const rows = wanted.size > 10 ? await this.options.clustersRepo.list() : await Promise.all([...wanted].map((id) => this.options.clustersRepo.findById(id)));
    for (const row of rows) {
      if (!row || !wanted.has(row.id)) continue;
      this.clusters.set(row.id, clusterInfoOf(row));
      this.factsVersion += 1;
      void this.startSync(row);
    }
  }

  /**
   * Replicas: another replica takes these clusters over. Their watches stop, and what they
   * delivered is applied and written (so announced) before this resolves: the new owner, and
   * every other replica, start from the last state this one saw.
   */
  async release(clusterIds: string[]): Promise<void> {
    for (const clusterId of clusterIds) {
      this.syncs.get(clusterId)?.stop();
      this.syncs.delete(clusterId);
    }
    this.ingest.drainAll();
    await this.flush();
    for (const clusterId of clusterIds) this.notifySync(clusterId);
  }

  /**
   * Replicas: another replica took these clusters while this one could not renew its leases.
   * Their watches stop and nothing more of them is written: the new owner's rows are newer.
   */
  abandon(clusterIds: string[]): void {
    const dropped = new Set(clusterIds);
    for (const clusterId of clusterIds) {
      this.syncs.get(clusterId)?.stop();
      this.syncs.delete(clusterId);
    }
    for (const key of this.pendingKeys) if (dropped.has(key.slice(0, key.indexOf('/')))) this.pendingKeys.delete(key);
    this.pendingTransitions = this.pendingTransitions.filter((row) => !dropped.has(row.cluster_id));
    for (const clusterId of clusterIds) this.notifySync(clusterId);
  }

  /** Replicas: the sync state the owner of a cluster published (undefined: nobody watches it now). */
  setRemoteSync(clusterId: string, status: ClusterSyncStatus | undefined): void {
    if (this.syncs.has(clusterId)) return;
    if (status) this.remoteSyncs.set(clusterId, status);
    else this.remoteSyncs.delete(clusterId);
    this.notifySync(clusterId);
  }

  /** Replicas: rows another replica wrote (and deleted) for clusters it watches. */
  applyReplicated(rows: FluxObjectRow[], deletes: string[]): void {
    for (const row of rows) {
      // A cluster not known here yet (its `cluster.created` is still being read) is kept anyway:
      // nothing else would bring these rows back.
      if (this.owns(row.cluster_id)) continue;
      const previous = this.index.get(row.id);
      // A row read back by key can arrive after a newer one sent inline: keep the newer.
      if (previous && previous.updatedAt > row.updated_at) continue;
      const record = recordFromRow(row);
      if (!recordChanged(previous, record)) continue;
      this.index.upsert(record);
      this.emit({ type: 'upsert', record, previous });
    }
    for (const key of deletes) {
      const previous = this.index.get(key);
      if (previous && !this.owns(previous.clusterId)) this.removeRecord(key, false);
    }
  }

  /**
   * Replicas: the whole stored state of the clusters other replicas watch (after notifications
   * may have been missed). Records of those clusters that are no longer stored go.
   */
  replaceReplicated(rows: FluxObjectRow[]): void {
    const stored = new Set<string>();
    const remote = rows.filter((row) => !this.owns(row.cluster_id));
    for (const row of remote) stored.add(row.id);
    this.applyReplicated(remote, []);
    for (const clusterId of this.clusters.keys()) {
      if (this.owns(clusterId)) continue;
      for (const record of this.index.ofCluster(clusterId)) if (!stored.has(record.key)) this.removeRecord(record.key, false);
    }
  }

  /**
   * Applies an object read outside the watch (an action's response, a detail read) so readers see
   * it at once, unless the watch already delivered a newer version of it.
   */
  observe(clusterId: string, object: FluxObjectLike): ResourceRecord | undefined {
    const kind = findFluxKind(object.kind ?? '');
    if (!kind || !this.clusters.has(clusterId) || !object.metadata?.name) return undefined;
    const current = this.index.get(recordKey(clusterId, kind.kind, object.metadata.namespace ?? '', object.metadata.name));
    const version = (object.metadata as { resourceVersion?: string }).resourceVersion ?? null;
    if (current && !isNewerVersion(version, current.resourceVersion)) return current;
    return this.apply(clusterId, kind.kind, digestOf(kind, object));
  }

  /**
   * The timer's turn: changes still being applied (a cold sync's lists) go first, writing waits
   * for the queue to empty, or MAX_PERSIST_DELAY_MS at most. Both compete for the same CPU, and
   * the index, not the database, is what readers see; the rows only serve a restart.
   */
  private persistSoon(): void {
    if (this.ingest.size > 0 && this.pendingSince !== undefined && Date.now() - this.pendingSince < MAX_PERSIST_DELAY_MS) return;
    void this.flush();
  }

  /**
   * Writes pending changes now (also runs on a timer), in transactions of at most
   * `objectsRepo.writeBatchRows` rows with a turn of the event loop between them: SQLite's driver
   * is synchronous, and one transaction of a cold sync's 50,000 rows held every request for most
   * of a second.
   */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pendingKeys.size === 0 && this.pendingTransitions.length === 0) return;
      const keys = [...this.pendingKeys];
      const transitions = this.pendingTransitions;
      this.pendingKeys = new Set();
      this.pendingTransitions = [];
      this.pendingSince = undefined;
      const batchRows = this.options.objectsRepo.writeBatchRows;
      for (let start = 0; start < Math.max(keys.length, transitions.length); start += batchRows) {
        const upserts: FluxObjectRow[] = [];
        const deletes: string[] = [];
        for (const key of keys.slice(start, start + batchRows)) {
          const record = this.index.get(key);
          if (record) upserts.push(rowFromRecord(record));
          else deletes.push(key);
        }
        try {
          await this.options.objectsRepo.applyChanges({ upserts, deletes, transitions: transitions.slice(start, start + batchRows) }, this.replicaWrites);
        } catch (error) {
          this.options.logger.error({ err: error, rows: keys.length - start }, 'could not persist Flux object status; will retry');
          // Rows are read from the index when written, so the retry writes what is current.
          for (const key of keys.slice(start)) this.markPending(key);
          this.pendingTransitions.unshift(...transitions.slice(start));
          return;
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    });
    return this.flushing;
  }

  private async clusterChanged(clusterId: string, created: boolean): Promise<void> {
    const row = await this.options.clustersRepo.findById(clusterId).catch(() => undefined);
    if (!row || this.stopped) return;
    this.clusters.set(row.id, clusterInfoOf(row));
    this.factsVersion += 1;
    if (!this.syncs.has(clusterId)) {
      if (this.owns(clusterId)) await this.startSync(row, { gated: created });
      return;
    }
    // A new kubeconfig replaces the connection (onChange restarts the sync); a rename does not.
    await this.options.connections.forRow(row).catch(() => undefined);
  }

  private clusterDeleted(clusterId: string): void {
    this.syncs.get(clusterId)?.stop();
    this.syncs.delete(clusterId);
    this.clusters.delete(clusterId);
    this.remoteSyncs.delete(clusterId);
    for (const record of this.index.dropCluster(clusterId)) {
      this.pendingKeys.delete(record.key);
      this.emit({ type: 'delete', record, previous: record });
    }
    this.pendingTransitions = this.pendingTransitions.filter((row) => row.cluster_id !== clusterId);
    this.notifySync(clusterId);
  }

  private async restartSync(clusterId: string): Promise<void> {
    this.syncs.get(clusterId)?.stop();
    this.syncs.delete(clusterId);
    this.factsVersion += 1;
    const row = await this.options.clustersRepo.findById(clusterId).catch(() => undefined);
    if (row) await this.startSync(row);
  }

  /** `gated`: a newly registered cluster, whose first sync waits for `initialSyncGate`. */
  private async startSync(row: ClusterRow, { gated = false } = {}): Promise<void> {
    if (this.stopped || this.syncs.has(row.id) || !this.owns(row.id)) return;
    let connection;
    try {
      connection = await this.options.connections.forRow(row);
    } catch (error) {
      this.options.logger.warn({ clusterId: row.id, err: error }, 'cannot connect to the cluster: its kubeconfig cannot be read');
      return;
    }
    if (this.stopped || this.syncs.has(row.id) || !this.clusters.has(row.id) || !this.owns(row.id)) return;
    const sync = new ClusterSync(
      row.id,
      connection,
      {
        replaceKind: (clusterId, served, objects) => this.replaceKind(clusterId, served, objects),
        upsert: (clusterId, served, object) =>
          this.ingest.push(() => {
            if (this.clusters.has(clusterId)) this.applyIfNewer(clusterId, served.kind.kind, digestOf(served.kind, object));
          }),
        remove: (clusterId, served, object) =>
          this.ingest.push(() => {
            if (this.clusters.has(clusterId)) this.remove(clusterId, served.kind.kind, object);
          }),
        syncChanged: (clusterId) => this.notifySync(clusterId),
        ...(this.options.eventSink ? { events: this.options.eventSink } : {}),
      },
      this.options.logger.child({ clusterId: row.id }),
      this.syncOptions,
    );
    this.syncs.set(row.id, sync);
    this.factsVersion += 1;
    // A slot is held until the first sync settles and its lists are in the index (so at most
    // that many clusters' parsed lists wait in memory), or 30 s for a cluster that is merely slow.
    void this.initialSyncs(async () => {
      const gate = gated ? this.options.initialSyncGate : undefined;
      if (gate) await Promise.race([gate(), delay(INITIAL_SYNC_GATE_MS)]);
      if (sync.isStopped) return undefined;
      sync.start();
      return Promise.race([sync.firstSettled.then(() => this.ingest.barrier()), delay(30_000)]);
    });
  }

  /**
   * A kind's complete list: applied through the ingest queue in slices of LIST_SLICE objects, then
   * what the list did not contain is removed.
   */
  private replaceKind(clusterId: string, served: ServedKind, objects: ObjectDigest[]): void {
    const seen = new Set<string>();
    // One timestamp string for the whole list (50,000 equal copies otherwise).
    const now = new Date().toISOString();
    const live = (): boolean => this.syncs.has(clusterId) && this.clusters.has(clusterId);
    for (let start = 0; start < objects.length; start += LIST_SLICE) {
      this.ingest.push(() => {
        if (!live()) return;
        for (const object of objects.slice(start, start + LIST_SLICE)) {
          const record = this.applyIfNewer(clusterId, served.kind.kind, object, now);
          if (record) seen.add(record.key);
        }
      });
    }
    this.ingest.push(() => {
      if (!live()) return;
      for (const record of this.index.ofCluster(clusterId, served.kind.kind)) {
        if (!seen.has(record.key)) this.removeRecord(record.key);
      }
    });
  }

  /** An object from a list or watch, unless the index already holds a newer version (an action's read got there first). */
  private applyIfNewer(clusterId: string, kindName: string, digest: ObjectDigest, now?: string): ResourceRecord | undefined {
    const kind = findFluxKind(kindName);
    if (!kind || !digest.name) return undefined;
    const current = this.index.get(recordKey(clusterId, kind.kind, digest.namespace, digest.name));
    const version = digest.resourceVersion;
    if (current && current.resourceVersion !== null && version !== null && isNewerVersion(current.resourceVersion, version)) return current;
    return this.apply(clusterId, kindName, digest, now);
  }

  private apply(clusterId: string, kindName: string, digest: ObjectDigest, now = new Date().toISOString()): ResourceRecord | undefined {
    const kind = findFluxKind(kindName);
    if (!kind || !digest.name) return undefined;
    const key = recordKey(clusterId, kind.kind, digest.namespace, digest.name);
    const previous = this.index.get(key);
    const record = recordOf(clusterId, kind, digest, previous, now);
    if (!recordChanged(previous, record)) {
      if (previous) previous.resourceVersion = record.resourceVersion;
      return previous;
    }
    this.index.upsert(record);
    // A record of a cluster another replica watches (an action's answer read here) is shown at
    // once but written by its owner only.
    const owned = this.owns(clusterId);
    if (owned) this.markPending(key);
    if (owned && previous && previous.status !== record.status) {
      this.pendingTransitions.push({
        object_id: key,
        cluster_id: clusterId,
        from_status: previous.status,
        to_status: record.status,
        reason: record.reason,
        message: record.message.slice(0, 4000),
        at: now,
      });
    }
    this.emit({ type: 'upsert', record, previous });
    return record;
  }

  private markPending(key: string): void {
    this.pendingKeys.add(key);
    this.pendingSince ??= Date.now();
  }

  private remove(clusterId: string, kindName: string, object: FluxObjectLike): void {
    const kind = findFluxKind(kindName);
    if (!kind || !object.metadata?.name) return;
    this.removeRecord(recordKey(clusterId, kind.kind, object.metadata.namespace ?? '', object.metadata.name));
  }

  private removeRecord(key: string, persist = true): void {
    const previous = this.index.delete(key);
    if (!previous) return;
    if (persist) this.markPending(key);
    this.emit({ type: 'delete', record: previous, previous });
  }

  private emit(change: ResourceChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.options.logger.error({ err: error }, 'a resource change listener failed');
      }
    }
  }

  private notifySync(clusterId: string): void {
    this.factsVersion += 1;
    for (const listener of this.syncListeners) listener(clusterId);
  }
}

function clusterInfoOf(row: ClusterRow): ClusterInfo {
  let labels: Record<string, string> = {};
  try {
    labels = JSON.parse(row.labels_json) as Record<string, string>;
  } catch {
    // Unreadable labels: treated as none.
  }
  return { id: row.id, name: row.name, labels };
}

function rowFromRecord(record: ResourceRecord): FluxObjectRow {
  return {
    id: record.key,
    cluster_id: record.clusterId,
    kind: record.kind,
    api_version: record.apiVersion,
    namespace: record.namespace,
    name: record.name,
    status: record.status,
    reason: record.reason.slice(0, 255),
    message: record.message,
    revision: record.revision?.slice(0, 512) ?? null,
    attempted_revision: record.attemptedRevision?.slice(0, 512) ?? null,
    suspended: record.suspended ? 1 : 0,
    status_since: record.statusSince,
    last_handled_reconcile_at: record.lastHandledReconcileAt,
    generation: record.generation,
    observed_generation: record.observedGeneration,
    source_json: record.source ? JSON.stringify(record.source) : null,
    depends_on_json: JSON.stringify(record.dependsOn),
    links_json: linksJson(record),
    updated_at: record.updatedAt,
  };
}

/** The links most objects lack, in one JSON column: only what an object has is written. */
interface StoredLinks {
  inputs?: readonly FluxRef[];
  generates?: readonly FluxRef[];
  input_selectors?: readonly FluxSelectorRef[];
  labels?: Readonly<Record<string, string>>;
}

function linksJson(record: ResourceRecord): string | null {
  const links: StoredLinks = {
    ...(record.inputs.length > 0 ? { inputs: record.inputs } : {}),
    ...(record.generates.length > 0 ? { generates: record.generates } : {}),
    ...(record.inputSelectors.length > 0 ? { input_selectors: record.inputSelectors } : {}),
    ...(Object.keys(record.labels).length > 0 ? { labels: record.labels } : {}),
  };
  return Object.keys(links).length > 0 ? JSON.stringify(links) : null;
}

function linksFromRow(json: string | null): Pick<ResourceRecord, 'inputs' | 'generates' | 'inputSelectors' | 'labels'> {
  const links = json ? (JSON.parse(json) as StoredLinks) : {};
  return {
    inputs: links.inputs?.length ? links.inputs : NO_REFS,
    generates: links.generates?.length ? links.generates : NO_REFS,
    inputSelectors: links.input_selectors?.length ? links.input_selectors : NO_SELECTORS,
    labels: links.labels && Object.keys(links.labels).length > 0 ? links.labels : NO_LABELS,
  };
}

function recordFromRow(row: FluxObjectRow): ResourceRecord {
  const record: ResourceRecord = {
    key: row.id,
    clusterId: row.cluster_id,
    kind: row.kind,
    apiVersion: row.api_version,
    namespace: row.namespace,
    name: row.name,
    status: row.status as FluxStatus,
    reason: row.reason,
    message: row.message,
    revision: row.revision,
    attemptedRevision: row.attempted_revision,
    suspended: row.suspended === 1,
    statusSince: row.status_since,
    lastHandledReconcileAt: row.last_handled_reconcile_at,
    generation: row.generation,
    observedGeneration: row.observed_generation,
    source: row.source_json ? (JSON.parse(row.source_json) as FluxRef) : null,
    dependsOn: JSON.parse(row.depends_on_json) as FluxRef[],
    ...linksFromRow(row.links_json),
    resourceVersion: null,
    search: '',
    updatedAt: row.updated_at,
  };
  record.search = searchText(record);
  return record;
}

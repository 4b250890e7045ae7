import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/events/index.js';
import type { ClusterSyncStatus, FleetEngine } from '../../src/fleet/index.js';
import { ReplicaSet } from '../../src/replicas/index.js';
import { ClustersRepo, FluxObjectsRepo, openDatabase, ReplicasRepo, type OpenDatabase } from '../../src/store/index.js';
import { newClusterRow } from '../support/cluster-rows.js';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';
import { waitUntil } from '../support/wait-until.js';

/** Membership statements that fail while `away` is set, as they do when the database is unreachable. */
class FlakyReplicasRepo extends ReplicasRepo {
  away = false;
  /** Sync-state writes still to fail (as one that loses a deadlock does). */
  failingStores = 0;
  override async heartbeat(replicaId: string): Promise<boolean> {
    if (this.away) throw new Error('timeout exceeded when trying to connect');
    return super.heartbeat(replicaId);
  }
  override async storeDetails(replicaId: string, entries: Array<{ name: string; detail: string | null; seq: number }>): Promise<void> {
    if (this.failingStores > 0) {
      this.failingStores -= 1;
      throw new Error('deadlock detected');
    }
    return super.storeDetails(replicaId, entries);
  }
}

/** The part of the fleet engine a replica set drives, recording what it was told. */
function recordingFleet() {
  const watching = new Set<string>();
  const calls: string[] = [];
  const syncListeners: Array<(clusterId: string) => void> = [];
  let state: ClusterSyncStatus['state'] = 'pending';
  /** How many of the next `acquire` calls fail (as reading the cluster rows can). */
  let failingAcquires = 0;
  const fleet = {
    onSyncChange: (listener: (clusterId: string) => void) => {
      syncListeners.push(listener);
      return () => undefined;
    },
    acquire: async (ids: string[]) => {
      calls.push(`acquire ${ids.length}`);
      if (failingAcquires > 0) {
        failingAcquires -= 1;
        throw new Error('could not read the clusters');
      }
      for (const id of ids) watching.add(id);
    },
    release: async (ids: string[]) => {
      for (const id of ids) watching.delete(id);
    },
    abandon: (ids: string[]) => {
      calls.push(`abandon ${ids.length}`);
      for (const id of ids) watching.delete(id);
    },
    syncStatus: (): ClusterSyncStatus => ({ state, last_error: null, backoff_until: null, kinds: [], events: null }),
    setRemoteSync: () => undefined,
    replaceReplicated: () => undefined,
    applyReplicated: () => undefined,
  };
  /** Every watched cluster's sync state becomes `to`, as the engine reports it. */
  const setState = (to: ClusterSyncStatus['state']): void => {
    state = to;
    for (const id of watching) for (const listener of syncListeners) listener(id);
  };
  const failNextAcquire = (): void => {
    failingAcquires = 1;
  };
  return { fleet: fleet as unknown as FleetEngine, watching, calls, setState, failNextAcquire };
}

describe('a replica through database faults (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let opened: OpenDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    opened = await openDatabase(testDb.url);
  });
  afterAll(async () => {
    await opened?.close();
    await testDb?.drop();
  });
  // Each test counts the clusters it made: none are left from another.
  beforeEach(async () => {
    await opened.db.deleteFrom('leases').execute();
    await opened.db.deleteFrom('replicas').execute();
    await opened.db.deleteFrom('clusters').execute();
  });

  /** Starts a replica (fast timing) over `fleet`, runs `test` with it, and stops it whatever happens. */
  const withReplica = async (fleet: FleetEngine, test: (repo: FlakyReplicasRepo, replica: ReplicaSet) => Promise<void>): Promise<void> => {
    const repo = new FlakyReplicasRepo(opened.db);
    const replica = new ReplicaSet({
      repo,
      databaseUrl: testDb.url,
      objectsRepo: new FluxObjectsRepo(opened.db, opened.dialect),
      events: new EventBus(),
      logger: pino({ level: 'silent' }),
      timing: { tickMs: 100, leaseMs: 600, deadAfterMs: 2_000, publishMs: 100 },
    });
    await replica.join();
    try {
      await replica.start(fleet);
      await test(repo, replica);
    } finally {
      await replica.stop();
    }
  };

  const newClusters = async (count: number): Promise<string[]> => {
    const ids = Array.from({ length: count }, () => randomUUID());
    for (const id of ids) await new ClustersRepo(opened.db).insert(newClusterRow(id, `lease-${id.slice(0, 8)}`));
    return ids;
  };

  it('takes the clusters it gave up while the database was away again once it is back, instead of holding their leases with nobody watching', async () => {
    const ids = await newClusters(3);
    const { fleet, watching, calls } = recordingFleet();
    await withReplica(fleet, async (repo, replica) => {
      await waitUntil('every cluster watched', () => ids.every((id) => watching.has(id)));

      // Past its lease without the database: it stops watching (someone else may hold them by now).
      repo.away = true;
      await waitUntil('every cluster given up', () => watching.size === 0 && calls.includes('abandon 3'), 10_000);
      repo.away = false;

      // Nobody else took them: it takes them again, under a new epoch, and watches them.
      await waitUntil('every cluster watched again', () => ids.every((id) => watching.has(id)), 10_000);
      expect(calls.filter((call) => call.startsWith('acquire'))).toEqual(['acquire 3', 'acquire 3']);
      const leases = await opened.db.selectFrom('leases').select(['name', 'holder', 'epoch']).where('name', 'in', ids).execute();
      expect(leases.map((lease) => [lease.holder, lease.epoch])).toEqual(ids.map(() => [replica.replicaId, 2]));
    });
  });

  it('publishes a sync state again when writing it failed, though it does not change again', async () => {
    const ids = await newClusters(2);
    const { fleet, watching, setState } = recordingFleet();
    await withReplica(fleet, async (repo) => {
      await waitUntil('both clusters watched', () => ids.every((id) => watching.has(id)));
      repo.failingStores = 1;
      setState('synced');
      const stored = async () => (await repo.heldDetails()).filter((row) => ids.includes(row.name) && JSON.parse(row.detail).state === 'synced').length;
      await waitUntil('both states stored after the failed write', async () => (await stored()) === 2, 10_000);
      expect(repo.failingStores).toBe(0);
    });
  });

  it('watches clusters whose start failed once at the next tick, instead of holding their leases unwatched', async () => {
    const ids = await newClusters(2);
    const { fleet, watching, calls, failNextAcquire } = recordingFleet();
    failNextAcquire();
    await withReplica(fleet, async () => {
      await waitUntil('both clusters watched after a failed start', () => ids.every((id) => watching.has(id)), 10_000);
      expect(calls).toEqual(['acquire 2', 'acquire 2']);
    });
  });
});

import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  override async heartbeat(replicaId: string): Promise<boolean> {
    if (this.away) throw new Error('timeout exceeded when trying to connect');
    return super.heartbeat(replicaId);
  }
}

/** The part of the fleet engine a replica set drives, recording what it was told. */
function recordingFleet() {
  const watching = new Set<string>();
  const calls: string[] = [];
  const pending: ClusterSyncStatus = { state: 'pending', last_error: null, backoff_until: null, kinds: [], events: null };
  const fleet = {
    onSyncChange: () => () => undefined,
    acquire: async (ids: string[]) => {
      calls.push(`acquire ${ids.length}`);
      for (const id of ids) watching.add(id);
    },
    release: async (ids: string[]) => {
      for (const id of ids) watching.delete(id);
    },
    abandon: (ids: string[]) => {
      calls.push(`abandon ${ids.length}`);
      for (const id of ids) watching.delete(id);
    },
    syncStatus: () => pending,
    setRemoteSync: () => undefined,
    replaceReplicated: () => undefined,
    applyReplicated: () => undefined,
  };
  return { fleet: fleet as unknown as FleetEngine, watching, calls };
}

describe('a replica that gave its clusters up while the database was away (PostgreSQL)', () => {
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

  it('takes them up again once it is back, instead of holding their leases with nobody watching', async () => {
    const clusters = new ClustersRepo(opened.db);
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) await clusters.insert(newClusterRow(id, `lease-${id.slice(0, 8)}`));
    const repo = new FlakyReplicasRepo(opened.db);
    const replica = new ReplicaSet({
      repo,
      databaseUrl: testDb.url,
      objectsRepo: new FluxObjectsRepo(opened.db, opened.dialect),
      events: new EventBus(),
      logger: pino({ level: 'silent' }),
      timing: { tickMs: 100, leaseMs: 600, deadAfterMs: 2_000, publishMs: 100 },
    });
    const { fleet, watching, calls } = recordingFleet();
    await replica.join();
    try {
      await replica.start(fleet);
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
    } finally {
      await replica.stop();
    }
  });
});

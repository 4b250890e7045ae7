import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClustersRepo, FluxObjectsRepo, openDatabase, ReplicasRepo, type FluxObjectRow, type OpenDatabase } from '../../src/store/index.js';
import { newClusterRow } from '../support/cluster-rows.js';
import { kustomizationRow } from '../support/flux-object-rows.js';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * A replica writes Flux object rows only for clusters whose lease it holds, and announces
 * exactly what it wrote, on commit: one paused past its lease never overwrites the next holder.
 */
describe('fenced writes of replicas (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let opened: OpenDatabase;
  let objects: FluxObjectsRepo;
  let leases: ReplicasRepo;
  let listener: pg.Client;
  const heard: string[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    opened = await openDatabase(testDb.url);
    objects = new FluxObjectsRepo(opened.db, opened.dialect);
    leases = new ReplicasRepo(opened.db);
    listener = new pg.Client({ connectionString: testDb.url });
    await listener.connect();
    listener.on('notification', (message) => heard.push(message.payload ?? ''));
    await listener.query('LISTEN fenced_test');
  });
  afterAll(async () => {
    await listener?.end();
    await opened?.close();
    await testDb?.drop();
  });

  const row = (clusterId: string, name: string, message: string): FluxObjectRow => kustomizationRow(clusterId, name, 'ready', message);

  it('writes and announces only the rows of clusters whose lease the writer holds', async () => {
    const [held, lost] = [randomUUID(), randomUUID()];
    const clusters = new ClustersRepo(opened.db);
    await clusters.insert(newClusterRow(held, `held-${held.slice(0, 8)}`));
    await clusters.insert(newClusterRow(lost, `lost-${lost.slice(0, 8)}`));
    // Replica A held both; replica B has since taken `lost` (A was presumed dead).
    expect(await leases.acquire('replica-a', [held, lost], ['replica-a'], 60_000)).toHaveLength(2);
    expect(await leases.acquire('replica-b', [lost], ['replica-b'], 60_000)).toEqual([{ name: lost, epoch: 2 }]);
    await objects.applyChanges({ upserts: [row(lost, 'app', 'written by the new holder')], deletes: [], transitions: [] }, { holder: 'replica-b', announce: () => ({ channel: 'fenced_test', payloads: [] }) });

    const announced: string[][] = [];
    await objects.applyChanges(
      { upserts: [row(held, 'app', 'fresh'), row(lost, 'app', 'stale, from the paused replica')], deletes: [`${lost}/Kustomization/flux-system/app`], transitions: [] },
      {
        holder: 'replica-a',
        announce: (written) => {
          announced.push([...written.upserts.map((r) => r.id), ...written.deletes]);
          return { channel: 'fenced_test', payloads: [JSON.stringify(written.upserts.map((r) => r.id))] };
        },
      },
    );
    const stored = new Map((await objects.findByIds([`${held}/Kustomization/flux-system/app`, `${lost}/Kustomization/flux-system/app`])).map((r) => [r.cluster_id, r.message]));
    expect(stored.get(held)).toBe('fresh');
    expect(stored.get(lost)).toBe('written by the new holder');
    expect(announced).toEqual([[`${held}/Kustomization/flux-system/app`]]);
    await waitUntil('the announcement delivered on commit', () => heard.includes(JSON.stringify([`${held}/Kustomization/flux-system/app`])));
  });

  it('keeps the newer of two sync states a holder stored, whichever lands last, and starts afresh for the next holder', async () => {
    const id = randomUUID();
    await new ClustersRepo(opened.db).insert(newClusterRow(id, `states-${id.slice(0, 8)}`));
    expect(await leases.acquire('replica-a', [id], ['replica-a'], 60_000)).toEqual([{ name: id, epoch: 1 }]);
    await leases.storeDetails('replica-a', [{ name: id, detail: '"synced"', seq: 7 }]);
    await leases.storeDetails('replica-a', [{ name: id, detail: '"syncing"', seq: 6 }]);
    const stored = async () => (await leases.heldDetails()).find((row) => row.name === id);
    expect(await stored()).toEqual({ name: id, holder: 'replica-a', detail: '"synced"', epoch: 1, seq: 7 });

    // Replica B takes the lease over (A presumed dead): its count starts low, its epoch is larger.
    expect(await leases.acquire('replica-b', [id], ['replica-b'], 60_000)).toEqual([{ name: id, epoch: 2 }]);
    await leases.storeDetails('replica-a', [{ name: id, detail: '"from the old holder"', seq: 8 }]);
    await leases.storeDetails('replica-b', [{ name: id, detail: '"syncing"', seq: 1 }]);
    expect(await stored()).toEqual({ name: id, holder: 'replica-b', detail: '"syncing"', epoch: 2, seq: 1 });
  });
});

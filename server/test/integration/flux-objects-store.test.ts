import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClustersRepo, FluxObjectsRepo, openDatabase, type OpenDatabase } from '../../src/store/index.js';
import { newClusterRow } from '../support/cluster-rows.js';
import { kustomizationRow } from '../support/flux-object-rows.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-databases.js';

/** The fleet index's persisted status, on every database. */
describe.each(testDatabaseKinds())('flux objects store on %s', (kind) => {
  let testDb: TestDatabase;
  let opened: OpenDatabase;
  let clusters: ClustersRepo;
  let objects: FluxObjectsRepo;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    opened = await openDatabase(testDb.url);
    clusters = new ClustersRepo(opened.db);
    objects = new FluxObjectsRepo(opened.db, opened.dialect);
  });
  afterAll(async () => {
    await opened?.close();
    await testDb?.drop();
  });

  async function cluster(id: string): Promise<void> {
    await clusters.insert(newClusterRow(id, id));
  }

  it('stores, replaces and deletes rows in one batch, with transitions, and skips rows of deleted clusters', async () => {
    await cluster('c1');
    // 450 rows: more than one statement's chunk, a long message (text, not varchar).
    const many = Array.from({ length: 450 }, (_, i) => kustomizationRow('c1', `app-${i}`, 'ready', 'x'.repeat(i === 0 ? 20_000 : 10)));
    await objects.applyChanges({ upserts: many, deletes: [], transitions: [] });
    // The rows of this test's cluster: the other tests share the database.
    const ofC1 = (rows: Array<{ cluster_id: string }>) => rows.filter((row) => row.cluster_id === 'c1');
    expect(ofC1(await objects.listAll())).toHaveLength(450);

    await objects.applyChanges({
      upserts: [kustomizationRow('c1', 'app-1', 'failed', 'kustomize build failed'), kustomizationRow('gone', 'orphan', 'ready')],
      deletes: ['c1/Kustomization/flux-system/app-2'],
      transitions: [
        { object_id: 'c1/Kustomization/flux-system/app-1', cluster_id: 'c1', from_status: 'ready', to_status: 'failed', reason: 'BuildFailed', message: 'kustomize build failed', at: '2026-01-01T00:01:00.000Z' },
        { object_id: 'gone/Kustomization/flux-system/orphan', cluster_id: 'gone', from_status: null, to_status: 'ready', reason: '', message: '', at: '2026-01-01T00:01:00.000Z' },
      ],
    });
    const stored = await objects.listAll();
    expect(ofC1(stored)).toHaveLength(449);
    expect(stored.find((r) => r.name === 'app-1')).toMatchObject({ status: 'failed', message: 'kustomize build failed' });
    expect(stored.find((r) => r.name === 'app-0')!.message).toHaveLength(20_000);
    expect(stored.some((r) => r.cluster_id === 'gone')).toBe(false);
    expect((await objects.transitionsOf('c1/Kustomization/flux-system/app-1', 10)).map((t) => t.to_status)).toEqual(['failed']);
  });

  it('forgets a cluster’s objects and transitions with the cluster', async () => {
    await cluster('c2');
    await objects.applyChanges({
      upserts: [kustomizationRow('c2', 'one', 'ready')],
      deletes: [],
      transitions: [{ object_id: 'c2/Kustomization/flux-system/one', cluster_id: 'c2', from_status: 'failed', to_status: 'ready', reason: '', message: '', at: '2026-01-01T00:00:00.000Z' }],
    });
    expect(await clusters.delete('c2')).toBe(true);
    expect((await objects.listAll()).some((r) => r.cluster_id === 'c2')).toBe(false);
    expect(await objects.transitionsOf('c2/Kustomization/flux-system/one', 10)).toEqual([]);
  });
});

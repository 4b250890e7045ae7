import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClustersRepo, openDatabase, SettingsRepo, isUniqueViolation, type OpenDatabase } from '../../src/store/index.js';
import { newClusterRow } from '../support/cluster-rows.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-databases.js';

const kinds = testDatabaseKinds();

describe.each(kinds)('store on %s', (kind) => {
  let testDb: TestDatabase;
  let opened: OpenDatabase;
  let repo: ClustersRepo;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    opened = await openDatabase(testDb.url);
    repo = new ClustersRepo(opened.db);
  });
  afterAll(async () => {
    await opened?.close();
    await testDb?.drop();
  });

  // A large sealed kubeconfig: MySQL's TEXT would cut it (the column is MEDIUMTEXT there).
  const row = (id: string, name: string) => newClusterRow(id, name, { kubeconfig_sealed: 'x'.repeat(100_000) });
  /** A cluster row of the calling test's own (a new id, `name` made unique); returns its id and name. */
  async function inserted(name: string): Promise<{ id: string; name: string }> {
    const id = randomUUID();
    const unique = `${name}-${id.slice(0, 8)}`;
    await repo.insert(row(id, unique));
    return { id, name: unique };
  }

  it('reports the dialect it opened', () => {
    expect(opened.dialect).toBe(kind);
  });

  it('migrations are idempotent: opening again applies nothing and keeps data', async () => {
    const alpha = await inserted('Alpha');
    const again = await openDatabase(testDb.url);
    expect(await new ClustersRepo(again.db).findById(alpha.id)).toMatchObject({ name: alpha.name });
    await again.close();
  });

  it('stores large sealed values intact (100 kB)', async () => {
    const found = await repo.findById((await inserted('Large')).id);
    expect(found?.kubeconfig_sealed.length).toBe(100_000);
  });

  it('rejects a duplicate name key through the unique index', async () => {
    const alpha = await inserted('Alpha');
    const duplicate = randomUUID();
    const error = await repo.insert(row(duplicate, alpha.name.toUpperCase())).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(await repo.findById(duplicate)).toBeUndefined();
  });

  it('records health, appends history only on change, and deletes everything with the cluster', async () => {
    const { id } = await inserted('Beta');
    const health = { cluster_id: id, status: 'healthy', reason: '', latency_ms: 5, kubernetes_version: 'v1.31.0', flux_version: 'v2.4.0', checked_at: '2026-01-01T00:00:01.000Z' };
    expect(await repo.recordHealth(health)).toEqual({ previousStatus: null });
    expect(await repo.recordHealth({ ...health, checked_at: '2026-01-01T00:00:02.000Z' })).toEqual({ previousStatus: 'healthy' });
    expect(await repo.recordHealth({ ...health, status: 'unreachable', reason: 'connection refused', checked_at: '2026-01-01T00:00:03.000Z' })).toEqual({ previousStatus: 'healthy' });
    expect((await repo.findHealth(id))?.status).toBe('unreachable');
    const history = await repo.healthHistory(id, 10);
    expect(history.map((h) => h.status)).toEqual(['unreachable', 'healthy']);
    expect(await repo.delete(id)).toBe(true);
    expect(await repo.findHealth(id)).toBeUndefined();
    expect(await repo.healthHistory(id, 10)).toEqual([]);
    expect(await repo.recordHealth(health)).toBe(false);
  });

  it('updates and reports whether a row changed', async () => {
    const { id } = await inserted('Alpha');
    expect(await repo.update(id, { favorite: 1, description: 'prod' })).toBe(true);
    expect(await repo.findById(id)).toMatchObject({ favorite: 1, description: 'prod' });
    expect(await repo.update('nope', { favorite: 1 })).toBe(false);
  });

  it('keeps settings', async () => {
    const settings = new SettingsRepo(opened.db);
    expect(await settings.get('k')).toBeUndefined();
    await settings.set('k', 'one');
    await settings.set('k', 'two');
    expect(await settings.get('k')).toBe('two');
  });
});

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventRetention } from '../../src/kube-events/index.js';
import { ClustersRepo, KubeEventsRepo, openDatabase, type KubeEventRow, type OpenDatabase } from '../../src/store/index.js';
import { newClusterRow } from '../support/cluster-rows.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-databases.js';

/** The kept Kubernetes events, on every database. */
describe.each(testDatabaseKinds())('kube events store on %s', (kind) => {
  let testDb: TestDatabase;
  let opened: OpenDatabase;
  let clusters: ClustersRepo;
  let events: KubeEventsRepo;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    opened = await openDatabase(testDb.url);
    clusters = new ClustersRepo(opened.db);
    events = new KubeEventsRepo(opened.db, opened.dialect);
  });
  afterAll(async () => {
    await opened?.close();
    await testDb?.drop();
  });

  const row = (clusterId: string, uid: string, overrides: Partial<KubeEventRow> = {}): KubeEventRow => ({
    cluster_id: clusterId,
    uid,
    namespace: 'flux-system',
    involved_kind: 'Kustomization',
    involved_namespace: 'flux-system',
    involved_name: 'apps',
    type: 'Warning',
    reason: 'BuildFailed',
    message: 'kustomize build failed',
    count: 1,
    source: 'kustomize-controller',
    first_seen: '2026-01-01T00:00:00.000Z',
    last_seen: '2026-01-01T00:00:00.000Z',
    ...overrides,
  });
  const all = async (clusterId: string, repo: KubeEventsRepo = events): Promise<KubeEventRow[]> => repo.page({ clusterIds: [clusterId] }, undefined, 1000);

  /**
   * A database of the calling test's own, for the purges: they delete by time across every
   * cluster, so on the shared database they would take other tests' rows, and those theirs.
   */
  async function withOwnDatabase(test: (repos: { clusters: ClustersRepo; events: KubeEventsRepo }) => Promise<void>): Promise<void> {
    const own = await createTestDatabase(kind);
    const db = await openDatabase(own.url);
    try {
      await test({ clusters: new ClustersRepo(db.db), events: new KubeEventsRepo(db.db, db.dialect) });
    } finally {
      await db.close();
      await own.drop();
    }
  }

  it('inserts, then updates the row of the same uid as the event repeats; a relist writes no duplicates', async () => {
    await clusters.insert(newClusterRow('u1', 'u1'));
    // 450 rows: more than one statement's chunk; a long message (text, not varchar).
    const many = Array.from({ length: 450 }, (_, i) => row('u1', `uid-${i}`, { involved_name: `app-${i}`, message: i === 0 ? 'x'.repeat(20_000) : 'short' }));
    expect(await events.upsert(many)).toBe(450);
    expect(await events.upsert([row('u1', 'uid-1', { count: 7, last_seen: '2026-01-01T00:10:00.000Z', message: 'kustomize build failed again' })])).toBe(1);
    // The same list again (a relist after a restart): still one row per event.
    await events.upsert(many.slice(2));
    const stored = await all('u1');
    expect(stored).toHaveLength(450);
    expect(stored[0]).toMatchObject({ uid: 'uid-1', count: 7, last_seen: '2026-01-01T00:10:00.000Z', message: 'kustomize build failed again', first_seen: '2026-01-01T00:00:00.000Z' });
    expect(stored.find((r) => r.uid === 'uid-0')!.message).toHaveLength(20_000);
    // The same key twice in one batch: the last one wins.
    await events.upsert([row('u1', 'uid-2', { count: 2 }), row('u1', 'uid-2', { count: 3 })]);
    expect((await all('u1')).find((r) => r.uid === 'uid-2')!.count).toBe(3);
  });

  it('skips rows of deleted clusters and forgets a cluster’s events with it', async () => {
    await clusters.insert(newClusterRow('u2', 'u2'));
    expect(await events.upsert([row('u2', 'a'), row('gone', 'b')])).toBe(1);
    expect(await all('gone')).toEqual([]);
    expect(await clusters.delete('u2')).toBe(true);
    expect(await all('u2')).toEqual([]);
  });

  it('filters, searches text literally, and pages newest first with a keyset position', async () => {
    await clusters.insert(newClusterRow('u3', 'u3'));
    await clusters.insert(newClusterRow('u4', 'u4'));
    const at = (minute: number): string => `2026-02-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
    await events.upsert([
      row('u3', 'e1', { last_seen: at(1), type: 'Normal', reason: 'ReconciliationSucceeded', message: 'Applied revision main@sha1:1' }),
      row('u3', 'e2', { last_seen: at(2), reason: 'HealthCheckFailed', message: '100% of pods_ready failed' }),
      row('u4', 'e3', { last_seen: at(2), involved_kind: 'Deployment', involved_namespace: 'apps', involved_name: 'podinfo', reason: 'ProgressDeadlineExceeded' }),
      row('u4', 'e4', { last_seen: at(3), involved_name: 'infra', message: 'dependency not ready' }),
    ]);
    const uids = (rows: KubeEventRow[]): string[] => rows.map((r) => r.uid);
    const both = ['u3', 'u4'];
    expect(uids(await events.page({ clusterIds: both }, undefined, 10))).toEqual(['e4', 'e3', 'e2', 'e1']);
    expect(uids(await events.page({ clusterIds: both, types: ['Normal'] }, undefined, 10))).toEqual(['e1']);
    expect(uids(await events.page({ clusterIds: both, kinds: ['Deployment'], namespaces: ['apps'] }, undefined, 10))).toEqual(['e3']);
    expect(uids(await events.page({ clusterIds: both, names: ['apps'], reasons: ['HealthCheckFailed', 'Nope'] }, undefined, 10))).toEqual(['e2']);
    expect(uids(await events.page({ clusterIds: both, since: at(2), until: at(2) }, undefined, 10))).toEqual(['e3', 'e2']);
    // % and _ are text, not wildcards; case does not matter; the reason and name are searched too.
    expect(uids(await events.page({ clusterIds: both, text: '100% OF PODS_READY' }, undefined, 10))).toEqual(['e2']);
    expect(uids(await events.page({ clusterIds: both, text: '0%' }, undefined, 10))).toEqual(['e2']);
    expect(uids(await events.page({ clusterIds: both, text: 'progressdeadline' }, undefined, 10))).toEqual(['e3']);
    expect(uids(await events.page({ clusterIds: both, text: 'podinfo' }, undefined, 10))).toEqual(['e3']);
    expect(await events.page({ clusterIds: both, reasons: [] }, undefined, 10)).toEqual([]);
    // Two per page: equal last_seen (e3, e2) is ordered by cluster id, and the position splits the tie.
    const first = await events.page({ clusterIds: both }, undefined, 2);
    expect(uids(first)).toEqual(['e4', 'e3']);
    const second = await events.page({ clusterIds: both }, first[1], 2);
    expect(uids(second)).toEqual(['e2', 'e1']);
    expect(await events.page({ clusterIds: both }, second[1], 2)).toEqual([]);
    expect(uids(await events.ofObject('u3', 'Kustomization', 'flux-system', 'apps', 10))).toEqual(['e2', 'e1']);
  });

  it('purges events last seen before a time, in batches, ties together', () =>
    withOwnDatabase(async ({ clusters, events }) => {
      await clusters.insert(newClusterRow('u5', 'u5'));
      const old = Array.from({ length: 25 }, (_, i) => row('u5', `old-${i}`, { last_seen: `2025-01-01T00:00:${String(i).padStart(2, '0')}.000Z` }));
      const tie = [row('u5', 'tie-a', { last_seen: '2025-01-01T00:00:09.000Z' })];
      await events.upsert([...old, ...tie, row('u5', 'recent', { last_seen: '2025-06-01T00:00:00.000Z' })]);
      const first = await events.purgeBatch('2025-02-01T00:00:00.000Z', 10);
      // The 10th oldest is at 00:00:09, where two rows are: both go.
      expect(first).toEqual({ deleted: 11, more: true });
      let deleted = first.deleted;
      for (let batch = await events.purgeBatch('2025-02-01T00:00:00.000Z', 10); ; batch = await events.purgeBatch('2025-02-01T00:00:00.000Z', 10)) {
        deleted += batch.deleted;
        if (!batch.more) break;
      }
      expect(deleted).toBe(26);
      expect((await all('u5', events)).map((r) => r.uid)).toEqual(['recent']);
    }));

  it('retention deletes what was last seen more than EVENT_RETENTION_DAYS before its clock', () =>
    withOwnDatabase(async ({ clusters, events }) => {
      await clusters.insert(newClusterRow('u6', 'u6'));
      const day = 86_400_000;
      let now = new Date('2024-06-01T12:00:00.000Z');
      const daysAgo = (days: number): string => new Date(now.getTime() - days * day).toISOString();
      await events.upsert([
        row('u6', 'fresh', { last_seen: daysAgo(1) }),
        row('u6', 'edge', { last_seen: daysAgo(13.9) }),
        // First seen long ago, but it repeated recently: kept.
        row('u6', 'repeating', { first_seen: daysAgo(40), last_seen: daysAgo(2) }),
        row('u6', 'old', { last_seen: daysAgo(14.1) }),
        row('u6', 'ancient', { last_seen: daysAgo(300) }),
      ]);
      const retention = new EventRetention({ repo: events, logger: pino({ level: 'silent' }), retentionDays: 14, now: () => now });
      expect(await retention.purge()).toBe(2);
      expect((await all('u6', events)).map((r) => r.uid).sort()).toEqual(['edge', 'fresh', 'repeating']);
      // A day later, the event at the edge has aged out too.
      now = new Date(now.getTime() + day);
      expect(await retention.purge()).toBe(1);
      expect((await all('u6', events)).map((r) => r.uid).sort()).toEqual(['fresh', 'repeating']);
    }));
});

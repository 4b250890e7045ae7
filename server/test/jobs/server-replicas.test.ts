import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@flux-orchestrator/sim';
import { KeyRing } from '../../src/secrets/index.js';
import { subscriptionBody } from '../support/azure-subscriptions.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-databases.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

/** Two whole servers on one PostgreSQL database: Azure syncs and bulk actions go through the shared pg-boss queue. */
describe.runIf(testDatabaseKinds().includes('postgres'))('two server replicas on PostgreSQL', () => {
  let fleet: SimFleet;
  let database: TestDatabase;
  let one: TestServer;
  let two: TestServer | undefined;
  const env = () => ({ DATABASE_URL: database.url, ENCRYPTION_KEY: key, HEALTH_CHECK_TIMEOUT_SECONDS: '5', PATH: '/usr/bin:/bin' });
  const key = KeyRing.generateKeyText();

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 0, objectsPerCluster: 5, azureSubscriptions: 1, clustersPerSubscription: 2, reconcileDelayMs: 20 });
    database = await createTestDatabase('postgres');
    one = await startTestServer(env());
  }, 120_000);
  afterAll(async () => {
    await two?.close();
    await one?.close();
    await fleet?.stop();
    await database?.drop();
  });

  it('syncs a subscription as a pg-boss job, then runs a bulk action asked of one replica, readable from both', async () => {
    const sub = fleet.subscriptions[0]!;
    expect((await one.request('POST', '/api/v1/azure/subscriptions', subscriptionBody(fleet, sub))).status).toBe(201);
    const synced = await one.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/sync`, {});
    expect(synced.status, synced.text).toBe(200);
    expect(synced.json.counts).toMatchObject({ created: 2, failed: 0 });
    // The second replica starts after the sync: it loads the clusters from the database.
    two = await startTestServer(env());
    // Every Kustomization of both clusters, on both replicas (one watches each cluster; the other reads its rows).
    const total = [...fleet.clusters.values()].reduce((sum, cluster) => sum + cluster.store.list('kustomize.toolkit.fluxcd.io/kustomizations').items.length, 0);
    expect(total).toBeGreaterThan(0);
    for (const server of [one, two]) await waitUntil('every Kustomization indexed', async () => (await server.request('GET', '/api/v1/resources?kind=Kustomization')).json.total === total, 30_000);

    const accepted = await two.request('POST', '/api/v1/actions', { action: 'reconcile', selector: { kinds: ['Kustomization'] } });
    expect(accepted.status, accepted.text).toBe(202);
    const job = await one.server.jobs.waitFor(accepted.json.job_id, 30_000);
    expect(job).toMatchObject({ type: 'flux.bulk-reconcile', status: 'succeeded', progress: { done: total, total } });
    expect((job.result as { items: Array<{ outcome: string }> }).items.filter((item) => item.outcome === 'error')).toEqual([]);
    expect((await one.request('GET', `/api/v1/jobs/${job.id}`)).json).toEqual((await two.request('GET', `/api/v1/jobs/${job.id}`)).json);

    // A sync asked of the other replica answers with its result whichever replica ran it.
    const again = await two.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/sync`, {});
    expect(again.status, again.text).toBe(200);
    expect(again.json.counts).toMatchObject({ created: 0, failed: 0 });
    // Each went through the shared queue (pg-boss keeps completed entries in its own schema). The
    // worker marks its entry completed after the job's row (which the answers above read) is written.
    const ids = [job.id, ...(await one.server.jobs.recent()).filter((recent) => recent.type === 'azure.sync').map((recent) => recent.id)];
    const queued = await waitUntil('every entry completed in pg-boss', async () => {
      const rows = (await sql<{ jobId: string; state: string }>`select data->>'jobId' as "jobId", state from pgboss.job`.execute(one.server.database.db)).rows;
      return ids.every((id) => rows.some((row) => row.jobId === id && row.state === 'completed')) ? rows : undefined;
    }).catch(async () => (await sql<{ jobId: string; state: string }>`select data->>'jobId' as "jobId", state from pgboss.job`.execute(one.server.database.db)).rows);
    for (const id of ids) {
      expect(queued).toContainEqual({ jobId: id, state: 'completed' });
    }
  }, 120_000);
});

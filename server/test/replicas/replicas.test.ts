import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimCluster, type SimFleet } from '@flux-orchestrator/sim';
import { clusterContent, pickObject, setReady } from '../support/fleet-fixtures.js';
import { initialAdminPasswordOf, startServerProcess, type ServerProcess } from '../support/replica-process.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { SseClient } from '../support/sse-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * Three server processes on one PostgreSQL database and 30 simulated clusters: each cluster is
 * watched by exactly one replica, every replica serves the whole fleet and stream, sessions work
 * on any replica, and a replica killed with -9 has its clusters taken over.
 */
// Each test waits on conditions with its own bounds (30 s each); the test bounds leave room for a
// loaded machine (several processes, PostgreSQL and a simulated fleet share two cores).
describe('replicas on PostgreSQL', () => {
  let fleet: SimFleet;
  let database: TestDatabase;
  let env: Record<string, string>;
  const replicas: ServerProcess[] = [];
  let auth: Record<string, string>;
  const clusterIds = new Map<string, string>();
  let expectedObjects = 0;

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 30, objectsPerCluster: 12, namePrefix: 'rep' });
    database = await createTestDatabase('postgres');
    env = { DATABASE_URL: database.url, ENCRYPTION_KEY: randomBytes(32).toString('base64'), AUTH_MODE: 'local', HEALTH_CHECK_INTERVAL_SECONDS: '30' };
    // The first one creates the schema and the initial admin; the others join it.
    replicas.push(await startServerProcess(env));
    const login = await replicas[0]!.request('POST', '/api/v1/auth/login', { username: 'admin', password: initialAdminPasswordOf(replicas[0]!) });
    expect(login.status).toBe(200);
    const session = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': login.json.csrf_token as string };
    const token = await replicas[0]!.request('POST', '/api/v1/tokens', { name: 'replica tests', role: 'admin' }, session);
    expect(token.status).toBe(201);
    auth = { authorization: `Bearer ${token.json.token}` };
    replicas.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
    for (const cluster of fleet.clusters.values()) {
      const created = await replicas[0]!.request('POST', '/api/v1/clusters', { name: cluster.name, kubeconfig: cluster.kubeconfig() }, auth);
      expect(created.status).toBe(201);
      clusterIds.set(cluster.name, created.json.id);
      expectedObjects += clusterContent(cluster).size;
    }
    for (const replica of replicas) await waitForWholeFleet(replica);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await fleet?.stop();
    await database?.drop();
  });

  /** Every object of every cluster indexed on this replica, none stale. */
  async function waitForWholeFleet(replica: ServerProcess, timeoutMs = 60_000): Promise<void> {
    // What it last served, for the failure message: a shortfall and staleness need different fixes.
    let seen = 'nothing yet';
    await waitUntil(
      `${replica.url} serves all ${expectedObjects} objects, none stale`,
      async () => {
        const summary = await replica.request('GET', '/api/v1/resources/summary', undefined, auth);
        const clusters = (summary.json?.clusters ?? []) as Array<{ cluster: string; sync: string }>;
        seen = `${summary.json?.totals?.total} objects, clusters not synced: ${clusters.filter((c) => c.sync !== 'synced').map((c) => `${c.cluster}=${c.sync}`).join(' ') || 'none'}`;
        if (summary.json?.totals?.total !== expectedObjects) return false;
        const stale = await staleCount(replica);
        seen += `, ${stale} stale`;
        return stale === 0;
      },
      timeoutMs,
      200,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last seen: ${seen}`);
    });
  }

  async function staleCount(replica: ServerProcess): Promise<number> {
    let stale = 0;
    let cursor: string | null = null;
    do {
      const page: { json: { items: Array<{ stale: boolean }>; next_cursor: string | null } } = await replica.request('GET', `/api/v1/resources?limit=500${cursor ? `&cursor=${cursor}` : ''}`, undefined, auth);
      stale += page.json.items.filter((item) => item.stale).length;
      cursor = page.json.next_cursor;
    } while (cursor);
    return stale;
  }

  /** Open watches a single watcher of this cluster holds: one per watched kind, plus its events. */
  async function watchesOfOneWatcher(replica: ServerProcess, cluster: SimCluster): Promise<number> {
    const sync = (await replica.request('GET', `/api/v1/clusters/${clusterIds.get(cluster.name)}/sync`, undefined, auth)).json;
    return sync.kinds.filter((kind: { state: string }) => kind.state === 'watching').length + (sync.events?.state === 'watching' ? 1 : 0);
  }

  async function everyClusterWatchedOnce(replica: ServerProcess): Promise<string[]> {
    const wrong: string[] = [];
    for (const cluster of fleet.clusters.values()) {
      const expected = await watchesOfOneWatcher(replica, cluster);
      const open = cluster.api.openStreamCount();
      if (expected === 0 || open !== expected) wrong.push(`${cluster.name}: ${open} open watches, one watcher holds ${expected}`);
    }
    return wrong;
  }

  it('watches every cluster exactly once across the replicas, and every replica serves the whole fleet', async () => {
    await waitUntil('every cluster watched once', async () => (await everyClusterWatchedOnce(replicas[1]!)).length === 0, 30_000, 200);
    expect(await everyClusterWatchedOnce(replicas[2]!)).toEqual([]);
    const overview = (await replicas[2]!.request('GET', '/api/v1/replicas', undefined, auth)).json;
    const live = overview.items.filter((item: { live: boolean }) => item.live);
    expect(overview.mode).toBe('replicated');
    expect(live).toHaveLength(3);
    expect(live.filter((item: { leader: boolean }) => item.leader)).toHaveLength(1);
    expect(live.reduce((sum: number, item: { clusters: number }) => sum + item.clusters, 0)).toBe(fleet.clusters.size);
    for (const replica of replicas) {
      const summary = (await replica.request('GET', '/api/v1/resources/summary', undefined, auth)).json;
      expect(summary.totals.total).toBe(expectedObjects);
    }
  }, 60_000);

  it('brings a change ingested by one replica to stream subscribers on every replica', async () => {
    const streams = await Promise.all(replicas.map((replica) => SseClient.open(`${replica.url}/api/v1/stream`, auth)));
    try {
      await Promise.all(streams.map((stream) => stream.next((event) => event.event === 'hello')));
      const cluster = fleet.cluster('rep-007');
      const object = pickObject(cluster, 'Kustomization');
      const message = `replica test ${randomBytes(4).toString('hex')}`;
      setReady(cluster, 'Kustomization', object.metadata.namespace, object.metadata.name, { status: 'False', reason: 'ReplicaTest', message });
      for (const stream of streams) {
        const event = await stream.next((e) => e.event === 'resource' && e.data?.message === message);
        expect(event.data).toMatchObject({ cluster: 'rep-007', kind: 'Kustomization', name: object.metadata.name, status: 'failed', reason: 'ReplicaTest' });
      }
      // A Kubernetes event about it too: kept by the replica watching the cluster, streamed by all.
      const note = `replica event ${randomBytes(4).toString('hex')}`;
      cluster.store.create('/events', {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${object.metadata.name}.${randomBytes(8).toString('hex')}`, namespace: object.metadata.namespace },
        involvedObject: { apiVersion: object.apiVersion, kind: 'Kustomization', namespace: object.metadata.namespace, name: object.metadata.name },
        reason: 'ReplicaTest',
        message: note,
        type: 'Warning',
        source: { component: 'kustomize-controller' },
        firstTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        lastTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        count: 1,
      });
      for (const stream of streams) {
        const event = await stream.next((e) => e.event === 'event' && e.data?.message === note);
        expect(event.data).toMatchObject({ cluster: 'rep-007', kind: 'Kustomization', name: object.metadata.name, reason: 'ReplicaTest', type: 'Warning' });
      }
      // And the lists agree on every replica.
      for (const replica of replicas) {
        const failed = await replica.request('GET', `/api/v1/resources?cluster=rep-007&q=${encodeURIComponent(message)}`, undefined, auth);
        expect(failed.json.items.map((item: { reason: string }) => item.reason)).toEqual(['ReplicaTest']);
      }
    } finally {
      streams.forEach((stream) => stream.close());
    }
  }, 60_000);

  it('runs a bulk action asked of one replica exactly once, with its progress on every replica\'s stream', async () => {
    const [a, b, c] = replicas as [ServerProcess, ServerProcess, ServerProcess];
    const streams = await Promise.all([a, c].map((replica) => SseClient.open(`${replica.url}/api/v1/stream`, auth)));
    try {
      await Promise.all(streams.map((stream) => stream.next((event) => event.event === 'hello')));
      const selector = { clusters: ['rep-001', 'rep-002', 'rep-003', 'rep-004'], kinds: ['Kustomization'] };
      const started = await b.request('POST', '/api/v1/actions', { action: 'reconcile', selector, options: { wait_seconds: 0 } }, auth);
      expect(started.status, started.text).toBe(202);
      const jobId = started.json.job_id as string;
      const job = await waitUntil('the job finished, as read on another replica', async () => {
        const read = (await c.request('GET', `/api/v1/jobs/${jobId}`, undefined, auth)).json;
        return read.status === 'succeeded' || read.status === 'failed' ? read : undefined;
      });
      expect(job.status).toBe('succeeded');
      expect(job.result.items).toHaveLength(started.json.total);
      for (const stream of streams) await stream.next((event) => event.event === 'job' && event.data.type === 'finished' && event.data.job_id === jobId);
      // Each object was acted on once: one audit entry per object, whichever replica ran the job.
      const audit = (await a.request('GET', '/api/v1/audit?limit=500', undefined, auth)).json.items as Array<{ action: string; target: string; detail: { job_id?: string } }>;
      const touched = audit.filter((entry) => entry.action === 'flux.reconcile' && entry.detail.job_id === jobId).map((entry) => entry.target);
      expect(touched).toHaveLength(started.json.total);
      expect(new Set(touched).size).toBe(touched.length);
    } finally {
      streams.forEach((stream) => stream.close());
    }
  }, 60_000);

  it('accepts a session created on one replica on the others, and its logout everywhere', async () => {
    const [a, b, c] = replicas as [ServerProcess, ServerProcess, ServerProcess];
    const password = initialAdminPasswordOf(a);
    const login = await b.request('POST', '/api/v1/auth/login', { username: 'admin', password });
    expect(login.status).toBe(200);
    const session = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': login.json.csrf_token as string };
    expect((await a.request('GET', '/api/v1/auth/me', undefined, session)).json).toMatchObject({ username: 'admin' });
    const token = await c.request('POST', '/api/v1/tokens', { name: 'made on c', role: 'viewer' }, session);
    expect(token.status).toBe(201);
    expect((await a.request('GET', '/api/v1/clusters', undefined, { authorization: `Bearer ${token.json.token}` })).status).toBe(200);
    expect((await c.request('POST', '/api/v1/auth/logout', undefined, session)).status).toBe(204);
    expect((await a.request('GET', '/api/v1/clusters', undefined, session)).status).toBe(401);
    expect((await b.request('GET', '/api/v1/clusters', undefined, session)).status).toBe(401);
  }, 60_000);

  it('recovers when a replica\'s notification connection is cut: it reconnects and reloads, and nothing is lost', async () => {
    const victim = replicas[1]!;
    const victimId = (await victim.request('GET', '/api/v1/replicas', undefined, auth)).json.replica_id as string;
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const cut = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [`fluxo-replica:${victimId}`]);
      expect(cut.rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    // A change made while it is cut off still reaches its index (reloaded when it reconnects).
    const cluster = fleet.cluster('rep-011');
    const object = pickObject(cluster, 'Kustomization');
    const message = `while cut off ${randomBytes(4).toString('hex')}`;
    setReady(cluster, 'Kustomization', object.metadata.namespace, object.metadata.name, { status: 'False', reason: 'CutOff', message });
    await waitUntil('the cut-off replica reconnected', () => victim.output().includes('replica notification connection restored'));
    await waitUntil(
      'the cut-off replica is back with its share',
      async () => {
        const items = (await replicas[0]!.request('GET', '/api/v1/replicas', undefined, auth)).json.items as Array<{ id: string; live: boolean; clusters: number }>;
        const live = items.filter((item) => item.live);
        return live.length === 3 && live.some((item) => item.id === victimId && item.clusters > 0) && live.reduce((sum, item) => sum + item.clusters, 0) === fleet.clusters.size;
      },
      30_000,
      200,
    );
    await waitUntil('every cluster watched once again', async () => (await everyClusterWatchedOnce(replicas[0]!)).length === 0, 30_000, 200);
    for (const replica of replicas) {
      await waitForWholeFleet(replica, 30_000);
      await waitUntil(`${replica.url} shows the change made meanwhile`, async () => {
        const found = await replica.request('GET', `/api/v1/resources?cluster=rep-011&q=${encodeURIComponent(message)}`, undefined, auth);
        return found.json.items.length === 1;
      });
    }
  }, 120_000);

  it('gives a joining replica its share, and takes its clusters over when it is killed with -9, no object missing', async () => {
    const joining = await startServerProcess(env);
    let killed = false;
    try {
      const joiningId = (await joining.request('GET', '/api/v1/replicas', undefined, auth)).json.replica_id as string;
      const share = await waitUntil(
        'the new replica watches its share',
        async () => {
          const overview = (await replicas[0]!.request('GET', '/api/v1/replicas', undefined, auth)).json;
          const mine = overview.items.find((item: { id: string; live: boolean }) => item.live && item.id === joiningId);
          return mine && mine.clusters > 0 ? (mine.clusters as number) : undefined;
        },
        30_000,
        200,
      );
      await waitUntil('every cluster watched once with four replicas', async () => (await everyClusterWatchedOnce(replicas[0]!)).length === 0, 30_000, 200);
      await waitForWholeFleet(joining);

      await joining.kill();
      killed = true;
      // Seen dead by the survivors, and its leases held by them...
      for (const survivor of replicas) {
        await waitUntil(
          `${survivor.url} sees the killed replica gone and every lease held by the three`,
          async () => {
            const items = (await survivor.request('GET', '/api/v1/replicas', undefined, auth)).json.items as Array<{ id: string; live: boolean; clusters: number }>;
            const live = items.filter((item) => item.live);
            return !live.some((item) => item.id === joiningId) && live.length === 3 && live.reduce((sum, item) => sum + item.clusters, 0) === fleet.clusters.size;
          },
          30_000,
          100,
        );
      }
      // ...which watch its clusters again, once each, and serve every object, none stale.
      await waitUntil('its clusters watched again, once each', async () => (await everyClusterWatchedOnce(replicas[0]!)).length === 0, 30_000, 100);
      for (const replica of replicas) await waitForWholeFleet(replica, 30_000);
      // How fast (the 10 s bound) is measured by `npm run bench -- replicas`, not asserted here.
      expect(share).toBeGreaterThan(0);
    } finally {
      if (!killed) await joining.stop();
    }
  }, 120_000);
});

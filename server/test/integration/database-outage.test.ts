import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyRing } from '../../src/secrets/index.js';
import { buildKubeconfig } from '../support/kubeconfig-builder.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-databases.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * A TCP proxy on loopback in front of the shared PostgreSQL, so a test can cut the database off
 * (and bring it back) without touching the service other tests use.
 */
class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket)).on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Drops every connection and refuses new ones, as a database host that went away. */
  async cut(): Promise<void> {
    const closed = new Promise((resolve) => this.server?.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

/** Security finding 7: a dropped PostgreSQL connection must not take the server down. */
describe.runIf(testDatabaseKinds().includes('postgres'))('PostgreSQL outage', () => {
  let database: TestDatabase;
  let proxy: CuttableProxy;
  let t: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const url = new URL(database.url);
    proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.open();
    url.port = String(proxy.port);
    t = await startTestServer({ DATABASE_URL: url.toString(), ENCRYPTION_KEY: KeyRing.generateKeyText() });
    expect((await t.request('POST', '/api/v1/clusters', { name: 'survivor', kubeconfig: buildKubeconfig({ server: 'https://127.0.0.1:1' }) })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.cut();
    await database?.drop();
  });

  it('stays up when the database goes away, answers 503 and is not ready, then recovers by itself', async () => {
    await proxy.cut();
    const during = await waitUntil('a 503 from the API', async () => {
      const response = await t.request('GET', '/api/v1/clusters');
      return response.status === 503 ? response : undefined;
    });
    expect(during.json.error).toMatchObject({ code: 'database_unavailable', message: expect.stringMatching(/database cannot be reached/) });
    expect(during.headers.get('retry-after')).toBeTruthy();
    const ready = await t.request('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.json).toMatchObject({ status: 'not ready', reason: expect.stringMatching(/^database unavailable/) });
    expect((await t.request('GET', '/healthz')).status).toBe(200);

    await proxy.open();
    await waitUntil('the API to answer again', async () => (await t.request('GET', '/api/v1/clusters')).status === 200);
    expect((await t.request('GET', '/readyz')).status).toBe(200);
    expect((await t.request('GET', '/api/v1/clusters')).json.items.map((c: { name: string }) => c.name)).toEqual(['survivor']);
  });

  it('survives its backends being terminated by the database, and keeps serving', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const name = new URL(database.url).pathname.slice(1);
      const { rows } = await admin.query('SELECT count(pg_terminate_backend(pid))::int AS terminated FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      expect(rows[0].terminated).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await waitUntil('the API to answer after the terminations', async () => (await t.request('GET', '/api/v1/clusters')).status === 200);
    expect((await t.request('GET', '/readyz')).status).toBe(200);
    expect((await t.request('PATCH', `/api/v1/clusters/${(await t.request('GET', '/api/v1/clusters')).json.items[0].id}`, { favorite: true })).status).toBe(200);
  });
});

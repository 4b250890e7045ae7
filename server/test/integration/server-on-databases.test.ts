import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority } from '@flux-orchestrator/sim/pki';
import { startSimulatedCluster, type SimulatedCluster } from '@flux-orchestrator/sim/testing';
import { KeyRing } from '../../src/secrets/index.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-databases.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { initialAdminPassword, signIn, withBearer } from '../auth/support.js';

/** The whole server, not only the repositories, on every supported database. Each test has a database of its own. */
describe.each(testDatabaseKinds())('server on %s', (kind) => {
  let cluster: SimulatedCluster;
  const key = KeyRing.generateKeyText();
  /** What the running test opened, closed after it. */
  let database: TestDatabase | undefined;
  let t: TestServer | undefined;

  beforeAll(async () => {
    cluster = await startSimulatedCluster(await CertificateAuthority.create(), `on-${kind}`);
  });
  afterEach(async () => {
    await t?.close();
    await database?.drop();
    t = database = undefined;
  });
  afterAll(async () => {
    await cluster?.server.stop();
  });

  /** A new database and a server on it (stopped and dropped after the test). */
  async function serverOnNewDatabase(env: Record<string, string> = {}): Promise<TestServer> {
    database = await createTestDatabase(kind);
    t = await startTestServer({ DATABASE_URL: database.url, ENCRYPTION_KEY: key, ...env });
    return t;
  }

  /** The server stopped and started again on the same database (and key). */
  async function restart(env: Record<string, string> = {}): Promise<TestServer> {
    await t!.close();
    t = undefined;
    t = await startTestServer({ DATABASE_URL: database!.url, ENCRYPTION_KEY: key, ...env });
    return t;
  }

  /** Registers `Prod <kind>` (env=prod), checks its health and makes it a favorite; returns its id. */
  async function registerProd(server: TestServer): Promise<string> {
    const created = await server.request('POST', '/api/v1/clusters', { name: `Prod ${kind}`, kubeconfig: cluster.kubeconfig(), labels: { env: 'prod' } });
    expect(created.status).toBe(201);
    const health = (await server.request('GET', `/api/v1/clusters/${created.json.id}/health?refresh=true`)).json;
    expect(health.health).toMatchObject({ status: 'healthy', kubernetes_version: 'v1.32.3' });
    expect((await server.request('PATCH', `/api/v1/clusters/${created.json.id}`, { favorite: true })).json.favorite).toBe(true);
    return created.json.id as string;
  }

  it('registers, checks, edits and lists a cluster, with summary and audit trail', async () => {
    const server = await serverOnNewDatabase();
    const created = await server.request('POST', '/api/v1/clusters', { name: `Prod ${kind}`, kubeconfig: cluster.kubeconfig(), labels: { env: 'prod' } });
    expect(created.status).toBe(201);
    expect((await server.request('POST', '/api/v1/clusters', { name: `PROD ${kind}`, kubeconfig: cluster.kubeconfig() })).status).toBe(409);
    const health = (await server.request('GET', `/api/v1/clusters/${created.json.id}/health?refresh=true`)).json;
    expect(health.health).toMatchObject({ status: 'healthy', kubernetes_version: 'v1.32.3' });
    expect((await server.request('PATCH', `/api/v1/clusters/${created.json.id}`, { favorite: true })).json.favorite).toBe(true);
    expect((await server.request('GET', '/api/v1/clusters/summary')).json).toEqual({ total: 1, by_status: { healthy: 1, degraded: 0, unauthorized: 0, unreachable: 0, unknown: 0 } });
    expect((await server.request('GET', '/api/v1/audit')).json.items.map((a: { action: string }) => a.action)).toEqual(['cluster.update', 'cluster.create']);
  });

  it('keeps the data across a restart with the same key', async () => {
    const id = await registerProd(await serverOnNewDatabase());
    const server = await restart();
    const [only] = (await server.request('GET', '/api/v1/clusters')).json.items;
    expect(only).toMatchObject({ id, name: `Prod ${kind}`, favorite: true, health: { status: 'healthy' } });
    const { kubeconfig } = await server.server.clusters.openKubeconfig(only.id);
    expect(kubeconfig).toContain('sim-admin-token');
  });

  it('signs in, keeps the session and a scoped API token in the database, and logs out', async () => {
    // The cluster registered without login, as an installation that turns login on later has it.
    await registerProd(await serverOnNewDatabase());
    const server = await restart({ AUTH_MODE: 'local' });
    const admin = await signIn(server, 'admin', initialAdminPassword(server));
    const created = await admin.request('POST', '/api/v1/tokens', { name: `reader ${kind}`, role: 'viewer', cluster_selector: 'env=dev', expires_at: '2099-01-01T00:00:00Z' });
    expect(created.status).toBe(201);
    const reader = withBearer(server, created.json.token);
    // The only cluster is env=prod: a viewer of env=dev sees none of it.
    expect((await reader.request('GET', '/api/v1/clusters')).json.items).toEqual([]);
    expect((await admin.request('GET', '/api/v1/clusters')).json.items).toHaveLength(1);
    expect((await admin.request('POST', '/api/v1/auth/logout')).status).toBe(204);
    expect((await admin.request('GET', '/api/v1/clusters')).status).toBe(401);
    const audit = await server.server.database.db.selectFrom('audit_log').select(['action', 'actor', 'source']).where('action', 'in', ['auth.login', 'token.create', 'auth.logout']).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'auth.login', actor: 'admin', source: '127.0.0.1' },
      { action: 'token.create', actor: 'admin', source: '127.0.0.1' },
      { action: 'auth.logout', actor: 'admin', source: '127.0.0.1' },
    ]);
  });
});

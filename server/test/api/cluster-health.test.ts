import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority } from '@flux-orchestrator/sim/pki';
import { startSimulatedCluster, type SimulatedCluster } from '@flux-orchestrator/sim/testing';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('cluster health against simulated API servers', () => {
  let t: TestServer;
  let ca: CertificateAuthority;
  const servers: SimulatedCluster[] = [];
  beforeAll(async () => {
    ca = await CertificateAuthority.create();
    t = await startTestServer({ HEALTH_CHECK_TIMEOUT_SECONDS: '3' });
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(servers.map((s) => s.server.stop()));
  });

  async function register(name: string, cluster: SimulatedCluster, token?: string) {
    const kubeconfig = cluster.kubeconfig(token);
    const created = await t.request('POST', '/api/v1/clusters', { name, kubeconfig });
    expect(created.status).toBe(201);
    return created.json.id as string;
  }
  const healthOf = async (id: string) => (await t.request('GET', `/api/v1/clusters/${id}/health?refresh=true`)).json.health;

  it('reports healthy with the Kubernetes and Flux versions', async () => {
    const server = await startSimulatedCluster(ca, 'sim', { fluxVersion: '2.6' });
    servers.push(server);
    const id = await register('healthy-one', server);
    const health = await healthOf(id);
    expect(health).toMatchObject({ status: 'healthy', reason: '', kubernetes_version: 'v1.32.3', flux_version: 'v2.6.4' });
    expect(health.latency_ms).toBeGreaterThanOrEqual(0);
    const listed = (await t.request('GET', '/api/v1/clusters')).json.items.find((c: { id: string }) => c.id === id);
    expect(listed.health.status).toBe('healthy');
  });

  it('reports unauthorized for a wrong token', async () => {
    const server = await startSimulatedCluster(ca, 'sim');
    servers.push(server);
    const health = await healthOf(await register('wrong-token', server, 'not-the-token'));
    expect(health).toMatchObject({ status: 'unauthorized', reason: expect.stringContaining('401') });
  });

  it('reports unreachable for a closed port, and healthy again when it comes back', async () => {
    const server = await startSimulatedCluster(ca, 'sim');
    servers.push(server);
    const id = await register('flaky', server);
    expect(await healthOf(id)).toMatchObject({ status: 'healthy' });
    await server.server.closePort();
    expect(await healthOf(id)).toMatchObject({ status: 'unreachable', reason: expect.stringContaining('connection refused') });
    await server.server.reopenPort();
    expect(await healthOf(id)).toMatchObject({ status: 'healthy' });
    const history = (await t.request('GET', `/api/v1/clusters/${id}/health`)).json.history;
    expect(history.map((h: { status: string }) => h.status)).toEqual(['healthy', 'unreachable', 'healthy']);
    // The fleet-wide list (Activity) has the same changes, newest first, with the cluster's name.
    const changes = (await t.request('GET', '/api/v1/clusters/health-changes?limit=500')).json.items.filter((change: { cluster_id: string }) => change.cluster_id === id);
    expect(changes.map((change: { cluster: string; status: string }) => `${change.cluster}:${change.status}`)).toEqual(['flaky:healthy', 'flaky:unreachable', 'flaky:healthy']);
    expect(changes[1].reason).toContain('connection refused');
  });

  it('refuses a health-changes limit out of range with a message naming it', async () => {
    const response = await t.request('GET', '/api/v1/clusters/health-changes?limit=0');
    expect(response.status).toBe(400);
    expect(response.json.error.message).toMatch(/limit/);
  });

  it('reports unreachable when the server certificate is not trusted', async () => {
    const server = await startSimulatedCluster(ca, 'sim');
    servers.push(server);
    const id = await register('impostor', server);
    expect(await healthOf(id)).toMatchObject({ status: 'healthy' });
    await server.server.faults.set({ wrongCertificate: true });
    expect(await healthOf(id)).toMatchObject({ status: 'unreachable', reason: expect.stringContaining('TLS') });
  });

  it('reports degraded when Flux is not installed', async () => {
    const server = await startSimulatedCluster(ca, 'no-flux', { withoutFlux: true });
    servers.push(server);
    expect(await healthOf(await register('no-flux', server))).toMatchObject({ status: 'degraded', reason: expect.stringContaining('Flux is not installed') });
  });

  it('reports degraded when Flux kinds are forbidden', async () => {
    const server = await startSimulatedCluster(ca, 'sim', {
      authorization: { rules: [{ effect: 'deny', apiGroups: ['helm.toolkit.fluxcd.io'], resources: ['helmreleases'] }] },
    });
    servers.push(server);
    const health = await healthOf(await register('no-helm', server));
    expect(health).toMatchObject({ status: 'degraded', reason: expect.stringContaining('cannot list helmreleases.helm.toolkit.fluxcd.io (forbidden)') });
  });

  it('reports unreachable within the deadline when the API server hangs', async () => {
    const server = await startSimulatedCluster(ca, 'sim');
    servers.push(server);
    const id = await register('slow', server);
    expect(await healthOf(id)).toMatchObject({ status: 'healthy' });
    await server.server.faults.set({ latencyMs: 10_000 });
    expect(await healthOf(id)).toMatchObject({ status: 'unreachable', reason: 'no answer within 3 s' });
    await server.server.faults.clear();
  });
});

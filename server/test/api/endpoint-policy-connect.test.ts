import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority } from '@flux-orchestrator/sim/pki';
import { startSimulatedCluster, type SimulatedCluster } from '@flux-orchestrator/sim/testing';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The endpoint policy holds on every connection, not only when a kubeconfig is saved: here an
 * operator denies loopback after two clusters were registered there (one by address, one by
 * name), and the restarted server refuses to call either, saying why.
 */
describe('endpoint policy at connect time', () => {
  let ca: CertificateAuthority;
  let cluster: SimulatedCluster;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fo-endpoint-policy-'));
  const ids: Record<string, string> = {};
  let tightened: TestServer | undefined;

  beforeAll(async () => {
    ca = await CertificateAuthority.create();
    cluster = await startSimulatedCluster(ca, 'policy');
    const open = await startTestServer({}, { dataDir, keepDataDir: true });
    try {
      const byAddress = cluster.kubeconfig();
      // The simulator's certificate also names localhost: the same API server, reached by name.
      const byName = byAddress.replace(/server: https:\/\/127\.0\.0\.1:/, 'server: https://localhost:');
      expect(byName).not.toBe(byAddress);
      for (const [name, kubeconfig] of [['by-address', byAddress], ['by-name', byName]] as const) {
        const created = await open.request('POST', '/api/v1/clusters', { name, kubeconfig });
        expect(created.status).toBe(201);
        ids[name] = created.json.id as string;
        expect((await open.request('GET', `/api/v1/clusters/${ids[name]}/health?refresh=true`)).json.health.status).toBe('healthy');
      }
    } finally {
      await open.close();
    }
    tightened = await startTestServer({ ENDPOINT_DENY_NETWORKS: '127.0.0.0/8,::1/128' }, { dataDir, keepDataDir: true });
  });
  afterAll(async () => {
    await tightened?.close();
    await cluster?.server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['by-address', /^cluster "by-address" server points at 127\.0\.0\.1, .*ENDPOINT_DENY_NETWORKS$/],
    ['by-name', /^cluster "by-name" server points at localhost \((127\.0\.0\.1|::1)\), .*ENDPOINT_DENY_NETWORKS$/],
  ])('refuses to call the cluster registered %s, and the health check says why', async (name, reason) => {
    const health = (await tightened!.request('GET', `/api/v1/clusters/${ids[name]}/health?refresh=true`)).json.health;
    expect(health).toMatchObject({ status: 'unreachable', reason: expect.stringMatching(reason) });
  });
});

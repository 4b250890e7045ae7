import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@flux-orchestrator/sim';
import { sharedTestCa } from '../support/shared-ca.js';
import { SseClient } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { initialAdminPassword, signIn, type Caller } from './support.js';

/** A live stream outlives the request that opened it: its credential is checked again while it is open. */
describe('live stream after the credential behind it goes', () => {
  let fleet: SimFleet;
  let t: TestServer;
  let admin: Caller & { cookie: string; csrf: string };

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 1, objectsPerCluster: 5, reconcileDelayMs: 20, namePrefix: 'revoke' });
    t = await startTestServer({ AUTH_MODE: 'local', STREAM_RECHECK_SECONDS: '1' });
    admin = await signIn(t, 'admin', initialAdminPassword(t));
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  const token = async (name: string): Promise<{ id: string; token: string }> => {
    const created = await admin.request('POST', '/api/v1/tokens', { name, role: 'viewer' });
    expect(created.status).toBe(201);
    return { id: created.json.api_token.id as string, token: created.json.token as string };
  };

  it('ends a signed-in browser’s stream once it signs out', async () => {
    const session = await signIn(t, 'admin', initialAdminPassword(t));
    const stream = await SseClient.open(`${t.url}/api/v1/stream`, { cookie: session.cookie });
    try {
      expect(stream.status).toBe(200);
      await stream.next((event) => event.event === 'hello');
      expect((await session.request('POST', '/api/v1/auth/logout')).status).toBe(204);
      const refused = await stream.next((event) => event.event === 'unauthorized', 10_000);
      expect(refused.data.reason).toMatch(/no longer valid/);
    } finally {
      stream.close();
    }
  });

  it('ends the stream of a revoked token, and only that one: another keeps receiving changes', async () => {
    const [revoked, kept] = await Promise.all([token('stream-revoked'), token('stream-kept')]);
    const [gone, live] = await Promise.all([
      SseClient.open(`${t.url}/api/v1/stream`, { authorization: `Bearer ${revoked.token}` }),
      SseClient.open(`${t.url}/api/v1/stream`, { authorization: `Bearer ${kept.token}` }),
    ]);
    try {
      await Promise.all([gone.next((event) => event.event === 'hello'), live.next((event) => event.event === 'hello')]);
      expect((await admin.request('DELETE', `/api/v1/tokens/${revoked.id}`)).status).toBe(204);
      await gone.next((event) => event.event === 'unauthorized', 10_000);

      // The other token's stream went through the same rechecks and still carries the fleet's changes.
      const cluster = [...fleet.clusters.values()][0]!;
      const created = await admin.request('POST', '/api/v1/clusters', { name: cluster.name, kubeconfig: cluster.kubeconfig() });
      expect(created.status).toBe(201);
      await live.next((event) => event.event === 'cluster' && event.data.cluster_id === created.json.id);
      expect(live.events.some((event) => event.event === 'unauthorized')).toBe(false);
    } finally {
      gone.close();
      live.close();
    }
  });
});

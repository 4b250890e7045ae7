import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@flux-orchestrator/sim';
import { sharedTestCa } from '../support/shared-ca.js';
import { NdjsonClient } from '../support/ndjson-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

interface Entry {
  time: string | null;
  level: string;
  message: string;
  pod: string;
  fields: Record<string, unknown>;
}

function parseNdjson(text: string): Entry[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Entry);
}

describe('logs: Flux controller logs about one object, and pod logs', () => {
  let fleet: SimFleet;
  let t: TestServer;
  let clusterId: string;

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 1, objectsPerCluster: 40, reconcileDelayMs: 50, namePrefix: 'logs' });
    t = await startTestServer();
    clusterId = (await t.request('POST', '/api/v1/clusters', { name: 'logs-001', kubeconfig: fleet.cluster('logs-001').kubeconfig() })).json.id;
    await waitUntil('the cluster synced', async () => (await t.request('GET', `/api/v1/clusters/${clusterId}/sync`)).json.state === 'synced');
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  const kustomization = async () => (await t.request('GET', `/api/v1/resources?cluster=${clusterId}&kind=Kustomization&status=ready&limit=1`)).json.items[0] as { namespace: string; name: string };

  it('shows the controller lines about the object only, and a new line within a second with follow', async () => {
    const ks = await kustomization();
    const base = `/api/v1/clusters/${clusterId}/resources/Kustomization/${ks.namespace}/${ks.name}`;
    // A reconcile first, so the controller has written about it.
    expect((await t.request('POST', `${base}/reconcile`, { wait_seconds: 15 })).json.outcome).toBe('ready');
    const answer = await t.request('GET', `${base}/logs?tail=50`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const entries = parseNdjson(answer.text);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(50);
    for (const entry of entries) {
      expect(entry.pod).toMatch(/^kustomize-controller-/);
      expect(entry.fields).toMatchObject({ name: ks.name, namespace: ks.namespace });
    }

    const follow = await NdjsonClient.open(`${t.url}${base}/logs?tail=1&follow=true`);
    try {
      expect(follow.status).toBe(200);
      const requested = await t.request('POST', `${base}/reconcile`);
      const token = requested.json.requested_at as string;
      // The controller logs the reconcile it handles; the line reaches the follower.
      await follow.next((line) => (line.fields as Record<string, unknown>).name === ks.name && Date.parse(String(line.time)) >= Date.parse(token) - 1000, 10_000);
      for (const line of follow.lines) expect((line.fields as Record<string, unknown>).name).toBe(ks.name);
    } finally {
      follow.close();
    }
  });

  it('says which controller is missing when no pod of it runs', async () => {
    const cluster = fleet.cluster('logs-001');
    const release = (await t.request('GET', `/api/v1/resources?cluster=${clusterId}&kind=HelmRelease&limit=1`)).json.items[0];
    const pods = cluster.store.list('/pods', { namespace: 'flux-system', labelSelector: 'app=helm-controller' }).items;
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) cluster.store.delete('/pods', 'flux-system', pod.metadata.name);
    const answer = await t.request('GET', `/api/v1/clusters/${clusterId}/resources/HelmRelease/${release.namespace}/${release.name}/logs`);
    expect(answer.status).toBe(404);
    expect(answer.json.error.message).toMatch(/No pod of helm-controller \(label app=helm-controller\) in namespace flux-system/);
    const elsewhere = await t.request('GET', `/api/v1/clusters/${clusterId}/resources/HelmRelease/${release.namespace}/${release.name}/logs?flux_namespace=nowhere`);
    expect(elsewhere.status).toBe(404);
    expect((await t.request('GET', `/api/v1/clusters/${clusterId}/resources/HelmRelease/${release.namespace}/not-there/logs`)).status).toBe(404);
  });

  it('reads a pod’s log with tail and container checks, and 404s a pod that is gone', async () => {
    const cluster = fleet.cluster('logs-001');
    const pod = cluster.store.list('/pods', { namespace: 'flux-system', labelSelector: 'app=source-controller' }).items[0]!;
    for (let i = 0; i < 20; i++) cluster.logs.append('flux-system', pod.metadata.name, 'manager', `plain line ${i}`);
    const url = `/api/v1/clusters/${clusterId}/pods/flux-system/${pod.metadata.name}/logs`;
    const answer = await t.request('GET', `${url}?tail=5`);
    expect(answer.status).toBe(200);
    const entries = parseNdjson(answer.text);
    expect(entries.map((entry) => entry.message)).toEqual(['plain line 15', 'plain line 16', 'plain line 17', 'plain line 18', 'plain line 19']);
    for (const entry of entries) expect(entry.time).toEqual(expect.any(String));
    const wrong = await t.request('GET', `${url}?container=sidecar`);
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.details[0]).toMatchObject({ field: 'querystring.container', message: expect.stringMatching(/has no container "sidecar"; it has manager/) });
    expect((await t.request('GET', `/api/v1/clusters/${clusterId}/pods/flux-system/no-such-pod/logs`)).json.error.message).toMatch(/Pod flux-system\/no-such-pod/);
  });

  it('asks which container of a pod with several, and reads an init container’s log too', async () => {
    const cluster = fleet.cluster('logs-001');
    const name = 'two-containers-with-init';
    cluster.store.create('/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'flux-system' },
      spec: { containers: [{ name: 'app', image: 'example' }, { name: 'proxy', image: 'example' }], initContainers: [{ name: 'migrate', image: 'example' }] },
      status: { phase: 'Running' },
    });
    cluster.logs.append('flux-system', name, 'migrate', 'schema migrated');
    const url = `/api/v1/clusters/${clusterId}/pods/flux-system/${name}/logs`;
    const unchosen = await t.request('GET', url);
    expect(unchosen.status).toBe(400);
    expect(unchosen.json.error.details[0]).toMatchObject({ field: 'querystring.container', message: 'pod flux-system/two-containers-with-init has containers app, proxy, migrate: choose one' });
    const init = await t.request('GET', `${url}?container=migrate`);
    expect(init.status).toBe(200);
    expect(parseNdjson(init.text).map((entry) => entry.message)).toEqual(['schema migrated']);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@flux-orchestrator/sim';
import { FLUX_KINDS as FLUX } from '@flux-orchestrator/flux-model';
import { Value } from '@sinclair/typebox/value';
import { FluxRefSchema, ResourceFacets, ResourceItem, ResourceList } from '../../src/fleet/resources.schemas.js';
import { setReady } from '../support/fleet-fixtures.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { SseClient } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

const execFileAsync = promisify(execFile);

describe('fleet engine: every Flux object, live, with actions', () => {
  let fleet: SimFleet;
  let t: TestServer;
  let clusterId: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fo-fleet-'));

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 2, objectsPerCluster: 60, reconcileDelayMs: 50, namePrefix: 'fleet' });
    t = await startTestServer();
    for (const cluster of fleet.clusters.values()) {
      const created = await t.request('POST', '/api/v1/clusters', { name: cluster.name, kubeconfig: cluster.kubeconfig() });
      expect(created.status).toBe(201);
      if (cluster.name === 'fleet-001') clusterId = created.json.id;
    }
    const expected = [...fleet.clusters.values()].reduce((sum, cluster) => sum + fluxObjectCount(cluster.store), 0);
    await waitUntil(`${expected} objects indexed`, async () => (await t.request('GET', '/api/v1/resources/summary')).json.totals.total === expected);
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the failing objects with their reasons, failures first', async () => {
    const failed = await t.request('GET', '/api/v1/resources?status=failed&limit=1000');
    expect(failed.status).toBe(200);
    expect(failed.json.items.length).toBeGreaterThan(0);
    for (const item of failed.json.items) {
      expect(item).toMatchObject({ status: 'failed', stale: false });
      expect(item.reason).not.toBe('');
      expect(item.message).not.toBe('');
    }
    // The same objects are failing when kubectl reads them: Ready=False or Stalled=True.
    const one = failed.json.items[0];
    const cluster = fleet.cluster(one.cluster);
    const object = cluster.store.list(`${groupOf(one.api_version)}/${pluralOf(one.kind)}`).items.find((o) => o.metadata.name === one.name && o.metadata.namespace === one.namespace);
    const conditions = (object?.status?.conditions ?? []) as Array<{ type: string; status: string }>;
    expect(conditions.some((c) => (c.type === 'Ready' && c.status === 'False') || (c.type === 'Stalled' && c.status === 'True'))).toBe(true);

    // The answer is joined from per-item JSON (not the route's serializer): it must still be the schema's shape.
    const references = [FluxRefSchema, ResourceItem, ResourceFacets];
    expect([...Value.Errors(ResourceList, references, failed.json)].map((error) => `${error.path}: ${error.message}`)).toEqual([]);

    const all = await t.request('GET', '/api/v1/resources?limit=5');
    expect(all.json.items[0].status).toBe('failed');
    expect(all.json.facets.status.failed).toBe(failed.json.items.length);
    expect(all.json.next_cursor).toEqual(expect.any(String));
    const second = await t.request('GET', `/api/v1/resources?limit=5&cursor=${all.json.next_cursor}`);
    expect(second.json.items.map((i: { id: string }) => i.id)).not.toContain(all.json.items[4].id);
  });

  it('reconciles through the API and returns the new lastHandledReconcileAt and the resulting status', async () => {
    const ready = (await t.request('GET', `/api/v1/resources?cluster=fleet-001&kind=ks&status=ready&limit=1`)).json.items[0];
    expect(ready).toBeDefined();
    const response = await t.request('POST', `/api/v1/clusters/${clusterId}/resources/kustomizations/${ready.namespace}/${ready.name}/reconcile`, { wait_seconds: 15 });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ action: 'reconcile', outcome: 'ready' });
    expect(response.json.last_handled_reconcile_at).toBe(response.json.requested_at);
    expect(response.json.resource).toMatchObject({ status: 'ready', last_handled_reconcile_at: response.json.requested_at });
    const audit = await t.request('GET', '/api/v1/audit');
    expect(audit.json.items.some((entry: { action: string; target: string }) => entry.action === 'flux.reconcile' && entry.target.endsWith(`/Kustomization/${ready.namespace}/${ready.name}`))).toBe(true);
  });

  it('a failing Kustomization whose spec changed stays failed: a reconcile answers the failure, not a timeout', async () => {
    const failing = (await t.request('GET', `/api/v1/resources?cluster=${clusterId}&kind=Kustomization&status=failed&limit=1`)).json.items[0];
    expect(failing).toBeDefined();
    // A spec change: kustomize-controller retries the new generation and fails again, which it
    // reports on the Ready condition while status.observedGeneration keeps the last success.
    const store = fleet.cluster('fleet-001').store;
    const object = structuredClone(store.get('kustomize.toolkit.fluxcd.io/kustomizations', failing.namespace, failing.name)!);
    (object.spec as Record<string, unknown>).interval = '11m';
    store.update('kustomize.toolkit.fluxcd.io/kustomizations', object, { preserveStatus: true });
    const response = await t.request('POST', `/api/v1/clusters/${clusterId}/resources/Kustomization/${failing.namespace}/${failing.name}/reconcile`, { wait_seconds: 15 });
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ outcome: 'failed', resource: { status: 'failed', reason: failing.reason } });
    expect(response.json.last_handled_reconcile_at).toBe(response.json.requested_at);
    const after = (await t.request('GET', `/api/v1/resources?cluster=${clusterId}&kind=Kustomization&status=failed&q=${failing.name}`)).json.items as Array<{ name: string }>;
    expect(after.map((item) => item.name)).toContain(failing.name);
  });

  it('suspends and resumes as the flux CLI does', async () => {
    const target = (await t.request('GET', `/api/v1/resources?cluster=${clusterId}&kind=HelmRelease&status=ready&limit=1`)).json.items[0];
    const base = `/api/v1/clusters/${clusterId}/resources/HelmRelease/${target.namespace}/${target.name}`;
    const suspended = await t.request('POST', `${base}/suspend`);
    expect(suspended.status, suspended.text).toBe(200);
    expect(suspended.json.resource).toMatchObject({ status: 'suspended', suspended: true });
    const resumed = await t.request('POST', `${base}/resume`, { wait_seconds: 15 });
    expect(resumed.json).toMatchObject({ action: 'resume', outcome: 'ready' });
    expect(resumed.json.resource.suspended).toBe(false);
  });

  it('answers 404 naming what is missing and 400 for an action the kind lacks', async () => {
    const unknownKind = await t.request('POST', `/api/v1/clusters/${clusterId}/resources/Widget/default/x/reconcile`, {});
    expect(unknownKind.status).toBe(404);
    expect(unknownKind.json.error.message).toContain('Widget');
    const missing = await t.request('POST', `/api/v1/clusters/${clusterId}/resources/Kustomization/flux-system/no-such/reconcile`, {});
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toContain('flux-system/no-such');
    const noCluster = await t.request('GET', `/api/v1/clusters/nope/resources/Kustomization/flux-system/x`);
    expect(noCluster.status).toBe(404);
    const alert = (await t.request('GET', `/api/v1/resources?cluster=${clusterId}&kind=Alert&limit=1`)).json.items[0];
    if (alert) {
      const refused = await t.request('POST', `/api/v1/clusters/${clusterId}/resources/alerts/${alert.namespace}/${alert.name}/reconcile`, {});
      expect(refused.status).toBe(400);
    }
    const badStatus = await t.request('GET', '/api/v1/resources?status=broken');
    expect(badStatus.status).toBe(400);
    expect(badStatus.json.error.message).toContain('status');
  });

  it('answers a repeated list from its cache only while nothing it shows has changed', async () => {
    const cluster = fleet.cluster('fleet-001');
    const url = `/api/v1/resources?cluster=${clusterId}&kind=Kustomization&q=&limit=500`;
    const first = await t.request('GET', url);
    const target = first.json.items.find((item: { status: string }) => item.status === 'ready');
    expect(target).toBeDefined();
    // Unchanged: byte for byte the same answer.
    expect((await t.request('GET', url)).text).toBe(first.text);

    // A status change written in the cluster.
    setReady(cluster, 'Kustomization', target.namespace, target.name, { status: 'False', reason: 'CacheProbeFailure', message: 'injected by the cache test' });
    await waitUntil('the new status in the same list', async () => (await t.request('GET', url)).json.items.some((item: { id: string; reason: string }) => item.id === target.id && item.reason === 'CacheProbeFailure'));

    // A rename: no object changed, the cluster's name in every item did.
    const renamed = await t.request('PATCH', `/api/v1/clusters/${clusterId}`, { name: 'fleet-001-renamed' });
    expect(renamed.status).toBe(200);
    try {
      await waitUntil('the new cluster name in the same list', async () => (await t.request('GET', url)).json.items.every((item: { cluster: string }) => item.cluster === 'fleet-001-renamed'));
    } finally {
      await t.request('PATCH', `/api/v1/clusters/${clusterId}`, { name: 'fleet-001' });
      setReady(cluster, 'Kustomization', target.namespace, target.name, { status: 'True', reason: 'ReconciliationSucceeded', message: 'restored by the cache test' });
    }
    await waitUntil('the old name back', async () => (await t.request('GET', url)).json.items.every((item: { cluster: string }) => item.cluster === 'fleet-001'));
  });

  it('streams a status change made with kubectl to an SSE subscriber', async () => {
    const cluster = fleet.cluster('fleet-002');
    const kubeconfig = path.join(dir, 'fleet-002.yaml');
    writeFileSync(kubeconfig, cluster.kubeconfig(), { mode: 0o600 });
    const target = (await t.request('GET', `/api/v1/resources?cluster=fleet-002&kind=Kustomization&status=ready&limit=1`)).json.items[0];
    const stream = await SseClient.open(`${t.url}/api/v1/stream?cluster=fleet-002`);
    try {
      expect(stream.status).toBe(200);
      await stream.next((event) => event.event === 'hello');
      await execFileAsync('kubectl', ['--kubeconfig', kubeconfig, 'patch', 'kustomization', target.name, '-n', target.namespace, '--type=merge', '-p', '{"spec":{"suspend":true}}']);
      const event = await stream.next((e) => e.event === 'resource' && e.data.name === target.name && e.data.namespace === target.namespace && e.data.status === 'suspended');
      expect(event.data).toMatchObject({ type: 'upsert', kind: 'Kustomization', cluster: 'fleet-002', suspended: true });
      expect(Number(event.id)).toBeGreaterThan(0);
    } finally {
      stream.close();
    }
  });

  it('shows one object live with conditions, YAML, events and its source', async () => {
    const item = (await t.request('GET', `/api/v1/resources?cluster=${clusterId}&kind=Kustomization&limit=1`)).json.items[0];
    const detail = await t.request('GET', `/api/v1/clusters/${clusterId}/resources/kustomization/${item.namespace}/${item.name}`);
    expect(detail.status).toBe(200);
    expect(detail.json.resource.id).toBe(item.id);
    expect(detail.json.yaml).toContain(`name: ${item.name}`);
    expect(detail.json.conditions.length).toBeGreaterThan(0);
    expect(Array.isArray(detail.json.events)).toBe(true);
    if (item.source) expect(detail.json.source.ref).toEqual(item.source);
  });
});

function groupOf(apiVersion: string): string {
  return apiVersion.split('/')[0]!;
}

function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  return lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`;
}

/** Flux objects in a simulated cluster's store (every group ending in fluxcd.io). */
function fluxObjectCount(store: { list(groupResource: string): { items: unknown[] }; groupResources?: () => string[] }): number {
  let count = 0;
  for (const groupResource of fluxGroupResources()) count += store.list(groupResource).items.length;
  return count;
}

function fluxGroupResources(): string[] {
  // The simulator's catalog is the product's (flux-model), so the same list names every kind.
  return FLUX.map((kind) => `${kind.group}/${kind.plural}`);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimCluster, type SimFleet } from '@flux-orchestrator/sim';
import { groupResourceOf, setReady } from '../support/fleet-fixtures.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { SseClient } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

interface ItemResult {
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
  step: number;
  outcome: string;
  error: string | null;
  reason: string | null;
  message: string | null;
  requested_at: string | null;
  finished_at: string;
}

/** Two failing Kustomizations, `top` depending on `base`, so order is visible. */
function addFailingChain(cluster: SimCluster, prefix: string): void {
  const ks = groupResourceOf('Kustomization');
  const spec = { interval: '10m', path: './apps', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } };
  const failing = { 'sim.flux-orchestrator.dev/fail-reason': 'BuildFailed', 'sim.flux-orchestrator.dev/fail-message': 'kustomize build failed' };
  cluster.store.create(ks, { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: `${prefix}-base`, namespace: 'flux-system', annotations: failing }, spec });
  cluster.store.create(ks, { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: `${prefix}-top`, namespace: 'flux-system', annotations: failing }, spec: { ...spec, dependsOn: [{ name: `${prefix}-base` }] } });
  for (const name of [`${prefix}-base`, `${prefix}-top`]) setReady(cluster, 'Kustomization', 'flux-system', name, { status: 'False', reason: 'BuildFailed', message: 'kustomize build failed' });
}

describe('bulk actions across clusters', () => {
  let fleet: SimFleet;
  let t: TestServer;
  const names = ['bulk-001', 'bulk-002', 'bulk-003'];

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 3, objectsPerCluster: 30, reconcileDelayMs: 50, namePrefix: 'bulk' });
    for (const name of names) addFailingChain(fleet.cluster(name), 'chain');
    t = await startTestServer();
    for (const name of names) expect((await t.request('POST', '/api/v1/clusters', { name, kubeconfig: fleet.cluster(name).kubeconfig() })).status).toBe(201);
    await waitUntil('the chains indexed as failing', async () => (await t.request('GET', '/api/v1/resources?q=chain-&status=failed')).json.total === 6);
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  const finished = (jobId: string) =>
    waitUntil(`job ${jobId} finished`, async () => {
      const job = (await t.request('GET', `/api/v1/jobs/${jobId}`)).json;
      return job.status === 'succeeded' || job.status === 'failed' ? job : undefined;
    }, 60_000);

  /** The reconcile request annotation of every Kustomization of the three clusters, to see that a dry run wrote none (another test may have reconciled some for real). */
  const requestedAt = () =>
    names.flatMap((name) =>
      fleet
        .cluster(name)
        .store.list(groupResourceOf('Kustomization'))
        .items.map((object) => `${name}/${object.metadata.namespace}/${object.metadata.name}: ${object.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'] ?? '-'}`)
        .sort(),
    );

  it('plans every failing Kustomization of three clusters in dependency order, and a dry run touches nothing', async () => {
    const before = requestedAt();
    const plan = await t.request('POST', '/api/v1/actions', { action: 'reconcile', selector: { clusters: names, kinds: ['ks'], status: ['failed'] }, dry_run: true });
    expect(plan.status, plan.text).toBe(200);
    expect(plan.json.clusters.map((c: { cluster: string }) => c.cluster)).toEqual(names);
    for (const cluster of plan.json.clusters) {
      const step = (name: string) => cluster.objects.find((o: { name: string }) => o.name === name)?.step;
      expect(step('chain-top')).toBeGreaterThan(step('chain-base'));
    }
    const failing = (await t.request('GET', `/api/v1/resources?kind=Kustomization&status=failed&cluster=${names.join(',')}&limit=1000`)).json.total;
    expect(plan.json.total).toBe(failing);
    expect(requestedAt()).toEqual(before);
  });

  it('reconciles every failing Kustomization in three clusters in dependency order, with per-object results and audit entries', async () => {
    const stream = await SseClient.open(`${t.url}/api/v1/stream`);
    try {
      const started = await t.request('POST', '/api/v1/actions', { action: 'reconcile', selector: { clusters: names, kinds: ['Kustomization'], status: ['failed'] }, options: { wait_seconds: 20 } });
      expect(started.status, started.text).toBe(202);
      const job = await finished(started.json.job_id);
      expect(job.status).toBe('succeeded');
      const items = job.result.items as ItemResult[];
      expect(items).toHaveLength(started.json.total);
      for (const item of items) expect(['ready', 'failed']).toContain(item.outcome);
      for (const name of names) {
        const base = items.find((i) => i.cluster === name && i.name === 'chain-base')!;
        const top = items.find((i) => i.cluster === name && i.name === 'chain-top')!;
        expect(base.outcome).toBe('failed');
        // A failed outcome says why, from the object's status.
        expect(base.reason).toBeTruthy();
        expect(base.message).toBeTruthy();
        // `top` was asked only after `base`'s outcome had landed.
        expect(top.requested_at! >= base.finished_at).toBe(true);
      }
      const item = await stream.next((event) => event.event === 'job' && event.data.type === 'item' && event.data.job_id === started.json.job_id);
      expect(item.data).toMatchObject({ kind: 'Kustomization', outcome: expect.any(String) });
      const audit = (await t.request('GET', '/api/v1/audit?limit=500')).json.items as Array<{ action: string; target: string; detail: { job_id?: string } }>;
      const touched = audit.filter((entry) => entry.action === 'flux.reconcile' && entry.detail.job_id === started.json.job_id);
      expect(touched).toHaveLength(items.length);
    } finally {
      stream.close();
    }
  });

  it('plans exactly the objects picked by hand, across clusters, with `objects`', async () => {
    const plan = await t.request('POST', '/api/v1/actions', {
      action: 'suspend',
      selector: { objects: [{ cluster: 'bulk-001', kind: 'ks', namespace: 'flux-system', name: 'chain-base' }, { cluster: 'bulk-002', kind: 'Kustomization', namespace: 'flux-system', name: 'chain-top' }] },
      dry_run: true,
    });
    expect(plan.status, plan.text).toBe(200);
    expect(plan.json.total).toBe(2);
    expect(plan.json.clusters.map((c: { cluster: string; objects: Array<{ name: string }> }) => `${c.cluster}:${c.objects.map((o) => o.name).join(',')}`)).toEqual(['bulk-001:chain-base', 'bulk-002:chain-top']);
    const bad = await t.request('POST', '/api/v1/actions', { action: 'suspend', selector: { objects: [{ cluster: 'bulk-001', kind: 'Deployment', namespace: 'x', name: 'y' }] }, dry_run: true });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].field).toBe('body.selector.objects.0.kind');
  });

  it('answers an empty plan and an empty job for a selector that matches nothing, and 400 for an empty selector', async () => {
    const plan = await t.request('POST', '/api/v1/actions', { action: 'suspend', selector: { names: ['nothing-is-called-this'] }, dry_run: true });
    expect(plan.status).toBe(200);
    expect(plan.json).toMatchObject({ total: 0, clusters: [] });
    const started = await t.request('POST', '/api/v1/actions', { action: 'suspend', selector: { names: ['nothing-is-called-this'] } });
    expect(started.status).toBe(202);
    expect((await finished(started.json.job_id)).result).toMatchObject({ total: 0, items: [] });
    const empty = await t.request('POST', '/api/v1/actions', { action: 'suspend', selector: {} });
    expect(empty.status).toBe(400);
    expect(empty.json.error.details[0]).toMatchObject({ field: 'body.selector' });
    const noAction = await t.request('POST', '/api/v1/actions', { action: 'suspend', selector: { kinds: ['ExternalArtifact'] } });
    expect(noAction.status).toBe(400);
    expect(noAction.json.error.details[0].message).toMatch(/cannot be suspended|can be suspended/);
    const badSelector = await t.request('POST', '/api/v1/actions', { action: 'suspend', selector: { cluster_selector: '=dev' }, dry_run: true });
    expect(badSelector.status).toBe(400);
    expect(badSelector.json.error.details[0]).toMatchObject({ field: 'body.selector.cluster_selector' });
  });

  it('fails the items of a cluster that goes down mid-run and completes the others', async () => {
    for (const name of names) addFailingChain(fleet.cluster(name), 'down');
    await waitUntil('the new chains indexed', async () => (await t.request('GET', '/api/v1/resources?q=down-&status=failed')).json.total === 6);
    const victim = fleet.cluster('bulk-002');
    await victim.faults.set({ latencyMs: 800 });
    const stream = await SseClient.open(`${t.url}/api/v1/stream`);
    try {
      const started = await t.request('POST', '/api/v1/actions', { action: 'reconcile', selector: { names: ['down-base', 'down-top'] }, options: { wait_seconds: 20 } });
      expect(started.status).toBe(202);
      // The cluster goes away once its first object is done, before the one that depends on it.
      await stream.next((event) => event.event === 'job' && event.data.type === 'item' && event.data.job_id === started.json.job_id && event.data.cluster === 'bulk-002', 30_000);
      await victim.faults.set({ dropConnectionRate: 1 });
      const job = await finished(started.json.job_id);
      expect(job.status).toBe('succeeded');
      const items = job.result.items as ItemResult[];
      expect(items).toHaveLength(6);
      expect(items.find((i) => i.cluster === 'bulk-002' && i.name === 'down-top')).toMatchObject({ outcome: 'error', error: expect.stringMatching(/could not be reached/) });
      for (const item of items.filter((i) => i.cluster !== 'bulk-002')) expect(item.outcome).toBe('failed');
      expect(job.result.by_outcome.error).toBe(1);
    } finally {
      stream.close();
      await victim.faults.set({ dropConnectionRate: undefined, latencyMs: undefined });
    }
  });
});

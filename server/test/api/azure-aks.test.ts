import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@flux-orchestrator/sim';
import { sharedTestCa } from '../support/shared-ca.js';
import { addSimSubscription, subscriptionBody, type SimSubscription } from '../support/azure-subscriptions.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

interface ClusterItem {
  id: string;
  name: string;
  auth: string;
  source: { type: string; azure_subscription_id?: string; missing_in_source: boolean };
}

/**
 * The seed's three steps against the simulated Azure (Entra ID + ARM) and AKS-backing API
 * servers, through the official SDKs, with no kubelogin on the machine. Each test makes the
 * simulated subscriptions it uses, and registers and syncs them itself: none relies on another.
 */
describe('Azure AKS integration', () => {
  let fleet: SimFleet;
  let t: TestServer;
  /** Every subscription a test made, for the secrets check. */
  const made: SimSubscription[] = [];
  const bodyFor = (sub: SimSubscription, extra: Record<string, unknown> = {}) => subscriptionBody(fleet, sub, extra);

  beforeAll(async () => {
    // The simulated Azure (started with one subscription of its own, unused); each test adds what it needs.
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 0, objectsPerCluster: 10, reconcileDelayMs: 20, azureSubscriptions: 1, clustersPerSubscription: 0 });
    fleet.azure!.pageSize = 2; // three clusters per subscription: every list takes two pages
    t = await startTestServer({ HEALTH_CHECK_TIMEOUT_SECONDS: '5', PATH: '/usr/bin:/bin' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  /** A simulated subscription of the calling test's own, with `clusters` AKS clusters (3 unless said). */
  async function newSubscription(clusters = 3): Promise<SimSubscription> {
    const sub = await addSimSubscription(fleet, { clusters });
    made.push(sub);
    return sub;
  }

  /** A new subscription, added to the server. */
  async function registered(clusters = 3): Promise<SimSubscription> {
    const sub = await newSubscription(clusters);
    const created = await t.request('POST', '/api/v1/azure/subscriptions', bodyFor(sub));
    expect(created.status, created.text).toBe(201);
    return sub;
  }

  /** A new subscription, added to the server and synced: its clusters are registered. */
  async function synced(clusters = 3): Promise<SimSubscription> {
    const sub = await registered(clusters);
    const sync = await t.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/sync`, {});
    expect(sync.json.counts, sync.text).toMatchObject({ created: clusters, failed: 0 });
    return sub;
  }

  /** The registered clusters of one subscription. */
  const clustersOf = async (sub: SimSubscription): Promise<ClusterItem[]> =>
    ((await t.request('GET', '/api/v1/clusters')).json.items as ClusterItem[]).filter((cluster) => cluster.source.azure_subscription_id === sub.subscriptionId);

  it('step 1: adds a subscription after testing it, and never returns the secret', async () => {
    const sub = await newSubscription();
    const before = (await t.request('GET', '/api/v1/azure/subscriptions')).json.items.length as number;
    const test = await t.request('POST', '/api/v1/azure/subscriptions/test', bodyFor(sub));
    expect(test.json).toMatchObject({ status: 'connected', cluster_count: 3 });
    expect(test.json.checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([['token', true], ['list_clusters', true], ['cluster_credentials', true]]);
    const created = await t.request('POST', '/api/v1/azure/subscriptions?test=true', bodyFor(sub));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ subscription_id: sub.subscriptionId, status: 'connected', has_client_secret: true, auth_method: 'service_principal' });
    expect(created.text).not.toContain(sub.clientSecret);
    const list = await t.request('GET', '/api/v1/azure/subscriptions');
    expect(list.json.items).toHaveLength(before + 1);
    expect(list.json.items.filter((item: { subscription_id: string }) => item.subscription_id === sub.subscriptionId)).toHaveLength(1);
    expect(list.text).not.toContain(sub.clientSecret);
    expect((await t.request('POST', '/api/v1/azure/subscriptions', bodyFor(sub))).status).toBe(409);
  });

  it('step 2: discovers every cluster across pages with the seed\'s fields', async () => {
    const sub = await registered();
    const { status, json } = await t.request('GET', `/api/v1/azure/subscriptions/${sub.subscriptionId}/clusters`);
    expect(status).toBe(200);
    const aks = json.items.filter((c: { type: string }) => c.type === 'aks');
    expect(aks).toHaveLength(3);
    for (const cluster of aks) {
      expect(cluster).toMatchObject({ registered: false, cluster_id: null, resource_group: expect.any(String), location: expect.any(String), kubernetes_version: expect.any(String) });
      expect(cluster.node_count).toBeGreaterThan(0);
      expect(cluster.id).toMatch(/^\/subscriptions\/.+\/providers\/Microsoft\.ContainerService\/managedClusters\//i);
    }
    expect(aks.filter((c: { aad_enabled: boolean }) => c.aad_enabled)).toHaveLength(2);
  });

  it('step 3: syncs the clusters, which then report healthy without kubelogin', async () => {
    const sub = await registered();
    const sync = await t.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/sync`, {});
    expect(sync.status).toBe(200);
    expect(sync.json.counts).toEqual({ created: 3, updated: 0, unchanged: 0, removed: 0, failed: 0 });
    const ids = sync.json.results.map((r: { cluster_id: string }) => r.cluster_id);
    for (const id of ids) {
      const health = (await t.request('GET', `/api/v1/clusters/${id}/health?refresh=true`)).json.health;
      expect(health, JSON.stringify(health)).toMatchObject({ status: 'healthy', kubernetes_version: expect.stringMatching(/^v1\./) });
    }
    const clusters = await clustersOf(sub);
    expect(clusters.filter((c) => c.source.type === 'aks')).toHaveLength(3);
    const aadCluster = clusters.find((c) => c.auth === 'exec:kubelogin')!;
    expect(aadCluster.source).toMatchObject({ azure_subscription_id: sub.subscriptionId, resource_group: expect.any(String), missing_in_source: false });
    const discovered = (await t.request('GET', `/api/v1/azure/subscriptions/${sub.subscriptionId}/clusters`)).json.items;
    expect(discovered.filter((c: { registered: boolean }) => c.registered)).toHaveLength(3);
  });

  it('stores a kubelogin-format kubeconfig and offers it for download without the secret, audited', async () => {
    const sub = await synced();
    const aad = (await clustersOf(sub)).find((c) => c.auth === 'exec:kubelogin')!;
    const download = await t.request('GET', `/api/v1/clusters/${aad.id}/kubeconfig`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/attachment/);
    expect(download.text).toContain('command: kubelogin');
    expect(download.text).toMatch(/- --login\n\s+- spn/);
    expect(download.text).toContain('6dae42f8-4368-4678-94ff-3960e28e3630');
    expect(download.text).toContain(sub.clientId);
    expect(download.text).not.toContain(sub.clientSecret);
    const withSecret = await t.request('GET', `/api/v1/clusters/${aad.id}/kubeconfig?include_secret=true`);
    expect(withSecret.text).toContain('AAD_SERVICE_PRINCIPAL_CLIENT_SECRET');
    expect(withSecret.text).toContain(sub.clientSecret);
    // The secret travels in env, never in the exec arguments.
    const args = withSecret.text.slice(withSecret.text.indexOf('args:'), withSecret.text.indexOf('env:'));
    expect(args).not.toContain(sub.clientSecret);
    const audit = await t.server.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'cluster.kubeconfig.download').where('target', '=', aad.id).orderBy('id').execute();
    expect(audit.map((a) => JSON.parse(a.detail_json).include_secret)).toEqual([false, true]);
  });

  it('re-sync is idempotent and keeps the user\'s fields', async () => {
    const sub = await synced();
    const [mine] = await clustersOf(sub);
    await t.request('PATCH', `/api/v1/clusters/${mine!.id}`, { favorite: true, description: 'mine', labels: { team: 'platform' } });
    const again = await t.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/sync`, {});
    expect(again.json.counts).toEqual({ created: 0, updated: 0, unchanged: 3, removed: 0, failed: 0 });
    expect((await t.request('GET', `/api/v1/clusters/${mine!.id}`)).json).toMatchObject({ favorite: true, description: 'mine', labels: { team: 'platform' } });
  });

  it('keeps ARM connections alive across operations instead of a TLS handshake per call', async () => {
    const sub = await synced();
    fleet.azure!.counters.reset();
    for (let round = 0; round < 3; round++) {
      expect((await t.request('GET', `/api/v1/azure/subscriptions/${sub.subscriptionId}/clusters`)).status).toBe(200);
      expect((await t.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/sync`, {})).json.counts.unchanged).toBe(3);
    }
    const counters = fleet.azure!.counters;
    // Three discoveries and three syncs: a dozen list pages and credential calls, one after another.
    expect(counters.armCallsFor('ManagedClusters_List') + counters.armCallsFor('ManagedClusters_ListClusterUserCredentials')).toBeGreaterThanOrEqual(12);
    expect(counters.connectionsTo('arm')).toBeLessThanOrEqual(2);
  });

  it('keys clusters by ARM id: the same name in two resource groups gives two clusters', async () => {
    const sub = await synced();
    const existing = fleet.azure!.managedClusters(sub.subscriptionId)[0]!;
    await fleet.azure!.addManagedCluster({ subscriptionId: sub.subscriptionId, resourceGroup: 'rg-other', name: existing.name });
    const sync = await t.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/sync`, {});
    expect(sync.json.counts).toMatchObject({ created: 1, unchanged: 3, failed: 0 });
    const names = (await clustersOf(sub)).map((c) => c.name);
    expect(names).toContain(existing.name);
    expect(names).toContain(`${existing.name} (rg-other)`);
  });

  it('marks a cluster removed in Azure as missing instead of deleting it', async () => {
    const sub = await synced();
    const gone = fleet.azure!.managedClusters(sub.subscriptionId)[0]!;
    expect(await fleet.azure!.removeManagedCluster({ subscriptionId: sub.subscriptionId, resourceGroup: gone.resourceGroup, name: gone.name })).toBe(true);
    const sync = await t.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/sync`, {});
    expect(sync.json.counts).toMatchObject({ removed: 1, failed: 0 });
    const removed = sync.json.results.find((r: { action: string }) => r.action === 'removed');
    expect((await t.request('GET', `/api/v1/clusters/${removed.cluster_id}`)).json.source.missing_in_source).toBe(true);
  });

  it('lists Azure Arc connected clusters alongside AKS ones', async () => {
    const sub = await registered(1);
    fleet.azure!.addConnectedCluster({ subscriptionId: sub.subscriptionId, resourceGroup: 'rg-edge', name: 'store-042', totalNodeCount: 2, kubernetesVersion: '1.30.4' });
    const items = (await t.request('GET', `/api/v1/azure/subscriptions/${sub.subscriptionId}/clusters`)).json.items;
    expect(items.find((c: { type: string }) => c.type === 'arc')).toMatchObject({ name: 'store-042', resource_group: 'rg-edge', node_count: 2, kubernetes_version: '1.30.4', registered: false });
    expect(items.filter((c: { type: string }) => c.type === 'aks')).toHaveLength(1);
  });

  it('syncs automatically when a subscription\'s auto-sync interval is due', async () => {
    const sub = await synced();
    await t.request('PATCH', `/api/v1/azure/subscriptions/${sub.subscriptionId}`, { auto_sync_interval_minutes: 30 });
    const before = (await t.request('GET', `/api/v1/azure/subscriptions/${sub.subscriptionId}`)).json.last_synced_at;
    expect(await t.server.autoSync.tick(new Date())).toEqual([]);
    const due = await t.server.autoSync.tick(new Date(Date.now() + 31 * 60_000));
    expect(due).toEqual([sub.subscriptionId]);
    let job = (await t.request('GET', '/api/v1/jobs')).json.items[0];
    expect(job).toMatchObject({ type: 'azure.auto-sync', subject: sub.subscriptionId });
    job = await t.server.jobs.waitFor(job.id, 10_000);
    expect(job.status).toBe('succeeded');
    expect(job.result.counts.failed).toBe(0);
    expect((await t.request('GET', `/api/v1/azure/subscriptions/${sub.subscriptionId}`)).json.last_synced_at > before).toBe(true);
    await t.request('PATCH', `/api/v1/azure/subscriptions/${sub.subscriptionId}`, { auto_sync_interval_minutes: 0 });
  });

  it('caches Entra tokens: 100 health checks of the clusters take one AKS token per identity', async () => {
    const sub = await synced();
    const clusters = (await clustersOf(sub)).filter((c) => c.auth === 'exec:kubelogin' && !c.source.missing_in_source);
    await t.server.healthChecker.check(clusters[0]!.id);
    fleet.azure!.counters.reset();
    for (let round = 0; round < 100 / clusters.length; round++) {
      await Promise.all(clusters.map((c) => t.request('GET', `/api/v1/clusters/${c.id}/health?refresh=true`)));
    }
    expect(fleet.azure!.counters.tokenRequestsFor(sub.clientId)).toBe(0);
  });

  it('explains a wrong secret with the AADSTS code, and saves nothing with ?test=true', async () => {
    const sub = await newSubscription(0);
    const test = await t.request('POST', '/api/v1/azure/subscriptions/test', bodyFor(sub, { client_secret: 'wrong-secret' }));
    expect(test.json.status).toBe('error');
    expect(test.json.message).toMatch(/^Failed to authenticate with Azure \(AADSTS7000215\): the client secret is wrong/);
    const create = await t.request('POST', '/api/v1/azure/subscriptions?test=true', bodyFor(sub, { client_secret: 'wrong-secret' }));
    expect(create.status).toBe(400);
    expect(create.json.error.code).toBe('azure_connection_failed');
    expect((await t.request('GET', `/api/v1/azure/subscriptions/${sub.subscriptionId}`)).status).toBe(404);
  });

  it('explains an unknown tenant and an unknown client id', async () => {
    const sub = await newSubscription(0);
    const unknownTenant = await t.request('POST', '/api/v1/azure/subscriptions/test', bodyFor(sub, { tenant_id: '11111111-2222-3333-4444-555555555555' }));
    expect(unknownTenant.json.message).toMatch(/AADSTS90002\): the tenant does not exist/);
    const unknownApp = await t.request('POST', '/api/v1/azure/subscriptions/test', bodyFor(sub, { client_id: '11111111-2222-3333-4444-555555555555' }));
    expect(unknownApp.json.message).toMatch(/AADSTS700016\): no application with this client ID/);
  });

  it('rotates the secret: a wrong one fails the test, the right one restores it', async () => {
    const sub = await newSubscription(1);
    expect((await t.request('POST', '/api/v1/azure/subscriptions', bodyFor(sub))).status).toBe(201);
    const wrong = await t.request('PATCH', `/api/v1/azure/subscriptions/${sub.subscriptionId}`, { client_secret: 'rotated-but-wrong' });
    expect(wrong.json).toMatchObject({ status: 'unknown', has_client_secret: true });
    expect((await t.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/test`)).json.status).toBe('error');
    expect((await t.request('PATCH', `/api/v1/azure/subscriptions/${sub.subscriptionId}`, { client_secret: sub.clientSecret })).status).toBe(200);
    expect((await t.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/test`)).json.status).toBe('connected');
    expect((await t.request('GET', `/api/v1/azure/subscriptions/${sub.subscriptionId}`)).json.status).toBe('connected');
  });

  it('names the Reader role when clusters cannot be listed, and the Cluster User role when credentials are refused', async () => {
    const sub = await newSubscription();
    const azure = fleet.azure!;
    azure.removeRoleAssignments(sub.principalId);
    const noRoles = await t.request('POST', '/api/v1/azure/subscriptions/test', bodyFor(sub));
    expect(noRoles.json.status).toBe('error');
    expect(noRoles.json.message).toMatch(/Grant the Reader role: az role assignment create --assignee .* --role Reader --scope \/subscriptions\//);
    azure.assignRole({ principalId: sub.principalId, role: 'Reader', scope: `/subscriptions/${sub.subscriptionId}` });
    const readerOnly = await t.request('POST', '/api/v1/azure/subscriptions/test', bodyFor(sub));
    expect(readerOnly.json.message).toMatch(/Failed to get cluster credentials .*"Azure Kubernetes Service Cluster User Role"/);
    expect((await t.request('POST', '/api/v1/azure/subscriptions', bodyFor(sub))).status).toBe(201);
    const sync = await t.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/sync`, {});
    expect(sync.json.counts).toMatchObject({ created: 0, failed: 3 });
    expect(sync.json.results[0].error).toMatch(/Cluster User Role/);
  });

  it('reports local accounts disabled when admin credentials are asked for, and syncs the rest', async () => {
    const sub = await registered();
    expect((await t.request('PATCH', `/api/v1/azure/subscriptions/${sub.subscriptionId}`, { use_admin_credentials: true })).status).toBe(200);
    fleet.azure!.assignRole({ principalId: sub.principalId, role: 'Azure Kubernetes Service Cluster Admin Role', scope: `/subscriptions/${sub.subscriptionId}` });
    const sync = await t.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/sync`, {});
    expect(sync.json.counts).toMatchObject({ created: 2, failed: 1 });
    expect(sync.json.results.find((r: { action: string }) => r.action === 'failed').error).toMatch(/local accounts are disabled/);
  });

  it('waits out ARM throttling (429 + Retry-After) and succeeds', async () => {
    const sub = await registered();
    fleet.azure!.faults.set({ throttle: { retryAfterSeconds: 1, count: 1 } });
    try {
      const discovered = await t.request('GET', `/api/v1/azure/subscriptions/${sub.subscriptionId}/clusters`);
      expect(discovered.status).toBe(200);
    } finally {
      fleet.azure!.faults.clear();
    }
  });

  it('answers 202 with a job for a sync that takes longer than the wait, and reports progress', async () => {
    const sub = await newSubscription();
    fleet.azure!.faults.set({ latencyMs: 400 });
    const slow = await startTestServer({ SYNC_WAIT_SECONDS: '0' }, { dataDir: t.dataDir + '-slow' });
    try {
      await slow.request('POST', '/api/v1/azure/subscriptions', bodyFor(sub));
      const accepted = await slow.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/sync`, {});
      expect(accepted.status).toBe(202);
      const job = await waitUntil('the sync job finished', async () => {
        const read = (await slow.request('GET', accepted.json.status_url)).json;
        return read.status !== 'running' && read.status !== 'queued' ? read : undefined;
      });
      expect(job).toMatchObject({ status: 'succeeded', type: 'azure.sync', progress: { done: 3, total: 3 } });
      expect(job.result.counts.created).toBe(3);
      expect((await slow.request('GET', '/api/v1/jobs')).json.items[0].id).toBe(job.id);
    } finally {
      fleet.azure!.faults.clear();
      await slow.close();
      rmSync(t.dataDir + '-slow', { recursive: true, force: true });
    }
  });

  it('in kubelogin mode without kubelogin installed, health says how to install it', async () => {
    const sub = await synced();
    expect((await t.request('PATCH', `/api/v1/azure/subscriptions/${sub.subscriptionId}`, { cluster_auth_mode: 'kubelogin' })).status).toBe(200);
    try {
      const aad = (await clustersOf(sub)).find((c) => c.auth === 'exec:kubelogin' && !c.source.missing_in_source)!;
      const health = (await t.request('GET', `/api/v1/clusters/${aad.id}/health?refresh=true`)).json.health;
      expect(health.status).toBe('unauthorized');
      expect(health.reason).toMatch(/^kubelogin: command not found\. Install kubelogin/);
    } finally {
      await t.request('PATCH', `/api/v1/azure/subscriptions/${sub.subscriptionId}`, { cluster_auth_mode: 'in_process' });
    }
  });

  it('in kubelogin mode passes the secret in env, never on any process command line', async () => {
    const sub = await synced();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fo-fake-kubelogin-'));
    const record = path.join(dir, 'record.txt');
    const tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, await fleet.azure!.mintAccessToken({ tenantId: sub.tenantId, clientId: sub.clientId }));
    // A stand-in kubelogin: records its arguments and every process's command line while it
    // runs (never the secret itself, only whether it arrived in env), then prints a token.
    writeFileSync(
      path.join(dir, 'kubelogin'),
      [
        '#!/bin/sh',
        `{ echo "args: $*"; echo "secret-in-env: \${AAD_SERVICE_PRINCIPAL_CLIENT_SECRET:+yes}"; for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < "$f" 2>/dev/null; echo; done; } >> '${record}'`,
        `printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}' "$(cat '${tokenFile}')"`,
      ].join('\n'),
    );
    chmodSync(path.join(dir, 'kubelogin'), 0o755);
    const originalPath = process.env.PATH;
    process.env.PATH = `${dir}:${originalPath}`;
    try {
      expect((await t.request('PATCH', `/api/v1/azure/subscriptions/${sub.subscriptionId}`, { cluster_auth_mode: 'kubelogin' })).status).toBe(200);
      const aad = (await clustersOf(sub)).find((c) => c.auth === 'exec:kubelogin' && !c.source.missing_in_source)!;
      const health = (await t.request('GET', `/api/v1/clusters/${aad.id}/health?refresh=true`)).json.health;
      expect(health.status, health.reason).toBe('healthy');
      const recorded = readFileSync(record, 'utf8');
      expect(recorded).toMatch(/args: get-token --login spn --environment \S+ --tenant-id \S+ --server-id 6dae42f8-4368-4678-94ff-3960e28e3630 --client-id \S+/);
      expect(recorded).toContain('secret-in-env: yes');
      // The listing did see the plugin's own process (so it saw what a `ps` would).
      expect(recorded).toMatch(/\/bin\/sh \S+\/kubelogin get-token/);
      expect(recorded).not.toContain(sub.clientSecret);
    } finally {
      process.env.PATH = originalPath;
      await t.request('PATCH', `/api/v1/azure/subscriptions/${sub.subscriptionId}`, { cluster_auth_mode: 'in_process' });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the seed\'s five fields alone when the installation\'s default cloud is set', async () => {
    const sub = await newSubscription(1);
    const azure = fleet.azure!;
    const server = await startTestServer(
      { AZURE_ENVIRONMENT: 'custom', AZURE_AUTHORITY_HOST: azure.authorityHost, AZURE_RESOURCE_MANAGER_ENDPOINT: azure.resourceManagerEndpoint, AZURE_RESOURCE_MANAGER_AUDIENCE: azure.resourceManagerAudience },
      { dataDir: t.dataDir + '-default-cloud' },
    );
    try {
      const seedBody = { name: sub.name, subscription_id: sub.subscriptionId, tenant_id: sub.tenantId, client_id: sub.clientId, client_secret: sub.clientSecret };
      const created = await server.request('POST', '/api/v1/azure/subscriptions?test=true', seedBody);
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ environment: 'custom', authority_host: azure.authorityHost, status: 'connected' });
    } finally {
      await server.close();
      rmSync(t.dataDir + '-default-cloud', { recursive: true, force: true });
    }
  });

  it('rejects bad input with the field named', async () => {
    const sub = await registered(0);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...bodyFor(sub), subscription_id: 'not-a-guid' }, /body\.subscription_id/],
      [{ ...bodyFor(sub), client_secret: undefined }, /body\.client_secret is required for a service principal/],
      [{ ...bodyFor(sub), authority_host: undefined }, /body\.authority_host is required when environment is custom/],
      [{ ...bodyFor(sub), environment: 'Mars' }, /body\.environment/],
      [{ ...bodyFor(sub), password: 'x' }, /body\.password is not a known field/],
    ];
    for (const [body, message] of cases) {
      const response = await t.request('POST', '/api/v1/azure/subscriptions', body);
      expect(response.status).toBe(400);
      expect(response.json.error.message).toMatch(message);
    }
    expect((await t.request('DELETE', `/api/v1/azure/subscriptions/${sub.subscriptionId}`)).status).toBe(400);
  });

  it('keeps every client secret out of responses, logs and the database files', async () => {
    // Secrets this test stored itself: a subscription added after a test, synced, its secret rotated.
    const own = await newSubscription();
    expect((await t.request('POST', '/api/v1/azure/subscriptions?test=true', bodyFor(own))).status).toBe(201);
    expect((await t.request('POST', `/api/v1/azure/subscriptions/${own.subscriptionId}/sync`, {})).json.counts).toMatchObject({ created: 3, failed: 0 });
    const rotated = { ...own, clientSecret: 'rotated-secret-5b0e2d' };
    expect((await t.request('PATCH', `/api/v1/azure/subscriptions/${own.subscriptionId}`, { client_secret: rotated.clientSecret })).status).toBe(200);
    const subs = [...made, rotated];
    const files = readdirSync(t.dataDir).filter((f) => f.startsWith('flux-orchestrator.db'));
    expect(files.length).toBeGreaterThan(0);
    const logs = t.logs.join('\n');
    for (const sub of subs) {
      for (const file of files) expect(readFileSync(path.join(t.dataDir, file)).includes(Buffer.from(sub.clientSecret))).toBe(false);
      expect(logs).not.toContain(sub.clientSecret);
    }
    const everything = await Promise.all(['/api/v1/azure/subscriptions', '/api/v1/clusters', '/api/v1/jobs'].map((url) => t.request('GET', url)));
    for (const response of everything) for (const sub of subs) expect(response.text).not.toContain(sub.clientSecret);
  });

  it('lists the subscriptions a credential can see and adds several in one step', async () => {
    const sub = await registered(0);
    const extra = fleet.azure!.addSubscription({ tenantId: sub.tenantId, name: 'Second subscription, same tenant' });
    fleet.azure!.assignRole({ principalId: sub.principalId, role: 'Reader', scope: `/subscriptions/${extra.subscriptionId}` });
    const { subscription_id: _id, name: _name, ...credential } = bodyFor(sub);
    const visible = await t.request('POST', '/api/v1/azure/subscriptions/visible', credential);
    expect(visible.status).toBe(200);
    expect(visible.json.items.map((v: { subscription_id: string; registered: boolean }) => [v.subscription_id, v.registered]).sort()).toEqual(
      [[sub.subscriptionId, true], [extra.subscriptionId, false]].sort(),
    );
    const bulk = await t.request('POST', '/api/v1/azure/subscriptions/bulk', { ...credential, subscriptions: [{ subscription_id: extra.subscriptionId }, { subscription_id: sub.subscriptionId }] });
    expect(bulk.status).toBe(200);
    expect(bulk.json.results).toEqual([
      { subscription_id: extra.subscriptionId, name: 'Second subscription, same tenant', action: 'created' },
      { subscription_id: sub.subscriptionId, name: sub.name, action: 'exists' },
    ]);
    expect(bulk.text).not.toContain(sub.clientSecret);
    expect((await t.request('GET', `/api/v1/azure/subscriptions/${extra.subscriptionId}`)).json).toMatchObject({ tenant_id: sub.tenantId, has_client_secret: true });
  });

  it('deletes a subscription keeping or removing its clusters', async () => {
    const keep = await synced();
    const remove = await synced();
    // One of `remove`'s clusters is gone from Azure: kept as missing, and removed with the others.
    const gone = fleet.azure!.managedClusters(remove.subscriptionId)[0]!;
    expect(await fleet.azure!.removeManagedCluster({ subscriptionId: remove.subscriptionId, resourceGroup: gone.resourceGroup, name: gone.name })).toBe(true);
    expect((await t.request('POST', `/api/v1/azure/subscriptions/${remove.subscriptionId}/sync`, {})).json.counts).toMatchObject({ removed: 1, failed: 0 });
    const before = (await t.request('GET', '/api/v1/clusters')).json.items.length;
    const kept = await t.request('DELETE', `/api/v1/azure/subscriptions/${keep.subscriptionId}?clusters=keep`);
    expect(kept.json).toEqual({ removed_clusters: 0, kept_clusters: 3 });
    expect((await t.request('GET', '/api/v1/clusters')).json.items.length).toBe(before);
    const removed = await t.request('DELETE', `/api/v1/azure/subscriptions/${remove.subscriptionId}?clusters=remove`);
    expect(removed.json.removed_clusters).toBe(3);
    expect((await t.request('GET', '/api/v1/clusters')).json.items.length).toBe(before - 3);
    expect(await clustersOf(remove)).toEqual([]);
  });
});

import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type FleetSubscription, type SimFleet } from '@flux-orchestrator/sim';
import { sharedTestCa } from '../support/shared-ca.js';
import { subscriptionBody } from '../support/azure-subscriptions.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Security findings on the Azure side, reproduced against the simulated Entra ID + ARM the way
 * an attacker (or an unlucky operator) would try them.
 */
describe('Azure security findings', () => {
  let fleet: SimFleet;
  let t: TestServer;
  /** Registered and synced before the tests: its clusters are there for every test that needs some. */
  let sub: FleetSubscription;
  /** Registered by the test that syncs it, so its first sync is its own. */
  let unsynced: FleetSubscription;
  const bodyFor = (extra: Record<string, unknown> = {}) => subscriptionBody(fleet, sub, extra);
  /** The clusters of `sub`. */
  const clusters = async () =>
    ((await t.request('GET', '/api/v1/clusters')).json.items as Array<{ id: string; auth: string; name: string; source: { azure_subscription_id?: string } }>).filter(
      (cluster) => cluster.source.azure_subscription_id === sub.subscriptionId,
    );
  const downloads = async () =>
    (await t.server.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'cluster.kubeconfig.download').orderBy('id').execute()).map((row) => JSON.parse(row.detail_json));

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 0, objectsPerCluster: 5, azureSubscriptions: 2, clustersPerSubscription: 3, reconcileDelayMs: 20 });
    [sub, unsynced] = [fleet.subscriptions[0]!, fleet.subscriptions[1]!];
    t = await startTestServer({ HEALTH_CHECK_TIMEOUT_SECONDS: '5', PATH: '/usr/bin:/bin' });
    expect((await t.request('POST', '/api/v1/azure/subscriptions', bodyFor())).status).toBe(201);
    const synced = await t.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/sync`, {});
    expect(synced.json.counts, synced.text).toMatchObject({ created: 3, failed: 0 });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  it('syncs with no body at all, or an empty JSON body, since the body is optional (finding 9)', async () => {
    expect((await t.request('POST', '/api/v1/azure/subscriptions', subscriptionBody(fleet, unsynced))).status).toBe(201);
    const bare = await fetch(`${t.url}/api/v1/azure/subscriptions/${unsynced.subscriptionId}/sync`, { method: 'POST' });
    expect(bare.status, await bare.clone().text()).toBe(200);
    expect(((await bare.json()) as { counts: { created: number } }).counts.created).toBe(3);
    const empty = await fetch(`${t.url}/api/v1/azure/subscriptions/${unsynced.subscriptionId}/sync`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(empty.status).toBe(200);
    expect(((await empty.json()) as { counts: { unchanged: number } }).counts.unchanged).toBe(3);
    // A body that is there must still be valid.
    expect((await t.request('POST', `/api/v1/azure/subscriptions/${unsynced.subscriptionId}/sync`, { cluster_ids: 'all' })).status).toBe(400);
  });

  it('leaves a local-account cluster\'s key and token out of its kubeconfig unless asked, and audits both (finding 1)', async () => {
    const local = (await clusters()).find((c) => c.auth === 'client-certificate' || c.auth === 'token')!;
    expect(local).toBeDefined();
    const { kubeconfig: stored } = await t.server.clusters.openKubeconfig(local.id);
    const storedUser = JSON.parse(stored).users[0].user;
    expect(storedUser['client-key-data']).toBeTruthy();

    const plain = await t.request('GET', `/api/v1/clusters/${local.id}/kubeconfig`);
    expect(plain.status).toBe(200);
    expect(plain.text).not.toContain(storedUser['client-key-data']);
    expect(plain.text).not.toMatch(/client-key-data|client-certificate-data|token:/);
    expect(plain.text).toMatch(/^# .*include_secret=true/m);

    const withSecret = await t.request('GET', `/api/v1/clusters/${local.id}/kubeconfig?include_secret=true`);
    expect(withSecret.text).toContain(storedUser['client-key-data']);
    expect((await downloads()).slice(-2)).toEqual([
      { name: local.name, include_secret: false, credential_included: false },
      { name: local.name, include_secret: true, credential_included: true },
    ]);
  });

  it('declares the kubeconfig download as YAML in the OpenAPI document (finding 11)', async () => {
    const document = (await t.request('GET', '/api/v1/openapi.json')).json;
    const ok = document.paths['/api/v1/clusters/{id}/kubeconfig'].get.responses['200'];
    expect(Object.keys(ok.content)).toEqual(['application/yaml']);
    expect(ok.content['application/yaml'].schema).toMatchObject({ type: 'string' });
  });

  it('refuses a state change from another site before making any outbound call (finding 4)', async () => {
    const testUrl = `/api/v1/azure/subscriptions/${sub.subscriptionId}/test`;
    fleet.azure!.counters.reset();
    const foreign = await t.request('POST', testUrl, undefined, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error).toMatchObject({ code: 'cross_site_request', message: expect.stringContaining('origin https://evil.example') });
    const fetchMetadata = await t.request('POST', testUrl, undefined, { 'sec-fetch-site': 'cross-site' });
    expect(fetchMetadata.status).toBe(403);
    const opaque = await t.request('POST', testUrl, undefined, { origin: 'null' });
    expect(opaque.status).toBe(403);
    expect(fleet.azure!.counters.tokenRequestsFor(sub.clientId)).toBe(0);
    expect(fleet.azure!.counters.armCallsFor('ManagedClusters_List')).toBe(0);
    // The app's own pages (same origin) and programs without Origin (curl) are served.
    expect((await t.request('POST', testUrl, undefined, { origin: new URL(t.url).origin, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await t.request('POST', testUrl)).status).toBe(200);
  });

  it('says an http:// authority host must be https, not that it has control characters (finding 9)', async () => {
    const response = await t.request('POST', '/api/v1/azure/subscriptions/test', bodyFor({ authority_host: 'http://login.example.net' }));
    expect(response.status).toBe(400);
    expect(response.json.error.details).toEqual([{ field: 'body.authority_host', message: expect.stringMatching(/^must be an https:\/\/ URL/) }]);
  });

  it('refuses custom-cloud endpoints with a password or at a metadata address (finding 6)', async () => {
    const withUserinfo = await t.request('POST', '/api/v1/azure/subscriptions/test', bodyFor({ authority_host: 'https://user:pw-77aa@login.example.net' }));
    expect(withUserinfo.status).toBe(400);
    expect(withUserinfo.json.error.details).toEqual([{ field: 'body.authority_host', message: expect.stringMatching(/must not contain a user name or password/) }]);
    expect(withUserinfo.text).not.toContain('pw-77aa');
    const metadata = await t.request('POST', '/api/v1/azure/subscriptions?test=true', bodyFor({ subscription_id: '00000000-0000-4000-8000-000000000001', resource_manager_endpoint: 'https://169.254.169.254/metadata' }));
    expect(metadata.status).toBe(400);
    expect(metadata.json.error.details).toEqual([{ field: 'body.resource_manager_endpoint', message: expect.stringMatching(/169\.254\.169\.254, a link-local or cloud metadata address/) }]);
    expect((await t.request('GET', '/api/v1/azure/subscriptions/00000000-0000-4000-8000-000000000001')).status).toBe(404);
  });

  it('names the ARM audience when Entra ID does not know it (finding 10)', async () => {
    const response = await t.request('POST', '/api/v1/azure/subscriptions/test', bodyFor({ resource_manager_audience: 'https://management.wrong.example' }));
    expect(response.json.status).toBe('error');
    expect(response.json.message).toMatch(/AADSTS500011.*"https:\/\/management\.wrong\.example".*resource_manager_audience/);
    expect(response.json.message).not.toMatch(/check the tenant ID, client ID and secret/);
  });

  it('answers a 4xx naming AZURE_FEDERATED_TOKEN_FILE for workload identity without it (finding 8)', async () => {
    expect(process.env.AZURE_FEDERATED_TOKEN_FILE).toBeUndefined();
    const workload = { ...bodyFor({ auth_method: 'workload_identity', subscription_id: '00000000-0000-4000-8000-000000000002' }), client_secret: undefined };
    const missing = (response: { status: number; json: { error: { code: string; message: string } } }) => {
      expect(response.status).toBe(400);
      expect(response.json.error.code).toBe('azure_setting_missing');
      expect(response.json.error.message).toMatch(/AZURE_FEDERATED_TOKEN_FILE/);
    };
    missing(await t.request('POST', '/api/v1/azure/subscriptions/test', workload));
    missing(await t.request('POST', '/api/v1/azure/subscriptions?test=true', workload));
    expect((await t.request('GET', '/api/v1/azure/subscriptions/00000000-0000-4000-8000-000000000002')).status).toBe(404);
    expect((await t.request('POST', '/api/v1/azure/subscriptions', workload)).status).toBe(201);
    const base = '/api/v1/azure/subscriptions/00000000-0000-4000-8000-000000000002';
    missing(await t.request('POST', `${base}/test`));
    missing(await t.request('GET', `${base}/clusters`));
    missing(await t.request('POST', `${base}/sync`, {}));
    expect((await t.request('DELETE', `${base}?clusters=remove`)).status).toBe(200);
  });

  it('points kubelogin at a custom cloud the documented way: AzureStackCloud and an endpoints file (finding 10)', async () => {
    const aad = (await clusters()).find((c) => c.auth === 'exec:kubelogin')!;
    const download = await t.request('GET', `/api/v1/clusters/${aad.id}/kubeconfig`);
    expect(download.text).toMatch(/- --environment\n\s+- AzureStackCloud/);
    expect(download.text).not.toContain('AzurePublicCloud');
    expect(download.text).toMatch(/^# .*AZURE_ENVIRONMENT_FILEPATH/m);
    expect(download.text).toContain(`#   "activeDirectoryEndpoint": "${fleet.azure!.authorityHost}/"`);

    // kubelogin mode: the server writes the endpoints file (0600) and passes its path in env.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fo-fake-kubelogin-'));
    const record = path.join(dir, 'record.txt');
    const tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, await fleet.azure!.mintAccessToken({ tenantId: sub.tenantId, clientId: sub.clientId }));
    writeFileSync(
      path.join(dir, 'kubelogin'),
      [
        '#!/bin/sh',
        `{ echo "args: $*"; echo "file: $AZURE_ENVIRONMENT_FILEPATH"; cat "$AZURE_ENVIRONMENT_FILEPATH"; } >> '${record}'`,
        `printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}' "$(cat '${tokenFile}')"`,
      ].join('\n'),
    );
    chmodSync(path.join(dir, 'kubelogin'), 0o755);
    const originalPath = process.env.PATH;
    process.env.PATH = `${dir}:${originalPath}`;
    try {
      await t.request('PATCH', `/api/v1/azure/subscriptions/${sub.subscriptionId}`, { cluster_auth_mode: 'kubelogin' });
      const health = (await t.request('GET', `/api/v1/clusters/${aad.id}/health?refresh=true`)).json.health;
      expect(health.status, health.reason).toBe('healthy');
      const recorded = readFileSync(record, 'utf8');
      expect(recorded).toMatch(/--environment AzureStackCloud/);
      const file = /^file: (\S+)$/m.exec(recorded)![1]!;
      expect(file.startsWith(t.dataDir)).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
        name: 'AzureStackCloud',
        activeDirectoryEndpoint: `${fleet.azure!.authorityHost}/`,
        resourceManagerEndpoint: `${fleet.azure!.resourceManagerEndpoint}/`,
        tokenAudience: fleet.azure!.resourceManagerAudience,
      });
    } finally {
      process.env.PATH = originalPath;
      await t.request('PATCH', `/api/v1/azure/subscriptions/${sub.subscriptionId}`, { cluster_auth_mode: 'in_process' });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

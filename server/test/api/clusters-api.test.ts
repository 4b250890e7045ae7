import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKubeconfig } from '../support/kubeconfig-builder.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const TOKEN = 'tok-7f3a9c1e5b2d4a6f8e0c';
const CLIENT_KEY_DATA = Buffer.from('-----BEGIN PRIVATE KEY-----\nclient-key-material-91b2\n-----END PRIVATE KEY-----\n').toString('base64');
const CLIENT_CERT_DATA = Buffer.from('-----BEGIN CERTIFICATE-----\ncert\n-----END CERTIFICATE-----\n').toString('base64');
// A closed loopback port: health checks fail fast, which these tests do not look at.
const SERVER = 'https://127.0.0.1:1';

describe('clusters API', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  const valid = { name: 'prod-eu', kubeconfig: buildKubeconfig({ server: SERVER, user: { token: TOKEN } }) };
  /** A name no other test uses: the tests share one server, none relies on what another stored. */
  const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
  /** Registers a cluster of this test's own (the valid body, a unique name, `extra` on top); returns the answer. */
  async function register(extra: Record<string, unknown> = {}) {
    const response = await t.request('POST', '/api/v1/clusters', { ...valid, name: uniqueName('cluster'), ...extra });
    expect(response.status, response.text).toBe(201);
    return response;
  }
  /**
   * Id and name of every stored cluster, for "stores nothing": the same list after a refused request
   * as before it (status fields are left out: background sync and health checks change them).
   */
  const storedClusters = async () => ((await t.request('GET', '/api/v1/clusters')).json.items as Array<{ id: string; name: string }>).map(({ id, name }) => ({ id, name }));

  it('answers /healthz, /readyz and an empty cluster list on a fresh start', async () => {
    // A fresh start of its own: the shared server holds whatever the other tests registered.
    const fresh = await startTestServer();
    try {
      expect((await fresh.request('GET', '/healthz')).status).toBe(200);
      expect((await fresh.request('GET', '/readyz')).status).toBe(200);
      const list = await fresh.request('GET', '/api/v1/clusters');
      expect(list).toMatchObject({ status: 200, json: { items: [] } });
      expect(list.headers.get('x-request-id')).toBeTruthy();
    } finally {
      await fresh.close();
    }
  });
  const badInputs: Array<[string, unknown, number, RegExp]> = [
    ['non-YAML kubeconfig', { ...valid, kubeconfig: '{ unclosed: [' }, 400, /body\.kubeconfig is not valid YAML/],
    ['a kubeconfig with no contexts', { ...valid, kubeconfig: 'apiVersion: v1\nkind: Config\nclusters: []\n' }, 400, /has no contexts/],
    ['a missing context', { ...valid, context: 'nope' }, 400, /body\.context "nope" is not a context.*available: sim/],
    ['http:// to a remote host', { ...valid, kubeconfig: buildKubeconfig({ server: 'http://192.0.2.10:8080' }) }, 400, /plain http to a remote host/],
    ['exec /bin/sh', { ...valid, kubeconfig: buildKubeconfig({ user: { exec: { command: '/bin/sh', args: ['-c', 'touch /tmp/pwned'] } } }) }, 400, /exec command "\/bin\/sh" is not allowed/],
    ['unknown fields', { ...valid, owner: 'me' }, 400, /body\.owner is not a known field/],
    ['an empty name', { ...valid, name: '' }, 400, /body\.name/],
    ['a blank name', { ...valid, name: '   ' }, 400, /body\.name/],
    ['a name with control characters', { ...valid, name: 'bad\u0007name' }, 400, /body\.name must not be blank or contain control characters/],
    ['a 300-character name', { ...valid, name: 'x'.repeat(300) }, 400, /body\.name must NOT have more than 100 characters/],
    ['a missing kubeconfig', { name: 'x' }, 400, /body\.kubeconfig is required/],
    ['bad label keys', { ...valid, labels: { 'bad key!': 'v' } }, 400, /body\.labels\.bad key! is not an allowed key: it must be a Kubernetes label key/],
    ['a body that is not JSON', '{"name":', 400, /JSON/i],
    // Security findings 6 and 9: no credentials in server URLs, no metadata addresses, no coercion.
    ['a server URL with user and password', { ...valid, kubeconfig: buildKubeconfig({ server: 'https://admin:pw-5e1f@127.0.0.1:6443' }) }, 400, /server must not contain a user name or password/],
    ['a link-local (cloud metadata) server', { ...valid, kubeconfig: buildKubeconfig({ server: 'https://169.254.169.254' }) }, 400, /169\.254\.169\.254, a link-local or cloud metadata address.*ENDPOINT_DENY_NETWORKS/],
    ['an IPv4-mapped IPv6 metadata server', { ...valid, kubeconfig: buildKubeconfig({ server: 'https://[::ffff:169.254.169.254]' }) }, 400, /link-local or cloud metadata address/],
    ['an IPv6 link-local server', { ...valid, kubeconfig: buildKubeconfig({ server: 'https://[fe80::1]:6443' }) }, 400, /link-local or cloud metadata address/],
    ['favorite as the string "true"', { ...valid, favorite: 'true' }, 400, /body\.favorite must be boolean/],
  ];

  it.each(badInputs)('rejects %s with a clear 4xx and stores nothing', async (_label, body, status, message) => {
    const before = await storedClusters();
    const response = await t.request('POST', '/api/v1/clusters', body);
    expect(response.status).toBe(status);
    expect(response.json.error.message).toMatch(message);
    expect(response.json.error.code).toBeTruthy();
    expect(await storedClusters()).toEqual(before);
  });

  it('refuses query parameters a route does not take, instead of ignoring a mistyped filter', async () => {
    const response = await t.request('GET', '/api/v1/clusters?cluster_selector=env%3Dprod');
    expect(response.status).toBe(400);
    expect(response.json.error.message).toBe('querystring.cluster_selector is not a known field; remove it');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a kubeconfig whose YAML aliases expand a small body into a large one (security finding 5)', async () => {
    // ~300 KB of text, 80 aliases of it inside the user entry: ~24 MB once expanded.
    const big = 'x'.repeat(300_000);
    const kubeconfig = buildKubeconfig({ server: SERVER }).replace('token: secret-token-value', `token: secret-token-value\n      padding: &big ${big}\n      copies: [${Array(80).fill('*big').join(', ')}]`);
    const before = await storedClusters();
    const response = await t.request('POST', '/api/v1/clusters', { name: 'alias-bomb', kubeconfig });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toMatch(/body\.kubeconfig is larger than 1048576 bytes once its YAML anchors and aliases are expanded/);
    expect(await storedClusters()).toEqual(before);
    // The same document written out without aliases is simply too large a body.
    expect((await t.request('POST', '/api/v1/clusters', { name: 'alias-bomb', kubeconfig: kubeconfig + big.repeat(4) })).status).toBe(413);
  });

  it('never echoes a server URL\'s password back (security finding 6)', async () => {
    const response = await t.request('POST', '/api/v1/clusters', { ...valid, kubeconfig: buildKubeconfig({ server: 'https://admin:pw-5e1f@127.0.0.1:6443' }) });
    expect(response.status).toBe(400);
    expect(response.text).not.toContain('pw-5e1f');
  });

  it('answers a path that does not decode (%ff) with 400 in the API error envelope', async () => {
    const response = await t.request('GET', '/api/v1/clusters/%ff');
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('check the percent-encoding'), request_id: expect.any(String) });
  });

  it('rejects a 5 MB body with 413 and stores nothing', async () => {
    const before = await storedClusters();
    const response = await t.request('POST', '/api/v1/clusters', { ...valid, description: 'x'.repeat(5 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect(response.json.error.code).toBe('payload_too_large');
    expect(await storedClusters()).toEqual(before);
  });

  it('registers a cluster and never returns its credentials', async () => {
    const name = uniqueName('prod-eu');
    const response = await t.request('POST', '/api/v1/clusters', { ...valid, name, description: 'EU production', labels: { env: 'prod' } });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ name, server: SERVER, auth: 'token', context: 'sim', labels: { env: 'prod' }, source: { type: 'kubeconfig', ref: null, missing_in_source: false } });
    expect(response.headers.get('location')).toBe(`/api/v1/clusters/${response.json.id}`);
    expect(response.text).not.toContain(TOKEN);
    expect(response.json).not.toHaveProperty('kubeconfig');
  });

  it('answers 409 for a duplicate name, whatever its case', async () => {
    const { json: existing } = await register();
    const before = await storedClusters();
    const response = await t.request('POST', '/api/v1/clusters', { ...valid, name: existing.name.toUpperCase() });
    expect(response.status).toBe(409);
    expect(response.json.error.message).toMatch(/already exists/);
    const after = await storedClusters();
    expect(after).toEqual(before);
    expect(after.filter((cluster) => cluster.name.toLowerCase() === existing.name.toLowerCase())).toHaveLength(1);
  });

  it('registers a client-certificate cluster without exposing the key', async () => {
    const kubeconfig = buildKubeconfig({ server: SERVER, user: { 'client-certificate-data': CLIENT_CERT_DATA, 'client-key-data': CLIENT_KEY_DATA } });
    const response = await t.request('POST', '/api/v1/clusters', { name: uniqueName('cert-cluster'), kubeconfig });
    expect(response.status).toBe(201);
    expect(response.json.auth).toBe('client-certificate');
  });

  it('patches name, description, favorite and labels; rejects empty and unknown patches', async () => {
    const clusterId = (await register({ description: 'EU production', labels: { env: 'prod' } })).json.id as string;
    const other = (await register()).json.name as string;
    const renamed = uniqueName('prod-eu-1');
    const patched = await t.request('PATCH', `/api/v1/clusters/${clusterId}`, { name: renamed, favorite: true, labels: { env: 'prod', region: 'westeurope' } });
    expect(patched).toMatchObject({ status: 200, json: { name: renamed, favorite: true, labels: { region: 'westeurope' } } });
    expect((await t.request('PATCH', `/api/v1/clusters/${clusterId}`, {})).status).toBe(400);
    expect((await t.request('PATCH', `/api/v1/clusters/${clusterId}`, { token: 'x' })).status).toBe(400);
    expect((await t.request('PATCH', `/api/v1/clusters/${clusterId}`, { name: other })).status).toBe(409);
    const badKubeconfig = await t.request('PATCH', `/api/v1/clusters/${clusterId}`, { kubeconfig: buildKubeconfig({ user: { exec: { command: 'curl' } } }) });
    expect(badKubeconfig.status).toBe(400);
    expect((await t.request('GET', `/api/v1/clusters/${clusterId}`)).json.name).toBe(renamed);
  });

  it('answers 404 in the error shape for unknown clusters and routes', async () => {
    for (const [method, url] of [['GET', '/api/v1/clusters/nope'], ['DELETE', '/api/v1/clusters/nope'], ['GET', '/api/v1/nothing-here']] as const) {
      const response = await t.request(method, url);
      expect(response.status).toBe(404);
      expect(response.json.error.code).toBe('not_found');
    }
  });

  it('serves OpenAPI 3.1 generated from the route schemas', async () => {
    const { json } = await t.request('GET', '/api/v1/openapi.json');
    expect(json.openapi).toBe('3.1.0');
    expect(Object.keys(json.paths)).toEqual(expect.arrayContaining(['/api/v1/clusters', '/api/v1/clusters/{id}', '/api/v1/clusters/{id}/health']));
    expect(json.paths['/api/v1/clusters'].post.requestBody).toBeTruthy();
  });

  it('labels metrics by route template, never by raw URL', async () => {
    const clusterId = (await register()).json.id as string;
    await t.request('GET', `/api/v1/clusters/${clusterId}`);
    const metrics = (await t.request('GET', '/metrics')).text;
    expect(metrics).toContain('route="/api/v1/clusters/:id"');
    expect(metrics).not.toContain(clusterId);
    expect(metrics).toMatch(/fluxo_clusters\{status="unknown"\} \d/);
  });

  it('keeps the token and client key out of the database files, responses and logs', async () => {
    // Both secrets stored by this test: a token cluster and a client-certificate cluster.
    await register();
    await register({ kubeconfig: buildKubeconfig({ server: SERVER, user: { 'client-certificate-data': CLIENT_CERT_DATA, 'client-key-data': CLIENT_KEY_DATA } }) });
    const list = await t.request('GET', '/api/v1/clusters');
    expect(list.text).not.toContain(TOKEN);
    expect(list.text).not.toContain(CLIENT_KEY_DATA);
    const files = readdirSync(t.dataDir).filter((f) => f.startsWith('flux-orchestrator.db'));
    expect(files.length).toBeGreaterThan(0);
    const keyText = Buffer.from(CLIENT_KEY_DATA, 'base64').toString();
    for (const file of files) {
      const bytes = readFileSync(path.join(t.dataDir, file));
      for (const secret of [TOKEN, CLIENT_KEY_DATA, 'client-key-material-91b2', keyText]) expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
    const logs = t.logs.join('\n');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain('client-key-material');
  });

  it('records every change in the audit trail, without secrets', async () => {
    const clusterId = (await register()).json.id as string;
    expect((await t.request('PATCH', `/api/v1/clusters/${clusterId}`, { favorite: true })).status).toBe(200);
    const { json, text } = await t.request('GET', '/api/v1/audit');
    const actions = json.items.map((entry: { action: string; target: string }) => `${entry.action} ${entry.target}`);
    expect(actions).toContain(`cluster.create ${clusterId}`);
    expect(actions).toContain(`cluster.update ${clusterId}`);
    expect(json.items[0]).toMatchObject({ actor: 'anonymous', at: expect.any(String), detail: expect.any(Object) });
    expect(text).not.toContain(TOKEN);
    expect((await t.request('GET', '/api/v1/audit?limit=1')).json.items).toHaveLength(1);
  });

  it('audits only the fields a change really changed (a form sends them all)', async () => {
    const name = uniqueName('audit-fields');
    const created = await t.request('POST', '/api/v1/clusters', { ...valid, name, labels: { env: 'dev', team: 'a' } });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const unchanged = { name, description: '', favorite: false };
    expect((await t.request('PATCH', `/api/v1/clusters/${id}`, { ...unchanged, description: 'edge site', labels: { team: 'a', env: 'dev' } })).status).toBe(200);
    const entry = (await t.request('GET', `/api/v1/audit?action=cluster.update&cluster_id=${id}&limit=1`)).json.items[0];
    expect(entry).toMatchObject({ target: id, detail: { name, fields: ['description'] } });
    expect((await t.request('DELETE', `/api/v1/clusters/${id}`)).status).toBe(204);
  });

  it('deletes a cluster and its cached state', async () => {
    const clusterId = (await register()).json.id as string;
    await t.server.healthChecker.check(clusterId);
    expect((await t.request('GET', `/api/v1/clusters/${clusterId}/health`)).json.history.length).toBeGreaterThan(0);
    expect((await t.request('DELETE', `/api/v1/clusters/${clusterId}`)).status).toBe(204);
    expect((await t.request('GET', `/api/v1/clusters/${clusterId}`)).status).toBe(404);
    expect((await t.request('GET', `/api/v1/clusters/${clusterId}/health`)).status).toBe(404);
    expect((await t.request('GET', '/api/v1/audit')).json.items[0]).toMatchObject({ action: 'cluster.delete', target: clusterId });
  });
});

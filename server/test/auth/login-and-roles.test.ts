import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimCluster, type SimFleet } from '@flux-orchestrator/sim';
import { createReadyKustomization, setReady, readyStatusOf } from '../support/fleet-fixtures.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { SseClient, type SseEvent } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';
import { anonymous, initialAdminPassword, signIn, withBearer, type Caller } from './support.js';

/**
 * A fresh start requires login; the initial admin signs in, creates a viewer token that reads
 * but may not write; an operator scoped to `env=dev` sees no `env=prod` cluster anywhere.
 */
describe('login, sessions, tokens and scoped roles', () => {
  let fleet: SimFleet;
  let t: TestServer;
  let admin: Caller & { cookie: string; csrf: string };
  let dev: SimCluster;
  let prod: SimCluster;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 2, objectsPerCluster: 12, reconcileDelayMs: 20, namePrefix: 'authz' });
    // Every sign-in here comes from 127.0.0.1: with the default limit, the tests together would
    // share one budget of attempts a minute (the limit is tested below, on servers of its own).
    t = await startTestServer({ AUTH_MODE: 'local', LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
    admin = await signIn(t, 'admin', initialAdminPassword(t));
    dev = fleet.cluster('authz-001');
    prod = fleet.cluster('authz-002');
    for (const [cluster, env] of [[dev, 'dev'], [prod, 'prod']] as const) {
      const created = await admin.request('POST', '/api/v1/clusters', { name: cluster.name, kubeconfig: cluster.kubeconfig(), labels: { env } });
      expect(created.status).toBe(201);
      ids[env] = created.json.id as string;
    }
    for (const env of ['dev', 'prod']) {
      await waitUntil(`${env} objects indexed`, async () => (await admin.request('GET', `/api/v1/resources?cluster=${ids[env]}`)).json.total >= 12);
    }
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  it('requires login on a fresh start; the initial admin password sits in a 0600 file and is never logged', async () => {
    const password = initialAdminPassword(t);
    expect(statSync(path.join(t.dataDir, 'initial-admin-password')).mode & 0o777).toBe(0o600);
    expect(t.logs.join('')).not.toContain(password);
    expect(t.logs.join('')).toContain(path.join(t.dataDir, 'initial-admin-password'));
    for (const url of ['/api/v1/clusters', '/api/v1/resources', '/api/v1/audit', '/api/v1/stream', '/api/v1/auth/me']) {
      const response = await anonymous(t).request('GET', url);
      expect(response.status, url).toBe(401);
      expect(response.json.error.code).toBe('unauthenticated');
    }
    expect((await anonymous(t).request('GET', '/healthz')).status).toBe(200);
    expect((await anonymous(t).request('GET', '/api/v1/auth/options')).json).toEqual({ auth_mode: 'local', oidc: null, signed_in: false });
  });

  it('sets an HttpOnly, SameSite session cookie and refuses cookie-authed writes without the CSRF header', async () => {
    const login = await t.request('POST', '/api/v1/auth/login', { username: 'admin', password: initialAdminPassword(t) });
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^fo_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http on loopback; https or COOKIE_SECURE=always sets Secure
    const session = cookie.split(';')[0]!;
    const noCsrf = await t.request('PATCH', `/api/v1/clusters/${ids.dev}`, { favorite: true }, { cookie: session });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.json.error.code).toBe('csrf_token_missing');
    const wrongCsrf = await t.request('PATCH', `/api/v1/clusters/${ids.dev}`, { favorite: true }, { cookie: session, 'x-csrf-token': admin.csrf });
    expect(wrongCsrf.status).toBe(403);
    expect((await t.request('PATCH', `/api/v1/clusters/${ids.dev}`, { favorite: true }, { cookie: session, 'x-csrf-token': login.json.csrf_token })).status).toBe(200);
  });

  it('a viewer token reads and gets 403 on writes; it is shown once, stored hashed, and revocable', async () => {
    const created = await admin.request('POST', '/api/v1/tokens', { name: 'ci-read', role: 'viewer' });
    expect(created.status).toBe(201);
    const token = created.json.token as string;
    expect(token).toMatch(/^fo_/);
    const stored = await t.server.database.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);
    const listed = await admin.request('GET', '/api/v1/tokens');
    expect(listed.text).not.toContain(token);
    expect(listed.json.items.find((item: { name: string }) => item.name === 'ci-read')).toMatchObject({ owner: 'admin', bindings: [{ role: 'viewer' }], last_used_at: null });

    const viewer = withBearer(t, token);
    expect((await viewer.request('GET', '/api/v1/clusters')).json.items).toHaveLength(2);
    expect((await viewer.request('GET', '/api/v1/resources')).status).toBe(200);
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/api/v1/clusters', { name: 'x', kubeconfig: dev.kubeconfig() }],
      ['PATCH', `/api/v1/clusters/${ids.dev}`, { favorite: false }],
      ['DELETE', `/api/v1/clusters/${ids.dev}`, undefined],
      ['GET', `/api/v1/clusters/${ids.dev}/kubeconfig`, undefined],
      ['POST', `/api/v1/clusters/${ids.dev}/resources/Kustomization/flux-system/flux-system/reconcile`, {}],
      ['POST', '/api/v1/azure/subscriptions', {}],
      ['POST', '/api/v1/users', { username: 'x', kind: 'service' }],
    ];
    for (const [method, url, body] of writes) expect((await viewer.request(method, url, body)).status, `${method} ${url}`).toBe(403);
    // A token cannot mint more tokens.
    expect((await viewer.request('POST', '/api/v1/tokens', { name: 'again', role: 'viewer' })).status).toBe(403);
    await waitUntil('last used recorded', async () => (await admin.request('GET', '/api/v1/tokens')).json.items.find((item: { name: string }) => item.name === 'ci-read')?.last_used_at);

    expect((await admin.request('DELETE', `/api/v1/tokens/${created.json.api_token.id}`)).status).toBe(204);
    expect((await viewer.request('GET', '/api/v1/clusters')).status).toBe(401);
  });

  it('a token acts with its own role: a viewer token cannot revoke its owner\'s other tokens, only itself', async () => {
    const badRole = await admin.request('POST', '/api/v1/tokens', { name: 'reader', role: 'root' });
    expect(badRole.json.error.details).toEqual([{ field: 'body.role', message: 'must be one of "viewer", "operator", "admin"' }]);
    const reader = await admin.request('POST', '/api/v1/tokens', { name: 'reader', role: 'viewer' });
    const deployer = await admin.request('POST', '/api/v1/tokens', { name: 'deployer', role: 'admin' });
    expect([reader.status, deployer.status]).toEqual([201, 201]);
    expect(reader.headers.get('cache-control')).toBe('no-store');
    const viewer = withBearer(t, reader.json.token);
    const revokeOther = await viewer.request('DELETE', `/api/v1/tokens/${deployer.json.api_token.id}`);
    expect(revokeOther.status).toBe(403);
    expect(revokeOther.json.error.message).toMatch(/may revoke only itself/);
    // Nor does it learn of them: it lists only itself (its owner, signed in, sees both).
    expect((await viewer.request('GET', '/api/v1/tokens')).json.items.map((item: { name: string }) => item.name)).toEqual(['reader']);
    expect((await admin.request('GET', '/api/v1/tokens')).json.items.map((item: { name: string }) => item.name)).toEqual(expect.arrayContaining(['reader', 'deployer']));
    expect((await withBearer(t, deployer.json.token).request('GET', '/api/v1/auth/me')).json).toMatchObject({ kind: 'token', password_login: false });
    // A token has no session to sign out of.
    expect((await viewer.request('POST', '/api/v1/auth/logout')).json.error.code).toBe('no_session');
    expect((await viewer.request('DELETE', `/api/v1/tokens/${reader.json.api_token.id}`)).status).toBe(204);
    expect((await viewer.request('GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await admin.request('DELETE', `/api/v1/tokens/${deployer.json.api_token.id}`)).status).toBe(204);
  });

  it('an operator scoped to env=dev never learns of the env=prod cluster: lists, summaries, errors, audit and the stream', async () => {
    const user = await admin.request('POST', '/api/v1/users', { username: 'dev-operator', kind: 'local', password: 'correct horse battery staple' });
    expect(user.status).toBe(201);
    expect((await admin.request('POST', '/api/v1/role-bindings', { subject_type: 'user', subject: user.json.id, role: 'operator', cluster_selector: 'env=dev' })).status).toBe(201);
    const operator = await signIn(t, 'dev-operator', 'correct horse battery staple');
    const everything: string[] = [];
    const read = async (url: string) => {
      const response = await operator.request('GET', url);
      everything.push(response.text);
      return response;
    };

    const clusters = await read('/api/v1/clusters');
    expect(clusters.json.items.map((item: { name: string }) => item.name)).toEqual([dev.name]);
    expect((await read('/api/v1/clusters/summary')).json.total).toBe(1);
    const resources = await read('/api/v1/resources?limit=1000');
    expect(resources.json.total).toBeGreaterThan(0);
    expect(new Set(resources.json.items.map((item: { cluster_id: string }) => item.cluster_id))).toEqual(new Set([ids.dev]));
    expect(Object.keys(resources.json.facets.cluster)).toEqual([ids.dev]);
    expect((await read(`/api/v1/resources?cluster=${prod.name}`)).json.total).toBe(0);
    const summary = await read('/api/v1/resources/summary');
    expect(summary.json.clusters.map((cluster: { cluster_id: string }) => cluster.cluster_id)).toEqual([ids.dev]);

    // Out of scope answers exactly like a cluster that does not exist.
    const hidden = await read(`/api/v1/clusters/${ids.prod}`);
    const missing = await operator.request('GET', '/api/v1/clusters/00000000-0000-0000-0000-000000000000');
    expect(hidden.status).toBe(404);
    expect(hidden.json.error.message).toBe(`Cluster ${ids.prod} was not found`);
    expect(missing.json.error.message).toBe('Cluster 00000000-0000-0000-0000-000000000000 was not found');
    expect((await read(`/api/v1/clusters/${ids.prod}/sync`)).status).toBe(404);
    expect((await read(`/api/v1/clusters/${ids.prod}/resources/Kustomization/flux-system/flux-system`)).status).toBe(404);
    expect((await operator.request('POST', `/api/v1/clusters/${ids.prod}/resources/Kustomization/flux-system/flux-system/reconcile`, {})).status).toBe(404);
    // In scope, the operator acts; admin-only things stay 403.
    const reconcile = await operator.request('POST', `/api/v1/clusters/${ids.dev}/resources/Kustomization/flux-system/flux-system/reconcile`, {});
    expect(reconcile.status).toBe(200);
    expect((await operator.request('PATCH', `/api/v1/clusters/${ids.dev}`, { favorite: true })).status).toBe(403);
    expect((await operator.request('GET', '/api/v1/azure/subscriptions')).status).toBe(403);
    expect((await read('/api/v1/jobs')).json.items).toEqual([]);

    // Audit: admin's changes to prod are not shown; the operator's reconcile is, with its actor and source.
    await admin.request('PATCH', `/api/v1/clusters/${ids.prod}`, { description: 'production' });
    const audit = await read('/api/v1/audit');
    expect(audit.json.items.length).toBeGreaterThan(0);
    expect(audit.json.items.every((entry: { cluster_id: string }) => entry.cluster_id === ids.dev)).toBe(true);
    expect(audit.json.items.find((entry: { action: string }) => entry.action === 'flux.reconcile')).toMatchObject({ actor: 'dev-operator', source: '127.0.0.1' });

    // The stream: a prod change first, then a dev change; only the dev one arrives.
    const stream = await SseClient.open(`${t.url}/api/v1/stream`, { cookie: operator.cookie });
    expect(stream.status).toBe(200);
    await stream.next((event) => event.event === 'hello');
    flip(prod, 'prod change');
    const devMessage = flip(dev, 'dev change');
    await stream.next((event) => event.event === 'resource' && event.data.message === devMessage);
    stream.close();
    everything.push(JSON.stringify(stream.events));

    // Errors about the prod id echo only what the caller sent; nothing else names prod.
    for (const text of everything) {
      expect(text).not.toContain(prod.name);
      if (!text.includes('"not_found"')) expect(text).not.toContain(ids.prod);
    }
  });

  it('a scoped operator follows the bulk action they started; jobs others started stay hidden', async () => {
    const operators = [];
    for (const name of ['dev-bulk-a', 'dev-bulk-b']) {
      const user = await admin.request('POST', '/api/v1/users', { username: name, kind: 'local', password: 'correct horse battery staple' });
      expect(user.status).toBe(201);
      expect((await admin.request('POST', '/api/v1/role-bindings', { subject_type: 'user', subject: user.json.id, role: 'operator', cluster_selector: 'env=dev' })).status).toBe(201);
      operators.push(await signIn(t, name, 'correct horse battery staple'));
    }
    const [mine, other] = [operators[0]!, operators[1]!];
    const started = await mine.request('POST', '/api/v1/actions', { action: 'reconcile', selector: { kinds: ['Kustomization'], names: ['flux-system'] } });
    expect(started.status).toBe(202);
    const job = await waitUntil('the bulk action finished', async () => {
      const response = await mine.request('GET', started.json.status_url);
      return response.status === 200 && response.json.status === 'succeeded' ? response.json : undefined;
    });
    expect(job).toMatchObject({ started_by: 'dev-bulk-a', progress: { total: 1 } });
    expect((await mine.request('GET', '/api/v1/jobs')).json.items.map((item: { id: string }) => item.id)).toContain(job.id);
    // The same scope, another person: not theirs.
    expect((await other.request('GET', started.json.status_url)).status).toBe(404);
    expect((await other.request('GET', '/api/v1/jobs')).json.items).toEqual([]);
    // The admin's fleet-wide action is not shown to the scoped operator (it names prod).
    const fleetWide = await admin.request('POST', '/api/v1/actions', { action: 'reconcile', selector: { kinds: ['Kustomization'], names: ['flux-system'] } });
    expect(fleetWide.status).toBe(202);
    expect((await admin.request('GET', fleetWide.json.status_url)).json.started_by).toBe('admin');
    expect((await mine.request('GET', fleetWide.json.status_url)).status).toBe(404);
    expect((await mine.request('GET', '/api/v1/jobs')).json.items.map((item: { id: string }) => item.id)).toEqual([job.id]);
    // Finished before the next test: its audit entries land now, not in the middle of another test's reads.
    await waitUntil('the fleet-wide action finished', async () => {
      const status = (await admin.request('GET', fleetWide.json.status_url)).json.status;
      return status === 'succeeded' || status === 'failed';
    });
  });

  it('a viewer limited to one namespace sees only its objects; another namespace answers 404', async () => {
    // Two team namespaces beside what the fleet generator made.
    createReadyKustomization(dev, 'team-a', 'apps-a');
    createReadyKustomization(dev, 'team-b', 'apps-b');
    const [mine, other] = ['team-a', 'team-b'];
    const all = await waitUntil('team objects indexed', async () => {
      const items = (await admin.request('GET', `/api/v1/resources?cluster=${ids.dev}&limit=1000`)).json.items as Array<{ namespace: string; kind: string; name: string }>;
      return items.some((item) => item.namespace === mine) && items.some((item) => item.namespace === other) && items;
    });
    const created = await admin.request('POST', '/api/v1/tokens', { name: 'ns-viewer', role: 'viewer', cluster_ids: [ids.dev], namespaces: [mine] });
    const viewer = withBearer(t, created.json.token);
    const seen = (await viewer.request('GET', '/api/v1/resources?limit=1000')).json;
    expect(seen.total).toBe(all.filter((item) => item.namespace === mine).length);
    expect(Object.keys(seen.facets.namespace)).toEqual([mine]);
    const summary = (await viewer.request('GET', '/api/v1/resources/summary')).json;
    expect(summary.totals.total).toBe(seen.total);
    expect(summary.clusters.map((cluster: { cluster_id: string }) => cluster.cluster_id)).toEqual([ids.dev]);
    const hidden = all.find((item) => item.namespace === other)!;
    const answer = await viewer.request('GET', `/api/v1/clusters/${ids.dev}/resources/${hidden.kind}/${hidden.namespace}/${hidden.name}`);
    expect(answer.status).toBe(404);
    expect(answer.json.error.message).toBe(`${hidden.kind} ${hidden.namespace}/${hidden.name} was not found`);
    const visible = all.find((item) => item.namespace === mine)!;
    expect((await viewer.request('GET', `/api/v1/clusters/${ids.dev}/resources/${visible.kind}/${visible.namespace}/${visible.name}`)).status).toBe(200);
  });

  it('logout revokes the session on the server', async () => {
    const session = await signIn(t, 'admin', initialAdminPassword(t));
    expect((await session.request('GET', '/api/v1/auth/me')).json).toMatchObject({ username: 'admin', kind: 'user', bindings: [{ role: 'admin' }], password_login: true });
    // The public sign-in options say whether the cookie holds a live session (the web app asks them first).
    expect((await session.request('GET', '/api/v1/auth/options')).json).toMatchObject({ auth_mode: 'local', signed_in: true });
    expect((await session.request('POST', '/api/v1/auth/logout')).status).toBe(204);
    expect((await session.request('GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await session.request('GET', '/api/v1/auth/options')).json).toMatchObject({ signed_in: false });
    expect((await t.request('GET', '/api/v1/auth/options')).json).toMatchObject({ signed_in: false });
  });

  it('audits role bindings and tokens with their scope, and pages the trail with filters', async () => {
    const user = await admin.request('POST', '/api/v1/users', { username: 'scoped-audit', kind: 'service' });
    const binding = await admin.request('POST', '/api/v1/role-bindings', { subject_type: 'user', subject: user.json.id, role: 'viewer', cluster_selector: 'env=dev', namespaces: ['apps'] });
    expect(binding.status).toBe(201);
    expect((await admin.request('DELETE', `/api/v1/role-bindings/${binding.json.id}`)).status).toBe(204);
    const bindings = (await admin.request('GET', '/api/v1/audit?action=role-binding.*&limit=500')).json.items as Array<{ action: string; target: string; detail: unknown }>;
    const scope = { subject_type: 'user', subject: user.json.id, role: 'viewer', cluster_selector: 'env=dev', namespaces: ['apps'] };
    expect(bindings.filter((entry) => entry.target === binding.json.id).map((entry) => [entry.action, entry.detail])).toEqual([
      ['role-binding.delete', scope],
      ['role-binding.create', scope],
    ]);
    // Pages of two, newest first, by one actor, until next_cursor is null.
    const seen: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await admin.request('GET', `/api/v1/audit?actor=admin&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.json.items.every((entry: { actor: string }) => entry.actor === 'admin')).toBe(true);
      seen.push(...page.json.items.map((entry: { id: number }) => entry.id));
      cursor = page.json.next_cursor;
    }
    const all = (await admin.request('GET', '/api/v1/audit?actor=admin&limit=500')).json.items.map((entry: { id: number }) => entry.id);
    expect(seen).toEqual(all);
    expect((await admin.request('GET', '/api/v1/audit?cursor=abc')).status).toBe(400);
  });

  it('audits sign-ins and changes with the real actor and the source address', async () => {
    // A sign-in and a token of this test's own (the clusters were created in beforeAll).
    const session = await signIn(t, 'admin', initialAdminPassword(t));
    const created = await session.request('POST', '/api/v1/tokens', { name: 'audited-token', role: 'viewer' });
    expect(created.status).toBe(201);
    const audit = (await admin.request('GET', '/api/v1/audit?limit=500')).json.items as Array<{ action: string; actor: string; target: string; source: string }>;
    expect(audit.find((entry) => entry.action === 'auth.login')).toMatchObject({ actor: 'admin', target: 'admin', source: '127.0.0.1' });
    expect(audit.find((entry) => entry.action === 'cluster.create')).toMatchObject({ actor: 'admin', source: '127.0.0.1' });
    expect(audit.find((entry) => entry.action === 'token.create')).toMatchObject({ actor: 'admin' });
    expect((await admin.request('DELETE', `/api/v1/tokens/${created.json.api_token.id}`)).status).toBe(204);
  });

  it('a password change ends the other sessions; the new password works, the old one not', async () => {
    await admin.request('POST', '/api/v1/users', { username: 'rotating', kind: 'local', password: 'first password 123' });
    const laptop = await signIn(t, 'rotating', 'first password 123');
    const phone = await signIn(t, 'rotating', 'first password 123');
    const wrong = await laptop.request('POST', '/api/v1/auth/password', { current_password: 'not it', new_password: 'second password 456' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.details).toEqual([{ field: 'body.current_password', message: 'is not your current password' }]);
    const same = await laptop.request('POST', '/api/v1/auth/password', { current_password: 'first password 123', new_password: 'first password 123' });
    expect(same.json.error.details).toEqual([{ field: 'body.new_password', message: 'must differ from your current password' }]);
    expect((await laptop.request('POST', '/api/v1/auth/password', { current_password: 'first password 123', new_password: 'second password 456' })).status).toBe(204);
    expect((await phone.request('GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await laptop.request('GET', '/api/v1/auth/me')).status).toBe(200);
    expect((await t.request('POST', '/api/v1/auth/login', { username: 'rotating', password: 'first password 123' })).status).toBe(401);
    expect((await t.request('POST', '/api/v1/auth/login', { username: 'rotating', password: 'second password 456' })).status).toBe(200);
  });

  function flip(cluster: SimCluster, label: string): string {
    const object = cluster.store.list('kustomize.toolkit.fluxcd.io/kustomizations').items.find((item) => !item.spec?.suspend)!;
    const message = `${label} ${Date.now()}`;
    setReady(cluster, 'Kustomization', object.metadata.namespace, object.metadata.name, { status: readyStatusOf(object) === 'True' ? 'False' : 'True', reason: 'AuthTest', message });
    return message;
  }

  it('the stream says when the audit trail grew, to those who may read the entry only', async () => {
    // A dev-scoped viewer (a service account's token: this describe's sign-ins are rate-limited).
    const robot = await admin.request('POST', '/api/v1/users', { username: 'dev-audit-reader', kind: 'service' });
    expect((await admin.request('POST', '/api/v1/role-bindings', { subject_type: 'user', subject: robot.json.id, role: 'viewer', cluster_selector: 'env=dev' })).status).toBe(201);
    const token = await admin.request('POST', '/api/v1/tokens', { name: 'dev-audit-stream', role: 'viewer', user_id: robot.json.id, cluster_selector: 'env=dev' });
    expect(token.status, token.text).toBe(201);
    const viewer = withBearer(t, token.json.token);
    const [adminStream, viewerStream] = await Promise.all([SseClient.open(`${t.url}/api/v1/stream`, { cookie: admin.cookie }), SseClient.open(`${t.url}/api/v1/stream`, viewer.headers)]);
    await Promise.all([adminStream.next((event) => event.event === 'hello'), viewerStream.next((event) => event.event === 'hello')]);
    const audited = (clusterId: string | null) => (event: SseEvent) => event.event === 'audit' && event.data.cluster_id === clusterId;

    // About prod, then about no cluster (a service account), then about dev: the admin hears all three.
    expect((await admin.request('PATCH', `/api/v1/clusters/${ids.prod}`, { description: `audited ${Date.now()}` })).status).toBe(200);
    expect((await admin.request('POST', '/api/v1/users', { username: `audit-robot-${Date.now()}`, kind: 'service' })).status).toBe(201);
    expect((await admin.request('PATCH', `/api/v1/clusters/${ids.dev}`, { description: `audited ${Date.now()}` })).status).toBe(200);
    await adminStream.next(audited(ids.prod!));
    await adminStream.next(audited(null));
    await adminStream.next(audited(ids.dev!));
    // The dev viewer hears only of dev's entry, as GET /api/v1/audit shows it only that one.
    await viewerStream.next(audited(ids.dev!));
    expect(viewerStream.events.filter((event) => event.event === 'audit').map((event) => event.data.cluster_id)).toEqual([ids.dev]);
    adminStream.close();
    viewerStream.close();
  });
});

describe('failed sign-ins', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ AUTH_MODE: 'local', LOGIN_ATTEMPTS_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are refused alike for a wrong name or password, audited, and rate-limited per client address', async () => {
    const wrongPassword = await t.request('POST', '/api/v1/auth/login', { username: 'admin', password: 'not-it' });
    const wrongName = await t.request('POST', '/api/v1/auth/login', { username: 'nobody', password: 'not-it' });
    expect([wrongPassword.status, wrongName.status]).toEqual([401, 401]);
    expect(wrongName.json.error.message).toBe(wrongPassword.json.error.message);
    await t.request('POST', '/api/v1/auth/login', { username: 'admin', password: 'still-not-it' });
    // The fourth attempt within the minute is refused before the password is even looked at.
    const throttled = await t.request('POST', '/api/v1/auth/login', { username: 'admin', password: initialAdminPassword(t) });
    expect(throttled.status).toBe(429);
    expect(throttled.json.error.code).toBe('too_many_requests');
    const rows = await t.server.database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows.filter((row) => row.action === 'auth.login.failed').map((row) => [row.actor, row.target, row.source])).toEqual([
      ['anonymous', 'admin', '127.0.0.1'],
      ['anonymous', 'nobody', '127.0.0.1'],
      ['anonymous', 'admin', '127.0.0.1'],
    ]);
    await waitUntil('throttled attempt audited', async () => (await t.server.database.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.login.throttled').executeTakeFirst()) !== undefined);
    // A flood of refused attempts is one audit entry per address and minute, not one each.
    for (let attempt = 0; attempt < 20; attempt++) expect((await t.request('POST', '/api/v1/auth/login', { username: 'admin', password: 'x' })).status).toBe(429);
    const marker = await t.request('POST', '/api/v1/auth/login', { username: 'admin', password: 'x' });
    expect(marker.status).toBe(429);
    const throttledRows = await t.server.database.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.login.throttled').execute();
    expect(throttledRows).toHaveLength(1);
  });

  it('limits and audits guesses of the current password on a password change', async () => {
    // Its own address (TRUST_PROXY is off here, so every request is 127.0.0.1): a fresh server.
    const own = await startTestServer({ AUTH_MODE: 'local', LOGIN_ATTEMPTS_PER_MINUTE: '3' });
    try {
      const session = await signIn(own, 'admin', initialAdminPassword(own));
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        statuses.push((await session.request('POST', '/api/v1/auth/password', { current_password: `guess ${attempt}`, new_password: 'a new password 123' })).status);
      }
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
      const actions = (await own.server.database.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((row) => row.action);
      expect(actions.filter((action) => action === 'auth.password.change.failed')).toHaveLength(3);
      await waitUntil('throttled change audited once', async () => (await own.server.database.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.password.throttled').execute()).length === 1);
    } finally {
      await own.close();
    }
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ AUTH_MODE: 'local', LOGIN_ATTEMPTS_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes the client address from X-Forwarded-For: limits and audit per client, not per proxy', async () => {
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const attempt = async (address: string) => (await t.request('POST', '/api/v1/auth/login', { username: 'admin', password: 'wrong' }, from(address))).status;
    expect([await attempt('203.0.113.7'), await attempt('203.0.113.7'), await attempt('203.0.113.7')]).toEqual([401, 401, 429]);
    // Another client behind the same proxy is not locked out by the first one's attempts.
    expect((await t.request('POST', '/api/v1/auth/login', { username: 'admin', password: initialAdminPassword(t) }, from('198.51.100.4'))).status).toBe(200);
    const rows = await t.server.database.db.selectFrom('audit_log').select(['action', 'source']).orderBy('id').execute();
    expect(rows.filter((row) => row.action === 'auth.login.failed').map((row) => row.source)).toEqual(['203.0.113.7', '203.0.113.7']);
    expect(rows.find((row) => row.action === 'auth.login')?.source).toBe('198.51.100.4');
  });
});

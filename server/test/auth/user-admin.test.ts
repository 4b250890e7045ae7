import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { initialAdminPassword, signIn, withBearer, type Caller } from './support.js';

/** What the web app's Settings → Access shows of users, and the words of its field problems. */
describe('users and role bindings for the admin', () => {
  let t: TestServer;
  let admin: Caller;

  beforeAll(async () => {
    t = await startTestServer({ AUTH_MODE: 'local' });
    admin = await signIn(t, 'admin', initialAdminPassword(t));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists each user with their kind and (for single sign-on users only) groups', async () => {
    expect((await admin.request('POST', '/api/v1/users', { username: 'robot', kind: 'service' })).status).toBe(201);
    const created = await admin.request('POST', '/api/v1/users', { username: 'dana', display_name: 'Dana', kind: 'local', password: 'a long enough password' });
    expect(created.json).toMatchObject({ username: 'dana', display_name: 'Dana', kind: 'local', groups: [], last_login_at: null });
    const users = (await admin.request('GET', '/api/v1/users')).json.items as Array<{ username: string; kind: string; groups: string[] }>;
    expect(users.map(({ username, kind, groups }) => ({ username, kind, groups }))).toEqual(
      expect.arrayContaining([
        { username: 'admin', kind: 'local', groups: [] },
        { username: 'robot', kind: 'service', groups: [] },
        { username: 'dana', kind: 'local', groups: [] },
      ]),
    );
  });

  it('says in words what a username or namespace must look like, at the field', async () => {
    const user = await admin.request('POST', '/api/v1/users', { username: 'no spaces', kind: 'service' });
    expect(user.status).toBe(400);
    expect(user.json.error.details).toEqual([{ field: 'body.username', message: 'must start with a letter or digit and hold only letters, digits, -, _, . and @ (no spaces)' }]);
    const binding = await admin.request('POST', '/api/v1/role-bindings', { subject_type: 'group', subject: 'team', role: 'viewer', namespaces: ['apps', 'Payments'] });
    expect(binding.status).toBe(400);
    expect(binding.json.error.details).toEqual([{ field: 'body.namespaces.1', message: 'must be a Kubernetes namespace name: lowercase letters, digits and -, starting and ending with a letter or digit' }]);
  });

  it('replaces its role and whole scope, keeps its subject, takes effect at once and is audited', async () => {
    const password = 'a long enough password';
    const user = await admin.request('POST', '/api/v1/users', { username: 'erin', kind: 'local', password });
    const created = await admin.request('POST', '/api/v1/role-bindings', { subject_type: 'user', subject: user.json.id, role: 'viewer', cluster_selector: 'env=dev', namespaces: ['apps'] });
    expect(created.status).toBe(201);
    const erin = await signIn(t, 'erin', password);
    expect((await erin.request('GET', '/api/v1/auth/me')).json.permissions).not.toContain('resources:act');

    const changed = await admin.request('PUT', `/api/v1/role-bindings/${created.json.id}`, { role: 'operator', cluster_selector: 'env=prod' });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json).toEqual({ id: created.json.id, subject_type: 'user', subject: user.json.id, role: 'operator', cluster_selector: 'env=prod', created_at: created.json.created_at });
    // Her open session holds the new role at its next request.
    expect((await erin.request('GET', '/api/v1/auth/me')).json.bindings).toEqual([{ role: 'operator', cluster_selector: 'env=prod' }]);

    const audit = (await admin.request('GET', '/api/v1/audit?limit=5')).json.items as Array<{ action: string; target: string; detail: Record<string, unknown> }>;
    expect(audit.find((entry) => entry.action === 'role-binding.update')).toMatchObject({
      target: created.json.id,
      detail: { subject: user.json.id, role: 'operator', cluster_selector: 'env=prod', before: { role: 'viewer', cluster_selector: 'env=dev', namespaces: ['apps'] } },
    });
  });

  it('says to send the user id when a binding names a user by username', async () => {
    const user = await admin.request('POST', '/api/v1/users', { username: 'gina', kind: 'service' });
    const byName = await admin.request('POST', '/api/v1/role-bindings', { subject_type: 'user', subject: 'gina', role: 'viewer' });
    expect(byName.status).toBe(400);
    expect(byName.json.error.details).toEqual([{ field: 'body.subject', message: `must be the user's id, not the username: gina has the id ${user.json.id}` }]);
    const unknown = await admin.request('POST', '/api/v1/role-bindings', { subject_type: 'user', subject: 'nobody-by-that-name', role: 'viewer' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toContain("subject is the user's id");
  });

  it('answers 404 for a binding that is not there, 400 naming a bad field, and leaves the binding as it was', async () => {
    const created = await admin.request('POST', '/api/v1/role-bindings', { subject_type: 'group', subject: 'readers', role: 'viewer' });
    expect((await admin.request('PUT', '/api/v1/role-bindings/00000000-0000-4000-8000-000000000000', { role: 'viewer' })).json.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('Role binding 00000000-0000-4000-8000-000000000000') });
    const bad = await admin.request('PUT', `/api/v1/role-bindings/${created.json.id}`, { role: 'operator', cluster_selector: '=dev' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details).toEqual([{ field: 'body.cluster_selector', message: expect.stringContaining('is not a label selector') }]);
    const after = ((await admin.request('GET', '/api/v1/role-bindings')).json.items as Array<{ id: string }>).find((binding) => binding.id === created.json.id);
    expect(after).toEqual(created.json);
  });

  it('does not narrow the last admin binding over the whole fleet', async () => {
    const userId = (await admin.request('GET', '/api/v1/auth/me')).json.user_id as string;
    const own = ((await admin.request('GET', '/api/v1/role-bindings')).json.items as Array<{ id: string; subject: string; role: string }>).find((binding) => binding.role === 'admin' && binding.subject === userId)!;
    const refused = await admin.request('PUT', `/api/v1/role-bindings/${own.id}`, { role: 'admin', cluster_selector: 'env=dev' });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'last_admin', message: expect.stringMatching(/narrowing it would leave nobody able to manage access/) });
    expect((await admin.request('GET', '/api/v1/role-bindings')).status).toBe(200);
  });

  it('disables a user: sign-in refused, open session ended, API tokens refused; enabled again, the token works', async () => {
    const password = 'another long password';
    const user = await admin.request('POST', '/api/v1/users', { username: 'frank', kind: 'local', password, role: 'viewer' });
    const frank = await signIn(t, 'frank', password);
    const token = await frank.request('POST', '/api/v1/tokens', { name: 'frank ci', role: 'viewer' });
    const frankToken = withBearer(t, token.json.token as string);
    expect((await frankToken.request('GET', '/api/v1/auth/me')).status).toBe(200);

    const disabled = await admin.request('PATCH', `/api/v1/users/${user.json.id}`, { disabled: true });
    expect(disabled.status, disabled.text).toBe(200);
    expect(disabled.json).toMatchObject({ username: 'frank', disabled: true });
    expect((await frank.request('GET', '/api/v1/clusters')).status).toBe(401);
    expect((await frankToken.request('GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await t.request('POST', '/api/v1/auth/login', { username: 'frank', password })).status).toBe(401);
    const listed = ((await admin.request('GET', '/api/v1/users')).json.items as Array<{ username: string; disabled: boolean }>).find((row) => row.username === 'frank');
    expect(listed?.disabled).toBe(true);

    const enabled = await admin.request('PATCH', `/api/v1/users/${user.json.id}`, { disabled: false, display_name: 'Frank Viewer' });
    expect(enabled.json).toMatchObject({ disabled: false, display_name: 'Frank Viewer' });
    expect((await frankToken.request('GET', '/api/v1/auth/me')).json).toMatchObject({ username: 'frank', display_name: 'Frank Viewer' });
    const audit = (await admin.request('GET', '/api/v1/audit?limit=10')).json.items as Array<{ action: string; detail: Record<string, unknown> }>;
    expect(audit.filter((entry) => entry.action === 'user.update').map((entry) => entry.detail)).toEqual([
      { username: 'frank', fields: ['disabled', 'display_name'], disabled: false },
      { username: 'frank', fields: ['disabled'], disabled: true },
    ]);
  });

  it('does not disable yourself, nor take an empty change, nor find a user that is not there', async () => {
    const userId = (await admin.request('GET', '/api/v1/auth/me')).json.user_id as string;
    expect((await admin.request('PATCH', `/api/v1/users/${userId}`, { disabled: true })).json.error).toMatchObject({ code: 'cannot_disable_self' });
    expect((await admin.request('PATCH', `/api/v1/users/${userId}`, {})).status).toBe(400);
    expect((await admin.request('PATCH', '/api/v1/users/00000000-0000-4000-8000-000000000000', { disabled: true })).status).toBe(404);
    expect((await admin.request('GET', '/api/v1/auth/me')).status).toBe(200);
  });
});

/** Runs `test` against a server of its own with login on (these tests change who is admin). */
async function withLoginServer(test: (t: TestServer) => Promise<void>): Promise<void> {
  const t = await startTestServer({ AUTH_MODE: 'local' });
  try {
    await test(t);
  } finally {
    await t.close();
  }
}

describe('access stays manageable', () => {
  it('refuses to remove the last admin binding over the whole fleet, not one with another beside it', async () => {
    await withLoginServer(async (t) => {
      const admin = await signIn(t, 'admin', initialAdminPassword(t));
      const bindings = async () => (await admin.request('GET', '/api/v1/role-bindings')).json.items as Array<{ id: string; subject: string; role: string; cluster_ids: string[] | null; cluster_selector: string | null }>;
      const userId = (await admin.request('GET', '/api/v1/auth/me')).json.user_id as string;
      const own = (await bindings()).find((binding) => binding.role === 'admin' && binding.subject === userId)!;
      expect(own).toBeDefined();
      const refused = await admin.request('DELETE', `/api/v1/role-bindings/${own.id}`);
      expect(refused.status).toBe(409);
      expect(refused.json.error).toMatchObject({ code: 'last_admin', message: expect.stringMatching(/leave nobody able to manage access/) });
      // A scoped admin binding does not count: it cannot manage access.
      expect((await admin.request('POST', '/api/v1/role-bindings', { subject_type: 'group', subject: 'edge-admins', role: 'admin', cluster_selector: 'env=edge' })).status).toBe(201);
      expect((await admin.request('DELETE', `/api/v1/role-bindings/${own.id}`)).status).toBe(409);
      // With an SSO group admin over the fleet beside it, it goes.
      expect((await admin.request('POST', '/api/v1/role-bindings', { subject_type: 'group', subject: 'platform-admins', role: 'admin' })).status).toBe(201);
      expect((await admin.request('DELETE', `/api/v1/role-bindings/${own.id}`)).status).toBe(204);
      expect((await admin.request('GET', '/api/v1/role-bindings')).status).toBe(403);
    });
  });

  it('does not disable or remove the last user who is admin of the whole fleet; with a group admin beside them it does', async () => {
    await withLoginServer(async (t) => {
      const admin = await signIn(t, 'admin', initialAdminPassword(t));
      const adminId = (await admin.request('GET', '/api/v1/auth/me')).json.user_id as string;
      // An automation token with the admin role, of a service account that holds no binding itself.
      const robot = await admin.request('POST', '/api/v1/users', { username: 'robot', kind: 'service' });
      const token = await admin.request('POST', '/api/v1/tokens', { name: 'robot', user_id: robot.json.id, role: 'admin' });
      const robotToken = withBearer(t, token.json.token as string);

      const refused = await robotToken.request('PATCH', `/api/v1/users/${adminId}`, { disabled: true });
      expect(refused.status).toBe(409);
      expect(refused.json.error).toMatchObject({ code: 'last_admin', message: expect.stringMatching(/admin is the last user who is admin of the whole fleet: disabling/) });
      const notRemoved = await robotToken.request('DELETE', `/api/v1/users/${adminId}`);
      expect(notRemoved.json.error).toMatchObject({ code: 'last_admin', message: expect.stringMatching(/removing them would leave nobody/) });
      expect((await admin.request('GET', '/api/v1/auth/me')).status).toBe(200);

      expect((await admin.request('POST', '/api/v1/role-bindings', { subject_type: 'group', subject: 'platform-admins', role: 'admin' })).status).toBe(201);
      expect((await robotToken.request('PATCH', `/api/v1/users/${adminId}`, { disabled: true })).status).toBe(200);
      expect((await admin.request('GET', '/api/v1/auth/me')).status).toBe(401);
    });
  });

  it('does not count a disabled admin: the binding of the last enabled one is neither removed nor narrowed', async () => {
    await withLoginServer(async (t) => {
      const admin = await signIn(t, 'admin', initialAdminPassword(t));
      const { id: keptId } = (await admin.request('POST', '/api/v1/users', { username: 'kim', kind: 'local', password: 'kim has a long password', role: 'admin' })).json;
      const kim = await signIn(t, 'kim', 'kim has a long password');
      // The initial admin is disabled: kim is the only enabled admin.
      const bindings = (await kim.request('GET', '/api/v1/role-bindings')).json.items as Array<{ id: string; subject_type: string; subject: string; role: string; cluster_ids?: string[]; cluster_selector?: string; namespaces?: string[] }>;
      const fleetAdmin = (b: (typeof bindings)[number]) => b.role === 'admin' && !b.cluster_ids && !b.cluster_selector && !b.namespaces;
      for (const binding of bindings.filter((b) => fleetAdmin(b) && b.subject_type === 'group')) expect((await kim.request('DELETE', `/api/v1/role-bindings/${binding.id}`)).status).toBe(204);
      for (const binding of bindings.filter((b) => fleetAdmin(b) && b.subject_type === 'user' && b.subject !== keptId)) expect((await kim.request('PATCH', `/api/v1/users/${binding.subject}`, { disabled: true })).status).toBe(200);

      const own = bindings.find((b) => fleetAdmin(b) && b.subject === keptId)!;
      expect((await kim.request('DELETE', `/api/v1/role-bindings/${own.id}`)).json.error).toMatchObject({ code: 'last_admin' });
      expect((await kim.request('PUT', `/api/v1/role-bindings/${own.id}`, { role: 'operator' })).json.error).toMatchObject({ code: 'last_admin' });
      expect((await kim.request('GET', '/api/v1/role-bindings')).status).toBe(200);
    });
  });
});

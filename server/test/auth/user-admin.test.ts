import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { initialAdminPassword, signIn, type Caller } from './support.js';

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
});

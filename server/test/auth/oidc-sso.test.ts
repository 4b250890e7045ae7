import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { initialAdminPassword, signIn } from './support.js';
import { TestOidcProvider } from './oidc-provider.js';

const CLIENT_ID = 'flux-orchestrator';
const CLIENT_SECRET = 'oidc-client-secret-4c1f9e7a2b';

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Minimal cookie jar per host, for walking the redirects a browser would follow. */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  cookieHeader(url: string): string {
    return [...(this.jars.get(new URL(url).host) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  cookie(url: string, name: string): string | undefined {
    return this.jars.get(new URL(url).host)?.get(name);
  }

  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(url), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    const jar = this.jars.get(new URL(url).host) ?? new Map<string, string>();
    this.jars.set(new URL(url).host, jar);
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line)) jar.delete(name!.trim());
      else jar.set(name!.trim(), value.join('='));
    }
    return response;
  }
}

/**
 * Signs in through the provider's own login and consent pages, as a person would, starting at
 * the server's SSO button; returns the server's final answer (the callback's redirect).
 */
async function signInThroughProvider(t: TestServer, browser: Browser, login: string): Promise<Response> {
  let response = await browser.go(`${t.url}/api/v1/auth/oidc/login`);
  for (let step = 0; step < 20; step += 1) {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, response.url).href;
      if (next.startsWith(t.url) && new URL(next).pathname === '/api/v1/auth/oidc/callback') return browser.go(next);
      response = await browser.go(next);
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`unexpected page from the provider (${response.status}): ${page.slice(0, 300)}`);
    const target = new URL(action, response.url).href;
    response = await browser.go(target, { method: 'POST', form: prompt === 'login' ? { prompt, login, password: 'any' } : { prompt } });
  }
  throw new Error('too many redirects');
}

describe('single sign-on against a real OpenID Connect provider', () => {
  let provider: TestOidcProvider;
  let t: TestServer;

  beforeAll(async () => {
    // The redirect URL names the server's port before the server starts: ask the OS for a free one.
    const port = await freePort();
    const redirectUrl = `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`;
    provider = await TestOidcProvider.start({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUrl,
      accounts: {
        alice: { name: 'Alice Operator', groups: ['platform-operators', 'everyone'] },
        bob: { name: 'Bob Nobody', groups: ['everyone'] },
        carol: { name: 'Carol Crowded', groupsOverage: true },
        dave: { name: 'Dave Departed', groups: ['platform-operators'] },
      },
    });
    t = await startTestServer({
      AUTH_MODE: 'local',
      PORT: String(port),
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_REDIRECT_URL: redirectUrl,
      OIDC_SCOPES: 'openid profile email groups',
      OIDC_DISPLAY_NAME: 'Test IdP',
    });
    const admin = await signIn(t, 'admin', initialAdminPassword(t));
    expect((await admin.request('POST', '/api/v1/role-bindings', { subject_type: 'group', subject: 'platform-operators', role: 'operator' })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });

  it('offers the provider on the sign-in page', async () => {
    expect((await t.request('GET', '/api/v1/auth/options')).json).toEqual({ auth_mode: 'local', oidc: { name: 'Test IdP', login_url: '/api/v1/auth/oidc/login' }, signed_in: false });
  });

  it('signs a user in with the role of their group (code flow with PKCE, state and nonce)', async () => {
    const browser = new Browser();
    const start = await browser.go(`${t.url}/api/v1/auth/oidc/login`);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();

    const done = await signInThroughProvider(t, browser, 'alice');
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/');
    const session = browser.cookie(t.url, 'fo_session');
    expect(session).toBeTruthy();
    const me = await t.request('GET', '/api/v1/auth/me', undefined, { cookie: `fo_session=${session}` });
    // password_login false: the web app offers no "Change password" to someone whose password lives at the provider.
    expect(me.json).toMatchObject({ username: 'alice', display_name: 'Alice Operator', kind: 'user', groups: ['platform-operators', 'everyone'], bindings: [{ role: 'operator' }], password_login: false });
    expect(me.json.permissions).toContain('resources:act');
    expect(me.json.permissions).not.toContain('clusters:write');
    const audit = await t.server.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.login').where('actor', '=', 'alice').execute();
    expect(audit).toHaveLength(1);
  });

  it('lists a single sign-on user for the admin with the groups of their last sign-in (what a group binding names)', async () => {
    expect((await signInThroughProvider(t, new Browser(), 'bob')).headers.get('location')).toBe('/');
    const admin = await signIn(t, 'admin', initialAdminPassword(t));
    const users = (await admin.request('GET', '/api/v1/users')).json.items as Array<{ username: string; kind: string; groups: string[] }>;
    expect(users.find((user) => user.username === 'bob')).toMatchObject({ kind: 'oidc', groups: ['everyone'] });
    expect(users.find((user) => user.username === 'admin')).toMatchObject({ kind: 'local', groups: [] });
  });

  it('a user whose groups have no binding signs in and holds no permission', async () => {
    const browser = new Browser();
    expect((await signInThroughProvider(t, browser, 'bob')).headers.get('location')).toBe('/');
    const cookie = `fo_session=${browser.cookie(t.url, 'fo_session')}`;
    expect((await t.request('GET', '/api/v1/auth/me', undefined, { cookie })).json.bindings).toEqual([]);
    expect((await t.request('GET', '/api/v1/clusters', undefined, { cookie })).status).toBe(403);
  });

  it.each([
    ['tampered', 'tampered', /signature/i],
    ['expired', 'expired', /"exp"/],
    ['wrong-audience', 'wrong-audience', /"aud"/],
  ] as const)('refuses a %s ID token: no session, the failure audited with its reason', async (_label, mutation, reason) => {
    provider.mutation = mutation;
    try {
      const browser = new Browser();
      const done = await signInThroughProvider(t, browser, 'alice');
      expect(done.status).toBe(302);
      expect(done.headers.get('location')).toMatch(/^\/\?sso_error=Single%20sign-on%20failed/);
      expect(browser.cookie(t.url, 'fo_session')).toBeUndefined();
    } finally {
      provider.mutation = 'none';
    }
    const failure = await t.server.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.login.failed').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(failure.detail_json).reason).toMatch(reason);
  });

  it('refuses a single sign-on user an admin disabled, with a message that says so', async () => {
    expect((await signInThroughProvider(t, new Browser(), 'dave')).headers.get('location')).toBe('/');
    const admin = await signIn(t, 'admin', initialAdminPassword(t));
    const dave = ((await admin.request('GET', '/api/v1/users')).json.items as Array<{ id: string; username: string }>).find((user) => user.username === 'dave')!;
    expect((await admin.request('PATCH', `/api/v1/users/${dave.id}`, { disabled: true })).status).toBe(200);
    const browser = new Browser();
    const done = await signInThroughProvider(t, browser, 'dave');
    expect(decodeURIComponent(done.headers.get('location') ?? '')).toContain('Your account dave is disabled here');
    expect(browser.cookie(t.url, 'fo_session')).toBeUndefined();
  });

  it('refuses Entra ID groups overage with a message that says how to fix it', async () => {
    const browser = new Browser();
    const done = await signInThroughProvider(t, browser, 'carol');
    expect(decodeURIComponent(done.headers.get('location') ?? '')).toContain('too many groups');
    expect(browser.cookie(t.url, 'fo_session')).toBeUndefined();
  });

  it('refuses a callback that was not started here (state missing)', async () => {
    const response = await fetch(`${t.url}/api/v1/auth/oidc/callback?code=abc&state=xyz`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toContain('sso_error');
  });

  it('refuses an issuer that does not name itself as configured (issuer validation)', async () => {
    const other = await startTestServer({
      AUTH_MODE: 'local',
      // Same provider, reached under another name: its discovery document names 127.0.0.1.
      OIDC_ISSUER: provider.issuer.replace('127.0.0.1', 'localhost'),
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_REDIRECT_URL: 'http://127.0.0.1:1/api/v1/auth/oidc/callback',
    });
    try {
      const response = await fetch(`${other.url}/api/v1/auth/oidc/login`, { redirect: 'manual' });
      expect(response.status).toBe(502);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('sso_unavailable');
    } finally {
      await other.close();
    }
  });
});

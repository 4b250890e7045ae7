import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@flux-orchestrator/sim';
import { ROLE_PERMISSIONS, type Role } from '../../src/auth/index.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { initialAdminPassword, signIn } from './support.js';

type Scope = 'cluster' | 'filtered' | 'fleet';

/**
 * Every route's permission and scope, written out: a new route (or a changed permission) fails
 * this test until it is added here, so every route's access is a decision someone made.
 */
const EXPECTED: Record<string, [permission: string, scope: Scope]> = {
  'GET /healthz': ['public', 'fleet'],
  'GET /readyz': ['public', 'fleet'],
  'GET /metrics': ['public', 'fleet'],
  'GET /': ['public', 'fleet'],
  'GET /api/v1/openapi.json': ['public', 'fleet'],
  'GET /api/v1/auth/options': ['public', 'fleet'],
  'POST /api/v1/auth/login': ['public', 'fleet'],
  'GET /api/v1/auth/oidc/login': ['public', 'fleet'],
  'GET /api/v1/auth/oidc/callback': ['public', 'fleet'],
  'POST /api/v1/auth/logout': ['authenticated', 'fleet'],
  'GET /api/v1/auth/me': ['authenticated', 'fleet'],
  'POST /api/v1/auth/password': ['authenticated', 'fleet'],
  'GET /api/v1/tokens': ['authenticated', 'fleet'],
  'POST /api/v1/tokens': ['authenticated', 'fleet'],
  'DELETE /api/v1/tokens/:id': ['authenticated', 'fleet'],
  'GET /api/v1/users': ['identity:admin', 'fleet'],
  'POST /api/v1/users': ['identity:admin', 'fleet'],
  'PATCH /api/v1/users/:id': ['identity:admin', 'fleet'],
  'DELETE /api/v1/users/:id': ['identity:admin', 'fleet'],
  'GET /api/v1/role-bindings': ['identity:admin', 'fleet'],
  'POST /api/v1/role-bindings': ['identity:admin', 'fleet'],
  'PUT /api/v1/role-bindings/:id': ['identity:admin', 'fleet'],
  'DELETE /api/v1/role-bindings/:id': ['identity:admin', 'fleet'],
  'GET /api/v1/clusters': ['clusters:read', 'filtered'],
  'GET /api/v1/clusters/summary': ['clusters:read', 'filtered'],
  'GET /api/v1/clusters/health-changes': ['clusters:read', 'filtered'],
  'POST /api/v1/clusters': ['clusters:write', 'fleet'],
  'GET /api/v1/clusters/:id': ['clusters:read', 'cluster'],
  'PATCH /api/v1/clusters/:id': ['clusters:write', 'cluster'],
  'DELETE /api/v1/clusters/:id': ['clusters:write', 'cluster'],
  'GET /api/v1/clusters/:id/health': ['clusters:read', 'cluster'],
  'GET /api/v1/clusters/:id/kubeconfig': ['clusters:kubeconfig', 'cluster'],
  'GET /api/v1/clusters/:id/sync': ['resources:read', 'cluster'],
  'GET /api/v1/clusters/:id/resources/:kind/:namespace/:name': ['resources:read', 'cluster'],
  'POST /api/v1/clusters/:id/resources/:kind/:namespace/:name/reconcile': ['resources:act', 'cluster'],
  'POST /api/v1/clusters/:id/resources/:kind/:namespace/:name/suspend': ['resources:act', 'cluster'],
  'POST /api/v1/clusters/:id/resources/:kind/:namespace/:name/resume': ['resources:act', 'cluster'],
  'GET /api/v1/resources': ['resources:read', 'filtered'],
  'GET /api/v1/resources/summary': ['resources:read', 'filtered'],
  'GET /api/v1/resources/export': ['resources:read', 'filtered'],
  'GET /api/v1/matrix': ['resources:read', 'filtered'],
  'POST /api/v1/actions': ['resources:act', 'filtered'],
  'GET /api/v1/clusters/:id/graph': ['resources:read', 'cluster'],
  'GET /api/v1/clusters/:id/resources/:kind/:namespace/:name/tree': ['resources:read', 'cluster'],
  'GET /api/v1/clusters/:id/resources/:kind/:namespace/:name/logs': ['logs:read', 'cluster'],
  'GET /api/v1/clusters/:id/pods/:namespace/:name/logs': ['logs:read', 'cluster'],
  'POST /api/v1/clusters/:id/pods/:namespace/:name/delete': ['pods:delete', 'cluster'],
  'POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/scale': ['workloads:scale', 'cluster'],
  'POST /api/v1/clusters/:id/workloads/:kind/:namespace/:name/restart': ['workloads:restart', 'cluster'],
  'GET /api/v1/clusters/:id/resources/:kind/:namespace/:name/graph': ['resources:read', 'cluster'],
  'GET /api/v1/stream': ['resources:read', 'filtered'],
  'GET /api/v1/events': ['resources:read', 'filtered'],
  'GET /api/v1/events/export': ['resources:read', 'filtered'],
  'GET /api/v1/replicas': ['system:read', 'fleet'],
  'GET /api/v1/jobs': ['jobs:read', 'filtered'],
  'GET /api/v1/jobs/:id': ['jobs:read', 'filtered'],
  'GET /api/v1/audit': ['audit:read', 'filtered'],
  'GET /api/v1/azure/subscriptions': ['azure:read', 'fleet'],
  'POST /api/v1/azure/subscriptions': ['azure:write', 'fleet'],
  'POST /api/v1/azure/subscriptions/test': ['azure:write', 'fleet'],
  'POST /api/v1/azure/subscriptions/visible': ['azure:write', 'fleet'],
  'POST /api/v1/azure/subscriptions/bulk': ['azure:write', 'fleet'],
  'GET /api/v1/azure/subscriptions/:subscription_id': ['azure:read', 'fleet'],
  'PATCH /api/v1/azure/subscriptions/:subscription_id': ['azure:write', 'fleet'],
  'DELETE /api/v1/azure/subscriptions/:subscription_id': ['azure:write', 'fleet'],
  'POST /api/v1/azure/subscriptions/:subscription_id/test': ['azure:write', 'fleet'],
  'GET /api/v1/azure/subscriptions/:subscription_id/clusters': ['azure:read', 'fleet'],
  'POST /api/v1/azure/subscriptions/:subscription_id/sync': ['azure:write', 'fleet'],
  '* /api/v1/*': ['public', 'fleet'],
};

interface Caller {
  name: string;
  role: Role | undefined;
  /** Limited to clusters labelled env=dev. */
  scoped: boolean;
  headers: Record<string, string>;
}

type Outcome = 'allowed' | 401 | 403 | 404;

/** What the access check must answer: `allowed` means anything but 401/403 (the handler's own answer). */
function expected(permission: string, scope: Scope, caller: Caller, target: 'dev' | 'prod'): Outcome {
  if (permission === 'public') return 'allowed';
  if (caller.role === undefined) return 401;
  if (permission === 'authenticated') return 'allowed';
  if (!ROLE_PERMISSIONS[caller.role].has(permission as never)) return 403;
  if (!caller.scoped) return 'allowed';
  if (scope === 'fleet') return 403;
  if (scope === 'filtered') return 'allowed';
  return target === 'dev' ? 'allowed' : 404;
}

/** The access check, route × role × in/out of scope, from the server's own route table. */
describe('route access matrix', () => {
  let fleet: SimFleet;
  let t: TestServer;
  const clusterIds: Record<'dev' | 'prod', string> = { dev: '', prod: '' };
  const callers: Caller[] = [];

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 2, objectsPerCluster: 4, reconcileDelayMs: 20, namePrefix: 'matrix' });
    // SSO configured (never reached: discovery happens on the first sign-in) so its routes exist.
    t = await startTestServer({ AUTH_MODE: 'local', OIDC_ISSUER: 'http://127.0.0.1:1', OIDC_CLIENT_ID: 'matrix', OIDC_REDIRECT_URL: 'http://127.0.0.1:1/api/v1/auth/oidc/callback' });
    const admin = await signIn(t, 'admin', initialAdminPassword(t));
    for (const [env, cluster] of [['dev', fleet.cluster('matrix-001')], ['prod', fleet.cluster('matrix-002')]] as const) {
      const created = await admin.request('POST', '/api/v1/clusters', { name: cluster.name, kubeconfig: cluster.kubeconfig(), labels: { env } });
      clusterIds[env] = created.json.id as string;
    }
    callers.push({ name: 'anonymous', role: undefined, scoped: false, headers: {} });
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      for (const scoped of [false, true]) {
        const created = await admin.request('POST', '/api/v1/tokens', { name: `${role}${scoped ? '-dev' : ''}`, role, ...(scoped ? { cluster_selector: 'env=dev' } : {}) });
        expect(created.status).toBe(201);
        callers.push({ name: created.json.api_token.name, role, scoped, headers: { authorization: `Bearer ${created.json.token}` } });
      }
    }
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  it('has an entry for every route, with the permission and scope the route declares', () => {
    const table = t.server.app.accessRoutes.filter((route) => route.method !== 'HEAD');
    const actual = Object.fromEntries(table.map((route) => [`${route.method === 'GET' && route.url === '/api/v1/*' ? '*' : route.method} ${route.url}`, [route.permission, route.scope]]));
    // `all` routes expand to one row per method: fold the catch-all back into one entry.
    for (const key of Object.keys(actual)) if (key.endsWith(' /api/v1/*')) delete actual[key];
    if (table.some((route) => route.url === '/api/v1/*')) actual['* /api/v1/*'] = ['public', 'fleet'];
    expect(actual).toEqual(EXPECTED);
  });

  it('answers every route × role × in/out of scope as the table says', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of t.server.app.accessRoutes) {
      if (route.method === 'HEAD' || route.url === '/api/v1/*' || route.url === '/') continue;
      const [permission, scope] = EXPECTED[`${route.method} ${route.url}`] ?? ['missing', 'fleet'];
      const targets: Array<'dev' | 'prod'> = route.url.includes(':id') && scope === 'cluster' ? ['dev', 'prod'] : ['dev'];
      for (const caller of callers) {
        for (const target of targets) {
          const want = expected(permission, scope, caller, target);
          const got = await probe(route.method, fillPath(route.url, route.method, scope, clusterIds[target]), caller.headers);
          checked += 1;
          const ok = want === 'allowed' ? got !== 401 && got !== 403 : got === want;
          if (!ok) failures.push(`${route.method} ${route.url} as ${caller.name} on ${target}: want ${want}, got ${got}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  /** Status only: the body is dropped (the stream never ends by itself). */
  async function probe(method: string, urlPath: string, headers: Record<string, string>): Promise<number> {
    const controller = new AbortController();
    const hasBody = method === 'POST' || method === 'PATCH' || method === 'PUT';
    // An unknown field: routes that let the caller through answer 400 and change nothing.
    const response = await fetch(`${t.url}${urlPath}`, {
      method,
      headers: hasBody ? { ...headers, 'content-type': 'application/json' } : headers,
      body: hasBody ? JSON.stringify({ matrix_probe_unknown_field: true }) : undefined,
      signal: controller.signal,
    });
    controller.abort();
    return response.status;
  }
});

/** Real cluster ids where scope matters; ids that exist nowhere for deletes (nothing is removed). */
function fillPath(url: string, method: string, scope: Scope, clusterId: string): string {
  const id = scope === 'cluster' && method !== 'DELETE' ? clusterId : randomUUID();
  return url
    .replace(':id', id)
    .replace(':subscription_id', randomUUID())
    .replace(':kind', 'Kustomization')
    .replace(':namespace', 'flux-system')
    .replace(':name', 'flux-system');
}

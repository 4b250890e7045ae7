import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type FleetSubscription, type SimFleet } from '@flux-orchestrator/sim';
import { sharedTestCa } from '../support/shared-ca.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Property-based fuzzing of every write route the OpenAPI document lists (so a new route is
 * fuzzed without being added here): bodies shaped by the route's own schema with field values
 * drawn from what matters (real ids and credentials of a simulated fleet, almost-right values,
 * metadata addresses, alias bombs, wrong types), plus arbitrary JSON, no body and broken JSON.
 * Two properties per request: the server never answers 5xx, and a 4xx changes nothing in the
 * database. Every upstream (Entra ID, ARM, clusters) is a reachable simulator, so a 5xx is the
 * server's own fault, never an outage it reports. FUZZ_RUNS (default 1000) cases per route;
 * FUZZ_SEED replays a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];
/**
 * What a rejected request must leave as it was: the tables request handlers write. Not compared:
 * health and Flux object tables (background work writes them), `jobs` (a sync that fails is
 * still a job, listed as failed: the record of an attempt, like a subscription's last test
 * result, `status*` and `last_checked_at` below).
 */
const REQUEST_TABLES = ['clusters', 'azure_subscriptions', 'settings', 'users', 'api_tokens', 'role_bindings'] as const;
const OBSERVATIONS = new Set(['status', 'status_message', 'last_checked_at', 'last_login_at', 'last_used_at']);
/** Routes whose refusals are recorded on purpose: a failed sign-in or password change is audited. */
const AUDITED_REFUSALS = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/password']);

type Schema = Record<string, unknown>;
interface Route {
  method: string;
  path: string;
  params: string[];
  query: Array<{ name: string; schema: Schema }>;
  body?: Schema;
}
interface Figures {
  cases: number;
  byStatus: Map<number, number>;
  serverErrors: string[];
  partialWrites: string[];
  ms: number;
}

describe('write routes under property-based fuzzing', () => {
  let fleet: SimFleet;
  let sub: FleetSubscription;
  let t: TestServer;
  let document: { paths: Record<string, Record<string, Schema>>; components?: { schemas?: Record<string, Schema> } };
  const pools = new Map<string, fc.Arbitrary<unknown>>();
  const figures = new Map<string, Figures>();

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 1, objectsPerCluster: 4, azureSubscriptions: 1, clustersPerSubscription: 2, reconcileDelayMs: 5 });
    sub = fleet.subscriptions[0]!;
    const azure = fleet.azure!;
    // The installation's default cloud is the simulator, so a body without `environment` stays on loopback.
    t = await startTestServer({
      HEALTH_CHECK_INTERVAL_SECONDS: '0',
      AZURE_ENVIRONMENT: 'custom',
      AZURE_AUTHORITY_HOST: azure.authorityHost,
      AZURE_RESOURCE_MANAGER_ENDPOINT: azure.resourceManagerEndpoint,
      AZURE_RESOURCE_MANAGER_AUDIENCE: azure.resourceManagerAudience,
      LOG_LEVEL: 'warn',
      // Every case reaches validation instead of the sign-in limit's 429.
      LOGIN_ATTEMPTS_PER_MINUTE: '10000',
    });
    t.server.autoSync.stop(); // no background syncs between a request and its database check
    const cluster = [...fleet.clusters.values()][0]!;
    const kubeconfig = cluster.kubeconfig();
    const created = await t.request('POST', '/api/v1/clusters', { name: 'fuzz-fixture', kubeconfig });
    expect(created.status).toBe(201);
    const subscription = { name: sub.name, subscription_id: sub.subscriptionId, tenant_id: sub.tenantId, client_id: sub.clientId, client_secret: sub.clientSecret };
    expect((await t.request('POST', '/api/v1/azure/subscriptions', subscription)).status).toBe(201);
    expect((await t.request('POST', `/api/v1/azure/subscriptions/${sub.subscriptionId}/sync`, {})).status).toBe(200);
    const objects = await waitForObjects();
    document = (await t.request('GET', '/api/v1/openapi.json')).json;

    const clusterIds = ((await t.request('GET', '/api/v1/clusters')).json.items as Array<{ id: string }>).map((c) => c.id);
    const server = new URL(cluster.server);
    const big = 'x'.repeat(100_000);
    const kubeconfigs: string[] = [
      kubeconfig,
      kubeconfig.replace(cluster.server, `https://admin:pw@${server.host}`),
      kubeconfig.replace(cluster.server, 'https://169.254.169.254'),
      kubeconfig.replace(cluster.server, 'https://[fe80::1]:6443'),
      kubeconfig.replace(cluster.server, 'http://192.0.2.10:8080'),
      `${kubeconfig}\nbomb: &b ${big}\ncopies: [${Array(30).fill('*b').join(',')}]\n`,
      'apiVersion: v1\nkind: Config\ncontexts: [',
      'users: [{name: u, user: {exec: {command: /bin/sh, args: [-c, id]}}}]',
    ];
    /** Mostly a right value, sometimes an almost-right or plain wrong one. */
    const mostly = (good: fc.Arbitrary<unknown>, ...bad: Array<fc.Arbitrary<unknown>>) => fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: fc.oneof(...bad) });
    const url = (good: string) => mostly(fc.constant(good), fc.constantFrom('http://login.example.net', 'https://u:p@127.0.0.1', 'https://169.254.169.254', 'https:// bad', ''), fc.string({ maxLength: 30 }));
    const guid = (good: string) => mostly(fc.constant(good), fc.uuid(), fc.string({ maxLength: 40 }));
    pools.set('kubeconfig', mostly(fc.constant(kubeconfig), fc.constantFrom(...kubeconfigs), fc.string({ maxLength: 200 })));
    // A few names: the first use of each creates, the rest conflict (409); a growing fleet would only slow the run.
    pools.set('name', mostly(fc.constantFrom('fuzz-a', 'fuzz-b', 'fuzz-c', 'fuzz-fixture'), fc.string({ maxLength: 110 }), fc.constantFrom(' ', 'bad\u0007name', 'x'.repeat(101))));
    pools.set('context', mostly(fc.constant(cluster.name), fc.constant('nope'), fc.string({ maxLength: 20 })));
    pools.set('description', mostly(fc.string({ maxLength: 50 }).filter((text) => [...text].every((char) => char.charCodeAt(0) > 0x1f && char.charCodeAt(0) !== 0x7f)), fc.constant('line\nbreak')));
    pools.set('subscription_id', guid(sub.subscriptionId));
    pools.set('tenant_id', guid(sub.tenantId));
    pools.set('client_id', guid(sub.clientId));
    pools.set('client_secret', mostly(fc.constant(sub.clientSecret), fc.constantFrom('wrong-secret', ''), fc.string({ maxLength: 20 })));
    pools.set('authority_host', url(azure.authorityHost));
    pools.set('resource_manager_endpoint', url(azure.resourceManagerEndpoint));
    pools.set('resource_manager_audience', mostly(fc.constant(azure.resourceManagerAudience), fc.constantFrom('https://management.wrong.example', ''), fc.string({ maxLength: 30 })));
    // The public clouds are on the internet this test may not reach: only the simulator's (custom) cloud.
    pools.set('environment', mostly(fc.constant('custom'), fc.constantFrom('Mars', 'azurepubliccloud', 7)));
    // Managed identity would ask the host's metadata endpoint; only the methods that stay on loopback.
    pools.set('auth_method', mostly(fc.constant('service_principal'), fc.constantFrom('workload_identity', 'password', null)));
    pools.set('wait_seconds', mostly(fc.constant(0), fc.constantFrom(-1, 301, 0.5, '0', null)));
    pools.set('cluster_ids', mostly(fc.array(fc.oneof(fc.constant(fleet.azure!.managedClusters(sub.subscriptionId)[0]!.id), fc.string({ maxLength: 30 })), { maxLength: 3 }), fc.constant('all')));
    pools.set('param:id', mostly(fc.constantFrom(...clusterIds), fc.string({ minLength: 1, maxLength: 70 })));
    // Flux and workload actions go to the kubeconfig cluster: the AKS ones depend on a subscription
    // the fuzz rotates secrets of (a 502 from those would be the truth, not a bug).
    pools.set('param:id:resources', mostly(fc.constant(created.json.id as string), fc.string({ minLength: 1, maxLength: 70 })));
    pools.set('param:subscription_id', mostly(fc.constant(sub.subscriptionId), fc.uuid(), fc.string({ minLength: 1, maxLength: 40 })));
    pools.set('param:kind', mostly(fc.constantFrom(...new Set(objects.map((o) => o.kind)), 'kustomizations', 'hr'), fc.string({ minLength: 1, maxLength: 20 })));
    pools.set('param:namespace', mostly(fc.constantFrom(...new Set(objects.map((o) => o.namespace))), fc.string({ minLength: 1, maxLength: 20 })));
    pools.set('param:name', mostly(fc.constantFrom(...new Set(objects.map((o) => o.name))), fc.string({ minLength: 1, maxLength: 20 })));
  }, 180_000);

  afterAll(async () => {
    const lines = [...figures.entries()].map(([route, f]) => {
      const statuses = [...f.byStatus.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');
      return `  ${route.padEnd(86)} ${String(f.cases).padStart(5)} cases  ${String(Math.round(f.ms)).padStart(6)} ms  5xx: ${f.serverErrors.length}  partial writes: ${f.partialWrites.length}  [${statuses}]`;
    });
    const total = [...figures.values()].reduce((sum, f) => ({ cases: sum.cases + f.cases, errors: sum.errors + f.serverErrors.length, partial: sum.partial + f.partialWrites.length, ms: sum.ms + f.ms }), { cases: 0, errors: 0, partial: 0, ms: 0 });
    process.stdout.write(
      `\n[fuzz] seed ${SEED}, ${RUNS} runs per route, ${figures.size} write routes\n${lines.join('\n')}\n` +
        `[fuzz] total: ${total.cases} requests in ${(total.ms / 1000).toFixed(1)} s, ${total.errors} responses >= 500, ${total.partial} partial writes\n`,
    );
    await t?.close();
    await fleet?.stop();
  });

  async function waitForObjects(): Promise<Array<{ kind: string; namespace: string; name: string }>> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const items = (await t.request('GET', '/api/v1/resources?limit=50')).json.items as Array<{ kind: string; namespace: string; name: string }>;
      if (items.length > 0) return items;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the fleet index never listed an object');
  }

  /** Every write route; deletions last, so the other routes meet the fixtures. */
  function routes(): Route[] {
    const list: Route[] = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (!WRITE_METHODS.includes(method)) continue;
        const parameters = (operation.parameters as Array<{ in: string; name: string; schema: Schema }> | undefined) ?? [];
        const content = (operation.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
        list.push({
          method: method.toUpperCase(),
          path,
          params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
          query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
          body: content?.['application/json']?.schema,
        });
      }
    }
    return list.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
  }

  function resolve(schema: Schema): Schema {
    const ref = schema.$ref as string | undefined;
    if (!ref) return schema;
    const name = ref.split('/').pop()!;
    return document.components?.schemas?.[name] ?? {};
  }

  /** Values for a schema: mostly the right shape, with field-aware values and wrong types mixed in. */
  function valueFor(raw: Schema, field: string, depth = 0): fc.Arbitrary<unknown> {
    const schema = resolve(raw);
    const pool = pools.get(field);
    const wrong = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 8 }), fc.constant([]), fc.constant({}));
    const shaped = ((): fc.Arbitrary<unknown> => {
      if (pool) return pool;
      const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
      if (variants) return fc.oneof(...variants.map((variant) => valueFor(variant, field, depth + 1)));
      if (schema.const !== undefined) return fc.constant(schema.const);
      if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
      switch (schema.type) {
        case 'object': {
          const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
          if (Object.keys(properties).length === 0) {
            return fc.dictionary(fc.oneof(fc.constantFrom('env', 'team', 'app.kubernetes.io/name'), fc.string({ maxLength: 12 })), fc.oneof(fc.constantFrom('prod', 'a-b'), fc.string({ maxLength: 12 })), { maxKeys: 4 });
          }
          if (depth > 3) return fc.constant({});
          const model = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, valueFor(value, key, depth + 1)]));
          const required = (schema.required as string[] | undefined) ?? [];
          return fc
            .tuple(fc.record(model, { requiredKeys: [] }), fc.record(Object.fromEntries(required.map((key) => [key, model[key]!]))), fc.oneof({ weight: 15, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) }))
            .map(([some, needed, extra]) => ({ ...some, ...needed, ...(extra ? { [extra]: 'unexpected' } : {}) }));
        }
        case 'array':
          return fc.array(valueFor((schema.items as Schema | undefined) ?? {}, field, depth + 1), { maxLength: 4 });
        case 'integer':
          return fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.double({ noNaN: true, min: -10, max: 10 }), fc.constant('10'));
        case 'boolean':
          return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, fc.constantFrom('true', 1));
        case 'string':
          return fc.oneof(fc.string({ maxLength: 40 }), fc.uuid());
        case 'null':
          return fc.constant(null);
        default:
          return fc.jsonValue({ maxDepth: 2 });
      }
    })();
    return fc.oneof({ weight: 30, arbitrary: shaped }, { weight: 1, arbitrary: wrong });
  }

  function requestFor(route: Route): fc.Arbitrary<{ url: string; payload?: string }> {
    const inCluster = /\/(resources|workloads|pods)\//.test(route.path);
    const poolOf = (name: string) => (inCluster && pools.get(`param:${name}:resources`)) || pools.get(`param:${name}`);
    const params = fc.tuple(...route.params.map((name) => poolOf(name) ?? fc.string({ minLength: 1, maxLength: 20 })));
    const query = fc.record(Object.fromEntries(route.query.map((q) => [q.name, fc.oneof({ weight: 4, arbitrary: valueFor(q.schema, q.name) }, fc.constantFrom('true', 'keep', 'remove', ''))])), { requiredKeys: [] });
    const body: fc.Arbitrary<string | undefined> = route.body
      ? fc.oneof(
          { weight: 16, arbitrary: valueFor(route.body, 'body').map((value) => JSON.stringify(value)) },
          { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)) },
          { weight: 1, arbitrary: fc.constantFrom(undefined, '', '{"name":', '{"__proto__": {"x": 1}}', '[]', 'null') },
        )
      : fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)));
    return fc.tuple(params, query, body).map(([values, search, payload]) => {
      let url = `/${route.path.replace(/^\//, '')}`;
      route.params.forEach((name, i) => (url = url.replace(`{${name}}`, encodeURIComponent(String(values[i])))));
      const text = new URLSearchParams(Object.entries(search).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)])).toString();
      return { url: text ? `${url}?${text}` : url, payload };
    });
  }

  async function snapshot(withAudit = true): Promise<string> {
    const db = t.server.database.db;
    const tables = await Promise.all(REQUEST_TABLES.map((table) => db.selectFrom(table).selectAll().execute()));
    // The audit log only grows: its size and newest entry say whether a request added to it.
    const audit = withAudit ? await db.selectFrom('audit_log').select((eb) => [eb.fn.countAll().as('rows'), eb.fn.max('id').as('newest')]).executeTakeFirst() : null;
    const kept = (row: object) => JSON.stringify(Object.entries(row).filter(([column]) => !OBSERVATIONS.has(column)));
    return JSON.stringify([audit, ...tables.map((rows) => rows.map(kept).sort())]);
  }

  it('lists the write routes it fuzzes', () => {
    const listed = routes().map((route) => `${route.method} ${route.path}`);
    expect(listed).toEqual(expect.arrayContaining(['POST /api/v1/clusters', 'PATCH /api/v1/clusters/{id}', 'DELETE /api/v1/clusters/{id}', 'POST /api/v1/azure/subscriptions', 'POST /api/v1/azure/subscriptions/{subscription_id}/sync']));
    expect(listed.length).toBeGreaterThanOrEqual(13);
  });

  it(`answers every write route without a 5xx, and changes nothing on a 4xx (${RUNS} cases each)`, async () => {
    for (const route of routes()) {
      const key = `${route.method} ${route.path}`;
      const f: Figures = { cases: 0, byStatus: new Map(), serverErrors: [], partialWrites: [], ms: 0 };
      figures.set(key, f);
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(requestFor(route), async ({ url, payload }) => {
          const withAudit = !AUDITED_REFUSALS.has(key);
          const before = await snapshot(withAudit);
          const response = await t.server.app.inject({
            method: route.method as 'POST',
            url,
            ...(payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } }),
          });
          f.cases += 1;
          f.byStatus.set(response.statusCode, (f.byStatus.get(response.statusCode) ?? 0) + 1);
          if (process.env.FUZZ_DEBUG && f.cases <= 5) process.stdout.write(`${key} ${url} ${payload?.slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 200)}\n`);
          if (response.statusCode >= 500) f.serverErrors.push(`${response.statusCode} ${url} ${payload?.slice(0, 300)} → ${response.body.slice(0, 300)}`);
          if (response.statusCode >= 400 && response.statusCode < 500 && (await snapshot(withAudit)) !== before) f.partialWrites.push(`${response.statusCode} ${url} ${payload?.slice(0, 300)}`);
          // Work a success started (a sync job) finishes before the next case looks at the database.
          if (response.statusCode < 400) await t.server.jobs.drain();
          return response.statusCode < 500;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      ).catch(() => undefined); // the figures below say what failed, for every route at once
      f.ms = performance.now() - started;
    }
    const failures = [...figures.entries()].flatMap(([route, f]) => [...f.serverErrors.map((e) => `${route}: ${e}`), ...f.partialWrites.map((p) => `${route} partial write: ${p}`)]);
    expect(failures).toEqual([]);
    for (const f of figures.values()) expect(f.cases).toBeGreaterThanOrEqual(RUNS);
  }, 1_800_000);
});

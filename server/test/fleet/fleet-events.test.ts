import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type KubeObject, type SimCluster, type SimFleet } from '@flux-orchestrator/sim';
import { initialAdminPassword, signIn, withBearer, type Caller } from '../auth/support.js';
import { createReadyKustomization, pickObject } from '../support/fleet-fixtures.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { SseClient } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

interface EventItem {
  id: string;
  cluster_id: string;
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
  type: string;
  reason: string;
  message: string;
  count: number;
  source: string;
  first_seen: string;
  last_seen: string;
}

interface Involved {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

/** Kubernetes time: RFC 3339, whole seconds. */
const kubeTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Writes a core/v1 Event into the simulated cluster as client-go's recorder does (see sim's FluxEventRecorder). */
function writeEvent(cluster: SimCluster, involved: Involved, event: { type: 'Normal' | 'Warning'; reason: string; message: string; at: Date; count?: number; component?: string }): KubeObject {
  const component = event.component ?? 'kustomize-controller';
  return cluster.store.create('/events', {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${involved.name}.${randomBytes(8).toString('hex')}`, namespace: involved.namespace },
    involvedObject: involved,
    reason: event.reason,
    message: event.message,
    type: event.type,
    source: { component },
    reportingComponent: component,
    reportingInstance: '',
    firstTimestamp: kubeTime(event.at),
    lastTimestamp: kubeTime(event.at),
    count: event.count ?? 1,
    eventTime: null,
  });
}

/** Kubernetes events kept past their TTL: the event watch, GET /api/v1/events, the stream and the detail. */
describe('fleet events: Kubernetes events of Flux objects, kept', () => {
  let fleet: SimFleet;
  let t: TestServer;
  let admin: Caller;
  const ids: Record<string, string> = {};

  async function events(query: string, caller: Caller = admin): Promise<{ items: EventItem[]; next_cursor: string | null }> {
    const response = await caller.request('GET', `/api/v1/events?${query}`);
    if (response.status !== 200) throw new Error(`GET /api/v1/events?${query} answered ${response.status}: ${response.text}`);
    return response.json;
  }

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 2, objectsPerCluster: 20, reconcileDelayMs: 50, namePrefix: 'events' });
    t = await startTestServer({ AUTH_MODE: 'local' });
    admin = await signIn(t, 'admin', initialAdminPassword(t));
    for (const [cluster, env] of [[fleet.cluster('events-001'), 'dev'], [fleet.cluster('events-002'), 'prod']] as const) {
      const created = await admin.request('POST', '/api/v1/clusters', { name: cluster.name, kubeconfig: cluster.kubeconfig(), labels: { env } });
      expect(created.status).toBe(201);
      ids[cluster.name] = created.json.id;
    }
    await waitUntil('both clusters synced, their events watched', async () => {
      for (const id of Object.values(ids)) {
        const sync = (await admin.request('GET', `/api/v1/clusters/${id}/sync`)).json;
        if (sync.state !== 'synced' || sync.events?.state !== 'watching') return false;
      }
      return true;
    });
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  it('keeps what the clusters held when first listed: the generated failures’ Warning events', async () => {
    const cluster = fleet.cluster('events-001');
    const stored = cluster.store.list('/events').items.filter((event) => event.type === 'Warning' && String((event.involvedObject as Involved).apiVersion).includes('toolkit.fluxcd.io'));
    expect(stored.length).toBeGreaterThan(0);
    const kept = await waitUntil('the listed events written', async () => {
      const page = await events(`cluster=${ids['events-001']}&type=Warning&limit=500`);
      return page.items.length >= stored.length ? page : undefined;
    });
    const first = stored[0]!;
    expect(kept.items).toContainEqual(expect.objectContaining({ id: `${ids['events-001']}/${first.metadata.uid}`, cluster: 'events-001', type: 'Warning', reason: first.reason, count: first.count }));
  });

  it('serves an event the simulated controller records for a Kustomization, and sends it on the stream', async () => {
    const cluster = fleet.cluster('events-001');
    const target = createReadyKustomization(cluster, 'flux-system', 'events-reconciled');
    const sse = await SseClient.open(`${t.url}/api/v1/stream?cluster=events-001&kind=Kustomization`, admin.headers);
    try {
      await waitUntil('the new Kustomization indexed', async () => (await admin.request('GET', `/api/v1/resources?cluster=${ids['events-001']}&q=events-reconciled`)).json.items.length === 1);
      const reconciled = await admin.request('POST', `/api/v1/clusters/${ids['events-001']}/resources/Kustomization/flux-system/${target.metadata.name}/reconcile`, { wait_seconds: 15 });
      expect(reconciled.json.outcome).toBe('ready');
      const page = await waitUntil('the controller’s event served', async () => {
        const found = await events(`kind=Kustomization&name=${target.metadata.name}`);
        return found.items.some((item) => item.reason === 'ReconciliationSucceeded') ? found : undefined;
      });
      const item = page.items.find((candidate) => candidate.reason === 'ReconciliationSucceeded')!;
      expect(item).toMatchObject({ cluster_id: ids['events-001'], cluster: 'events-001', kind: 'Kustomization', namespace: 'flux-system', name: 'events-reconciled', type: 'Normal', source: 'kustomize-controller' });
      expect(item.message).toMatch(/^Reconciliation finished in/);
      // (The controller may have reconciled it once more on its own: each is an Event of its own.)
      const streamed = await sse.next((event) => event.event === 'event' && event.data.id === item.id);
      expect(streamed.data).toMatchObject({ cluster: 'events-001', kind: 'Kustomization', name: 'events-reconciled', namespace: 'flux-system', type: 'Normal', reason: 'ReconciliationSucceeded' });
    } finally {
      sse.close();
    }
  });

  it('still serves an event, and shows it in the object’s detail, after the cluster deleted it (its TTL)', async () => {
    const cluster = fleet.cluster('events-001');
    const target = pickObject(cluster, 'Kustomization', (object) => object.metadata.namespace !== undefined);
    const involved = { apiVersion: target.apiVersion, kind: 'Kustomization', namespace: target.metadata.namespace!, name: target.metadata.name };
    const event = writeEvent(cluster, involved, { type: 'Warning', reason: 'ExpiryProbe', message: 'recorded, then expired', at: new Date(), count: 4 });
    await waitUntil('the event kept', async () => (await events(`reason=ExpiryProbe`)).items.length === 1);
    cluster.store.delete('/events', event.metadata.namespace, event.metadata.name);
    // Watch events arrive in order: once a later one is kept, the deletion has been seen.
    writeEvent(cluster, involved, { type: 'Normal', reason: 'AfterExpiryProbe', message: 'later', at: new Date() });
    await waitUntil('the later event kept', async () => (await events(`reason=AfterExpiryProbe`)).items.length === 1);

    const kept = await events(`reason=ExpiryProbe&cluster=events-001`);
    expect(kept.items).toEqual([expect.objectContaining({ id: `${ids['events-001']}/${event.metadata.uid}`, name: involved.name, count: 4, message: 'recorded, then expired' })]);
    const detail = await admin.request('GET', `/api/v1/clusters/${ids['events-001']}/resources/Kustomization/${involved.namespace}/${involved.name}`);
    expect(detail.status, detail.text).toBe(200);
    const reasons = (detail.json.events as Array<{ reason: string; count: number }>).map((e) => e.reason);
    expect(reasons).toContain('ExpiryProbe');
    expect(reasons).toContain('AfterExpiryProbe');
    // Live and kept versions of the same event are one entry.
    expect(reasons.filter((reason) => reason === 'AfterExpiryProbe')).toHaveLength(1);
    expect((detail.json.events as Array<{ last_seen: string }>).map((e) => e.last_seen)).toEqual([...(detail.json.events as Array<{ last_seen: string }>).map((e) => e.last_seen)].sort().reverse());
  });

  describe('filters and paging', () => {
    const base = Date.now() - 60 * 60_000;
    const minute = (n: number): Date => new Date(base + n * 60_000);

    beforeAll(async () => {
      const cluster = fleet.cluster('events-002');
      const ks = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'filter-target' };
      for (let i = 0; i < 5; i += 1) writeEvent(cluster, ks, { type: 'Warning', reason: 'FilterProbe', message: `health check failed ${i}`, at: minute(i) });
      writeEvent(cluster, ks, { type: 'Normal', reason: 'FilterProbe', message: 'normal one', at: minute(5) });
      const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'events-scoped', name: 'podinfo' };
      writeEvent(cluster, deployment, { type: 'Warning', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "podinfo-5d" has timed out progressing', at: minute(6), component: 'deployment-controller' });
      // Not kept: a pod's routine Normal event, and a Warning of a kind that is neither Flux nor a workload.
      writeEvent(cluster, { apiVersion: 'v1', kind: 'Pod', namespace: 'events-scoped', name: 'podinfo-5d-abcde' }, { type: 'Normal', reason: 'Scheduled', message: 'assigned', at: minute(7), component: 'default-scheduler' });
      writeEvent(cluster, { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'events-scoped', name: 'settings' }, { type: 'Warning', reason: 'Odd', message: 'not kept', at: minute(7) });
      // The last one written: once it is kept, the ones before it were seen.
      writeEvent(cluster, { apiVersion: 'v1', kind: 'Pod', namespace: 'events-scoped', name: 'podinfo-5d-abcde' }, { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container', at: minute(8), component: 'kubelet' });
      await waitUntil('the filter events kept', async () => (await events('cluster=events-002&reason=BackOff')).items.length === 1);
    });

    it('filters by type, reason, kind, cluster name, text and time; nothing matching is an empty page', async () => {
      expect((await events('reason=FilterProbe')).items).toHaveLength(6);
      const warnings = await events('reason=FilterProbe&type=Warning&cluster=events-002');
      expect(warnings.items.map((item) => item.message)).toEqual([4, 3, 2, 1, 0].map((i) => `health check failed ${i}`));
      expect(warnings.next_cursor).toBeNull();
      expect((await events('reason=FilterProbe&cluster=events-001')).items).toEqual([]);
      const window = await events(`reason=FilterProbe&since=${encodeURIComponent(kubeTime(minute(1)))}&until=${encodeURIComponent(kubeTime(minute(3)))}`);
      expect(window.items.map((item) => item.message)).toEqual([3, 2, 1].map((i) => `health check failed ${i}`));
      expect((await events('cluster=events-002&kind=deployment')).items).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'podinfo', reason: 'ProgressDeadlineExceeded', source: 'deployment-controller' })]);
      expect((await events('cluster=events-002&kind=Pod')).items.map((item) => item.reason)).toEqual(['BackOff']);
      expect((await events('cluster=events-002&q=TIMED%20OUT')).items.map((item) => item.reason)).toEqual(['ProgressDeadlineExceeded']);
      expect((await events('cluster=events-002&kind=ks&name=filter-target&type=Normal')).items.map((item) => item.message)).toEqual(['normal one']);
      expect(await events('reason=NoSuchReason')).toEqual({ items: [], next_cursor: null });
      expect(await events('cluster=no-such-cluster')).toEqual({ items: [], next_cursor: null });
    });

    it('pages newest first with a cursor: every event once, the last page says so', async () => {
      const all = (await events('reason=FilterProbe&limit=500')).items.map((item) => item.id);
      const paged: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: EventItem[]; next_cursor: string | null } = await events(`reason=FilterProbe&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...page.items.map((item) => item.id));
        cursor = page.next_cursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(2);
      expect(paged).toEqual(all);
    });

    it('answers 400 naming the field for a bad time, kind or cursor', async () => {
      for (const [query, field] of [
        ['since=yesterday', 'querystring.since'],
        ['until=2026-13-45T99:00:00Z', 'querystring.until'],
        ['kind=ConfigMap', 'querystring.kind'],
        ['cursor=not-a-cursor', 'querystring.cursor'],
        ['type=Error', 'querystring.type'],
        ['limit=501', 'querystring.limit'],
      ]) {
        const response = await admin.request('GET', `/api/v1/events?${query}`);
        expect(response.status, query).toBe(400);
        expect(response.json.error.details.map((detail: { field: string }) => detail.field), query).toContain(field);
      }
    });

    it('exports the matching events as CSV or JSON, newest first, and checks the filters first', async () => {
      const listed = (await events('reason=FilterProbe&limit=500')).items;
      const csv = await admin.request('GET', '/api/v1/events/export?reason=FilterProbe&format=csv');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="flux-events-.*\.csv"/);
      const rows = parse(csv.text, { columns: true }) as Array<Record<string, string>>;
      expect(rows.map((row) => [row.cluster, row.kind, row.name, row.type, row.message, row.last_seen])).toEqual(listed.map((item) => [item.cluster, item.kind, item.name, item.type, item.message, item.last_seen]));
      const json = await admin.request('GET', '/api/v1/events/export?reason=FilterProbe&type=Warning&format=json');
      expect((json.json as EventItem[]).map((item) => item.id)).toEqual(listed.filter((item) => item.type === 'Warning').map((item) => item.id));
      const bad = await admin.request('GET', '/api/v1/events/export?since=soon');
      expect(bad.status).toBe(400);
      expect(bad.json.error.details[0].field).toBe('querystring.since');
    });

    it('shows a caller scoped to some clusters and namespaces only their events', async () => {
      const created = await admin.request('POST', '/api/v1/tokens', { name: 'events-prod-apps', role: 'viewer', cluster_selector: 'env=prod', namespaces: ['events-scoped'] });
      expect(created.status, created.text).toBe(201);
      const scoped = withBearer(t, created.json.token);
      const seen = await events('limit=500', scoped);
      expect(seen.items.map((item) => item.reason).sort()).toEqual(['BackOff', 'ProgressDeadlineExceeded']);
      // Pages of one skip the newer rows the caller may not see, and end exactly.
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: EventItem[]; next_cursor: string | null } = await events(`limit=1${cursor ? `&cursor=${cursor}` : ''}`, scoped);
        expect(page.items.length).toBeLessThanOrEqual(1);
        paged.push(...page.items.map((item) => item.reason));
        cursor = page.next_cursor;
      } while (cursor);
      expect(paged).toEqual(['BackOff', 'ProgressDeadlineExceeded']);
      expect((await events(`cluster=events-001`, scoped)).items).toEqual([]);
      const exported = await scoped.request('GET', '/api/v1/events/export?format=json');
      expect((exported.json as EventItem[]).map((item) => item.reason)).toEqual(['BackOff', 'ProgressDeadlineExceeded']);
    });
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type KubeObject, type SimCluster, type SimFleet } from '@flux-orchestrator/sim';
import { pickObject, registerCluster, setReady, syncStatus, waitForInSync } from '../support/fleet-fixtures.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

interface Detail {
  live: boolean;
  unavailable_reason: string | null;
  resource: { id: string; status: string; reason: string; message: string; stale: boolean; updated_at: string };
  object: Record<string, unknown> | null;
  yaml: string | null;
  conditions: Array<{ type: string }>;
  events: Array<{ reason: string; message: string; type: string }>;
  transitions: Array<{ to_status: string; reason: string }>;
  source: { ref: { kind: string; name: string }; resource: { stale: boolean } | null } | null;
  depends_on: unknown[];
  dependents: unknown[];
}

/** Kubernetes time: RFC 3339, whole seconds. */
const kubeTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Writes a Warning Event about the object into the simulated cluster, as a controller's recorder does. */
function writeWarning(cluster: SimCluster, object: KubeObject, reason: string, message: string): void {
  cluster.store.create('/events', {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${object.metadata.name}.${randomBytes(8).toString('hex')}`, namespace: object.metadata.namespace },
    involvedObject: { apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name },
    reason,
    message,
    type: 'Warning',
    source: { component: 'kustomize-controller' },
    reportingComponent: 'kustomize-controller',
    reportingInstance: '',
    firstTimestamp: kubeTime(new Date()),
    lastTimestamp: kubeTime(new Date()),
    count: 1,
    eventTime: null,
  });
}

/**
 * The object detail during an outage of its cluster: it degrades to what Flux Orchestrator kept
 * (index record, status changes, kept events, source and dependencies) with `live: false` and the
 * reason, and is live again once the cluster answers. Each test uses a cluster of its own.
 */
describe('object detail while its cluster cannot be reached', () => {
  let fleet: SimFleet;
  let t: TestServer;

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 0, objectsPerCluster: 20, reconcileDelayMs: 20, namePrefix: 'outage' });
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  /** A new simulated cluster, registered, indexed and with its events watched. */
  async function syncedCluster(name: string): Promise<{ cluster: SimCluster; id: string }> {
    const cluster = await fleet.addCluster({ name, objects: 20 });
    const id = await registerCluster(t, cluster);
    await waitForInSync(t, id, cluster);
    await waitUntil(`${name}'s events watched`, async () => (await syncStatus(t, id)).events?.state === 'watching');
    return { cluster, id };
  }

  async function detail(id: string, object: KubeObject): Promise<{ status: number; json: Detail & { error?: { code: string; message: string } } }> {
    const response = await t.request('GET', `/api/v1/clusters/${id}/resources/Kustomization/${object.metadata.namespace}/${object.metadata.name}`);
    return { status: response.status, json: response.json };
  }

  it('answers the last known status, status changes, kept events and source while the cluster is down, and the live object once it is back', async () => {
    const { cluster, id } = await syncedCluster('outage-down');
    const target = pickObject(cluster, 'Kustomization', (object) => !object.spec?.suspend && object.spec?.sourceRef !== undefined);
    const namespace = target.metadata.namespace!;
    // A failure the index records (a status change) and a Warning event it keeps, both before the outage.
    setReady(cluster, 'Kustomization', namespace, target.metadata.name, { status: 'False', reason: 'OutageProbe', message: 'failing before the outage' });
    writeWarning(cluster, target, 'OutageProbeEvent', 'kept through the outage');
    await waitUntil('the failure recorded and the event kept', async () => {
      const events = (await t.request('GET', `/api/v1/events?cluster=${id}&reason=OutageProbeEvent`)).json.items as unknown[];
      const live = await detail(id, target);
      return events.length === 1 && live.json.transitions?.some((transition) => transition.to_status === 'failed' && transition.reason === 'OutageProbe');
    });

    await cluster.api.closePort();
    // At once, before the watches notice: the read itself finds the cluster down.
    const down = await detail(id, target);
    expect(down.status, JSON.stringify(down.json)).toBe(200);
    expect(down.json).toMatchObject({ live: false, object: null, yaml: null, conditions: [] });
    // Refused, or reset when the request went out on a kept-alive socket the close cut.
    expect(down.json.unavailable_reason).toMatch(/connection refused|connection to the API server was reset/);
    expect(down.json.resource).toMatchObject({ status: 'failed', reason: 'OutageProbe', message: 'failing before the outage', stale: true });
    expect(down.json.events).toContainEqual(expect.objectContaining({ type: 'Warning', reason: 'OutageProbeEvent', message: 'kept through the outage' }));
    expect(down.json.transitions).toContainEqual(expect.objectContaining({ to_status: 'failed', reason: 'OutageProbe' }));
    const sourceRef = target.spec!.sourceRef as { kind: string; name: string };
    expect(down.json.source?.ref).toMatchObject({ kind: sourceRef.kind, name: sourceRef.name });
    if (down.json.source?.resource) expect(down.json.source.resource.stale).toBe(true);

    // Still the last known state once the engine has noticed the outage too.
    await waitUntil('the cluster marked stale', async () => (await syncStatus(t, id)).kinds.every((kind) => kind.state !== 'watching'));
    expect((await detail(id, target)).json).toMatchObject({ live: false, resource: { status: 'failed', stale: true } });

    await cluster.api.reopenPort();
    const back = await waitUntil('the detail live again', async () => {
      const answer = await detail(id, target);
      return answer.status === 200 && answer.json.live ? answer.json : undefined;
    });
    expect(back.unavailable_reason).toBeNull();
    expect(back.object).toMatchObject({ kind: 'Kustomization', metadata: { name: target.metadata.name } });
    expect(back.yaml).toContain(`name: ${target.metadata.name}`);
    expect(back.conditions.map((condition) => condition.type)).toContain('Ready');
    expect(back.events).toContainEqual(expect.objectContaining({ reason: 'OutageProbeEvent' }));
  });

  it('treats an API server answering 503 as unreachable, naming the status', async () => {
    const { cluster, id } = await syncedCluster('outage-503');
    const target = pickObject(cluster, 'Kustomization');
    await cluster.faults.set({ errorRate: 1, errorCode: 503 });
    try {
      const answer = await detail(id, target);
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      expect(answer.json.live).toBe(false);
      expect(answer.json.unavailable_reason).toMatch(/HTTP 503/);
      expect(answer.json.resource.stale).toBe(true);
    } finally {
      await cluster.faults.set({ errorRate: undefined, errorCode: undefined });
    }
    await waitUntil('the detail live again', async () => (await detail(id, target)).json.live === true);
  });

  it('keeps 404 for an object neither the cluster nor the index knows, naming the outage', async () => {
    const { cluster, id } = await syncedCluster('outage-404');
    await cluster.api.closePort();
    const answer = await t.request('GET', `/api/v1/clusters/${id}/resources/Kustomization/flux-system/never-existed`);
    expect(answer.status).toBe(404);
    expect(answer.json.error.message).toMatch(/not found in the fleet index, and its cluster could not be asked \((connection refused|the connection to the API server was reset)/);
    await cluster.api.reopenPort();
  });

  it('answers 403 naming the permission when the cluster refuses to show the object, not a stale page', async () => {
    const { cluster, id } = await syncedCluster('outage-403');
    const target = pickObject(cluster, 'Kustomization');
    cluster.api.authorizer.setPolicy({ rules: [{ effect: 'deny', apiGroups: ['kustomize.toolkit.fluxcd.io'], resources: ['kustomizations'], verbs: ['get'] }] });
    const answer = await detail(id, target);
    expect(answer.status).toBe(403);
    expect(answer.json.error).toMatchObject({ code: 'cluster_forbidden' });
    expect(answer.json.error!.message).toMatch(/get kustomizations\.kustomize\.toolkit\.fluxcd\.io in namespace/);
    cluster.api.authorizer.setPolicy({ rules: [] });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimCluster, type SimFleet } from '@flux-orchestrator/sim';
import { groupResourceOf, setReady } from '../support/fleet-fixtures.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { SseClient } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';
import { initialAdminPassword, signIn, withBearer, type Caller } from './support.js';

/**
 * Role bindings limited to some namespaces of a cluster: the caller reaches nothing outside them,
 * whatever the route (Flux objects, pods, workloads, the object detail, with_source, the cluster
 * itself, its roll-up, the audit trail), and tokens name their owner.
 */
describe('namespace-limited role bindings', () => {
  const TEAM = 'team-a';
  let fleet: SimFleet;
  let cluster: SimCluster;
  let t: TestServer;
  let admin: Caller;
  let clusterId: string;
  let robotId: string;

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 1, objectsPerCluster: 12, reconcileDelayMs: 20, namePrefix: 'nsscope' });
    cluster = fleet.cluster('nsscope-001');
    t = await startTestServer({ AUTH_MODE: 'local', LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
    admin = await signIn(t, 'admin', initialAdminPassword(t));
    // The team's Kustomization uses the GitRepository of flux-system, outside the team's namespace.
    cluster.store.create(groupResourceOf('Kustomization'), {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'apps', namespace: TEAM },
      spec: { interval: '10m', path: './team-a', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' } },
    });
    setReady(cluster, 'Kustomization', TEAM, 'apps', { status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:team' });
    clusterId = (await admin.request('POST', '/api/v1/clusters', { name: cluster.name, kubeconfig: cluster.kubeconfig() })).json.id as string;
    await waitUntil('the team object indexed', async () => (await admin.request('GET', `/api/v1/resources?cluster=${clusterId}&namespace=${TEAM}`)).json.total === 1);
    robotId = (await admin.request('POST', '/api/v1/users', { username: 'robot', kind: 'service' })).json.id as string;
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  /** A token of the service account `robot` with one role over TEAM of the cluster. */
  async function teamToken(name: string, role: 'viewer' | 'operator' | 'admin'): Promise<Caller> {
    const created = await admin.request('POST', '/api/v1/tokens', { name, user_id: robotId, role, cluster_ids: [clusterId], namespaces: [TEAM] });
    expect(created.status, created.text).toBe(201);
    return withBearer(t, created.json.token as string);
  }

  it('pods and workloads outside the namespaces answer 404, as Flux objects there do', async () => {
    const operator = await teamToken('ops-pods', 'operator');
    const pod = cluster.store.list('/pods', { namespace: 'flux-system' }).items[0]!;
    const deployment = cluster.store.list('apps/deployments').items.find((item) => item.metadata.namespace !== TEAM)!;
    const base = `/api/v1/clusters/${clusterId}`;
    const logs = await operator.request('GET', `${base}/pods/flux-system/${pod.metadata.name}/logs?tail=1`);
    expect(logs.status).toBe(404);
    expect(logs.json.error.message).toBe(`Pod flux-system/${pod.metadata.name} was not found`);
    expect((await operator.request('POST', `${base}/pods/flux-system/${pod.metadata.name}/delete`)).status).toBe(404);
    const where = `${deployment.metadata.namespace}/${deployment.metadata.name}`;
    const scaled = await operator.request('POST', `${base}/workloads/Deployment/${where}/scale`, { replicas: 7, acknowledge_flux_owner: true });
    expect(scaled.status).toBe(404);
    expect(scaled.json.error.message).toBe(`Deployment ${where} was not found`);
    expect((await operator.request('POST', `${base}/workloads/Deployment/${where}/restart`)).status).toBe(404);
    expect(cluster.store.get('apps/deployments', deployment.metadata.namespace, deployment.metadata.name)?.spec?.replicas).not.toBe(7);
    expect(cluster.store.get('/pods', 'flux-system', pod.metadata.name)).toBeDefined();
  });

  it('the object detail names a source outside the namespaces without its status; with_source is refused', async () => {
    const operator = await teamToken('ops-detail', 'operator');
    const url = `/api/v1/clusters/${clusterId}/resources/Kustomization/${TEAM}/apps`;
    const detail = await operator.request('GET', url);
    expect(detail.status, detail.text).toBe(200);
    expect(detail.json.source).toEqual({ ref: expect.objectContaining({ kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' }), resource: null, out_of_scope: true });
    // The admin sees the same source with its status.
    expect((await admin.request('GET', url)).json.source).toMatchObject({ resource: { kind: 'GitRepository', namespace: 'flux-system' }, out_of_scope: false });
    const before = cluster.store.get(groupResourceOf('GitRepository'), 'flux-system', 'flux-system')?.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'];
    const withSource = await operator.request('POST', `${url}/reconcile`, { with_source: true });
    expect(withSource.status).toBe(403);
    expect(withSource.json.error.message).toMatch(/with_source would reconcile its source GitRepository flux-system\/flux-system, in a namespace outside your role bindings/);
    expect(cluster.store.get(groupResourceOf('GitRepository'), 'flux-system', 'flux-system')?.metadata.annotations?.['reconcile.fluxcd.io/requestedAt']).toBe(before);
    const bulk = await operator.request('POST', '/api/v1/actions', { action: 'reconcile', selector: { clusters: [clusterId], kinds: ['Kustomization'] }, options: { with_source: true } });
    expect(bulk.status).toBe(403);
    expect(bulk.json.error.message).toMatch(/GitRepository flux-system\/flux-system/);
    expect((await operator.request('POST', `${url}/reconcile`, {})).status).toBe(200);
  });

  it('the cluster itself (edit, credential) needs a binding over all of its namespaces', async () => {
    const teamAdmin = await teamToken('team-admin', 'admin');
    const kubeconfig = await teamAdmin.request('GET', `/api/v1/clusters/${clusterId}/kubeconfig?include_secret=true`);
    expect(kubeconfig.status).toBe(403);
    expect(kubeconfig.json.error.message).toMatch(/clusters:kubeconfig on a cluster needs a role binding over all of its namespaces/);
    expect((await teamAdmin.request('PATCH', `/api/v1/clusters/${clusterId}`, { description: 'taken over' })).status).toBe(403);
    expect((await admin.request('GET', `/api/v1/clusters/${clusterId}`)).json.description).not.toBe('taken over');
  });

  it('counts only the namespaces in the cluster roll-up, in lists and on the stream', async () => {
    const viewer = await teamToken('team-viewer', 'viewer');
    const listed = (await viewer.request('GET', '/api/v1/clusters')).json.items as Array<{ id: string; flux: { objects: number } }>;
    expect(listed.map((item) => [item.id, item.flux.objects])).toEqual([[clusterId, 1]]);
    expect((await viewer.request('GET', `/api/v1/clusters/${clusterId}`)).json.flux.objects).toBe(1);
    expect((await admin.request('GET', `/api/v1/clusters/${clusterId}`)).json.flux.objects).toBeGreaterThan(1);

    const stream = await SseClient.open(`${t.url}/api/v1/stream`, viewer.headers);
    try {
      // A change outside the team's namespace moves the roll-up; the viewer's copy counts their one object.
      const other = cluster.store.list(groupResourceOf('Kustomization')).items.find((item) => item.metadata.namespace !== TEAM)!;
      setReady(cluster, 'Kustomization', other.metadata.namespace, other.metadata.name, { status: 'False', reason: 'BuildFailed', message: 'outside the team' });
      const event = await stream.next((candidate) => candidate.event === 'cluster' && candidate.data.cluster_id === clusterId);
      expect(event.data).toMatchObject({ objects: 1, by_status: { total: 1, failed: 0 } });
    } finally {
      stream.close();
    }
  });

  it('the audit trail shows entries about the cluster only when they are about objects in the namespaces', async () => {
    const viewer = await teamToken('team-audit', 'viewer');
    const other = cluster.store.list(groupResourceOf('Kustomization')).items.find((item) => item.metadata.namespace === 'flux-system')!;
    expect((await admin.request('POST', `/api/v1/clusters/${clusterId}/resources/Kustomization/flux-system/${other.metadata.name}/reconcile`, {})).status).toBe(200);
    expect((await admin.request('POST', `/api/v1/clusters/${clusterId}/resources/Kustomization/${TEAM}/apps/reconcile`, {})).status).toBe(200);
    const entries = (await viewer.request('GET', '/api/v1/audit')).json.items as Array<{ action: string; cluster_id: string; detail: { namespace?: string } }>;
    expect(entries.filter((entry) => entry.action === 'flux.reconcile').map((entry) => entry.detail.namespace)).toEqual(expect.arrayContaining([TEAM]));
    expect(entries.every((entry) => entry.detail.namespace === TEAM)).toBe(true);
  });
});

describe('API tokens name their owner', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ AUTH_MODE: 'local', LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are made for yourself or a service account, unique per owner, and act as token:<owner>/<name>', async () => {
    const admin = await signIn(t, 'admin', initialAdminPassword(t));
    const person = await admin.request('POST', '/api/v1/users', { username: 'dana', kind: 'local', password: 'dana has a long password', role: 'viewer' });
    const forPerson = await admin.request('POST', '/api/v1/tokens', { name: 'as-dana', user_id: person.json.id, role: 'viewer' });
    expect(forPerson.status).toBe(400);
    expect(forPerson.json.error).toMatchObject({ code: 'not_a_service_account', message: expect.stringContaining('dana is a person, not a service account') });

    const dana = await signIn(t, 'dana', 'dana has a long password');
    const own = await dana.request('POST', '/api/v1/tokens', { name: 'ci', role: 'viewer' });
    expect(own.status, own.text).toBe(201);
    expect((await dana.request('POST', '/api/v1/tokens', { name: 'ci', role: 'viewer' })).status).toBe(409);
    // Another owner may use the same name: the actor tells them apart.
    const admins = await admin.request('POST', '/api/v1/tokens', { name: 'ci', role: 'admin' });
    expect(admins.status).toBe(201);
    const automation = withBearer(t, admins.json.token as string);
    expect((await automation.request('POST', '/api/v1/role-bindings', { subject_type: 'group', subject: 'readers', role: 'viewer' })).status).toBe(201);
    const entries = (await admin.request('GET', '/api/v1/audit?action=role-binding.create')).json.items as Array<{ actor: string }>;
    expect(entries.map((entry) => entry.actor)).toEqual(['token:admin/ci']);
  });
});

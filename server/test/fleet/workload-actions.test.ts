import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@flux-orchestrator/sim';
import { sharedTestCa } from '../support/shared-ca.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

describe('workload actions from the inventory tree: scale, rollout restart, delete pod', () => {
  let fleet: SimFleet;
  let t: TestServer;
  let clusterId: string;

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 1, objectsPerCluster: 40, reconcileDelayMs: 50, namePrefix: 'work' });
    t = await startTestServer();
    clusterId = (await t.request('POST', '/api/v1/clusters', { name: 'work-001', kubeconfig: fleet.cluster('work-001').kubeconfig() })).json.id;
    await waitUntil('the cluster synced', async () => (await t.request('GET', `/api/v1/clusters/${clusterId}/sync`)).json.state === 'synced');
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  /** A Deployment a Kustomization applied (it carries Flux's labels). */
  function fluxOwnedDeployment(): { namespace: string; name: string; owner: string } {
    for (const deployment of fleet.cluster('work-001').store.list('apps/deployments').items) {
      const owner = deployment.metadata.labels?.['kustomize.toolkit.fluxcd.io/name'];
      if (owner && deployment.metadata.namespace !== 'flux-system') return { namespace: deployment.metadata.namespace!, name: deployment.metadata.name, owner };
    }
    throw new Error('no Flux-owned Deployment');
  }

  it('refuses to scale a Deployment Flux owns without saying so, names the owner, and scales when acknowledged', async () => {
    const store = fleet.cluster('work-001').store;
    const target = fluxOwnedDeployment();
    const url = `/api/v1/clusters/${clusterId}/workloads/deployments/${target.namespace}/${target.name}/scale`;
    const refused = await t.request('POST', url, { replicas: 5 });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'flux_owned', message: expect.stringContaining(`applied by Kustomization`) });
    expect(refused.json.error.message).toContain(target.owner);
    expect(store.get('apps/deployments', target.namespace, target.name)?.spec?.replicas).not.toBe(5);

    const scaled = await t.request('POST', url, { replicas: 5, acknowledge_flux_owner: true });
    expect(scaled.status, scaled.text).toBe(200);
    expect(scaled.json).toMatchObject({ action: 'scale', kind: 'Deployment', replicas: 5, flux_owner: { kind: 'Kustomization', name: target.owner }, warning: expect.stringMatching(/puts spec.replicas back/) });
    expect(store.get('apps/deployments', target.namespace, target.name)?.spec?.replicas).toBe(5);
    const audit = (await t.request('GET', '/api/v1/audit')).json.items as Array<{ action: string; target: string; detail: Record<string, unknown> }>;
    expect(audit.find((entry) => entry.action === 'workload.scale')).toMatchObject({ target: `${clusterId}/Deployment/${target.namespace}/${target.name}`, detail: { replicas: 5 } });
  });

  it('restarts a rollout by annotating the pod template', async () => {
    const store = fleet.cluster('work-001').store;
    const target = fluxOwnedDeployment();
    const restarted = await t.request('POST', `/api/v1/clusters/${clusterId}/workloads/Deployment/${target.namespace}/${target.name}/restart`);
    expect(restarted.status, restarted.text).toBe(200);
    const template = store.get('apps/deployments', target.namespace, target.name)?.spec?.template as { metadata?: { annotations?: Record<string, string> } };
    expect(template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBe(restarted.json.restarted_at);
    expect((await t.request('POST', `/api/v1/clusters/${clusterId}/workloads/ConfigMap/${target.namespace}/${target.name}/restart`)).status).toBe(400);
    expect((await t.request('POST', `/api/v1/clusters/${clusterId}/workloads/Deployment/${target.namespace}/not-there/restart`)).status).toBe(404);
  });

  it('deletes a pod; a pod Flux applied itself needs an acknowledgement', async () => {
    const store = fleet.cluster('work-001').store;
    store.create('/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'worker-1', namespace: 'default', labels: { app: 'worker' } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    store.create('/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bare-1', namespace: 'default', labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
    const deleted = await t.request('POST', `/api/v1/clusters/${clusterId}/pods/default/worker-1/delete`);
    expect(deleted.status, deleted.text).toBe(200);
    expect(store.get('/pods', 'default', 'worker-1')).toBeUndefined();
    const refused = await t.request('POST', `/api/v1/clusters/${clusterId}/pods/default/bare-1/delete`, {});
    expect(refused.status).toBe(409);
    expect(store.get('/pods', 'default', 'bare-1')).toBeDefined();
    expect((await t.request('POST', `/api/v1/clusters/${clusterId}/pods/default/bare-1/delete`, { acknowledge_flux_owner: true })).status).toBe(200);
    expect((await t.request('POST', `/api/v1/clusters/${clusterId}/pods/default/bare-1/delete`, {})).status).toBe(404);
  });
});

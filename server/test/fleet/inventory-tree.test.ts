import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type KubeObject, type SimFleet } from '@flux-orchestrator/sim';
import { sharedTestCa } from '../support/shared-ca.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

interface TreeNode {
  id: string;
  kind: string;
  namespace: string;
  name: string;
  health: string;
  message: string;
  flux_owner: { kind: string; namespace: string; name: string } | null;
  containers: string[];
  children: TreeNode[];
}

function flatten(node: TreeNode): TreeNode[] {
  return [node, ...node.children.flatMap(flatten)];
}

describe('inventory tree: what a Flux object applied, live, with health', () => {
  let fleet: SimFleet;
  let t: TestServer;
  let clusterId: string;

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 1, objectsPerCluster: 60, reconcileDelayMs: 50, namePrefix: 'tree' });
    t = await startTestServer();
    clusterId = (await t.request('POST', '/api/v1/clusters', { name: 'tree-001', kubeconfig: fleet.cluster('tree-001').kubeconfig() })).json.id;
    await waitUntil('the cluster synced', async () => (await t.request('GET', `/api/v1/clusters/${clusterId}/sync`)).json.state === 'synced');
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  /** An app Kustomization whose inventory holds a Deployment. */
  function appWithDeployment(): { ks: KubeObject; deployment: { namespace: string; name: string } } {
    const store = fleet.cluster('tree-001').store;
    for (const ks of store.list('kustomize.toolkit.fluxcd.io/kustomizations').items) {
      const entries = ((ks.status?.inventory as { entries?: Array<{ id: string }> } | undefined)?.entries ?? []).map((entry) => entry.id.split('_'));
      const deployment = entries.find((parts) => parts[3] === 'Deployment' && parts[0] !== 'flux-system');
      if (deployment) return { ks, deployment: { namespace: deployment[0]!, name: deployment[1]! } };
    }
    throw new Error('no Kustomization with a Deployment in its inventory');
  }

  it('shows the workloads a Kustomization applied with their health: rolled out, failed, crash-looping pods, missing', async () => {
    const store = fleet.cluster('tree-001').store;
    const { ks, deployment } = appWithDeployment();
    const url = `/api/v1/clusters/${clusterId}/resources/Kustomization/${ks.metadata.namespace}/${ks.metadata.name}/tree`;
    const healthy = await t.request('GET', url);
    expect(healthy.status, healthy.text).toBe(200);
    const nodes = flatten(healthy.json.root);
    expect(healthy.json.root).toMatchObject({ kind: 'Kustomization', name: ks.metadata.name });
    expect(nodes.find((node) => node.kind === 'Deployment')).toMatchObject({ name: deployment.name, health: 'healthy', flux_owner: { kind: 'Kustomization', name: ks.metadata.name } });
    expect(nodes.some((node) => node.kind === 'Namespace' && node.health === 'healthy')).toBe(true);

    // The rollout breaks and its pod crash-loops; the Service is deleted by hand.
    const live = store.get('apps/deployments', deployment.namespace, deployment.name)!;
    store.updateStatus('apps/deployments', {
      ...live,
      status: { ...(live.status ?? {}), conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${deployment.name}-abc" has timed out progressing.` }] },
    });
    const labels = ((live.spec?.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {}) as Record<string, string>;
    store.create('/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${deployment.name}-abc-x1`, namespace: deployment.namespace, labels },
      spec: { containers: [{ name: 'app', image: 'example' }], initContainers: [{ name: 'migrate', image: 'example' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'app', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } } }] },
    });
    const services = healthy.json.root.children.filter((node: TreeNode) => node.kind === 'Service');
    for (const service of services) store.delete('/services', service.namespace, service.name);

    const broken = (await t.request('GET', url)).json;
    const after = flatten(broken.root);
    const failedDeployment = after.find((node) => node.kind === 'Deployment')!;
    expect(failedDeployment).toMatchObject({ health: 'failed', message: expect.stringMatching(/timed out progressing/) });
    expect(failedDeployment.children).toContainEqual(expect.objectContaining({ kind: 'Pod', name: `${deployment.name}-abc-x1`, health: 'failed', message: expect.stringMatching(/CrashLoopBackOff \(4 restarts\)/) }));
    // A pod names its containers (init containers last), so its logs can be opened from the tree.
    expect(failedDeployment.children.find((node: TreeNode) => node.name === `${deployment.name}-abc-x1`)!.containers).toEqual(['app', 'migrate']);
    expect(failedDeployment.containers).toEqual([]);
    for (const service of services) expect(after.find((node) => node.kind === 'Service' && node.name === service.name)).toMatchObject({ health: 'missing' });
    expect(broken.truncated).toBe(false);
  });

  it('expands nested Flux objects with their own inventory', async () => {
    const tree = (await t.request('GET', `/api/v1/clusters/${clusterId}/resources/Kustomization/flux-system/flux-system/tree`)).json;
    const nested = tree.root.children.filter((node: TreeNode) => node.kind === 'Kustomization');
    expect(nested.length).toBeGreaterThan(0);
    expect(tree.root.children.some((node: TreeNode) => node.kind === 'Deployment' && node.name === 'kustomize-controller')).toBe(true);
  });

  it('says why a HelmRelease without an inventory has no tree, and 404s an unknown object', async () => {
    const store = fleet.cluster('tree-001').store;
    const release = store.list('helm.toolkit.fluxcd.io/helmreleases').items[0]!;
    store.updateStatus('helm.toolkit.fluxcd.io/helmreleases', { ...release, status: { ...(release.status ?? {}), inventory: undefined } });
    const tree = await waitUntil('the tree without inventory', async () => {
      const answer = (await t.request('GET', `/api/v1/clusters/${clusterId}/resources/HelmRelease/${release.metadata.namespace}/${release.metadata.name}/tree`)).json;
      return answer.notes?.length ? answer : undefined;
    });
    expect(tree.root.children).toEqual([]);
    expect(tree.notes[0]).toMatch(/Flux 2\.8/);
    expect((await t.request('GET', `/api/v1/clusters/${clusterId}/resources/Kustomization/flux-system/nothing-here/tree`)).status).toBe(404);
  });
});

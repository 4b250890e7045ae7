import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@flux-orchestrator/sim';
import { stageDemoScenarios } from '../../../scripts/demo-scenarios.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

interface TreeNode {
  kind: string;
  name: string;
  health: string;
  message: string;
  children: TreeNode[];
}
const flatten = (node: TreeNode): TreeNode[] => [node, ...node.children.flatMap(flatten)];

/**
 * What `npm run demo` stages, seen through the API as a user of the demo sees it: a graph with a
 * missing dependency, a failing health check whose tree shows the crash-looping pods (with logs),
 * and a matrix where the clusters run different podinfo versions.
 */
describe('the demo fleet’s staged scenarios', () => {
  let fleet: SimFleet;
  let t: TestServer;
  const ids: Record<string, string> = {};
  let staged: string[];

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 3, objectsPerCluster: 60, reconcileDelayMs: 50, namePrefix: 'demo', fluxVersions: ['2.7', '2.2', '2.9'] });
    staged = stageDemoScenarios([...fleet.clusters.values()]);
    t = await startTestServer();
    for (const cluster of fleet.clusters.values()) {
      ids[cluster.name] = (await t.request('POST', '/api/v1/clusters', { name: cluster.name, kubeconfig: cluster.kubeconfig() })).json.id as string;
    }
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  it('stages one scenario per view and says which', () => {
    expect(staged).toHaveLength(4);
    expect(staged[0]).toMatch(/^demo-001: Kustomization flux-system\/apps-production depends on infra-configs/);
    expect(staged[1]).toMatch(/^demo-00\d: .* fails its health check; Deployment .* has 2 pods in CrashLoopBackOff$/);
  });

  it('shows the missing dependency in the failing Kustomization’s graph', async () => {
    const url = `/api/v1/clusters/${ids['demo-001']}/resources/Kustomization/flux-system/apps-production`;
    const detail = await waitUntil('apps-production failing', async () => {
      const answer = await t.request('GET', url);
      return answer.status === 200 && answer.json.resource.status === 'failed' ? answer.json : undefined;
    });
    expect(detail.resource.reason).toBe('DependencyNotReady');
    const graph = (await t.request('GET', `${url}/graph`)).json;
    expect(graph.nodes).toContainEqual(expect.objectContaining({ id: 'Kustomization/flux-system/infra-configs', status: 'missing' }));
  });

  it('shows the crash-looping pods under the Deployment of the failing health check, with their logs', async () => {
    const [, cluster, namespace, name] = /^(\S+): Kustomization (\S+)\/(\S+) fails/.exec(staged[1]!)!;
    const tree = await waitUntil('the tree', async () => {
      const answer = await t.request('GET', `/api/v1/clusters/${ids[cluster!]}/resources/Kustomization/${namespace}/${name}/tree`);
      return answer.status === 200 ? (answer.json.root as TreeNode) : undefined;
    });
    const deployment = flatten(tree).find((node) => node.kind === 'Deployment')!;
    expect(deployment).toMatchObject({ health: 'failed', message: expect.stringMatching(/timed out progressing/) });
    expect(deployment.children.map((pod) => [pod.kind, pod.health])).toEqual([
      ['Pod', 'failed'],
      ['Pod', 'failed'],
    ]);
    const pod = deployment.children[0]!;
    expect(pod.message).toMatch(/CrashLoopBackOff/);
    const podNamespace = /Deployment (\S+)\//.exec(staged[1]!)![1]!;
    const logs = await t.request('GET', `/api/v1/clusters/${ids[cluster!]}/pods/${podNamespace}/${pod.name}/logs?tail=1`);
    expect(logs.status, logs.text).toBe(200);
    expect(logs.text).toContain('password authentication failed');
  });

  it('answers which clusters run which podinfo version in the matrix', async () => {
    const matrix = await waitUntil('three podinfo versions', async () => {
      const answer = (await t.request('GET', '/api/v1/matrix?kind=HelmRelease&name=podinfo')).json;
      return answer.revisions?.length === 3 ? answer : undefined;
    });
    const versionOf = (cluster: string) => (matrix.rows as Array<{ cluster: string; objects: Array<{ revision: string }> }>).find((row) => row.cluster === cluster)!.objects[0]!.revision;
    expect(versionOf('demo-002')).toMatch(/^6\.5\./);
    expect(versionOf('demo-003')).toMatch(/^6\.6\./);
    expect(versionOf('demo-001')).not.toMatch(/^6\.[56]\./);
  });
});

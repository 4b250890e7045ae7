import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedFluxCluster } from '../../src/flux/simulated-flux-cluster.js';
import type { SimulatedFluxCluster } from '../../src/flux/simulated-flux-cluster.js';
import { condition, KS, waitFor } from './flux-test-helpers.js';

const clusters: SimulatedFluxCluster[] = [];
afterEach(() => {
  for (const cluster of clusters.splice(0)) cluster.stop();
});

describe('createSimulatedFluxCluster', () => {
  it('seeds generated objects plus manifests, logs controller startup and prunes on delete', async () => {
    const cluster = createSimulatedFluxCluster({
      clusterName: 'edge-1',
      objects: 40,
      reconcileDelayMs: 5,
      manifests: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: extra\n  namespace: flux-system\nspec:\n  interval: 5m\n  path: ./extra\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n',
    });
    clusters.push(cluster);
    const { store, logs } = cluster;
    const pod = store.list('/pods', { namespace: 'flux-system', labelSelector: 'app=kustomize-controller' }).items[0]!;
    expect(JSON.parse(logs.read('flux-system', pod.metadata.name, 'manager')[0]!.text)).toMatchObject({ level: 'info', msg: 'starting manager' });
    const extra = await waitFor(() => {
      const object = store.get(KS, 'flux-system', 'extra');
      return condition(object, 'Ready')?.status === 'True' && object;
    }, 'extra Ready');
    expect(store.get('apps/deployments', 'extra', 'extra')).toBeDefined();
    expect(extra.status?.lastAppliedRevision).toBe((store.get('source.toolkit.fluxcd.io/gitrepositories', 'flux-system', 'flux-system')?.status?.artifact as { revision: string }).revision);

    store.delete(KS, 'flux-system', 'extra');
    expect(store.get('apps/deployments', 'extra', 'extra')).toBeUndefined();
    expect(store.get('/services', 'extra', 'extra')).toBeUndefined();
  });
});

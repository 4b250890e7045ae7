import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig, KubernetesObjectApi, CustomObjectsApi, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import { startFleet, type SimFleet } from '../../src/fleet.js';
import { FLUX_KINDS, fluxGroupResource } from '../../src/flux/flux-kinds.js';

describe('a fleet filled by the generator', () => {
  let fleet: SimFleet;

  beforeAll(async () => {
    fleet = await startFleet({ clusters: 2, objectsPerCluster: 60, seed: 7 });
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('serves every generated Flux object through the API, per kind and version', async () => {
    const cluster = fleet.cluster('cluster-001');
    const config = new KubeConfig();
    config.loadFromString(cluster.kubeconfig());
    const api = config.makeApiClient(CustomObjectsApi);
    let served = 0;
    for (const definition of FLUX_KINDS) {
      const stored = cluster.store.list(fluxGroupResource(definition)).items.length;
      const list = (await api.listClusterCustomObject({ group: definition.group, version: definition.versions[0]!, plural: definition.plural })) as KubernetesListObject<KubernetesObject>;
      expect(list.items.length, definition.kind).toBe(stored);
      served += list.items.length;
    }
    expect(served).toBeGreaterThanOrEqual(60);
  });

  it('serves every kind an inventory names (generic objects resolve through discovery)', async () => {
    const cluster = fleet.cluster('cluster-002');
    const config = new KubeConfig();
    config.loadFromString(cluster.kubeconfig());
    const objects = KubernetesObjectApi.makeApiClient(config);
    const kustomizations = cluster.store.list('kustomize.toolkit.fluxcd.io/kustomizations').items;
    const entries = kustomizations.flatMap((ks) => ((ks.status?.inventory as { entries?: { id: string; v: string }[] } | undefined)?.entries ?? []));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries.slice(0, 15)) {
      const [namespace, name, group, kind] = entry.id.split('_');
      const read = await objects.read({ apiVersion: group ? `${group}/${entry.v}` : entry.v, kind: kind!, metadata: { name: name!, ...(namespace ? { namespace } : {}) } });
      expect(read.metadata?.name).toBe(name);
    }
  });

  it('loads a user multi-document Flux YAML, reconciles it and serves unknown kinds', async () => {
    const manifests = [
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: platform\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://github.com/example/platform\n  ref:\n    branch: main',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: infrastructure-from-yaml\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./infrastructure\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: platform',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: gizmo\n  namespace: default\nspec:\n  size: 2',
    ].join('\n---\n');
    const cluster = await fleet.addCluster({ name: 'from-yaml', objects: 0, manifests });
    const config = new KubeConfig();
    config.loadFromString(cluster.kubeconfig());
    const api = config.makeApiClient(CustomObjectsApi);
    const deadline = Date.now() + 15_000;
    let ready: string | undefined;
    while (ready !== 'True' && Date.now() < deadline) {
      const object = (await api.getNamespacedCustomObject({ group: 'kustomize.toolkit.fluxcd.io', version: 'v1', namespace: 'flux-system', plural: 'kustomizations', name: 'infrastructure-from-yaml' })) as { status?: { conditions?: { type: string; status: string }[] } };
      ready = object.status?.conditions?.find((condition) => condition.type === 'Ready')?.status;
      if (ready !== 'True') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(ready).toBe('True');
    const widget = (await api.getNamespacedCustomObject({ group: 'example.com', version: 'v1', namespace: 'default', plural: 'widgets', name: 'gizmo' })) as { spec: { size: number } };
    expect(widget.spec.size).toBe(2);
  });
});

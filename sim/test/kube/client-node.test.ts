import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, makeInformer, setHeaderOptions, type KubernetesObject, type KubernetesListObject } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildKubeconfig } from '../../src/kube/kubeconfig.js';
import { ADMIN_TOKEN, startKubeTestCluster, type KubeTestCluster } from './kube-test-cluster.js';

const KUSTOMIZE = { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations' } as const;
const KUSTOMIZATIONS = 'kustomize.toolkit.fluxcd.io/kustomizations';

async function eventually(check: () => boolean, description: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('simulated API server driven by @kubernetes/client-node', () => {
  let cluster: KubeTestCluster;
  let config: KubeConfig;

  // A cluster per test: each starts from the seeded objects, without the others' objects, watches or faults.
  beforeEach(async () => {
    cluster = await startKubeTestCluster();
    config = new KubeConfig();
    config.loadFromString(buildKubeconfig({ name: 'test', server: cluster.server.url, caPem: cluster.server.caPem, credential: { token: ADMIN_TOKEN } }));
  });
  afterEach(async () => {
    await cluster?.close();
  });

  it('lists, gets and merge-patches custom objects', async () => {
    const api = config.makeApiClient(CustomObjectsApi);
    const list = (await api.listClusterCustomObject({ ...KUSTOMIZE })) as KubernetesListObject<KubernetesObject>;
    expect(list.items.map((item) => item.metadata?.name)).toEqual(['apps', 'infra-configs', 'infra-controllers']);
    expect(Number(list.metadata?.resourceVersion)).toBe(cluster.store.currentResourceVersion());

    const patched = (await api.patchNamespacedCustomObject(
      { ...KUSTOMIZE, namespace: 'flux-system', name: 'apps', body: { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'now' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as KubernetesObject;
    expect(patched.metadata?.annotations?.['reconcile.fluxcd.io/requestedAt']).toBe('now');

    const fetched = (await api.getNamespacedCustomObject({ ...KUSTOMIZE, namespace: 'flux-system', name: 'apps' })) as KubernetesObject;
    expect(fetched.metadata?.resourceVersion).toBe(patched.metadata?.resourceVersion);
  });

  it('pages a list with limit and continue', async () => {
    const api = config.makeApiClient(CustomObjectsApi);
    const first = (await api.listClusterCustomObject({ ...KUSTOMIZE, limit: 2 })) as KubernetesListObject<KubernetesObject>;
    expect(first.items).toHaveLength(2);
    expect(first.metadata?._continue ?? (first.metadata as Record<string, unknown>).continue).toBeTruthy();
    const token = (first.metadata as Record<string, string>).continue ?? first.metadata?._continue;
    const second = (await api.listClusterCustomObject({ ...KUSTOMIZE, limit: 2, _continue: token })) as KubernetesListObject<KubernetesObject>;
    expect(second.items.map((item) => item.metadata?.name)).toEqual(['infra-controllers']);
    expect(second.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
  });

  it('reads typed built-ins and a Status error', async () => {
    const apps = config.makeApiClient(AppsV1Api);
    const deployment = await apps.readNamespacedDeployment({ namespace: 'apps', name: 'podinfo' });
    expect(deployment.spec?.selector.matchLabels).toEqual({ app: 'podinfo' });
    const core = config.makeApiClient(CoreV1Api);
    const error = await core.readNamespacedPod({ namespace: 'apps', name: 'missing' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 404 });
    const body = JSON.parse((error as { body: string }).body) as Record<string, unknown>;
    expect(body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', message: 'pods "missing" not found', details: { name: 'missing', kind: 'pods' } });
  });

  it('feeds an informer with list + watch', async () => {
    const api = config.makeApiClient(CustomObjectsApi);
    const informer = makeInformer(config, '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations', () =>
      api.listClusterCustomObject({ ...KUSTOMIZE }) as Promise<KubernetesListObject<KubernetesObject>>,
    );
    const added: string[] = [];
    const updated: string[] = [];
    const deleted: string[] = [];
    informer.on('add', (object) => added.push(object.metadata!.name!));
    informer.on('update', (object) => updated.push(object.metadata!.name!));
    informer.on('delete', (object) => deleted.push(object.metadata!.name!));
    await informer.start();
    try {
      expect(added).toEqual(['apps', 'infra-configs', 'infra-controllers']);
      await eventually(() => cluster.server.counters.get('watch', 'kustomizations.kustomize.toolkit.fluxcd.io') > 0, 'the watch');
      cluster.store.create(KUSTOMIZATIONS, { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'tenants', namespace: 'flux-system' }, spec: { path: './tenants' } });
      const current = cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'infra-configs')!;
      cluster.store.update(KUSTOMIZATIONS, { ...current, spec: { ...current.spec, suspend: true } });
      cluster.store.delete(KUSTOMIZATIONS, 'flux-system', 'tenants');
      await eventually(() => deleted.includes('tenants'), 'the delete event');
      expect(added).toContain('tenants');
      expect(updated).toContain('infra-configs');
      expect(informer.get('infra-configs', 'flux-system')?.metadata?.generation).toBe(2);
    } finally {
      await informer.stop();
    }
  });

  it('relists after the watch resourceVersion expired (410)', async () => {
    // Each watch ends after a short while, as kube-apiserver's do; the informer then re-watches
    // from its last resourceVersion, which by then has fallen out of the store's history.
    await cluster.server.faults.set({ endWatchesAfterMs: 300 });
    const api = config.makeApiClient(CustomObjectsApi);
    const informer = makeInformer(config, '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations', () =>
      api.listClusterCustomObject({ ...KUSTOMIZE }) as Promise<KubernetesListObject<KubernetesObject>>,
    );
    const errors: unknown[] = [];
    informer.on('error', (error) => errors.push(error));
    const listsBefore = cluster.server.counters.get('list', 'kustomizations.kustomize.toolkit.fluxcd.io');
    await informer.start();
    try {
      await eventually(() => cluster.server.counters.get('watch', 'kustomizations.kustomize.toolkit.fluxcd.io') > 0, 'the watch');
      // 60 writes to another kind push the informer's version out of the 50-event history.
      for (let index = 0; index < 60; index += 1) {
        cluster.store.create('/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `filler-${index}`, namespace: 'default' }, data: { index: String(index) } });
      }
      await eventually(() => cluster.server.counters.get('list', 'kustomizations.kustomize.toolkit.fluxcd.io') > listsBefore + 1, 'a relist');
      cluster.store.create(KUSTOMIZATIONS, { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'after-gap', namespace: 'flux-system' }, spec: {} });
      await eventually(() => informer.get('after-gap', 'flux-system') !== undefined, 'the relisted object');
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
    }
  });
});

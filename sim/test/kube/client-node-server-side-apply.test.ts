import { ApiException, CustomObjectsApi, KubeConfig, KubernetesObjectApi, PatchStrategy, setHeaderOptions, type KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKubeconfig } from '../../src/kube/kubeconfig.js';
import type { ManagedFieldsEntry } from '../../src/kube/managed-fields.js';
import type { KubeObject } from '../../src/store/types.js';
import { ADMIN_TOKEN, startKubeTestCluster, type KubeTestCluster } from './kube-test-cluster.js';

const KUSTOMIZATIONS = 'kustomize.toolkit.fluxcd.io/kustomizations';
const MANAGER = 'flux-orchestrator';

interface KustomizationObject extends KubernetesObject {
  spec?: Record<string, unknown>;
}

/** The fields the schema requires besides the ones a test varies. */
const REQUIRED = { prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } };

function kustomization(name: string, spec: Record<string, unknown>): KustomizationObject {
  return { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name, namespace: 'flux-system' }, spec: { ...REQUIRED, ...spec } };
}

const managers = (object: KubeObject | KubernetesObject | undefined): ManagedFieldsEntry[] => (object?.metadata?.managedFields ?? []) as ManagedFieldsEntry[];

describe('server-side apply through @kubernetes/client-node', () => {
  let cluster: KubeTestCluster;
  let objects: KubernetesObjectApi;
  let config: KubeConfig;

  beforeAll(async () => {
    cluster = await startKubeTestCluster();
    config = new KubeConfig();
    config.loadFromString(buildKubeconfig({ name: 'test', server: cluster.server.url, caPem: cluster.server.caPem, credential: { token: ADMIN_TOKEN } }));
    objects = KubernetesObjectApi.makeApiClient(config);
  });
  afterAll(async () => {
    await cluster?.close();
  });

  const apply = <T extends KubernetesObject>(object: T, options: { force?: boolean; manager?: string } = {}): Promise<T> =>
    objects.patch(object, undefined, undefined, options.manager ?? MANAGER, options.force ?? false, PatchStrategy.ServerSideApply);

  it('creates a Flux object, updates it and drops a field the manager stops applying', async () => {
    const created = await apply(kustomization('node-apply', { interval: '5m', path: './apps', timeout: '2m' }));
    expect(created.metadata?.uid).toBeTruthy();
    expect(cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'node-apply')?.spec).toEqual({ ...REQUIRED, interval: '5m', path: './apps', timeout: '2m' });
    expect(managers(created)).toEqual([
      expect.objectContaining({ manager: MANAGER, operation: 'Apply', fieldsV1: { 'f:spec': { 'f:interval': {}, 'f:path': {}, 'f:prune': {}, 'f:sourceRef': { 'f:kind': {}, 'f:name': {} }, 'f:timeout': {} } } }),
    ]);

    const updated = await apply(kustomization('node-apply', { interval: '10m', path: './apps' }));
    expect(updated.spec).toEqual({ ...REQUIRED, interval: '10m', path: './apps' });
    expect(updated.metadata?.uid).toBe(created.metadata?.uid);
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(Number(created.metadata?.resourceVersion));
    expect(cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'node-apply')?.spec).toEqual({ ...REQUIRED, interval: '10m', path: './apps' });
  });

  it('creates and updates a built-in ConfigMap', async () => {
    const configMap = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'node-apply', namespace: 'apps' }, data });
    await apply(configMap({ a: '1', b: '2' }));
    const updated = await apply(configMap({ a: '3' }));
    expect(updated).toMatchObject({ data: { a: '3' } });
    expect(cluster.store.get('/configmaps', 'apps', 'node-apply')?.data).toEqual({ a: '3' });
  });

  it('fails with a 409 Conflict on another manager\'s field and wins with force', async () => {
    await apply(kustomization('node-conflict', { interval: '5m', path: './apps' }));
    const custom = config.makeApiClient(CustomObjectsApi);
    // No fieldManager: the write is recorded under client-node's User-Agent (node-fetch/…).
    await custom.patchNamespacedCustomObject(
      { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations', namespace: 'flux-system', name: 'node-conflict', body: { spec: { interval: '1m' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(managers(cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'node-conflict')).map((entry) => `${entry.manager}/${entry.operation}`)).toEqual([`${MANAGER}/Apply`, 'node-fetch/Update']);

    const error = await apply(kustomization('node-conflict', { interval: '15m', path: './apps' })).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiException);
    const failure = error as ApiException<string>;
    expect(failure.code).toBe(409);
    const status = JSON.parse(failure.body) as { reason: string; message: string; details: { causes: { reason: string; field: string }[] } };
    expect(status.reason).toBe('Conflict');
    expect(status.message).toBe('Apply failed with 1 conflict: conflict with "node-fetch" using kustomize.toolkit.fluxcd.io/v1: .spec.interval');
    expect(status.details.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "node-fetch" using kustomize.toolkit.fluxcd.io/v1', field: '.spec.interval' }]);

    const forced = await apply(kustomization('node-conflict', { interval: '15m', path: './apps' }), { force: true });
    expect(forced.spec?.interval).toBe('15m');
    expect(managers(forced).map((entry) => entry.manager)).toEqual([MANAGER]);
  });
});

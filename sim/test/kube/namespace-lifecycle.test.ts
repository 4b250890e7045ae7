import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKubeconfig } from '../../src/kube/kubeconfig.js';
import { ADMIN_TOKEN, startKubeTestCluster, type KubeTestCluster } from './kube-test-cluster.js';
import { rawRequest } from './raw-client.js';

const HELM_RELEASES = 'helm.toolkit.fluxcd.io/helmreleases';

const helmRelease = (namespace: string, name = 'podinfo'): string =>
  JSON.stringify({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace },
    spec: { interval: '30m', chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } } },
  });

/** kube-apiserver's NamespaceLifecycle admission: nothing is created in a namespace that does not exist. */
describe('creates in a namespace that does not exist', () => {
  let cluster: KubeTestCluster;
  const manifest = (name: string, content: string): Promise<string> => cluster.writeManifest(name, content);

  beforeAll(async () => {
    // Only the seeded namespaces (flux-system, apps, default) and the ones every cluster has.
    cluster = await startKubeTestCluster();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('are refused with 404 NotFound naming the namespace, whatever the client', async () => {
    const created = await cluster.kubectl(['create', 'configmap', 'x', '-n', 'nowhere', '--from-literal=a=b']);
    expect(created.code).toBe(1);
    expect(created.stderr.trim()).toBe('error: failed to create configmap: namespaces "nowhere" not found');

    const path = await manifest('release.json', helmRelease('nowhere'));
    const applied = await cluster.kubectl(['apply', '-f', path]);
    expect(applied.code).toBe(1);
    expect(applied.stderr.trim()).toBe(`Error from server (NotFound): error when creating "${path}": namespaces "nowhere" not found`);

    const serverSide = await cluster.kubectl(['apply', '--server-side', '-f', path]);
    expect(serverSide.code).toBe(1);
    expect(serverSide.stderr).toContain('namespaces "nowhere" not found');

    const dryRun = await cluster.kubectl(['apply', '--dry-run=server', '-f', path]);
    expect(dryRun.code).toBe(1);
    expect(dryRun.stderr).toContain('namespaces "nowhere" not found');
    expect(cluster.store.get(HELM_RELEASES, 'nowhere', 'podinfo')).toBeUndefined();
    expect(cluster.store.get('/configmaps', 'nowhere', 'x')).toBeUndefined();

    const response = await rawRequest(`${cluster.server.url}/api/v1/namespaces/nowhere/configmaps`, {
      ca: cluster.server.caPem,
      token: ADMIN_TOKEN,
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
    });
    expect(response.status).toBe(404);
    expect(response.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'namespaces "nowhere" not found',
      reason: 'NotFound',
      details: { name: 'nowhere', kind: 'namespaces' },
      code: 404,
    });

    const config = new KubeConfig();
    config.loadFromString(buildKubeconfig({ name: 'test', server: cluster.server.url, caPem: cluster.server.caPem, credential: { token: ADMIN_TOKEN } }));
    const core = config.makeApiClient(CoreV1Api);
    const refused = await core.createNamespacedConfigMap({ namespace: 'nowhere', body: { metadata: { name: 'x' }, data: { a: 'b' } } }).then(
      () => undefined,
      (error: { code?: number; body?: string }) => error,
    );
    expect(refused?.code).toBe(404);
    expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({ reason: 'NotFound', details: { name: 'nowhere', kind: 'namespaces' } });
  });

  it('succeed once the namespace exists, and in the namespaces every cluster has', async () => {
    const namespaces = await cluster.kubectl(['get', 'namespaces', '-o', 'name']);
    expect(namespaces.stdout.trim().split('\n')).toEqual(expect.arrayContaining(['namespace/default', 'namespace/kube-node-lease', 'namespace/kube-public', 'namespace/kube-system']));
    const inDefault = await cluster.kubectl(['create', 'configmap', 'in-default', '--from-literal=a=b']);
    expect(inDefault.stderr).toBe('');
    expect((await cluster.kubectl(['create', 'configmap', 'in-kube-system', '-n', 'kube-system'])).code).toBe(0);

    expect((await cluster.kubectl(['create', 'namespace', 'somewhere'])).code).toBe(0);
    const path = await manifest('release-somewhere.json', helmRelease('somewhere'));
    const applied = await cluster.kubectl(['apply', '-f', path]);
    expect(applied.stderr).toBe('');
    expect(applied.stdout.trim()).toBe('helmrelease.helm.toolkit.fluxcd.io/podinfo created');
    const serverSide = await cluster.kubectl(['apply', '--server-side', '-f', await manifest('release-applied.json', helmRelease('somewhere', 'applied'))]);
    expect(serverSide.stderr).toBe('');
    expect(serverSide.stdout.trim()).toBe('helmrelease.helm.toolkit.fluxcd.io/applied serverside-applied');
  });
});

/** Namespace deletion: Terminating, its contents deleted (finalizers honoured), then gone. */
describe('deleting a namespace', () => {
  let cluster: KubeTestCluster;

  beforeAll(async () => {
    cluster = await startKubeTestCluster();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  const waitFor = async <T>(probe: () => T | undefined | false, description: string): Promise<T> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it('deletes what is in it and then the namespace itself (kubectl delete ns waits for both)', async () => {
    expect((await cluster.kubectl(['create', 'namespace', 'doomed'])).code).toBe(0);
    expect((await cluster.kubectl(['create', 'configmap', 'settings', '-n', 'doomed', '--from-literal=a=b'])).code).toBe(0);
    expect((await cluster.kubectl(['create', 'deployment', 'web', '-n', 'doomed', '--image=nginx:1.27'])).code).toBe(0);
    const path = await cluster.writeManifest('release-doomed.json', helmRelease('doomed'));
    expect((await cluster.kubectl(['apply', '-f', path])).code).toBe(0);

    const deleted = await cluster.kubectl(['delete', 'namespace', 'doomed']);
    expect(deleted.stderr).toBe('');
    expect(deleted.stdout.trim()).toBe('namespace "doomed" deleted');
    expect(cluster.store.get('/namespaces', undefined, 'doomed')).toBeUndefined();
    for (const resource of ['configmaps', 'deployments', 'helmreleases']) {
      const listed = await cluster.kubectl(['get', resource, '-n', 'doomed']);
      expect(listed.stdout, resource).toBe('');
      expect(listed.stderr, resource).toBe('No resources found in doomed namespace.\n');
    }
  });

  it('stays Terminating while an object in it has a finalizer, refusing new content, and goes once it is released', async () => {
    expect((await cluster.kubectl(['create', 'namespace', 'held'])).code).toBe(0);
    const holder = await cluster.writeManifest(
      'held.json',
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'holder', namespace: 'held', finalizers: ['example.com/hold'] }, data: { a: 'b' } }),
    );
    expect((await cluster.kubectl(['apply', '-f', holder])).code).toBe(0);
    expect((await cluster.kubectl(['create', 'secret', 'generic', 'token', '-n', 'held', '--from-literal=t=x'])).code).toBe(0);

    const deleted = await cluster.kubectl(['delete', 'namespace', 'held', '--wait=false']);
    expect(deleted.code, deleted.stderr).toBe(0);
    await waitFor(() => cluster.store.get('/secrets', 'held', 'token') === undefined, 'the Secret deleted');
    const namespace = JSON.parse((await cluster.kubectl(['get', 'namespace', 'held', '-o', 'json'])).stdout) as { metadata: { deletionTimestamp?: string }; spec: { finalizers: string[] }; status: { phase: string } };
    expect(namespace.metadata.deletionTimestamp).toBeDefined();
    expect(namespace.spec.finalizers).toEqual(['kubernetes']);
    expect(namespace.status.phase).toBe('Terminating');
    expect((await cluster.kubectl(['get', 'namespace', 'held'])).stdout).toMatch(/^held\s+Terminating\s/m);
    expect(cluster.store.get('/configmaps', 'held', 'holder')?.metadata.deletionTimestamp).toBeDefined();

    const refused = await cluster.kubectl(['create', 'configmap', 'late', '-n', 'held', '--from-literal=a=b']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe('error: failed to create configmap: configmaps "late" is forbidden: unable to create new content in namespace held because it is being terminated');

    expect((await cluster.kubectl(['patch', 'configmap', 'holder', '-n', 'held', '--type', 'merge', '-p', '{"metadata":{"finalizers":null}}'])).code).toBe(0);
    await waitFor(() => cluster.store.get('/namespaces', undefined, 'held') === undefined, 'the namespace gone');
    expect(cluster.store.get('/configmaps', 'held', 'holder')).toBeUndefined();
  });
});

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClusterObjects, seedCluster } from '../../src/flux/fleet-generator.js';
import { clusterNodes } from '../../src/kube/cluster-infrastructure.js';
import type { KubeObject } from '../../src/store/types.js';
import { startKubeTestCluster, type KubeTestCluster } from './kube-test-cluster.js';

const KUBERNETES_VERSION = 'v1.30.7';

interface KubeList {
  items: KubeObject[];
}

describe('core kinds kubectl users expect, driven by the installed kubectl', () => {
  let cluster: KubeTestCluster;

  beforeAll(async () => {
    cluster = await startKubeTestCluster(
      { kubernetesVersion: KUBERNETES_VERSION },
      {
        // The generator's flux-system (controllers, their pods and Leases) plus one image repository.
        populate: (store) => {
          seedCluster(store, generateClusterObjects({ clusterName: 'test-cluster', objects: 0, seed: 1 }));
          store.create('image.toolkit.fluxcd.io/imagerepositories', {
            apiVersion: 'image.toolkit.fluxcd.io/v1',
            kind: 'ImageRepository',
            metadata: { name: 'podinfo', namespace: 'flux-system' },
            spec: { image: 'ghcr.io/stefanprodan/podinfo', interval: '5m' },
          });
        },
      },
    );
  });
  afterAll(async () => {
    await cluster?.close();
  });

  const kubectlJson = async <T>(args: string[]): Promise<T> => {
    const result = await cluster.kubectl([...args, '-o', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as T;
  };

  it('lists three Ready nodes whose kubelets run the cluster\'s Kubernetes version', async () => {
    const byName = await cluster.kubectl(['get', 'no', '-o', 'name']);
    expect(byName.stdout.trim().split('\n')).toEqual([0, 1, 2].map((index) => expect.stringMatching(new RegExp(`^node/aks-system-\\d{8}-vmss00000${index}$`))));
    const nodes = await kubectlJson<KubeList>(['get', 'nodes']);
    expect(nodes.items).toHaveLength(3);
    for (const node of nodes.items) {
      const status = node.status as { conditions: { type: string; status: string }[]; nodeInfo: { kubeletVersion: string }; capacity: Record<string, string>; allocatable: Record<string, string> };
      expect(status.conditions.find((condition) => condition.type === 'Ready')?.status).toBe('True');
      expect(status.nodeInfo.kubeletVersion).toBe(KUBERNETES_VERSION);
      expect(status.capacity).toMatchObject({ cpu: '4', pods: '110' });
      expect(status.allocatable.cpu).toBe('3860m');
    }
  });

  it('labels a node (a strategic merge patch on a cluster-scoped object) and watches nodes', async () => {
    const name = cluster.store.list('/nodes').items[0]!.metadata.name;
    const labelled = await cluster.kubectl(['label', 'node', name, 'disktype=ssd']);
    expect(labelled.stdout).toContain(`node/${name} labeled`);
    expect(cluster.store.get('/nodes', undefined, name)?.metadata.labels?.disktype).toBe('ssd');
    const watched = await cluster.kubectl(['get', 'nodes', '--watch', '--request-timeout=1s', '-o', 'name']);
    expect(watched.code).toBe(0);
    expect(watched.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('serves the default StorageClass by short name, and creates and deletes others', async () => {
    const classes = await kubectlJson<KubeList>(['get', 'sc']);
    expect(classes.items.map((item) => [item.metadata.name, item.metadata.annotations?.['storageclass.kubernetes.io/is-default-class']])).toEqual([['default', 'true']]);
    expect(classes.items[0]).toMatchObject({ provisioner: 'disk.csi.azure.com', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' });

    const manifest = join(cluster.dir, 'premium-storage-class.json');
    await writeFile(manifest, JSON.stringify({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'managed-premium' }, provisioner: 'disk.csi.azure.com', parameters: { skuname: 'Premium_LRS' } }));
    const created = await cluster.kubectl(['create', '-f', manifest]);
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('storageclass.storage.k8s.io/managed-premium created');
    expect(cluster.store.get('storage.k8s.io/storageclasses', undefined, 'managed-premium')?.parameters).toEqual({ skuname: 'Premium_LRS' });
    const deleted = await cluster.kubectl(['delete', 'storageclass', 'managed-premium']);
    expect(deleted.stdout).toContain('storageclass.storage.k8s.io "managed-premium" deleted');
    expect(cluster.store.get('storage.k8s.io/storageclasses', undefined, 'managed-premium')).toBeUndefined();
  });

  it('lists the Flux controllers\' leader-election Leases, held by their running pods', async () => {
    const leases = await kubectlJson<KubeList>(['get', 'leases', '-n', 'flux-system']);
    const names = leases.items.map((lease) => lease.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['source-controller-leader-election', 'kustomize-controller-leader-election', 'helm-controller-leader-election', 'notification-controller-leader-election']));
    const pods = new Set(cluster.store.list('/pods', { namespace: 'flux-system' }).items.map((pod) => pod.metadata.name));
    for (const lease of leases.items) {
      const spec = lease.spec as { holderIdentity: string; leaseDurationSeconds: number; renewTime: string };
      expect(pods.has(spec.holderIdentity.split('_')[0]!), spec.holderIdentity).toBe(true);
      expect(spec.leaseDurationSeconds).toBe(35);
      expect(spec.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
  });

  it('resolves the image controllers\' short names', async () => {
    for (const shortName of ['imgrepo', 'imagerepo']) {
      const result = await cluster.kubectl(['get', shortName, '-n', 'flux-system', '-o', 'name']);
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe('imagerepository.image.toolkit.fluxcd.io/podinfo');
    }
    const policies = await cluster.kubectl(['get', 'imgpol', '-n', 'flux-system']);
    expect(policies.code).toBe(0);
    expect(policies.stderr).toContain('No resources found in flux-system namespace.');
  });
});

describe('clusterNodes', () => {
  const now = new Date('2025-06-01T12:00:00Z');

  it('is the same for the same cluster and differs between clusters', () => {
    const options = { clusterName: 'prod-eu-1', kubernetesVersion: 'v1.31.4', now };
    expect(clusterNodes(options)).toEqual(clusterNodes(options));
    const names = (clusterName: string) => clusterNodes({ ...options, clusterName }).map((node) => node.metadata.name);
    expect(names('prod-eu-2')).not.toEqual(names('prod-eu-1'));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceTypeRegistry } from '../../src/kube/resource-types.js';
import { ADMIN_TOKEN, startKubeTestCluster, type KubeTestCluster } from './kube-test-cluster.js';
import { rawRequest } from './raw-client.js';

describe('served Flux versions per cluster', () => {
  it('serves only the configured versions of a group', () => {
    const registry = new ResourceTypeRegistry({ fluxVersions: { 'helm.toolkit.fluxcd.io': ['v2beta2'], 'source.toolkit.fluxcd.io': ['v1beta2'] } });
    expect(registry.versionsOf('helm.toolkit.fluxcd.io')).toEqual(['v2beta2']);
    expect(registry.find('source.toolkit.fluxcd.io', 'v1', 'gitrepositories')).toBeUndefined();
    // ExternalArtifact only exists in v1, so an older source-controller does not serve it.
    expect(registry.findByKind('source.toolkit.fluxcd.io', 'ExternalArtifact')).toBeUndefined();
    expect(registry.findByKind('kustomize.toolkit.fluxcd.io', 'Kustomization')?.version).toBe('v1');
  });

  describe('over HTTPS', () => {
    let cluster: KubeTestCluster;
    const call = (path: string) => rawRequest(`${cluster.server.url}${path}`, { ca: cluster.server.caPem, token: ADMIN_TOKEN });

    beforeAll(async () => {
      cluster = await startKubeTestCluster({ fluxVersions: { 'helm.toolkit.fluxcd.io': ['v2beta2'] }, kubernetesVersion: 'v1.29.10' });
    });
    afterAll(async () => {
      await cluster?.close();
    });

    it('advertises the older version in discovery and CRDs, and 404s the newer one', async () => {
      expect((await call('/version')).json()).toMatchObject({ minor: '29', gitVersion: 'v1.29.10' });
      expect((await call('/apis/helm.toolkit.fluxcd.io')).json()).toMatchObject({ preferredVersion: { groupVersion: 'helm.toolkit.fluxcd.io/v2beta2' } });
      expect((await call('/apis/helm.toolkit.fluxcd.io/v2/helmreleases')).status).toBe(404);
      const releases = (await call('/apis/helm.toolkit.fluxcd.io/v2beta2/helmreleases')).json<{ items: { apiVersion: string }[] }>();
      expect(releases.items.map((item) => item.apiVersion)).toEqual(['helm.toolkit.fluxcd.io/v2beta2']);
      const crd = (await call('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/helmreleases.helm.toolkit.fluxcd.io')).json<{ spec: { versions: { name: string }[] } }>();
      expect(crd.spec.versions.map((version) => version.name)).toEqual(['v2beta2']);
    });
  });
});

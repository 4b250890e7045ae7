import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFluxRelease } from '../../src/flux/flux-releases.js';
import { ResourceTypeRegistry, compareKubeVersions } from '../../src/kube/resource-types.js';
import { ADMIN_TOKEN, startKubeTestCluster, type KubeTestCluster } from './kube-test-cluster.js';
import { rawRequest } from './raw-client.js';

describe('served Flux versions per cluster', () => {
  it('serves only the configured versions of a kind, whatever the rest of its group serves', () => {
    const registry = new ResourceTypeRegistry({ fluxKindVersions: { HelmRelease: ['v2beta2'], GitRepository: ['v1beta2'], ExternalArtifact: [] } });
    expect(registry.versionsOf('helm.toolkit.fluxcd.io')).toEqual(['v2beta2']);
    expect(registry.find('source.toolkit.fluxcd.io', 'v1', 'gitrepositories')).toBeUndefined();
    // The rest of the source group keeps the release's versions.
    expect(registry.findByKind('source.toolkit.fluxcd.io', 'OCIRepository')?.version).toBe('v1');
    expect(registry.findByKind('source.toolkit.fluxcd.io', 'ExternalArtifact')).toBeUndefined();
    expect(registry.findByKind('kustomize.toolkit.fluxcd.io', 'Kustomization')?.version).toBe('v1');
  });

  it('refuses kinds and versions no Flux release ever served', () => {
    expect(() => new ResourceTypeRegistry({ fluxKindVersions: { HelmRelease: ['v3'] } })).toThrow(/HelmRelease was never served as v3 \(known: v2, v2beta2, v2beta1\)/);
    expect(() => new ResourceTypeRegistry({ fluxKindVersions: { Widget: ['v1'] } })).toThrow(/Widget is not a Flux kind/);
  });

  it("orders a group's versions by Kubernetes priority, so the preferred version is the newest served", () => {
    expect(['v1beta1', 'v1', 'v2beta2', 'v1beta3', 'v2', 'v1alpha1', 'other'].sort(compareKubeVersions)).toEqual(['v2', 'v1', 'v2beta2', 'v1beta3', 'v1beta1', 'v1alpha1', 'other']);
    // Flux 2.2: Receiver is v1, Alert and Provider v1beta3 — the group lists every version once, by priority.
    const registry = new ResourceTypeRegistry({ fluxRelease: findFluxRelease('2.2') });
    expect(registry.versionsOf('notification.toolkit.fluxcd.io')).toEqual(['v1', 'v1beta3', 'v1beta2', 'v1beta1']);
    expect(registry.findByKind('notification.toolkit.fluxcd.io', 'Alert')?.version).toBe('v1beta3');
  });

  describe('over HTTPS', () => {
    let cluster: KubeTestCluster;
    const call = (path: string, options: { method?: string; body?: unknown } = {}) => rawRequest(`${cluster.server.url}${path}`, { ca: cluster.server.caPem, token: ADMIN_TOKEN, ...options });

    beforeAll(async () => {
      cluster = await startKubeTestCluster({ fluxKindVersions: { HelmRelease: ['v2beta2'] }, kubernetesVersion: 'v1.29.10' });
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

  describe('conversion strategy None', () => {
    let cluster: KubeTestCluster;
    const call = (path: string, options: { method?: string; body?: unknown } = {}) => rawRequest(`${cluster.server.url}${path}`, { ca: cluster.server.caPem, token: ADMIN_TOKEN, ...options });

    beforeAll(async () => {
      cluster = await startKubeTestCluster({ fluxRelease: '2.2' }, { populate: (store) => store.create('/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } }) });
    });
    afterAll(async () => {
      await cluster?.close();
    });

    it('stores a write at the storage version and answers every read in the version asked for', async () => {
      const path = '/apis/helm.toolkit.fluxcd.io/v2beta1/namespaces/apps/helmreleases';
      const created = await call(path, { method: 'POST', body: { apiVersion: 'helm.toolkit.fluxcd.io/v2beta1', kind: 'HelmRelease', metadata: { name: 'legacy' }, spec: { interval: '5m', chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' }, valuesFile: 'values-prod.yaml' } } } } });
      expect(created.status, created.text).toBe(201);
      expect(created.json()).toMatchObject({ apiVersion: 'helm.toolkit.fluxcd.io/v2beta1' });
      // Flux 2.2 stores HelmReleases as v2beta2; no field is converted, not even one v2beta2 lacks.
      expect(cluster.store.get('helm.toolkit.fluxcd.io/helmreleases', 'apps', 'legacy')).toMatchObject({ apiVersion: 'helm.toolkit.fluxcd.io/v2beta2', spec: { chart: { spec: { valuesFile: 'values-prod.yaml' } } } });
      const newer = (await call('/apis/helm.toolkit.fluxcd.io/v2beta2/namespaces/apps/helmreleases/legacy')).json<{ apiVersion: string; spec: unknown }>();
      expect(newer).toMatchObject({ apiVersion: 'helm.toolkit.fluxcd.io/v2beta2', spec: { chart: { spec: { valuesFile: 'values-prod.yaml' } } } });
      const older = (await call(`${path}/legacy`)).json<{ apiVersion: string }>();
      expect(older.apiVersion).toBe('helm.toolkit.fluxcd.io/v2beta1');
      // Lists and watches too: every item and event in the version of the request.
      const listed = (await call('/apis/helm.toolkit.fluxcd.io/v2beta1/helmreleases')).json<{ apiVersion: string; items: { apiVersion: string }[] }>();
      expect([listed.apiVersion, ...listed.items.map((item) => item.apiVersion)]).toEqual(['helm.toolkit.fluxcd.io/v2beta1', 'helm.toolkit.fluxcd.io/v2beta1']);
      const watched = await call('/apis/helm.toolkit.fluxcd.io/v2beta1/helmreleases?watch=true&timeoutSeconds=1');
      const events = watched.text.trim().split('\n').map((line) => JSON.parse(line) as { type: string; object: { apiVersion: string } });
      expect(events.map((event) => `${event.type} ${event.object.apiVersion}`)).toEqual(['ADDED helm.toolkit.fluxcd.io/v2beta1']);
    });
  });
});

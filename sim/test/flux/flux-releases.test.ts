import { afterEach, describe, expect, it } from 'vitest';
import { generateClusterObjects, seedCluster } from '../../src/flux/fleet-generator.js';
import { FluxControllerSimulator } from '../../src/flux/flux-controller-simulator.js';
import { applyManifests } from '../../src/flux/manifest-loader.js';
import { DEFAULT_FLUX_RELEASE, FLUX_RELEASES, findFluxRelease, servedVersionsOf } from '../../src/flux/flux-releases.js';
import { MemoryObjectStore } from '../../src/store/memory-object-store.js';
import { MemoryPodLogStore } from '../../src/store/memory-pod-log-store.js';
import type { KubeObject } from '../../src/store/types.js';
import { SERVED } from './flux-release-table.js';
import { condition } from './flux-test-helpers.js';

const now = new Date('2025-06-01T12:00:00Z');
const isFlux = (object: KubeObject) => /fluxcd\.(io|controlplane\.io)\//.test(object.apiVersion);

const simulators: FluxControllerSimulator[] = [];
afterEach(() => {
  for (const simulator of simulators.splice(0)) simulator.stop();
});

describe('Flux release profiles', () => {
  it('are found by minor or exact version, and an unknown one names the known releases', () => {
    expect(findFluxRelease('2.6')).toBe(findFluxRelease('2.6.4'));
    expect(findFluxRelease('v2.6.4')).toBe(findFluxRelease(' 2.6 '));
    expect(findFluxRelease('2.6').version).toBe('v2.6.4');
    expect(() => findFluxRelease('2.6.1')).toThrow(/unknown Flux release "2\.6\.1".*2\.0 \(v2\.0\.1\).*2\.6 \(v2\.6\.4\).*2\.9 \(v2\.9\.0\)/);
    expect(() => findFluxRelease('3.0')).toThrow(/unknown Flux release "3\.0"/);
    expect(FLUX_RELEASES.map((release) => release.minor)).toEqual(Object.keys(SERVED));
    expect(DEFAULT_FLUX_RELEASE.minor).toBe('2.7');
  });

  it('serve exactly the versions each release served, storage version first', () => {
    for (const [minor, expected] of Object.entries(SERVED)) {
      const release = findFluxRelease(minor);
      for (const [kind, versions] of Object.entries(expected)) expect(servedVersionsOf(release, kind), `${minor} ${kind}`).toEqual(versions);
    }
  });

  it('have ExternalArtifact and ArtifactGenerator from 2.7, and the operator kinds only where the operator runs', () => {
    for (const release of FLUX_RELEASES) {
      const minor = Number(release.minor.split('.')[1]);
      expect(servedVersionsOf(release, 'ExternalArtifact'), release.version).toEqual(minor >= 7 ? ['v1'] : []);
      expect(servedVersionsOf(release, 'ArtifactGenerator'), release.version).toEqual(minor >= 7 ? ['v1beta1'] : []);
      expect(release.components.some((component) => component.name === 'source-watcher'), release.version).toBe(minor >= 7);
      const operator = release.operator;
      expect(servedVersionsOf(release, 'FluxReport').length > 0, release.version).toBe(operator?.reports === true);
      expect(servedVersionsOf(release, 'ResourceSet').length > 0, release.version).toBe(operator?.resourceSets === true);
      expect(servedVersionsOf(release, 'ResourceSetInputProvider').length > 0, release.version).toBe(operator?.resourceSets === true);
      expect(release.features.helmReleaseChartRef, release.version).toBe(minor >= 3);
      expect(release.features.helmReleaseInventory, release.version).toBe(minor >= 8);
    }
    // Flux 2.2 came with `flux bootstrap`; 2.3 with an operator that reports but has no ResourceSets yet.
    expect(findFluxRelease('2.2').operator).toBeUndefined();
    expect(findFluxRelease('2.3').operator).toMatchObject({ reports: true, resourceSets: false });
  });

  it('run the controllers each release shipped', () => {
    const versions = (minor: string) => Object.fromEntries(findFluxRelease(minor).components.map((component) => [component.name, component.version]));
    expect(versions('2.6')).toMatchObject({ 'source-controller': 'v1.6.2', 'helm-controller': 'v1.3.0', 'notification-controller': 'v1.6.0' });
    expect(versions('2.7')).toMatchObject({ 'source-controller': 'v1.7.0', 'kustomize-controller': 'v1.7.0', 'notification-controller': 'v1.7.1', 'helm-controller': 'v1.4.0', 'source-watcher': 'v2.0.1' });
    expect(versions('2.9')).toMatchObject({ 'source-controller': 'v1.9.1', 'helm-controller': 'v1.6.1' });
    expect(versions('2.2')).toMatchObject({ 'source-controller': expect.stringMatching(/^v1\.2\./), 'helm-controller': expect.stringMatching(/^v0\.37\./), 'image-reflector-controller': expect.stringMatching(/^v0\.31\./) });
  });
});

describe('generated clusters per release', () => {
  it('hold only kinds the release serves, at their storage version, run by its controllers', () => {
    for (const release of FLUX_RELEASES) {
      const objects = generateClusterObjects({ clusterName: 'mixed', objects: 300, seed: 5, now, fluxVersion: release.version });
      const flux = objects.filter(isFlux);
      expect(flux, release.version).toHaveLength(300);
      for (const object of flux) expect(object.apiVersion, `${release.version} ${object.kind}`).toBe(`${object.apiVersion.split('/')[0]}/${servedVersionsOf(release, object.kind)[0]}`);
      const minor = Number(release.minor.split('.')[1]);
      const count = (kind: string) => flux.filter((object) => object.kind === kind).length;
      expect(count('ArtifactGenerator') > 0 && count('ExternalArtifact') > 0, release.version).toBe(minor >= 7);
      expect(count('FluxReport'), release.version).toBe(release.operator?.reports ? 1 : 0);
      expect(count('FluxInstance'), release.version).toBe(release.operator ? 1 : 0);
      const chartRefs = flux.filter((object) => object.kind === 'HelmRelease' && object.spec?.chartRef !== undefined);
      expect(chartRefs.length > 0, release.version).toBe(minor >= 3);
      for (const helmRelease of chartRefs) expect(flux.some((object) => object.kind === 'OCIRepository' && object.metadata.name === (helmRelease.spec?.chartRef as { name: string }).name)).toBe(true);

      const deployments = objects.filter((object) => object.kind === 'Deployment' && object.metadata.namespace === 'flux-system');
      expect(deployments.map((deployment) => deployment.metadata.name).sort(), release.version).toEqual(
        [...release.components.map((component) => component.name), ...(release.operator ? ['flux-operator'] : [])].sort(),
      );
      for (const component of release.components) {
        const deployment = deployments.find((candidate) => candidate.metadata.name === component.name);
        expect(deployment?.metadata.labels?.['app.kubernetes.io/version'], component.name).toBe(release.version);
        expect(JSON.stringify(deployment?.spec), component.name).toContain(`${component.image}:${component.version}`);
      }
      const leases = objects.filter((object) => object.kind === 'Lease').map((lease) => lease.metadata.name);
      expect(leases.sort()).toEqual(release.components.map((component) => `${component.name}-leader-election`).sort());
    }
  });

  it("report the release in the FluxReport, with the release's components", () => {
    const objects = generateClusterObjects({ clusterName: 'dev', objects: 60, seed: 1, now, fluxVersion: '2.9' });
    const spec = objects.find((object) => object.kind === 'FluxReport')?.spec as { distribution: { version: string }; operator: { version: string }; components: { name: string; image: string }[]; reconcilers: { apiVersion: string; kind: string }[] };
    expect(spec.distribution.version).toBe('v2.9.0');
    expect(spec.operator.version).toBe(findFluxRelease('2.9').operator?.version);
    expect(spec.components.map((component) => component.name)).toContain('source-watcher');
    expect(spec.components.find((component) => component.name === 'helm-controller')?.image).toMatch(/^ghcr\.io\/fluxcd\/helm-controller:v1\.6\.1@sha256:/);
    expect(spec.reconcilers.find((entry) => entry.kind === 'Alert')?.apiVersion).toBe('notification.toolkit.fluxcd.io/v1beta3');
    expect((objects.find((object) => object.kind === 'FluxInstance')?.spec?.distribution as { version: string }).version).toBe('2.9.x');
  });

  it('give HelmReleases the status shape of their API: v2beta1 on 2.0, an inventory from 2.8', () => {
    const helmReleases = (fluxVersion: string) => generateClusterObjects({ clusterName: 'helm', objects: 200, seed: 9, now, fluxVersion }).filter((object) => object.kind === 'HelmRelease');
    for (const release of helmReleases('2.0')) {
      expect(release.apiVersion).toBe('helm.toolkit.fluxcd.io/v2beta1');
      expect(release.status?.history, release.metadata.name).toBeUndefined();
      expect(release.status?.lastReleaseRevision, release.metadata.name).toEqual(expect.any(Number));
      expect(release.status?.lastAttemptedValuesChecksum, release.metadata.name).toMatch(/^[0-9a-f]{40}$/);
    }
    expect(helmReleases('2.0').some((release) => typeof release.status?.lastAppliedRevision === 'string')).toBe(true);
    for (const release of helmReleases('2.7')) expect(release.status?.inventory, release.metadata.name).toBeUndefined();
    for (const release of helmReleases('2.8')) {
      const entries = (release.status?.inventory as { entries: { id: string }[] }).entries.map((entry) => entry.id);
      const prefix = `${String(release.spec?.targetNamespace)}_${release.metadata.name}`;
      expect(entries).toEqual([`${prefix}__Service`, `${prefix}_apps_Deployment`]);
    }
  });

  it('seed stores that need no reconciling, on the oldest and the newest release', () => {
    for (const fluxVersion of ['2.0', '2.7', '2.9']) {
      const store = new MemoryObjectStore();
      seedCluster(store, generateClusterObjects({ clusterName: 'quiet', objects: 150, seed: 2, now, fluxVersion }));
      // An ExternalArtifact's consumer applies the artifact's revision.
      for (const ks of store.list('kustomize.toolkit.fluxcd.io/kustomizations').items.filter((object) => (object.spec?.sourceRef as { kind: string }).kind === 'ExternalArtifact')) {
        const artifact = store.get('source.toolkit.fluxcd.io/externalartifacts', 'flux-system', (ks.spec?.sourceRef as { name: string }).name);
        expect(condition(ks, 'Ready')?.status === 'False' || ks.status?.lastAppliedRevision === (artifact?.status?.artifact as { revision: string }).revision, ks.metadata.name).toBe(true);
      }
      const simulator = new FluxControllerSimulator({ store, logs: new MemoryPodLogStore(), reconcileDelayMs: 5 });
      simulators.push(simulator);
      const resourceVersion = store.currentResourceVersion();
      simulator.start();
      expect(simulator.pendingReconciles(), fluxVersion).toBe(0);
      expect(store.currentResourceVersion(), fluxVersion).toBe(resourceVersion);
    }
  });
});

describe('manifests loaded into a cluster of a release', () => {
  it('are refused, as its API server would, when they use a version the release does not serve', () => {
    const store = new MemoryObjectStore();
    const helmRelease = (apiVersion: string) => `apiVersion: ${apiVersion}\nkind: HelmRelease\nmetadata:\n  name: podinfo\n  namespace: flux-system\nspec:\n  interval: 5m\n`;
    expect(() => applyManifests(store, helmRelease('helm.toolkit.fluxcd.io/v2'), { fluxRelease: findFluxRelease('2.2') })).toThrow(
      'document 1: no matches for kind "HelmRelease" in version "helm.toolkit.fluxcd.io/v2": Flux v2.2.3 serves it as v2beta2, v2beta1',
    );
    expect(() => applyManifests(store, 'apiVersion: source.extensions.fluxcd.io/v1beta1\nkind: ArtifactGenerator\nmetadata:\n  name: gen\n', { fluxRelease: findFluxRelease('2.6') })).toThrow(/Flux v2\.6\.4 does not serve ArtifactGenerator/);
    const [stored] = applyManifests(store, helmRelease('helm.toolkit.fluxcd.io/v2beta2'), { fluxRelease: findFluxRelease('2.2') });
    expect(stored?.apiVersion).toBe('helm.toolkit.fluxcd.io/v2beta2');
  });
});

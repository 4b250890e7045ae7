import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CustomObjectsApi, KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClusterObjects, seedCluster } from '../../src/flux/fleet-generator.js';
import { FLUX_RELEASES, findFluxRelease } from '../../src/flux/flux-releases.js';
import { buildKubeconfig } from '../../src/kube/kubeconfig.js';
import { fluxGroupVersions } from '../flux/flux-release-table.js';
import { ADMIN_TOKEN, startKubeTestCluster, type KubeTestCluster } from './kube-test-cluster.js';

const now = new Date('2025-06-01T12:00:00Z');

/** A cluster of `fluxVersion` holding a small generated fleet of that release. */
function startReleaseCluster(fluxVersion: string): Promise<KubeTestCluster> {
  return startKubeTestCluster(
    { fluxRelease: fluxVersion },
    { populate: (store) => void seedCluster(store, generateClusterObjects({ clusterName: `flux-${fluxVersion}`, objects: 40, seed: 1, now, fluxVersion })) },
  );
}

/** kubectl's table output as rows of columns (header first). */
function rows(stdout: string): string[][] {
  return stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.trim().split(/\s+/));
}

const LEGACY_RELEASE = `apiVersion: helm.toolkit.fluxcd.io/v2beta1
kind: HelmRelease
metadata:
  name: legacy
  namespace: flux-system
spec:
  interval: 10m
  chart:
    spec:
      chart: podinfo
      version: '6.x'
      sourceRef:
        kind: HelmRepository
        name: podinfo
`;

describe('Flux releases seen through kubectl', () => {
  const clusters = new Map<string, KubeTestCluster>();
  const cluster = (minor: string): KubeTestCluster => clusters.get(minor)!;

  beforeAll(async () => {
    for (const release of FLUX_RELEASES) clusters.set(release.minor, await startReleaseCluster(release.minor));
  });
  afterAll(async () => {
    await Promise.all([...clusters.values()].map((each) => each.close()));
  });

  it("kubectl api-versions lists exactly each release's Flux API versions", async () => {
    for (const release of FLUX_RELEASES) {
      const result = await cluster(release.minor).kubectl(['api-versions']);
      expect(result.code, result.stderr).toBe(0);
      const flux = result.stdout.trim().split('\n').filter((line) => /fluxcd\.(io|controlplane\.io)\//.test(line));
      expect(flux, release.version).toEqual(fluxGroupVersions(release.minor, { operator: release.operator !== undefined }));
    }
  });

  it('kubectl api-resources shows HelmRelease at the newest version the release serves', async () => {
    for (const [minor, preferred] of [['2.0', 'v2beta1'], ['2.2', 'v2beta2'], ['2.6', 'v2'], ['2.9', 'v2']] as const) {
      const result = await cluster(minor).kubectl(['api-resources', '--api-group=helm.toolkit.fluxcd.io']);
      expect(result.code, result.stderr).toBe(0);
      expect(rows(result.stdout).slice(1), minor).toEqual([['helmreleases', 'hr', `helm.toolkit.fluxcd.io/${preferred}`, 'true', 'HelmRelease']]);
    }
    const crd = await cluster('2.2').kubectl(['get', 'crd', 'helmreleases.helm.toolkit.fluxcd.io', '-o', 'jsonpath={range .spec.versions[*]}{.name}={.storage} {end}']);
    expect(crd.stdout.trim()).toBe('v2beta2=true v2beta1=false');
  });

  it('applies a helm.toolkit.fluxcd.io/v2beta1 HelmRelease on Flux 2.2 and stores it at v2beta2', async () => {
    const path = join(cluster('2.2').dir, 'legacy-release.yaml');
    await writeFile(path, LEGACY_RELEASE);
    const applied = await cluster('2.2').kubectl(['apply', '-f', path]);
    expect(applied.stderr).toBe('');
    expect(applied.stdout.trim()).toBe('helmrelease.helm.toolkit.fluxcd.io/legacy created');
    const asApplied = await cluster('2.2').kubectl(['get', 'helmreleases.v2beta1.helm.toolkit.fluxcd.io', 'legacy', '-n', 'flux-system', '-o', 'jsonpath={.apiVersion} {.spec.chart.spec.version}']);
    expect(asApplied.stdout).toBe('helm.toolkit.fluxcd.io/v2beta1 6.x');
    expect(cluster('2.2').store.get('helm.toolkit.fluxcd.io/helmreleases', 'flux-system', 'legacy')?.apiVersion).toBe('helm.toolkit.fluxcd.io/v2beta2');
    // Applying it again is a no-op patch of the same object, through the same version.
    const again = await cluster('2.2').kubectl(['apply', '-f', path]);
    expect(again.stdout.trim()).toBe('helmrelease.helm.toolkit.fluxcd.io/legacy unchanged');
  });

  it('refuses the same manifest on Flux 2.9, which no longer serves v2beta1', async () => {
    const path = join(cluster('2.9').dir, 'legacy-release.yaml');
    await writeFile(path, LEGACY_RELEASE);
    const refused = await cluster('2.9').kubectl(['apply', '-f', path]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('no matches for kind "HelmRelease" in version "helm.toolkit.fluxcd.io/v2beta1"');
    expect(cluster('2.9').store.get('helm.toolkit.fluxcd.io/helmreleases', 'flux-system', 'legacy')).toBeUndefined();
  });

  it("refuses a kind at a version its release does not serve, in a group-version served for other kinds, as kubectl's mapping does", async () => {
    // Flux 2.0 serves source.toolkit.fluxcd.io/v1 for GitRepository only. kubectl finds no
    // OCIRepository in that group-version's v3 document, so it reads /openapi/v2 (in protobuf)
    // to decide about validation, and then reports the missing mapping.
    const manifests = {
      OCIRepository: { interval: '5m', url: 'oci://ghcr.io/stefanprodan/manifests/podinfo', ref: { tag: 'latest' } },
      HelmRepository: { interval: '1h', url: 'https://stefanprodan.github.io/podinfo' },
    };
    const v2Reads = cluster('2.0').server.counters.get('get', '/openapi/v2');
    for (const [kind, spec] of Object.entries(manifests)) {
      const path = join(cluster('2.0').dir, `${kind}-v1.json`);
      await writeFile(path, JSON.stringify({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind, metadata: { name: 'podinfo', namespace: 'flux-system' }, spec }));
      const refused = await cluster('2.0').kubectl(['apply', '-f', path]);
      expect(refused.code, kind).not.toBe(0);
      expect(refused.stderr).not.toContain('failed to download openapi');
      expect(refused.stderr).toContain(`no matches for kind "${kind}" in version "source.toolkit.fluxcd.io/v1"`);
      expect(refused.stderr).toContain('ensure CRDs are installed first');
    }
    expect(cluster('2.0').server.counters.get('get', '/openapi/v2')).toBeGreaterThan(v2Reads);
    expect(cluster('2.0').store.get('source.toolkit.fluxcd.io/ocirepositories', 'flux-system', 'podinfo')).toBeUndefined();
  });

  it('answers a get for a served version in that version', async () => {
    const name = cluster('2.7').store.list('helm.toolkit.fluxcd.io/helmreleases').items[0]!.metadata.name;
    const get = (minor: string, resource: string) => cluster(minor).kubectl(['get', resource, name, '-n', 'flux-system', '-o', 'jsonpath={.apiVersion}']);
    // Flux 2.7 prefers v2; the fully qualified resource asks for v2beta2 and gets it.
    expect((await get('2.7', 'helmreleases.v2beta2.helm.toolkit.fluxcd.io')).stdout).toBe('helm.toolkit.fluxcd.io/v2beta2');
    expect((await get('2.7', 'helmrelease.v2beta2.helm.toolkit.fluxcd.io')).stdout).toBe('helm.toolkit.fluxcd.io/v2beta2');
    // kubectl expands a short name to group + resource and drops the version (client-go's
    // shortcut expander does so against any API server), so `hr.v2beta2...` asks for the
    // preferred version. Where that is v2beta2 (Flux 2.2), the short name gives v2beta2.
    expect((await get('2.7', 'hr.v2beta2.helm.toolkit.fluxcd.io')).stdout).toBe('helm.toolkit.fluxcd.io/v2');
    const on22 = cluster('2.2').store.list('helm.toolkit.fluxcd.io/helmreleases').items[0]!.metadata.name;
    const short = await cluster('2.2').kubectl(['get', 'hr.v2beta2.helm.toolkit.fluxcd.io', on22, '-n', 'flux-system', '-o', 'jsonpath={.apiVersion}']);
    expect(short.stdout).toBe('helm.toolkit.fluxcd.io/v2beta2');
  });

  it('has no ArtifactGenerator before Flux 2.7', async () => {
    const missing = await cluster('2.6').kubectl(['get', 'artifactgenerators', '-A']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('the server doesn\'t have a resource type "artifactgenerators"');
    const none = await cluster('2.6').kubectl(['api-resources', '--api-group=source.extensions.fluxcd.io', '-o', 'name']);
    expect(none.stdout.trim()).toBe('');
    const present = await cluster('2.7').kubectl(['get', 'artifactgenerators', '-n', 'flux-system', '-o', 'name']);
    expect(present.code, present.stderr).toBe(0);
    expect(present.stdout).toMatch(/^artifactgenerator\.source\.extensions\.fluxcd\.io\//);
  });

  it("reports the release's version in the FluxReport and on its controllers, only where the operator runs", async () => {
    const report = await cluster('2.6').kubectl(['get', 'fluxreport', 'flux', '-n', 'flux-system', '-o', 'jsonpath={.spec.distribution.version}']);
    expect(report.stdout).toBe('v2.6.4');
    const labels = await cluster('2.6').kubectl(['get', 'deployments', '-n', 'flux-system', '-l', 'app.kubernetes.io/part-of=flux', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.metadata.labels.app\\.kubernetes\\.io/version} {end}']);
    expect(labels.stdout.trim().split(' ').sort()).toEqual(findFluxRelease('2.6').components.map((component) => `${component.name}=v2.6.4`).sort());
    const images = await cluster('2.6').kubectl(['get', 'pods', '-n', 'flux-system', '-l', 'app=helm-controller', '-o', 'jsonpath={.items[0].spec.containers[0].image}']);
    expect(images.stdout).toBe('ghcr.io/fluxcd/helm-controller:v1.3.0');
    const withoutOperator = await cluster('2.2').kubectl(['get', 'fluxreports', '-A']);
    expect(withoutOperator.stderr).toContain('the server doesn\'t have a resource type "fluxreports"');
    const versionOn22 = await cluster('2.2').kubectl(['get', 'deployment', 'kustomize-controller', '-n', 'flux-system', '-o', 'jsonpath={.metadata.labels.app\\.kubernetes\\.io/version}']);
    expect(versionOn22.stdout).toBe('v2.2.3');
  });

  it('@kubernetes/client-node lists a 2.2 cluster\'s HelmReleases at v2beta2 and v2beta1, and gets a 404 at v2', async () => {
    const config = new KubeConfig();
    config.loadFromString(buildKubeconfig({ name: 'flux-2.2', server: cluster('2.2').server.url, caPem: cluster('2.2').server.caPem, credential: { token: ADMIN_TOKEN } }));
    const api = config.makeApiClient(CustomObjectsApi);
    const list = async (version: string) => (await api.listClusterCustomObject({ group: 'helm.toolkit.fluxcd.io', version, plural: 'helmreleases' })) as KubernetesListObject<KubernetesObject>;
    for (const version of ['v2beta2', 'v2beta1']) {
      const listed = await list(version);
      expect(listed.items.length, version).toBeGreaterThan(0);
      expect(new Set(listed.items.map((item) => item.apiVersion)), version).toEqual(new Set([`helm.toolkit.fluxcd.io/${version}`]));
    }
    await expect(list('v2')).rejects.toMatchObject({ code: 404 });
  });
});

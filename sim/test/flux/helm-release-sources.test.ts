import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/store/types.js';
import { fluxApiClusterPerTest, type FluxApiCluster } from './flux-api-cluster.js';
import { condition, HELMCHART, HR, OCIREPO, waitFor, waitForReady } from './flux-test-helpers.js';

const cluster = fluxApiClusterPerTest();

const PODINFO_REPOSITORY = `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 1h
  url: https://stefanprodan.github.io/podinfo
`;

/** Waits for a Ready=False message: the first attempt may find the HelmChart not yet reconciled at all. */
function waitForMessage(api: FluxApiCluster, namespace: string, name: string, reason: string, message: string): Promise<KubeObject> {
  return waitFor(() => {
    const release = api.store.get(HR, namespace, name);
    const ready = condition(release, 'Ready');
    return ready?.status === 'False' && ready.reason === reason && ready.message === message && release;
  }, `${name}: ${message}`);
}

function history(release: KubeObject): Array<Record<string, unknown>> {
  return (release.status?.history ?? []) as Array<Record<string, unknown>>;
}

describe('HelmRelease sources', () => {
  it('creates its HelmChart from spec.chart and installs the version the chart resolved; a new range upgrades', async () => {
    const api = await cluster();
    await api.create(`${PODINFO_REPOSITORY}---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: apps
spec:
  interval: 10m
  chart:
    spec:
      chart: podinfo
      version: "6.5.x"
      sourceRef:
        kind: HelmRepository
        name: podinfo
        namespace: flux-system
`);
    const installed = await waitForReady(api.store, HR, 'apps', 'podinfo', 'True', 'InstallSucceeded');
    const chart = await api.getJson('helmcharts', 'flux-system', 'apps-podinfo');
    expect(chart.spec).toMatchObject({ chart: 'podinfo', version: '6.5.x', sourceRef: { kind: 'HelmRepository', name: 'podinfo' }, reconcileStrategy: 'ChartVersion' });
    expect(chart.metadata.labels).toMatchObject({ 'helm.toolkit.fluxcd.io/name': 'podinfo', 'helm.toolkit.fluxcd.io/namespace': 'apps' });
    const chartVersion = (chart.status?.artifact as { revision: string }).revision;
    expect(chartVersion).toBe('6.5.4');
    expect(history(installed)[0]).toMatchObject({ chartName: 'podinfo', chartVersion, status: 'deployed', version: 1 });
    expect(installed.status).toMatchObject({ lastAttemptedRevision: chartVersion, helmChart: 'flux-system/apps-podinfo' });
    expect(condition(installed, 'Ready')?.message).toBe(`Helm install succeeded for release apps/podinfo.v1 with chart podinfo@${chartVersion}`);

    await api.run(['patch', 'helmrelease', 'podinfo', '-n', 'apps', '--type', 'merge', '-p', '{"spec":{"chart":{"spec":{"version":">=6.6.0"}}}}']);
    const upgraded = await waitForReady(api.store, HR, 'apps', 'podinfo', 'True', 'UpgradeSucceeded');
    expect(history(upgraded).map((entry) => `${entry.chartVersion}:${entry.status}`)).toEqual(['6.7.1:deployed', '6.5.4:superseded']);
    expect(api.store.get(HELMCHART, 'flux-system', 'apps-podinfo')?.spec?.version).toBe('>=6.6.0');
    const seen = await api.getJson('helmreleases', 'apps', 'podinfo');
    expect(seen.status?.lastAttemptedRevision).toBe('6.7.1');

    // Deleting the release deletes its HelmChart, as helm-controller does.
    await api.run(['delete', 'helmrelease', 'podinfo', '-n', 'apps']);
    await waitFor(() => api.store.get(HELMCHART, 'flux-system', 'apps-podinfo') === undefined, 'HelmChart deleted');
  });

  it('waits with SourceNotReady while its chart cannot be pulled, and installs once it can', async () => {
    const api = await cluster();
    api.simulator.setUnreachable('https://stefanprodan.github.io/podinfo');
    await api.create(`${PODINFO_REPOSITORY}---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 10m
  chart:
    spec:
      chart: podinfo
      sourceRef:
        kind: HelmRepository
        name: podinfo
`);
    const waiting = await waitForMessage(api, 'flux-system', 'podinfo', 'SourceNotReady', "HelmChart 'flux-system/flux-system-podinfo' is not ready: no artifact available for HelmRepository source 'podinfo'");
    expect(waiting.status?.history).toBeUndefined();
    api.simulator.setUnreachable('https://stefanprodan.github.io/podinfo', false);
    const installed = await waitForReady(api.store, HR, 'flux-system', 'podinfo', 'True', 'InstallSucceeded');
    expect(history(installed)[0]).toMatchObject({ chartName: 'podinfo', chartVersion: '6.7.1' });
  });

  it('reports a chart version the index lacks through its HelmChart, and a missing chartRef source as ArtifactFailed', async () => {
    const api = await cluster();
    await api.create(`${PODINFO_REPOSITORY}---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: future
  namespace: flux-system
spec:
  interval: 10m
  chart:
    spec:
      chart: podinfo
      version: ">=99"
      sourceRef:
        kind: HelmRepository
        name: podinfo
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: orphan
  namespace: flux-system
spec:
  interval: 10m
  chartRef:
    kind: OCIRepository
    name: nowhere
`);
    const future = await waitForMessage(
      api,
      'flux-system',
      'future',
      'SourceNotReady',
      "HelmChart 'flux-system/flux-system-future' is not ready: invalid chart reference: failed to get chart version for remote reference: no 'podinfo' chart with version matching '>=99' found",
    );
    expect(future.status?.history).toBeUndefined();
    const orphan = await waitForReady(api.store, HR, 'flux-system', 'orphan', 'False', 'ArtifactFailed');
    expect(condition(orphan, 'Ready')?.message).toBe('could not get Source object: ocirepositories.source.toolkit.fluxcd.io "nowhere" not found');
  });

  it('installs from an OCIRepository chartRef with the tag the range resolved, the digest appended', async () => {
    const api = await cluster();
    await api.create(`apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 10m
  url: oci://ghcr.io/stefanprodan/charts/podinfo
  layerSelector:
    mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
    operation: copy
  ref:
    semver: "6.6.x"
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: apps
spec:
  interval: 10m
  chartRef:
    kind: OCIRepository
    name: podinfo
    namespace: flux-system
`);
    const installed = await waitForReady(api.store, HR, 'apps', 'podinfo', 'True', 'InstallSucceeded');
    const revision = (api.store.get(OCIREPO, 'flux-system', 'podinfo')!.status?.artifact as { revision: string }).revision;
    expect(revision).toMatch(/^6\.6\.3@sha256:[0-9a-f]{64}$/);
    const digest = revision.split('@')[1]!;
    const chartVersion = `6.6.3+${digest.slice('sha256:'.length, 'sha256:'.length + 12)}`;
    expect(history(installed)[0]).toMatchObject({ chartName: 'podinfo', chartVersion });
    expect(installed.status).toMatchObject({ lastAttemptedRevision: chartVersion, lastAttemptedRevisionDigest: digest });
    expect(installed.status?.helmChart).toBeUndefined();
  });

  it('installs cert-manager at a cert-manager version, from its OCI chart or its Helm repository (not the generic list)', async () => {
    const api = await cluster();
    await api.create(`apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: cert-manager
  namespace: flux-system
spec:
  interval: 24h
  url: oci://quay.io/jetstack/charts/cert-manager
  layerSelector:
    mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
    operation: copy
  ref:
    semver: ">= 1.8.0"
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: cert-manager
  namespace: flux-system
spec:
  interval: 10m
  chartRef:
    kind: OCIRepository
    name: cert-manager
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: jetstack
  namespace: flux-system
spec:
  interval: 24h
  url: https://charts.jetstack.io
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: cert-manager-classic
  namespace: flux-system
spec:
  interval: 10m
  chart:
    spec:
      chart: cert-manager
      version: 1.x
      sourceRef:
        kind: HelmRepository
        name: jetstack
`);
    const oci = await waitForReady(api.store, HR, 'flux-system', 'cert-manager', 'True', 'InstallSucceeded');
    const revision = (await api.getJson('ocirepositories', 'flux-system', 'cert-manager')).status?.artifact as { revision: string };
    expect(revision.revision).toMatch(/^v1\.16\.1@sha256:/);
    expect(condition(oci, 'Ready')?.message).toMatch(/with chart cert-manager@1\.16\.1\+[0-9a-f]{12}$/);
    const classic = await waitForReady(api.store, HR, 'flux-system', 'cert-manager-classic', 'True', 'InstallSucceeded');
    expect(condition(classic, 'Ready')?.message).toBe('Helm install succeeded for release flux-system/cert-manager-classic.v1 with chart cert-manager@v1.16.1');
  });

  it('reports a missing dependency with helm-controller words', async () => {
    const api = await cluster();
    await api.create(`${PODINFO_REPOSITORY}---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: frontend
  namespace: apps
spec:
  interval: 10m
  dependsOn:
    - name: backend
  chart:
    spec:
      chart: podinfo
      sourceRef:
        kind: HelmRepository
        name: podinfo
        namespace: flux-system
`);
    const waiting = await waitForReady(api.store, HR, 'apps', 'frontend', 'False', 'DependencyNotReady');
    expect(condition(waiting, 'Ready')?.message).toBe(`unable to get 'apps/backend' dependency: helmreleases.helm.toolkit.fluxcd.io "backend" not found`);
    await api.create(`apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: backend
  namespace: apps
spec:
  interval: 10m
  chart:
    spec:
      chart: podinfo
      sourceRef:
        kind: HelmRepository
        name: podinfo
        namespace: flux-system
`);
    await waitForReady(api.store, HR, 'apps', 'frontend', 'True', 'InstallSucceeded');
  });
});

import { describe, expect, it } from 'vitest';
import { fluxApiClusterPerTest } from './flux-api-cluster.js';
import { condition, GIT, HELMCHART, HELMREPO, OCIREPO, waitForReady } from './flux-test-helpers.js';

const cluster = fluxApiClusterPerTest();

describe('published versions', () => {
  it('resolves an OCIRepository semver range to the highest published tag, and reports a range nothing matches', async () => {
    const api = await cluster();
    await api.create(`apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 5m
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  ref:
    semver: ">= 1.8.0"
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: podinfo-6-5
  namespace: flux-system
spec:
  interval: 5m
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  ref:
    semver: "6.5.x"
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: podinfo-future
  namespace: flux-system
spec:
  interval: 5m
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  ref:
    semver: ">=99"
`);
    await waitForReady(api.store, OCIREPO, 'flux-system', 'podinfo', 'True');
    const latest = await api.getJson('ocirepositories', 'flux-system', 'podinfo');
    const revision = (latest.status?.artifact as { revision: string }).revision;
    expect(revision).toMatch(/^6\.7\.1@sha256:[0-9a-f]{64}$/);
    expect(condition(latest, 'Ready')?.message).toBe(`stored artifact for digest '${revision}'`);
    expect(((await waitForReady(api.store, OCIREPO, 'flux-system', 'podinfo-6-5', 'True')).status?.artifact as { revision: string }).revision).toMatch(/^6\.5\.4@sha256:/);

    const none = await waitForReady(api.store, OCIREPO, 'flux-system', 'podinfo-future', 'False', 'ReadOperationFailed');
    expect(condition(none, 'Ready')?.message).toBe(`failed to determine the artifact tag for 'oci://ghcr.io/stefanprodan/manifests/podinfo': no match found for semver: >=99`);
    expect(none.status?.artifact).toBeUndefined();
  });

  it('resolves a GitRepository semver ref to a tag revision', async () => {
    const api = await cluster();
    await api.create(`apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: tagged
  namespace: flux-system
spec:
  interval: 5m
  url: https://github.com/acme/tagged
  ref:
    semver: ">=2.0.0 <3.0.0"
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 5m
  url: https://github.com/stefanprodan/podinfo
  ref:
    semver: ">=6.0.0 <6.6.0"
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmChart
metadata:
  name: podinfo-from-git
  namespace: flux-system
spec:
  interval: 5m
  chart: ./charts/podinfo
  sourceRef:
    kind: GitRepository
    name: podinfo
`);
    const ready = await waitForReady(api.store, GIT, 'flux-system', 'tagged', 'True');
    expect((ready.status?.artifact as { revision: string }).revision).toMatch(/^v2\.2\.1@sha1:[0-9a-f]{40}$/);
    // podinfo tags its releases without a `v`, the chart versions' numbers.
    const podinfo = await waitForReady(api.store, GIT, 'flux-system', 'podinfo', 'True');
    expect((podinfo.status?.artifact as { revision: string }).revision).toMatch(/^6\.5\.4@sha1:[0-9a-f]{40}$/);
    // A chart packaged from that tag is that release's chart.
    const packaged = await waitForReady(api.store, HELMCHART, 'flux-system', 'podinfo-from-git', 'True');
    expect((packaged.status?.artifact as { revision: string }).revision).toBe('6.5.4');
  });

  it('pulls the HelmChart version a range selects, and stalls on a version the index lacks', async () => {
    const api = await cluster();
    await api.create(`apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 1h
  url: https://stefanprodan.github.io/podinfo
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmChart
metadata:
  name: podinfo-6
  namespace: flux-system
spec:
  interval: 1h
  chart: podinfo
  version: "6.x"
  sourceRef:
    kind: HelmRepository
    name: podinfo
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmChart
metadata:
  name: podinfo-99
  namespace: flux-system
spec:
  interval: 1h
  chart: podinfo
  version: ">=99"
  sourceRef:
    kind: HelmRepository
    name: podinfo
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmChart
metadata:
  name: nginx
  namespace: flux-system
spec:
  interval: 1h
  chart: nginx
  sourceRef:
    kind: HelmRepository
    name: podinfo
`);
    await waitForReady(api.store, HELMCHART, 'flux-system', 'podinfo-6', 'True', 'ChartPullSucceeded');
    const chart = await api.getJson('helmcharts', 'flux-system', 'podinfo-6');
    const repository = api.store.get(HELMREPO, 'flux-system', 'podinfo')!;
    expect(chart.status).toMatchObject({
      observedChartName: 'podinfo',
      observedSourceArtifactRevision: (repository.status?.artifact as { revision: string }).revision,
      artifact: { revision: '6.7.1', path: 'helmchart/flux-system/podinfo-6/podinfo-6.7.1.tgz' },
    });
    expect(condition(chart, 'Ready')?.message).toBe("pulled 'podinfo' chart with version '6.7.1'");

    const none = await waitForReady(api.store, HELMCHART, 'flux-system', 'podinfo-99', 'False', 'InvalidChartReference');
    expect(condition(none, 'Ready')?.message).toBe("invalid chart reference: failed to get chart version for remote reference: no 'podinfo' chart with version matching '>=99' found");
    expect(condition(none, 'Stalled')).toMatchObject({ status: 'True', reason: 'InvalidChartReference' });
    const missing = await waitForReady(api.store, HELMCHART, 'flux-system', 'nginx', 'False', 'InvalidChartReference');
    expect(condition(missing, 'Ready')?.message).toBe('invalid chart reference: failed to get chart version for remote reference: no chart name found');

    // A spec change is a new generation: the stalled chart resolves the new range.
    await api.run(['patch', 'helmchart', 'podinfo-99', '-n', 'flux-system', '--type', 'merge', '-p', '{"spec":{"version":"~6.3.0"}}']);
    const fixed = await waitForReady(api.store, HELMCHART, 'flux-system', 'podinfo-99', 'True');
    expect((fixed.status?.artifact as { revision: string }).revision).toBe('6.3.6');
    expect(condition(fixed, 'Stalled')).toBeUndefined();
  });

  it('fails a HelmChart whose repository is missing or has no index yet, and follows it when it appears', async () => {
    const api = await cluster();
    await api.create(`apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmChart
metadata:
  name: orphan
  namespace: flux-system
spec:
  interval: 1h
  chart: podinfo
  sourceRef:
    kind: HelmRepository
    name: later
`);
    const missing = await waitForReady(api.store, HELMCHART, 'flux-system', 'orphan', 'False', 'SourceUnavailable');
    expect(condition(missing, 'Ready')?.message).toBe('failed to get source: helmrepositories.source.toolkit.fluxcd.io "later" not found');
    api.simulator.setUnreachable('stefanprodan.github.io');
    await api.create(`apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: later
  namespace: flux-system
spec:
  interval: 1h
  url: https://stefanprodan.github.io/podinfo
`);
    const noIndex = await waitForReady(api.store, HELMCHART, 'flux-system', 'orphan', 'False', 'NoSourceArtifact');
    expect(condition(noIndex, 'Ready')?.message).toBe("no artifact available for HelmRepository source 'later'");
    api.simulator.setUnreachable('stefanprodan.github.io', false);
    const ready = await waitForReady(api.store, HELMCHART, 'flux-system', 'orphan', 'True');
    expect((ready.status?.artifact as { revision: string }).revision).toBe('6.7.1');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startFleet } from '../../src/fleet.js';
import type { SimFleet } from '../../src/fleet.js';
import { createSimulatedFluxCluster } from '../../src/flux/simulated-flux-cluster.js';
import type { SimulatedFluxCluster } from '../../src/flux/simulated-flux-cluster.js';
import { hostOf, SimulatedNetwork } from '../../src/flux/simulated-network.js';
import type { KubeObject } from '../../src/store/types.js';
import { testCa } from '../kube/kube-test-cluster.js';
import { startFluxApiCluster } from './flux-api-cluster.js';
import type { FluxApiCluster } from './flux-api-cluster.js';
import { BUCKET, condition, eventsFor, GIT, HELMCHART, HELMREPO, KS, kustomization, OCIREPO, waitFor, waitForReady } from './flux-test-helpers.js';

const apiClusters: FluxApiCluster[] = [];
const clusters: SimulatedFluxCluster[] = [];
const fleets: SimFleet[] = [];
afterEach(async () => {
  for (const cluster of clusters.splice(0)) cluster.stop();
  await Promise.all(fleets.splice(0).map((fleet) => fleet.stop()));
  await Promise.all(apiClusters.splice(0).map((cluster) => cluster.close()));
});

function source(kind: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'source.toolkit.fluxcd.io/v1', kind, metadata: { name, namespace: 'flux-system' }, spec: { interval: '1m', ...spec } };
}

function simulatedCluster(network = new SimulatedNetwork()): SimulatedFluxCluster {
  const cluster = createSimulatedFluxCluster({ clusterName: `reach-${clusters.length}`, reconcileDelayMs: 5, timeScale: 0.001, network });
  clusters.push(cluster);
  return cluster;
}

describe('unreachable URLs', () => {
  it('fail a GitRepository with GitOperationFailed, retry it, and recover when the host is reachable again (kubectl view)', async () => {
    const cluster = await startFluxApiCluster();
    apiClusters.push(cluster);
    cluster.simulator.setUnreachable('github.com');
    await cluster.create(`apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 1m
  url: https://github.com/stefanprodan/podinfo
  ref:
    branch: master
`);
    const failed = await waitForReady(cluster.store, GIT, 'flux-system', 'podinfo', 'False', 'GitOperationFailed');
    const message =
      `failed to checkout and determine revision: unable to clone 'https://github.com/stefanprodan/podinfo': ` +
      `Get "https://github.com/stefanprodan/podinfo/info/refs?service=git-upload-pack": dial tcp: lookup github.com: no such host`;
    expect(condition(failed, 'Ready')?.message).toBe(message);
    expect(condition(failed, 'Reconciling')?.reason).toBe('ProgressingWithRetry');
    // Retried on its 1m interval (60 ms here): the aggregated Warning event counts the attempts.
    await waitFor(() => Number(eventsFor(cluster.store, 'podinfo').find((event) => event.reason === 'GitOperationFailed')?.count ?? 0) >= 2, 'a retry');
    const seen = await cluster.getJsonWhen('gitrepositories', 'flux-system', 'podinfo', (object) => condition(object, 'Ready')?.status === 'False');
    expect(condition(seen, 'Ready')).toMatchObject({ status: 'False', reason: 'GitOperationFailed', message });

    cluster.simulator.setUnreachable('github.com', false);
    const ready = await waitForReady(cluster.store, GIT, 'flux-system', 'podinfo', 'True', 'Succeeded');
    expect((ready.status?.artifact as { revision: string }).revision).toMatch(/^master@sha1:[0-9a-f]{40}$/);
  });

  it('fails each source kind with its own reason, for a host or a URL prefix', async () => {
    const { store, network } = simulatedCluster();
    network.setUnreachable('https://charts.example.com');
    network.setUnreachable('ghcr.io');
    network.setUnreachable('minio.example.com:9000');
    store.create(HELMREPO, source('HelmRepository', 'charts', { url: 'https://charts.example.com/' }));
    store.create(HELMREPO, source('HelmRepository', 'other', { url: 'https://charts.example.org' }));
    store.create(OCIREPO, source('OCIRepository', 'manifests', { url: 'oci://ghcr.io/stefanprodan/manifests/podinfo', ref: { tag: '6.7.1' } }));
    store.create(OCIREPO, source('OCIRepository', 'ranged', { url: 'oci://ghcr.io/stefanprodan/manifests/podinfo', ref: { semver: '>=6.0.0' } }));
    store.create(BUCKET, source('Bucket', 'bucket', { bucketName: 'manifests', endpoint: 'minio.example.com:9000' }));

    expect(condition(await waitForReady(store, HELMREPO, 'flux-system', 'charts', 'False', 'Failed'), 'Ready')?.message).toBe(
      'failed to fetch Helm repository index: failed to cache index to temporary file: Get "https://charts.example.com/index.yaml": dial tcp: lookup charts.example.com: no such host',
    );
    await waitForReady(store, HELMREPO, 'flux-system', 'other', 'True');
    expect(condition(await waitForReady(store, OCIREPO, 'flux-system', 'manifests', 'False', 'OCIArtifactPullFailed'), 'Ready')?.message).toBe(
      'failed to determine artifact digest: Head "https://ghcr.io/v2/stefanprodan/manifests/podinfo/manifests/6.7.1": dial tcp: lookup ghcr.io: no such host',
    );
    expect(condition(await waitForReady(store, OCIREPO, 'flux-system', 'ranged', 'False', 'ReadOperationFailed'), 'Ready')?.message).toBe(
      `failed to determine the artifact tag for 'oci://ghcr.io/stefanprodan/manifests/podinfo': Get "https://ghcr.io/v2/stefanprodan/manifests/podinfo/tags/list": dial tcp: lookup ghcr.io: no such host`,
    );
    expect(condition(await waitForReady(store, BUCKET, 'flux-system', 'bucket', 'False', 'BucketOperationFailed'), 'Ready')?.message).toBe(
      `failed to confirm existence of 'manifests' bucket: Head "https://minio.example.com:9000/manifests/": dial tcp: lookup minio.example.com: no such host`,
    );

    for (const entry of ['https://charts.example.com', 'ghcr.io', 'minio.example.com']) network.setUnreachable(entry, false);
    await waitForReady(store, HELMREPO, 'flux-system', 'charts', 'True');
    expect((await waitForReady(store, OCIREPO, 'flux-system', 'manifests', 'True')).status?.artifact).toMatchObject({ revision: expect.stringMatching(/^6\.7\.1@sha256:/) });
    expect((await waitForReady(store, OCIREPO, 'flux-system', 'ranged', 'True')).status?.artifact).toMatchObject({ revision: expect.stringMatching(/^6\.7\.1@sha256:/) });
    await waitForReady(store, BUCKET, 'flux-system', 'bucket', 'True');
  });

  it('fails a Ready source at its next interval, keeps its consumers on the last artifact, and is shared by clusters on one network', async () => {
    const network = new SimulatedNetwork();
    const first = simulatedCluster(network);
    const second = simulatedCluster(network);
    for (const { store } of [first, second]) {
      store.create(GIT, source('GitRepository', 'fleet', { url: 'ssh://git@github.com/acme/fleet', ref: { branch: 'main' } }));
      store.create(KS, kustomization('apps'));
    }
    const applied = await waitForReady(first.store, KS, 'flux-system', 'apps', 'True');
    await waitForReady(second.store, KS, 'flux-system', 'apps', 'True');

    first.setUnreachable('github.com');
    for (const { store } of [first, second]) {
      const failed = await waitForReady(store, GIT, 'flux-system', 'fleet', 'False', 'GitOperationFailed');
      expect(condition(failed, 'Ready')?.message).toBe(`failed to checkout and determine revision: unable to clone 'ssh://git@github.com/acme/fleet': dial tcp: lookup github.com: no such host`);
      // source-controller keeps serving the last artifact.
      expect((failed.status?.artifact as { revision: string }).revision).toBe(applied.status?.lastAppliedRevision);
    }
    expect(hostOf('git@github.com:acme/fleet.git')).toBe('github.com');

    second.setUnreachable('github.com', false);
    for (const { store } of [first, second]) await waitForReady(store, GIT, 'flux-system', 'fleet', 'True');
  });

  it('fails a HelmChart pull from an unreachable repository that has an index, and the chart recovers with the host', async () => {
    const { store, network } = simulatedCluster();
    store.create(HELMREPO, source('HelmRepository', 'podinfo', { url: 'https://stefanprodan.github.io/podinfo' }));
    await waitForReady(store, HELMREPO, 'flux-system', 'podinfo', 'True');
    network.setUnreachable('stefanprodan.github.io');
    store.create(HELMCHART, source('HelmChart', 'podinfo', { chart: 'podinfo', version: '6.6.x', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } }));
    const failed = await waitForReady(store, HELMCHART, 'flux-system', 'podinfo', 'False', 'ChartPullError');
    expect(condition(failed, 'Ready')?.message).toBe(
      'chart pull error: failed to download chart for remote reference: Get "https://stefanprodan.github.io/podinfo/podinfo-6.6.3.tgz": dial tcp: lookup stefanprodan.github.io: no such host',
    );
    network.setUnreachable('stefanprodan.github.io', false);
    const ready = await waitForReady(store, HELMCHART, 'flux-system', 'podinfo', 'True', 'ChartPullSucceeded');
    expect((ready.status?.artifact as { revision: string }).revision).toBe('6.6.3');
  });

  it('holds for every cluster of a fleet at once', async () => {
    const fleet = await startFleet({ ca: await testCa(), clusters: 2, objectsPerCluster: 0, reconcileDelayMs: 5, namePrefix: 'outage' });
    fleets.push(fleet);
    fleet.setUnreachable('gitlab.example.com');
    for (const cluster of fleet.clusters.values()) {
      cluster.store.create(GIT, source('GitRepository', 'app', { url: 'https://gitlab.example.com/acme/app', ref: { branch: 'main' } }));
    }
    for (const cluster of fleet.clusters.values()) await waitForReady(cluster.store, GIT, 'flux-system', 'app', 'False', 'GitOperationFailed');
    fleet.setUnreachable('gitlab.example.com', false);
    for (const cluster of fleet.clusters.values()) await waitForReady(cluster.store, GIT, 'flux-system', 'app', 'True');
  });
});

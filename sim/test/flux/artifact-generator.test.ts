import { afterEach, describe, expect, it } from 'vitest';
import { startFluxApiCluster } from './flux-api-cluster.js';
import type { FluxApiCluster } from './flux-api-cluster.js';
import { condition, EXTERNAL, GENERATOR, GIT, HR, KS, OCIREPO, waitFor, waitForReady } from './flux-test-helpers.js';

const clusters: FluxApiCluster[] = [];
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((cluster) => cluster.close()));
});

const GENERATOR_YAML = `apiVersion: source.extensions.fluxcd.io/v1beta1
kind: ArtifactGenerator
metadata:
  name: podinfo
  namespace: apps
  labels:
    team: web
spec:
  sources:
    - alias: backend
      kind: GitRepository
      name: podinfo-git
    - alias: frontend
      kind: OCIRepository
      name: podinfo-oci
      namespace: flux-system
  artifacts:
    - name: podinfo-backend
      revision: "@backend"
      copy:
        - from: "@backend/deploy/**"
          to: "@artifact/"
    - name: podinfo-composite
      copy:
        - from: "@backend/kustomize/**"
          to: "@artifact/backend/"
        - from: "@frontend/**"
          to: "@artifact/frontend/"
`;

const SOURCES_YAML = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: podinfo-git
  namespace: apps
spec:
  interval: 1m
  url: https://github.com/stefanprodan/podinfo
  ref:
    branch: master
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: podinfo-oci
  namespace: flux-system
spec:
  interval: 5m
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  ref:
    semver: "6.x"
`;

const KUSTOMIZATION_YAML = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: podinfo
  namespace: apps
spec:
  interval: 10m
  path: ./
  prune: true
  sourceRef:
    kind: ExternalArtifact
    name: podinfo-composite
`;

describe('ArtifactGenerator', () => {
  it('waits for its sources, then writes ExternalArtifacts a Kustomization applies; drops and deletes them with the spec', async () => {
    const api = await startFluxApiCluster();
    clusters.push(api);
    await api.create(GENERATOR_YAML + '---\n' + KUSTOMIZATION_YAML);

    const waiting = await waitForReady(api.store, GENERATOR, 'apps', 'podinfo', 'False', 'ArtifactFailed');
    expect(condition(waiting, 'Ready')?.message).toBe('fetch sources failed: gitrepositories.source.toolkit.fluxcd.io "podinfo-git" not found');
    const orphan = await waitForReady(api.store, KS, 'apps', 'podinfo', 'False', 'ArtifactFailed');
    expect(condition(orphan, 'Ready')?.message).toBe('externalartifacts.source.toolkit.fluxcd.io "podinfo-composite" not found');

    await api.create(SOURCES_YAML);
    const ready = await waitForReady(api.store, GENERATOR, 'apps', 'podinfo', 'True', 'Succeeded');
    expect(condition(ready, 'Ready')?.message).toBe('reconciliation succeeded, generated 2 artifacts');
    const generator = await api.getJson('artifactgenerators', 'apps', 'podinfo');
    expect(generator.status?.inventory).toEqual([
      { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'ExternalArtifact', name: 'podinfo-backend', namespace: 'apps' },
      { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'ExternalArtifact', name: 'podinfo-composite', namespace: 'apps' },
    ]);
    expect(generator.status?.observedSourcesDigest).toMatch(/^sha256:[0-9a-f]{64}$/);

    const gitRevision = (api.store.get(GIT, 'apps', 'podinfo-git')!.status?.artifact as { revision: string }).revision;
    const backend = await api.getJson('externalartifacts', 'apps', 'podinfo-backend');
    expect(backend.metadata.labels).toMatchObject({ team: 'web' });
    expect(backend.metadata.ownerReferences).toEqual([expect.objectContaining({ apiVersion: 'source.extensions.fluxcd.io/v1beta1', kind: 'ArtifactGenerator', name: 'podinfo', uid: generator.metadata.uid, controller: true })]);
    expect(backend.spec).toEqual({ sourceRef: { apiVersion: 'source.extensions.fluxcd.io/v1beta1', kind: 'ArtifactGenerator', name: 'podinfo', namespace: 'apps' } });
    expect(backend.status?.artifact).toMatchObject({ revision: gitRevision, url: expect.stringMatching(/^http:\/\/source-watcher\.flux-system\.svc\.cluster\.local\.\/externalartifact\/apps\/podinfo-backend\//) });
    expect(condition(backend, 'Ready')).toMatchObject({ status: 'True', reason: 'Succeeded', message: 'Artifact is ready' });
    const composite = api.store.get(EXTERNAL, 'apps', 'podinfo-composite')!;
    const compositeRevision = (composite.status?.artifact as { revision: string }).revision;
    expect(compositeRevision).toMatch(/^latest@sha256:[0-9a-f]{64}$/);

    const applied = await waitForReady(api.store, KS, 'apps', 'podinfo', 'True');
    expect(applied.status?.lastAppliedRevision).toBe(compositeRevision);
    expect(condition(applied, 'Ready')?.message).toBe(`Applied revision: ${compositeRevision}`);

    // A new upstream revision flows through the generator into the Kustomization.
    api.simulator.advanceSource({ groupResource: OCIREPO, namespace: 'flux-system', name: 'podinfo-oci' });
    const next = await waitFor(() => {
      const revision = api.store.get(KS, 'apps', 'podinfo')?.status?.lastAppliedRevision;
      return revision !== compositeRevision && revision;
    }, 'a new composite revision applied');
    expect(next).toBe((api.store.get(EXTERNAL, 'apps', 'podinfo-composite')!.status?.artifact as { revision: string }).revision);

    // An artifact dropped from the spec is garbage collected.
    await api.run(['patch', 'artifactgenerator', 'podinfo', '-n', 'apps', '--type', 'json', '-p', '[{"op":"remove","path":"/spec/artifacts/0"}]']);
    await waitFor(() => api.store.get(EXTERNAL, 'apps', 'podinfo-backend') === undefined, 'podinfo-backend collected');
    const trimmed = await waitFor(() => {
      const object = api.store.get(GENERATOR, 'apps', 'podinfo');
      return (object?.status?.inventory as unknown[] | undefined)?.length === 1 && object;
    }, 'inventory of one');
    expect(trimmed.status?.inventory).toEqual([{ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'ExternalArtifact', name: 'podinfo-composite', namespace: 'apps' }]);

    // Deleting the generator takes its ExternalArtifacts (owner references).
    await api.run(['delete', 'artifactgenerator', 'podinfo', '-n', 'apps']);
    await waitFor(() => api.store.get(EXTERNAL, 'apps', 'podinfo-composite') === undefined, 'podinfo-composite deleted');
  });

  it('reports an input source without an artifact, and a revision alias it does not have', async () => {
    const api = await startFluxApiCluster();
    clusters.push(api);
    api.simulator.setUnreachable('github.com');
    await api.create(SOURCES_YAML + '---\n' + GENERATOR_YAML);
    const waiting = await waitForReady(api.store, GENERATOR, 'apps', 'podinfo', 'False', 'ArtifactFailed');
    expect(condition(waiting, 'Ready')?.message).toBe("fetch sources failed: source 'GitRepository/apps/podinfo-git' is not ready");
    api.simulator.setUnreachable('github.com', false);
    await waitForReady(api.store, GENERATOR, 'apps', 'podinfo', 'True');

    await api.run(['patch', 'artifactgenerator', 'podinfo', '-n', 'apps', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/artifacts/0/revision","value":"@nope"}]']);
    const stalled = await waitForReady(api.store, GENERATOR, 'apps', 'podinfo', 'False', 'BuildFailed');
    expect(condition(stalled, 'Ready')?.message).toBe('revision @nope not found in sources');
    expect(condition(stalled, 'Stalled')?.status).toBe('True');
  });

  it('is served with its short name ag, as the real CRD', async () => {
    const api = await startFluxApiCluster();
    clusters.push(api);
    await api.create(SOURCES_YAML + '---\n' + GENERATOR_YAML);
    await waitForReady(api.store, GENERATOR, 'apps', 'podinfo', 'True');
    expect(await api.run(['get', 'ag', '-n', 'apps', '-o', 'name'])).toBe('artifactgenerator.source.extensions.fluxcd.io/podinfo\n');
  });

  it('gives a HelmRelease chartRef to an ExternalArtifact the chart the generator copied, as for an OCIRepository', async () => {
    const api = await startFluxApiCluster();
    clusters.push(api);
    await api.create(`apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 1m
  url: https://github.com/stefanprodan/podinfo
  ref:
    semver: ">=6.0.0 <6.6.0"
---
apiVersion: source.extensions.fluxcd.io/v1beta1
kind: ArtifactGenerator
metadata:
  name: podinfo
  namespace: flux-system
spec:
  sources:
    - alias: podinfo
      kind: GitRepository
      name: podinfo
  artifacts:
    - name: podinfo-charts
      copy:
        - from: "@podinfo/charts/podinfo/**"
          to: "@artifact/"
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo-from-ea
  namespace: flux-system
spec:
  interval: 10m
  chartRef:
    kind: ExternalArtifact
    name: podinfo-charts
`);
    const installed = await waitForReady(api.store, HR, 'flux-system', 'podinfo-from-ea', 'True', 'InstallSucceeded');
    const artifact = (await api.getJson('externalartifacts', 'flux-system', 'podinfo-charts')).status?.artifact as { revision: string };
    const digest = artifact.revision.split('@')[1]!;
    // The chart copied from podinfo's 6.5.4 tag is podinfo's 6.5.4 chart.
    const chartVersion = `6.5.4+${digest.slice('sha256:'.length, 'sha256:'.length + 12)}`;
    expect(condition(installed, 'Ready')?.message).toBe(`Helm install succeeded for release flux-system/podinfo-from-ea.v1 with chart podinfo@${chartVersion}`);
    expect((installed.status?.history as Array<Record<string, unknown>>)[0]).toMatchObject({ chartName: 'podinfo', chartVersion, status: 'deployed' });
    expect(installed.status).toMatchObject({ lastAttemptedRevision: chartVersion, lastAttemptedRevisionDigest: digest });

    // A new Git revision makes a new artifact, and the release upgrades to it.
    api.simulator.advanceSource({ groupResource: GIT, namespace: 'flux-system', name: 'podinfo' });
    const upgraded = await waitForReady(api.store, HR, 'flux-system', 'podinfo-from-ea', 'True', 'UpgradeSucceeded');
    expect((upgraded.status?.history as unknown[]).length).toBe(2);
  });
});

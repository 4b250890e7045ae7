import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/store/types.js';
import { startFluxApiCluster, type FluxApiCluster } from './flux-api-cluster.js';

/**
 * A fleet repository laid out as the public Flux examples are (infrastructure controllers, then
 * apps that depend on them; a Helm chart from a Helm repository; manifests from an OCI artifact),
 * written here in our own words. Applied with plain `kubectl apply -f` (kubectl validates it
 * against the simulator's OpenAPI), it must reach the states real Flux gives it.
 */
const REPOSITORY = `
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: fleet
  namespace: flux-system
spec:
  interval: 1m
  url: https://github.com/example-org/fleet-infra
  ref:
    branch: main
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: infra-controllers
  namespace: flux-system
spec:
  interval: 1h
  retryInterval: 1m
  timeout: 5m
  sourceRef:
    kind: GitRepository
    name: fleet
  path: ./infrastructure/controllers
  prune: true
  wait: true
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  dependsOn:
    - name: infra-controllers
  sourceRef:
    kind: GitRepository
    name: fleet
  path: ./apps/production
  prune: true
---
apiVersion: v1
kind: Namespace
metadata:
  name: podinfo
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: podinfo
  namespace: podinfo
spec:
  interval: 24h
  url: https://stefanprodan.github.io/podinfo
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: podinfo
spec:
  interval: 30m
  chart:
    spec:
      chart: podinfo
      version: ">=6.0.0 <6.6.0"
      sourceRef:
        kind: HelmRepository
        name: podinfo
      interval: 12h
  install:
    remediation:
      retries: 3
  values:
    ingress:
      enabled: true
      className: nginx
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: podinfo-manifests
  namespace: flux-system
spec:
  interval: 10m
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  ref:
    semver: ">=6.0.0"
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: podinfo-from-oci
  namespace: flux-system
spec:
  interval: 10m
  targetNamespace: podinfo
  sourceRef:
    kind: OCIRepository
    name: podinfo-manifests
  path: ./kustomize
  prune: true
`;

type Condition = { type: string; status: string; reason?: string };
const ready = (object: KubeObject): boolean => ((object.status?.conditions ?? []) as Condition[]).some((condition) => condition.type === 'Ready' && condition.status === 'True');

describe('a Flux example repository applied with plain kubectl', () => {
  let cluster: FluxApiCluster;

  beforeAll(async () => {
    cluster = await startFluxApiCluster();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('applies without --validate=false and every object becomes Ready with what its source resolved', async () => {
    const path = join(cluster.dir, 'fleet-infra.yaml');
    await writeFile(path, REPOSITORY);
    const applied = await cluster.run(['apply', '-f', path]);
    expect(applied).toContain('helmrelease.helm.toolkit.fluxcd.io/podinfo created');
    expect(applied).toContain('kustomization.kustomize.toolkit.fluxcd.io/apps created');

    const release = await cluster.getJsonWhen('helmreleases.helm.toolkit.fluxcd.io', 'podinfo', 'podinfo', ready);
    // The highest chart version inside the range, as helm-controller installs it.
    expect((release.status?.history as Array<{ chartName: string; chartVersion: string }>)[0]).toMatchObject({ chartName: 'podinfo', chartVersion: expect.stringMatching(/^6\.5\.\d+$/) });
    const chart = await cluster.getJsonWhen('helmcharts.source.toolkit.fluxcd.io', 'podinfo', 'podinfo-podinfo', ready);
    expect((chart.status?.artifact as { revision: string }).revision).toBe((release.status?.history as Array<{ chartVersion: string }>)[0]!.chartVersion);

    const oci = await cluster.getJsonWhen('ocirepositories.source.toolkit.fluxcd.io', 'flux-system', 'podinfo-manifests', ready);
    const ociRevision = (oci.status?.artifact as { revision: string }).revision;
    expect(ociRevision).toMatch(/^6\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    const fromOci = await cluster.getJsonWhen('kustomizations.kustomize.toolkit.fluxcd.io', 'flux-system', 'podinfo-from-oci', ready);
    expect(fromOci.status?.lastAppliedRevision).toBe(ociRevision);

    const infra = await cluster.getJsonWhen('kustomizations.kustomize.toolkit.fluxcd.io', 'flux-system', 'infra-controllers', ready);
    const apps = await cluster.getJsonWhen('kustomizations.kustomize.toolkit.fluxcd.io', 'flux-system', 'apps', ready);
    const git = await cluster.getJson('gitrepositories.source.toolkit.fluxcd.io', 'flux-system', 'fleet');
    expect(apps.status?.lastAppliedRevision).toBe((git.status?.artifact as { revision: string }).revision);
    expect(infra.status?.lastAppliedRevision).toMatch(/^main@sha1:[0-9a-f]{40}$/);

    // kubectl get prints the columns the CRDs declare.
    const table = await cluster.run(['get', 'helmreleases', '-n', 'podinfo']);
    expect(table.split('\n')[0]).toMatch(/NAME\s+AGE\s+READY\s+STATUS/);
    expect(table).toMatch(/podinfo\s+\S+\s+True\s+/);
  });
});

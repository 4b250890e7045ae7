import { describe, expect, it } from 'vitest';
import { FLUX_KINDS as CATALOG } from '@flux-orchestrator/flux-model';
import { fluxCrdVersionSchema } from '../../src/flux/crd-schemas/index.js';
import { generateClusterObjects } from '../../src/flux/fleet-generator.js';
import { FLUX_KINDS, SIMULATOR_SERVED_VERSIONS } from '../../src/flux/flux-kinds.js';
import { parseManifests } from '../../src/flux/manifest-loader.js';
import { customResourceProblems } from '../../src/kube/custom-resource-validation.js';
import type { KubeObject } from '../../src/store/types.js';

const FLUX_BY_KIND = new Map(FLUX_KINDS.map((kind) => [kind.kind, kind]));

/** Problems of an object at one version of its kind, as `version field: detail` lines. */
function problemsAt(object: KubeObject, version: string): string[] {
  const schema = fluxCrdVersionSchema(object.kind, version);
  if (!schema) return [`${version}: no schema`];
  const { unknownFields, errors } = customResourceProblems(schema.openAPIV3Schema, { ...object, apiVersion: `${object.apiVersion.split('/')[0]}/${version}` });
  return [...unknownFields.map((field) => `${version} ${field}: unknown field`), ...errors.map((error) => `${version} ${error.field}: ${error.detail}`)];
}

describe('Flux CRD schemas', () => {
  it('cover every kind and version of the catalog, and the simulator\'s served versions', () => {
    for (const kind of CATALOG) for (const version of kind.versions) expect(fluxCrdVersionSchema(kind.kind, version), `${kind.kind} ${version}`).toBeDefined();
    for (const [kind, versions] of Object.entries(SIMULATOR_SERVED_VERSIONS)) for (const version of versions) expect(fluxCrdVersionSchema(kind, version), `${kind} ${version}`).toBeDefined();
  });

  it('accept every object the fleet generator makes, status included, at every version the simulator serves', () => {
    let checked = 0;
    for (const seed of [1, 2, 3]) {
      const objects = generateClusterObjects({ clusterName: `schemas-${seed}`, objects: 300, seed, failingShare: 0.2, suspendedShare: 0.1, now: new Date('2025-06-01T00:00:00Z') });
      for (const object of objects) {
        const kind = FLUX_BY_KIND.get(object.kind);
        if (!kind || !object.apiVersion.startsWith(`${kind.group}/`)) continue;
        const own = object.apiVersion.split('/')[1]!;
        // An ExternalArtifact source (Flux 2.7) is not valid at the older versions 2.7 still serves;
        // reads are not checked (conversion strategy None), so only the version written must accept it.
        const usesExternalArtifact = JSON.stringify(object.spec ?? {}).includes('"ExternalArtifact"');
        const versions = usesExternalArtifact ? new Set([own]) : new Set([own, ...kind.versions]);
        for (const version of versions) expect(problemsAt(object, version), `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`).toEqual([]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(600);
  });

  it('accept a repository laid out as the Flux docs recommend, as the manifest loader reads it', () => {
    const manifests = parseManifests(`
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: { name: flux-system, namespace: flux-system }
spec: { interval: 1m0s, ref: { branch: main }, secretRef: { name: flux-system }, url: 'ssh://git@github.com/acme/fleet-infra' }
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: { name: apps, namespace: flux-system }
spec:
  interval: 10m
  dependsOn: [{ name: infra-controllers }]
  sourceRef: { kind: GitRepository, name: flux-system }
  path: ./apps/production
  prune: true
  postBuild: { substitute: { cluster: production }, substituteFrom: [{ kind: ConfigMap, name: cluster-vars }] }
  patches: [{ patch: '[{"op":"remove","path":"/spec/replicas"}]', target: { kind: Deployment } }]
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata: { name: podinfo, namespace: flux-system }
spec: { interval: 1h, url: 'https://stefanprodan.github.io/podinfo' }
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: { name: podinfo, namespace: podinfo }
spec:
  interval: 30m
  chart: { spec: { chart: podinfo, version: '6.x', sourceRef: { kind: HelmRepository, name: podinfo, namespace: flux-system } } }
  install: { remediation: { retries: 3 } }
  driftDetection: { mode: warn }
  values: { replicaCount: 2, ingress: { enabled: true } }
`);
    expect(manifests).toHaveLength(4);
    for (const { object } of manifests) expect(problemsAt(object, object.apiVersion.split('/')[1]!), object.kind).toEqual([]);
  });
});

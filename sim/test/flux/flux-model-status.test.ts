import { FLUX_KINDS as CATALOG, computeFluxStatus, findFluxKind } from '@flux-orchestrator/flux-model';
import type { FluxStatus } from '@flux-orchestrator/flux-model';
import { describe, expect, it } from 'vitest';
import { generateClusterObjects } from '../../src/flux/fleet-generator.js';
import { FAIL_REASON_ANNOTATION } from '../../src/flux/flux-controller-simulator.js';
import { FLUX_KINDS, SIMULATOR_SERVED_VERSIONS } from '../../src/flux/flux-kinds.js';
import { DEFAULT_FLUX_RELEASE } from '../../src/flux/flux-releases.js';

const now = new Date('2025-06-01T12:00:00Z');

describe('the generated fleet as flux-model sees it', () => {
  it('has failed, suspended and ready objects in the proportions the generator intends', () => {
    const objects = generateClusterObjects({ clusterName: 'prod-eu-1', objects: 1000, seed: 11, now });
    const flux = objects.filter((object) => findFluxKind(object.kind) !== undefined);
    expect(flux).toHaveLength(1000);
    const statuses = flux.map((object) => ({ object, result: computeFluxStatus(object) }));
    const count = (status: FluxStatus) => statuses.filter(({ result }) => result.status === status).length;
    // The generator fails ~10% and suspends ~5% of the objects that have a controller.
    const reconcilable = flux.filter((object) => findFluxKind(object.kind)?.hasConditions).length;
    expect(count('failed') / reconcilable).toBeCloseTo(0.1, 2);
    expect(count('suspended') / reconcilable).toBeCloseTo(0.05, 2);
    expect(count('progressing')).toBe(0);
    expect(count('unknown')).toBe(0);
    expect(count('ready')).toBe(flux.length - count('failed') - count('suspended'));

    // Exactly the objects the generator made fail / suspended, with the generator's reasons.
    for (const { object, result } of statuses) {
      const failReason = object.metadata.annotations?.[FAIL_REASON_ANNOTATION];
      if (object.spec?.suspend === true) expect(result.status, object.metadata.name).toBe('suspended');
      else if (failReason) expect([result.status, result.reason], `${object.kind}/${object.metadata.name}`).toEqual(['failed', failReason]);
      else expect(result.status, `${object.kind}/${object.metadata.name}`).toBe('ready');
    }
    // Alerts and Providers are static config: ready without conditions.
    expect(statuses.filter(({ result }) => result.reason === 'Static').map(({ object }) => object.kind).sort()).toEqual(
      flux.filter((object) => object.kind === 'Alert' || object.kind === 'Provider').map((object) => object.kind).sort(),
    );
    // Ready Kustomizations and sources say what is in effect.
    for (const { object, result } of statuses) {
      if (result.status === 'ready' && ['Kustomization', 'GitRepository', 'HelmRelease'].includes(object.kind)) expect(result.revision, `${object.kind}/${object.metadata.name}`).not.toBeNull();
    }
  });
});

describe("the simulator's catalog", () => {
  it("is flux-model's catalog with the versions of the default release (Flux 2.7)", () => {
    expect(DEFAULT_FLUX_RELEASE.version).toBe('v2.7.0');
    expect(FLUX_KINDS.map((kind) => kind.kind)).toEqual(CATALOG.map((kind) => kind.kind));
    expect(Object.keys(SIMULATOR_SERVED_VERSIONS).sort()).toEqual(CATALOG.map((kind) => kind.kind).sort());
    for (const kind of FLUX_KINDS) {
      const catalog = CATALOG.find((entry) => entry.kind === kind.kind)!;
      // Short names: the catalog's, plus those the real CRD has that the catalog lacks (ArtifactGenerator's `ag`).
      expect({ ...kind, versions: catalog.versions, shortNames: catalog.shortNames }, kind.kind).toEqual(catalog);
      expect(kind.shortNames, kind.kind).toEqual(expect.arrayContaining([...catalog.shortNames]));
      // Served versions are catalog versions, in the catalog's order (storage, the newest, first).
      expect(kind.versions, kind.kind).toEqual(catalog.versions.filter((version) => kind.versions.includes(version)));
    }
    expect(FLUX_KINDS.find((kind) => kind.kind === 'HelmRelease')?.versions).toEqual(['v2', 'v2beta2']);
    expect(FLUX_KINDS.find((kind) => kind.kind === 'Receiver')?.versions).toEqual(['v1', 'v1beta2']);
    expect(FLUX_KINDS.find((kind) => kind.kind === 'ArtifactGenerator')?.shortNames).toContain('ag');
  });
});

import { describe, expect, it } from 'vitest';
import { FLUX_KINDS, FLUX_SOURCE_KINDS, findFluxKind, fluxKindOf } from './flux-kinds.js';

describe('FLUX_KINDS', () => {
  it('lists the 19 kinds of Flux 2.x and the Flux Operator, once each', () => {
    expect(FLUX_KINDS.map((kind) => kind.kind)).toEqual([
      'GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart', 'Bucket', 'ExternalArtifact', 'ArtifactGenerator',
      'Kustomization', 'HelmRelease', 'Receiver', 'Alert', 'Provider', 'ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation',
      'FluxInstance', 'FluxReport', 'ResourceSet', 'ResourceSetInputProvider',
    ]);
    expect(new Set(FLUX_KINDS.map((kind) => `${kind.group}/${kind.plural}`)).size).toBe(19);
  });

  it('lists every version Flux 2.0–2.9 served, newest first', () => {
    expect(findFluxKind('HelmRelease')?.versions).toEqual(['v2', 'v2beta2', 'v2beta1']);
    expect(findFluxKind('Kustomization')?.versions).toEqual(['v1', 'v1beta2', 'v1beta1']);
    expect(findFluxKind('Alert')?.versions).toEqual(['v1beta3', 'v1beta2', 'v1beta1']);
    expect(findFluxKind('OCIRepository')?.versions).toEqual(['v1', 'v1beta2']);
    for (const kind of FLUX_KINDS) expect(kind.versions.length, kind.kind).toBeGreaterThan(0);
  });

  it('says which reconcile options and actions each kind honours', () => {
    expect(findFluxKind('hr')?.reconcileOptions).toEqual(['with_source', 'force', 'reset']);
    expect(findFluxKind('ks')?.reconcileOptions).toEqual(['with_source']);
    expect(findFluxKind('gitrepo')?.reconcileOptions).toEqual([]);
    expect(FLUX_KINDS.filter((kind) => kind.reconcileOptions.includes('force')).map((kind) => kind.kind)).toEqual(['HelmRelease']);
    expect(findFluxKind('Kustomization')?.actions).toEqual(['reconcile', 'suspend', 'resume']);
    expect(findFluxKind('ExternalArtifact')?.actions).toEqual([]);
  });

  it('carries the short names the image controllers\' CRDs declare', () => {
    expect(FLUX_KINDS.filter((kind) => kind.category === 'image').map((kind) => [kind.kind, kind.shortNames])).toEqual([
      ['ImageRepository', ['imgrepo', 'imagerepo']],
      ['ImagePolicy', ['imgpol', 'imagepol']],
      ['ImageUpdateAutomation', ['iua', 'imgupd', 'imgauto']],
    ]);
  });

  it('marks Alert and Provider as static (no conditions)', () => {
    expect(FLUX_KINDS.filter((kind) => !kind.hasConditions).map((kind) => kind.kind)).toEqual(['Alert', 'Provider']);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(FLUX_KINDS)).toBe(true);
    expect(Object.isFrozen(FLUX_KINDS[0]!.versions)).toBe(true);
  });
});

describe('findFluxKind', () => {
  it.each([
    ['Kustomization', 'Kustomization'],
    ['kustomizations', 'Kustomization'],
    ['kustomization', 'Kustomization'],
    ['ks', 'Kustomization'],
    ['KS', 'Kustomization'],
    ['HELMRELEASES', 'HelmRelease'],
    ['hr', 'HelmRelease'],
    ['imagepolicies', 'ImagePolicy'],
    ['ocirepo', 'OCIRepository'],
    ['hc', 'HelmChart'],
    ['imgrepo', 'ImageRepository'],
    ['imagerepo', 'ImageRepository'],
    ['imgpol', 'ImagePolicy'],
    ['imagepol', 'ImagePolicy'],
    ['iua', 'ImageUpdateAutomation'],
    ['imgupd', 'ImageUpdateAutomation'],
    ['imgauto', 'ImageUpdateAutomation'],
    ['resourcesetinputproviders', 'ResourceSetInputProvider'],
  ])('finds %s', (name, kind) => {
    expect(findFluxKind(name)?.kind).toBe(kind);
  });

  it('returns undefined for unknown names', () => {
    expect(findFluxKind('Deployment')).toBeUndefined();
    expect(findFluxKind('')).toBeUndefined();
  });
});

describe('fluxKindOf', () => {
  it('matches group and kind exactly', () => {
    expect(fluxKindOf('helm.toolkit.fluxcd.io', 'HelmRelease')?.plural).toBe('helmreleases');
    expect(fluxKindOf('source.extensions.fluxcd.io', 'ArtifactGenerator')?.category).toBe('source');
    expect(fluxKindOf('source.toolkit.fluxcd.io', 'HelmRelease')).toBeUndefined();
    expect(fluxKindOf('helm.toolkit.fluxcd.io', 'helmrelease')).toBeUndefined();
  });
});

describe('FLUX_SOURCE_KINDS', () => {
  it('names the source kinds', () => {
    expect(FLUX_SOURCE_KINDS).toEqual(['GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart', 'Bucket', 'ExternalArtifact', 'ArtifactGenerator']);
  });
});

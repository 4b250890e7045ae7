import { describe, expect, it } from 'vitest';
import { dependsOnOf, generatedRefsOf, inputRefsOf, inputSelectorsOf, labelsOf, sourceRefOf } from './flux-refs.js';
import type { FluxObjectLike } from './flux-status.js';

describe('sourceRefOf', () => {
  it.each<[string, FluxObjectLike, ReturnType<typeof sourceRefOf>]>([
    [
      'Kustomization spec.sourceRef, namespace defaulted',
      { kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system' }, spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' }, path: './apps' } },
      { kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' },
    ],
    [
      'Kustomization from an ExternalArtifact in another namespace',
      { kind: 'Kustomization', metadata: { name: 'apps', namespace: 'team-a' }, spec: { sourceRef: { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'ExternalArtifact', name: 'bundle', namespace: 'flux-system' } } },
      { kind: 'ExternalArtifact', namespace: 'flux-system', name: 'bundle', apiVersion: 'source.toolkit.fluxcd.io/v1' },
    ],
    [
      'HelmRelease spec.chart.spec.sourceRef',
      { kind: 'HelmRelease', metadata: { name: 'podinfo', namespace: 'podinfo' }, spec: { chart: { spec: { chart: 'podinfo', version: '6.x', sourceRef: { kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' } } } } },
      { kind: 'HelmRepository', namespace: 'flux-system', name: 'podinfo' },
    ],
    [
      'HelmRelease spec.chartRef to an OCIRepository',
      { kind: 'HelmRelease', metadata: { name: 'redis', namespace: 'redis' }, spec: { chartRef: { kind: 'OCIRepository', name: 'redis-chart' } } },
      { kind: 'OCIRepository', namespace: 'redis', name: 'redis-chart' },
    ],
    [
      'HelmRelease spec.chartRef to an ExternalArtifact',
      { kind: 'HelmRelease', metadata: { name: 'app', namespace: 'apps' }, spec: { chartRef: { kind: 'ExternalArtifact', name: 'app-chart', namespace: 'flux-system' } } },
      { kind: 'ExternalArtifact', namespace: 'flux-system', name: 'app-chart' },
    ],
    ['GitRepository has none', { kind: 'GitRepository', metadata: { name: 'x', namespace: 'y' }, spec: { url: 'https://example.com/x.git' } }, null],
    ['malformed sourceRef', { kind: 'Kustomization', metadata: { name: 'x' }, spec: { sourceRef: 'GitRepository/x' } }, null],
    ['no spec', { kind: 'Kustomization' }, null],
  ])('%s', (_name, object, expected) => {
    expect(sourceRefOf(object)).toEqual(expected);
  });
});

describe('dependsOnOf', () => {
  it('returns refs of the object own kind, namespace defaulting to the object one', () => {
    const object: FluxObjectLike = {
      kind: 'Kustomization',
      metadata: { name: 'apps', namespace: 'flux-system' },
      spec: { dependsOn: [{ name: 'infrastructure' }, { name: 'crds', namespace: 'platform' }, { namespace: 'no-name' }, 'junk'] },
    };
    expect(dependsOnOf(object)).toEqual([
      { kind: 'Kustomization', namespace: 'flux-system', name: 'infrastructure' },
      { kind: 'Kustomization', namespace: 'platform', name: 'crds' },
    ]);
  });

  it('works for HelmRelease and tolerates a missing or malformed dependsOn', () => {
    expect(dependsOnOf({ kind: 'HelmRelease', metadata: { name: 'a', namespace: 'n' }, spec: { dependsOn: [{ name: 'cert-manager', namespace: 'cert-manager' }] } })).toEqual([
      { kind: 'HelmRelease', namespace: 'cert-manager', name: 'cert-manager' },
    ]);
    expect(dependsOnOf({ kind: 'HelmRelease', spec: {} })).toEqual([]);
    expect(dependsOnOf({ kind: 'HelmRelease', spec: { dependsOn: { name: 'x' } } })).toEqual([]);
  });
});

describe('inputRefsOf', () => {
  it('returns an ArtifactGenerator spec.sources, namespace defaulting to its own', () => {
    const generator: FluxObjectLike = {
      kind: 'ArtifactGenerator',
      metadata: { name: 'bundle', namespace: 'apps' },
      spec: {
        sources: [
          { alias: 'app', kind: 'GitRepository', name: 'app-repo' },
          { alias: 'charts', kind: 'OCIRepository', name: 'charts', namespace: 'flux-system' },
          { alias: 'broken' },
        ],
        artifacts: [{ name: 'app-bundle', copy: [{ from: '@app/deploy/**', to: '@artifact/' }] }],
      },
    };
    expect(inputRefsOf(generator)).toEqual([
      { kind: 'GitRepository', namespace: 'apps', name: 'app-repo' },
      { kind: 'OCIRepository', namespace: 'flux-system', name: 'charts' },
    ]);
  });

  it('returns a ResourceSet inputsFrom providers named by name, not those picked by selector', () => {
    const resourceSet: FluxObjectLike = {
      kind: 'ResourceSet',
      metadata: { name: 'tenants', namespace: 'flux-system' },
      spec: { inputsFrom: [{ kind: 'ResourceSetInputProvider', name: 'tenant-list' }, { kind: 'ResourceSetInputProvider', selector: { matchLabels: { team: 'a' } } }] },
    };
    expect(inputRefsOf(resourceSet)).toEqual([{ kind: 'ResourceSetInputProvider', namespace: 'flux-system', name: 'tenant-list' }]);
  });

  it('returns a ResourceSet inputsFrom selectors, in its namespace, apart from the providers named by name', () => {
    const resourceSet: FluxObjectLike = {
      kind: 'ResourceSet',
      metadata: { name: 'tenants', namespace: 'flux-system' },
      spec: {
        inputsFrom: [
          { kind: 'ResourceSetInputProvider', name: 'tenant-list' },
          { kind: 'ResourceSetInputProvider', selector: { matchLabels: { team: 'a' } } },
          { kind: 'ResourceSetInputProvider', selector: { matchExpressions: [{ key: 'x', operator: 'Near' }] } },
        ],
      },
    };
    expect(inputSelectorsOf(resourceSet)).toEqual([{ kind: 'ResourceSetInputProvider', namespace: 'flux-system', selector: { matchLabels: { team: 'a' } } }]);
    expect(inputSelectorsOf({ kind: 'Kustomization', spec: { inputsFrom: [{ selector: {} }] } })).toEqual([]);
    expect(labelsOf({ metadata: { labels: { team: 'a', bad: 3 } } } as unknown as FluxObjectLike)).toEqual({ team: 'a' });
  });

  it('is empty for other kinds and malformed specs', () => {
    expect(inputRefsOf({ kind: 'Kustomization', metadata: { name: 'a' }, spec: { sources: [{ kind: 'GitRepository', name: 'x' }] } })).toEqual([]);
    expect(inputRefsOf({ kind: 'ArtifactGenerator', spec: { sources: 'x' } })).toEqual([]);
    expect(inputRefsOf({ kind: 'ResourceSet' })).toEqual([]);
  });
});

describe('generatedRefsOf', () => {
  it('returns the ExternalArtifacts an ArtifactGenerator declares, in its namespace', () => {
    expect(generatedRefsOf({ kind: 'ArtifactGenerator', metadata: { name: 'bundle', namespace: 'apps' }, spec: { artifacts: [{ name: 'app-bundle' }, { name: '' }, 'junk', { name: 'app-chart' }] } })).toEqual([
      { kind: 'ExternalArtifact', namespace: 'apps', name: 'app-bundle' },
      { kind: 'ExternalArtifact', namespace: 'apps', name: 'app-chart' },
    ]);
  });

  it('returns the Flux objects of a ResourceSet inventory and skips everything else in it', () => {
    const resourceSet: FluxObjectLike = {
      kind: 'ResourceSet',
      metadata: { name: 'tenants', namespace: 'flux-system' },
      status: {
        inventory: {
          entries: [
            { id: '_team-a__Namespace', v: 'v1' },
            { id: 'team-a_team-a_source.toolkit.fluxcd.io_GitRepository', v: 'v1' },
            { id: 'team-a_team-a_kustomize.toolkit.fluxcd.io_Kustomization', v: 'v1' },
            { id: 'team-a_app_apps_Deployment', v: 'v1' },
            { id: 'not-an-id' },
          ],
        },
      },
    };
    expect(generatedRefsOf(resourceSet)).toEqual([
      { kind: 'GitRepository', namespace: 'team-a', name: 'team-a' },
      { kind: 'Kustomization', namespace: 'team-a', name: 'team-a' },
    ]);
  });

  it('is empty for a Kustomization (its inventory is the tree, not the graph) and without inventory', () => {
    expect(generatedRefsOf({ kind: 'Kustomization', status: { inventory: { entries: [{ id: 'a_b_kustomize.toolkit.fluxcd.io_Kustomization', v: 'v1' }] } } })).toEqual([]);
    expect(generatedRefsOf({ kind: 'ResourceSet', metadata: { name: 'x' } })).toEqual([]);
  });
});

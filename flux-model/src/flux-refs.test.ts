import { describe, expect, it } from 'vitest';
import { dependsOnOf, sourceRefOf } from './flux-refs.js';
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

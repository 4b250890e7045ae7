import { describe, expect, it } from 'vitest';
import type { FluxRef, FluxStatus } from '@flux-orchestrator/flux-model';
import { recordKey, searchText, type ResourceRecord } from '../fleet/index.js';
import { versionMatches } from '../matrix/index.js';
import { ClusterReferences } from './dependency-graph.js';

function record(kind: string, namespace: string, name: string, refs: { source?: FluxRef; dependsOn?: FluxRef[]; status?: FluxStatus } = {}): ResourceRecord {
  const base: ResourceRecord = {
    key: recordKey('c1', kind, namespace, name),
    clusterId: 'c1',
    kind,
    apiVersion: 'v1',
    namespace,
    name,
    status: refs.status ?? 'ready',
    reason: '',
    message: '',
    revision: null,
    attemptedRevision: null,
    suspended: false,
    statusSince: '2026-01-01T00:00:00Z',
    lastHandledReconcileAt: null,
    generation: 1,
    observedGeneration: 1,
    source: refs.source ?? null,
    dependsOn: refs.dependsOn ?? [],
    resourceVersion: null,
    search: '',
    updatedAt: '2026-01-01T00:00:00Z',
  };
  return { ...base, search: searchText(base) };
}

describe('ClusterReferences', () => {
  const repo = record('HelmRepository', 'flux-system', 'podinfo');
  const chart = record('HelmChart', 'flux-system', 'apps-podinfo', { source: { kind: 'HelmRepository', namespace: 'flux-system', name: 'podinfo' } });
  const release = record('HelmRelease', 'apps', 'podinfo', { source: { kind: 'HelmRepository', namespace: 'flux-system', name: 'podinfo' }, dependsOn: [{ kind: 'HelmRelease', namespace: 'apps', name: 'redis' }] });
  const other = record('Kustomization', 'team-b', 'secret-app', { source: { kind: 'GitRepository', namespace: 'team-b', name: 'private' } });

  it('goes from a HelmRelease through its HelmChart to the repository, and marks missing dependencies', () => {
    const graph = new ClusterReferences([repo, chart, release, other]).graph('c1', ['HelmRelease/apps/podinfo'], { withUsers: true, limit: 50, root: 'HelmRelease/apps/podinfo' });
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: 'HelmRelease/apps/podinfo', to: 'HelmChart/flux-system/apps-podinfo', type: 'chart' },
        { from: 'HelmChart/flux-system/apps-podinfo', to: 'HelmRepository/flux-system/podinfo', type: 'source' },
        { from: 'HelmRelease/apps/podinfo', to: 'HelmRelease/apps/redis', type: 'depends_on' },
      ]),
    );
    expect(graph.nodes.find((node) => node.id === 'HelmRelease/apps/redis')).toMatchObject({ status: 'missing', reason: 'NotFound' });
    expect(graph.nodes.map((node) => node.id)).not.toContain('Kustomization/team-b/secret-app');
  });

  it('links a HelmRelease straight to its repository when no HelmChart is known', () => {
    const graph = new ClusterReferences([repo, release]).graph('c1', ['HelmRelease/apps/podinfo'], { withUsers: false, limit: 50, root: null });
    expect(graph.edges).toContainEqual({ from: 'HelmRelease/apps/podinfo', to: 'HelmRepository/flux-system/podinfo', type: 'source' });
  });

  it('finds what uses an object, transitively', () => {
    const graph = new ClusterReferences([repo, chart, release]).graph('c1', ['HelmRepository/flux-system/podinfo'], { withUsers: true, limit: 50, root: null });
    expect(graph.nodes.map((node) => node.id).sort()).toEqual(['HelmChart/flux-system/apps-podinfo', 'HelmRelease/apps/podinfo', 'HelmRepository/flux-system/podinfo']);
  });

  it('leaves out objects in namespaces the caller may not see, instead of calling them missing', () => {
    const graph = new ClusterReferences([repo, chart, release], (namespace) => namespace === 'apps').graph('c1', ['HelmRelease/apps/podinfo'], { withUsers: true, limit: 50, root: null });
    expect(graph.nodes.map((node) => node.id).sort()).toEqual(['HelmRelease/apps/podinfo', 'HelmRelease/apps/redis']);
  });

  it('stops at the node limit and says so', () => {
    const chain = Array.from({ length: 20 }, (_, i) => record('Kustomization', 'flux-system', `k${i}`, { dependsOn: i > 0 ? [{ kind: 'Kustomization', namespace: 'flux-system', name: `k${i - 1}` }] : [] }));
    const graph = new ClusterReferences(chain).graph('c1', ['Kustomization/flux-system/k19'], { withUsers: false, limit: 5, root: null });
    expect(graph.nodes).toHaveLength(5);
    expect(graph.truncated).toBe(true);
    for (const edge of graph.edges) expect(graph.nodes.map((node) => node.id)).toEqual(expect.arrayContaining([edge.from, edge.to]));
  });
});

describe('versionMatches', () => {
  it('matches whole version components, with or without a leading v', () => {
    expect(versionMatches('v2.5.1', '2.5')).toBe(true);
    expect(versionMatches('2.5.0', 'v2.5')).toBe(true);
    expect(versionMatches('2.50.0', '2.5')).toBe(false);
    expect(versionMatches('6.5.4@sha256:abc', '6.5.4')).toBe(true);
    expect(versionMatches(null, '2.5')).toBe(false);
  });
});

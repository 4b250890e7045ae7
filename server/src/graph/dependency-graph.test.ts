import { describe, expect, it } from 'vitest';
import type { FluxRef, FluxSelectorRef, FluxStatus } from '@flux-orchestrator/flux-model';
import { recordKey, searchText, type ResourceRecord } from '../fleet/index.js';
import { versionMatches } from '../matrix/index.js';
import { ClusterReferences } from './dependency-graph.js';

function record(
  kind: string,
  namespace: string,
  name: string,
  refs: { source?: FluxRef; dependsOn?: FluxRef[]; inputs?: FluxRef[]; generates?: FluxRef[]; inputSelectors?: FluxSelectorRef[]; labels?: Record<string, string>; status?: FluxStatus } = {},
): ResourceRecord {
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
    inputs: refs.inputs ?? [],
    generates: refs.generates ?? [],
    inputSelectors: refs.inputSelectors ?? [],
    labels: refs.labels ?? {},
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

describe('ClusterReferences: generators and inputs', () => {
  const ref = (kind: string, namespace: string, name: string): FluxRef => ({ kind, namespace, name });
  const git = record('GitRepository', 'apps', 'app-repo');
  const generator = record('ArtifactGenerator', 'apps', 'bundle', {
    inputs: [ref('GitRepository', 'apps', 'app-repo'), ref('OCIRepository', 'apps', 'charts')],
    generates: [ref('ExternalArtifact', 'apps', 'app-bundle'), ref('ExternalArtifact', 'apps', 'app-extra')],
    status: 'failed',
  });
  const artifact = record('ExternalArtifact', 'apps', 'app-bundle', { source: ref('ArtifactGenerator', 'apps', 'bundle') });
  const consumer = record('Kustomization', 'apps', 'app', { source: ref('ExternalArtifact', 'apps', 'app-bundle'), status: 'failed' });
  const provider = record('ResourceSetInputProvider', 'flux-system', 'tenant-list');
  const resourceSet = record('ResourceSet', 'flux-system', 'tenants', {
    inputs: [ref('ResourceSetInputProvider', 'flux-system', 'tenant-list')],
    generates: [ref('Kustomization', 'team-a', 'team-a'), ref('Kustomization', 'team-b', 'team-b')],
  });
  const tenantA = record('Kustomization', 'team-a', 'team-a', { source: ref('GitRepository', 'team-a', 'team-a') });
  const tenantGit = record('GitRepository', 'team-a', 'team-a');
  const all = [git, generator, artifact, consumer, provider, resourceSet, tenantA, tenantGit];

  it('leads from a Kustomization through its ExternalArtifact to the generator, its inputs (one missing) and its other artifact (missing)', () => {
    const graph = new ClusterReferences(all).graph('c1', ['Kustomization/apps/app'], { withUsers: false, limit: 50, root: 'Kustomization/apps/app' });
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: 'Kustomization/apps/app', to: 'ExternalArtifact/apps/app-bundle', type: 'source' },
        { from: 'ArtifactGenerator/apps/bundle', to: 'ExternalArtifact/apps/app-bundle', type: 'generates' },
        { from: 'ArtifactGenerator/apps/bundle', to: 'GitRepository/apps/app-repo', type: 'input' },
        { from: 'ArtifactGenerator/apps/bundle', to: 'OCIRepository/apps/charts', type: 'input' },
        { from: 'ArtifactGenerator/apps/bundle', to: 'ExternalArtifact/apps/app-extra', type: 'generates' },
      ]),
    );
    // The artifact's sourceRef to its generator is the generates edge, not a second one.
    expect(graph.edges).not.toContainEqual({ from: 'ExternalArtifact/apps/app-bundle', to: 'ArtifactGenerator/apps/bundle', type: 'source' });
    const status = Object.fromEntries(graph.nodes.map((node) => [node.id, node.status]));
    expect(status).toMatchObject({ 'OCIRepository/apps/charts': 'missing', 'ExternalArtifact/apps/app-extra': 'missing', 'ArtifactGenerator/apps/bundle': 'failed' });
  });

  it('shows what a ResourceSet generated (a product it lists and the cluster lacks is missing) and its input provider', () => {
    const graph = new ClusterReferences(all).graph('c1', ['ResourceSet/flux-system/tenants'], { withUsers: true, limit: 50, root: 'ResourceSet/flux-system/tenants' });
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: 'ResourceSet/flux-system/tenants', to: 'ResourceSetInputProvider/flux-system/tenant-list', type: 'input' },
        { from: 'ResourceSet/flux-system/tenants', to: 'Kustomization/team-a/team-a', type: 'generates' },
        { from: 'ResourceSet/flux-system/tenants', to: 'Kustomization/team-b/team-b', type: 'generates' },
      ]),
    );
    expect(graph.nodes.find((node) => node.id === 'Kustomization/team-b/team-b')?.status).toBe('missing');
  });

  it('resolves a ResourceSet inputsFrom selector to the providers in its namespace whose labels match', () => {
    const picked = record('ResourceSetInputProvider', 'flux-system', 'team-a-branches', { labels: { team: 'a' } });
    const other = record('ResourceSetInputProvider', 'flux-system', 'team-b-branches', { labels: { team: 'b' } });
    const elsewhere = record('ResourceSetInputProvider', 'apps', 'team-a-tags', { labels: { team: 'a' } });
    const bySelector = record('ResourceSet', 'flux-system', 'previews', {
      inputSelectors: [{ kind: 'ResourceSetInputProvider', namespace: 'flux-system', selector: { matchLabels: { team: 'a' } } }],
    });
    const nothing = record('ResourceSet', 'flux-system', 'nobody', {
      inputSelectors: [{ kind: 'ResourceSetInputProvider', namespace: 'flux-system', selector: { matchLabels: { team: 'z' } } }],
    });
    const references = new ClusterReferences([picked, other, elsewhere, bySelector, nothing]);
    const graph = references.graph('c1', ['ResourceSet/flux-system/previews'], { withUsers: false, limit: 50, root: null });
    expect(graph.edges).toEqual([{ from: 'ResourceSet/flux-system/previews', to: 'ResourceSetInputProvider/flux-system/team-a-branches', type: 'input' }]);
    // A selector that picks nothing is no missing node: there is nothing it names.
    expect(references.graph('c1', ['ResourceSet/flux-system/nobody'], { withUsers: false, limit: 50, root: null }).nodes.map((node) => node.id)).toEqual(['ResourceSet/flux-system/nobody']);
    // And the provider knows who reads it.
    expect(references.graph('c1', ['ResourceSetInputProvider/flux-system/team-a-branches'], { withUsers: true, limit: 50, root: null }).edges).toContainEqual({
      from: 'ResourceSet/flux-system/previews',
      to: 'ResourceSetInputProvider/flux-system/team-a-branches',
      type: 'input',
    });
  });

  it('shows a generated object its generator, and orders generators and inputs first for bulk actions', () => {
    const references = new ClusterReferences(all);
    const graph = references.graph('c1', ['Kustomization/team-a/team-a'], { withUsers: false, limit: 50, root: null });
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: 'ResourceSet/flux-system/tenants', to: 'Kustomization/team-a/team-a', type: 'generates' },
        { from: 'Kustomization/team-a/team-a', to: 'GitRepository/team-a/team-a', type: 'source' },
      ]),
    );
    expect(references.usesOf('Kustomization/team-a/team-a').sort()).toEqual(['GitRepository/team-a/team-a', 'ResourceSet/flux-system/tenants']);
    expect(references.usesOf('ArtifactGenerator/apps/bundle').sort()).toEqual(['GitRepository/apps/app-repo', 'OCIRepository/apps/charts']);
    expect(references.usesOf('ExternalArtifact/apps/app-bundle')).toEqual(['ArtifactGenerator/apps/bundle']);
  });

  it('keeps an ExternalArtifact source edge to a producer that does not declare it', () => {
    const orphan = record('ExternalArtifact', 'apps', 'orphan', { source: ref('ArtifactGenerator', 'apps', 'gone') });
    const graph = new ClusterReferences([orphan]).graph('c1', ['ExternalArtifact/apps/orphan'], { withUsers: false, limit: 50, root: null });
    expect(graph.edges).toEqual([{ from: 'ExternalArtifact/apps/orphan', to: 'ArtifactGenerator/apps/gone', type: 'source' }]);
    expect(graph.nodes.find((node) => node.id === 'ArtifactGenerator/apps/gone')?.status).toBe('missing');
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

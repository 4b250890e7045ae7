import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@flux-orchestrator/sim';
import { groupResourceOf, setReady } from '../support/fleet-fixtures.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

interface GraphNode {
  id: string;
  kind: string;
  status: string;
}

/** Graph, matrix and export: answers built from the index of a simulated fleet. */
describe('fleet depth: dependency graph, fleet matrix, export', () => {
  let fleet: SimFleet;
  let t: TestServer;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 3, objectsPerCluster: 40, reconcileDelayMs: 50, namePrefix: 'depth' });
    t = await startTestServer();
    for (const cluster of fleet.clusters.values()) {
      const created = await t.request('POST', '/api/v1/clusters', { name: cluster.name, kubeconfig: cluster.kubeconfig() });
      expect(created.status).toBe(201);
      ids[cluster.name] = created.json.id;
    }
    await waitUntil('every cluster synced and health-checked', async () => {
      const summary = (await t.request('GET', '/api/v1/resources/summary')).json;
      const clusters = (await t.request('GET', '/api/v1/clusters')).json.items as Array<{ health: { flux_version: string | null } | null }>;
      return summary.clusters.length === 3 && summary.clusters.every((c: { sync: string }) => c.sync === 'synced') && clusters.every((c) => c.health?.flux_version);
    });
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  it('shows a Kustomization’s missing dependency and its source in its graph, and what uses it', async () => {
    const cluster = fleet.cluster('depth-001');
    const ks = groupResourceOf('Kustomization');
    const spec = { interval: '10m', path: './apps', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } };
    cluster.store.create(ks, { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'graph-app', namespace: 'flux-system' }, spec: { ...spec, dependsOn: [{ name: 'graph-infra-missing' }] } });
    cluster.store.create(ks, { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'graph-user', namespace: 'flux-system' }, spec: { ...spec, dependsOn: [{ name: 'graph-app' }] } });
    const base = `/api/v1/clusters/${ids['depth-001']}/resources/Kustomization/flux-system`;
    const graph = await waitUntil('the graph of graph-app', async () => {
      const response = await t.request('GET', `${base}/graph-app/graph`);
      return response.status === 200 && response.json.nodes.some((n: GraphNode) => n.id === 'Kustomization/flux-system/graph-user') ? response.json : undefined;
    });
    expect(graph.root).toBe('Kustomization/flux-system/graph-app');
    expect(graph.nodes).toContainEqual(expect.objectContaining({ id: 'Kustomization/flux-system/graph-infra-missing', status: 'missing' }));
    expect(graph.nodes).toContainEqual(expect.objectContaining({ id: 'GitRepository/flux-system/flux-system', kind: 'GitRepository' }));
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: 'Kustomization/flux-system/graph-app', to: 'Kustomization/flux-system/graph-infra-missing', type: 'depends_on' },
        { from: 'Kustomization/flux-system/graph-app', to: 'GitRepository/flux-system/flux-system', type: 'source' },
        { from: 'Kustomization/flux-system/graph-user', to: 'Kustomization/flux-system/graph-app', type: 'depends_on' },
      ]),
    );
    expect(graph.truncated).toBe(false);

    const unknown = await t.request('GET', `${base}/no-such-object/graph`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toMatch(/Kustomization flux-system\/no-such-object/);
  });

  it('leads from a Kustomization through its ExternalArtifact to the ArtifactGenerator and its inputs, and from a ResourceSet to what it generated', async () => {
    const cluster = fleet.cluster('depth-003');
    cluster.store.create(groupResourceOf('ArtifactGenerator'), {
      apiVersion: 'source.extensions.fluxcd.io/v1beta1',
      kind: 'ArtifactGenerator',
      metadata: { name: 'graph-bundle', namespace: 'flux-system' },
      spec: {
        sources: [{ alias: 'repo', kind: 'GitRepository', name: 'flux-system' }],
        artifacts: [
          { name: 'graph-bundle-app', copy: [{ from: '@repo/apps/**', to: '@artifact/' }] },
          { name: 'graph-bundle-extra', copy: [{ from: '@repo/extra/**', to: '@artifact/' }] },
        ],
      },
    });
    cluster.store.create(groupResourceOf('Kustomization'), {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'graph-bundle-consumer', namespace: 'flux-system' },
      spec: { interval: '10m', path: './', prune: true, sourceRef: { kind: 'ExternalArtifact', name: 'graph-bundle-app' } },
    });
    const base = `/api/v1/clusters/${ids['depth-003']}/resources`;
    const graph = await waitUntil('the consumer’s graph reaches the generator through its artifact', async () => {
      const response = await t.request('GET', `${base}/Kustomization/flux-system/graph-bundle-consumer/graph`);
      return response.status === 200 && response.json.edges.some((edge: { type: string }) => edge.type === 'input') ? response.json : undefined;
    });
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: 'Kustomization/flux-system/graph-bundle-consumer', to: 'ExternalArtifact/flux-system/graph-bundle-app', type: 'source' },
        { from: 'ArtifactGenerator/flux-system/graph-bundle', to: 'ExternalArtifact/flux-system/graph-bundle-app', type: 'generates' },
        { from: 'ArtifactGenerator/flux-system/graph-bundle', to: 'ExternalArtifact/flux-system/graph-bundle-extra', type: 'generates' },
        { from: 'ArtifactGenerator/flux-system/graph-bundle', to: 'GitRepository/flux-system/flux-system', type: 'input' },
      ]),
    );

    // A ResourceSet whose inventory lists a Kustomization the cluster has and one it lacks.
    const resourceSets = groupResourceOf('ResourceSet');
    const created = cluster.store.create(resourceSets, {
      apiVersion: 'fluxcd.controlplane.io/v1',
      kind: 'ResourceSet',
      metadata: { name: 'graph-tenants', namespace: 'flux-system' },
      spec: { inputs: [{ tenant: 'graph-bundle-consumer' }], resources: [] },
    });
    cluster.store.updateStatus(resourceSets, {
      ...created,
      status: {
        ...(created.status ?? {}),
        inventory: {
          entries: [
            { id: 'flux-system_graph-bundle-consumer_kustomize.toolkit.fluxcd.io_Kustomization', v: 'v1' },
            { id: 'flux-system_graph-tenant-gone_kustomize.toolkit.fluxcd.io_Kustomization', v: 'v1' },
            { id: '_graph-tenant__Namespace', v: 'v1' },
          ],
        },
      },
    });
    const sets = await waitUntil('the ResourceSet’s graph shows what it generated', async () => {
      const response = await t.request('GET', `${base}/ResourceSet/flux-system/graph-tenants/graph`);
      return response.status === 200 && response.json.edges.some((edge: { type: string }) => edge.type === 'generates') ? response.json : undefined;
    });
    expect(sets.edges).toEqual(
      expect.arrayContaining([
        { from: 'ResourceSet/flux-system/graph-tenants', to: 'Kustomization/flux-system/graph-bundle-consumer', type: 'generates' },
        { from: 'ResourceSet/flux-system/graph-tenants', to: 'Kustomization/flux-system/graph-tenant-gone', type: 'generates' },
      ]),
    );
    expect(sets.nodes).toContainEqual(expect.objectContaining({ id: 'Kustomization/flux-system/graph-tenant-gone', status: 'missing' }));
    expect(sets.nodes.map((node: GraphNode) => node.kind)).not.toContain('Namespace');
  });

  it('links a ResourceSet to the input providers its inputsFrom selector picks, following their labels', async () => {
    const cluster = fleet.cluster('depth-003');
    const base = `/api/v1/clusters/${ids['depth-003']}/resources`;
    const providers = groupResourceOf('ResourceSetInputProvider');
    const provider = (name: string, team: string) =>
      cluster.store.create(providers, {
        apiVersion: 'fluxcd.controlplane.io/v1',
        kind: 'ResourceSetInputProvider',
        metadata: { name, namespace: 'flux-system', labels: { team } },
        spec: { type: 'Static', defaultValues: { env: name } },
      });
    provider('graph-team-a', 'a');
    provider('graph-team-b', 'b');
    cluster.store.create(groupResourceOf('ResourceSet'), {
      apiVersion: 'fluxcd.controlplane.io/v1',
      kind: 'ResourceSet',
      metadata: { name: 'graph-previews', namespace: 'flux-system' },
      spec: { inputsFrom: [{ kind: 'ResourceSetInputProvider', selector: { matchLabels: { team: 'a' } } }], resources: [] },
    });
    const inputsOf = async (): Promise<string[]> => {
      const response = await t.request('GET', `${base}/ResourceSet/flux-system/graph-previews/graph`);
      return response.status === 200 ? response.json.edges.filter((edge: { type: string }) => edge.type === 'input').map((edge: { to: string }) => edge.to).sort() : [];
    };
    await waitUntil('the selector picks team a', async () => (await inputsOf()).join() === 'ResourceSetInputProvider/flux-system/graph-team-a');
    // Relabelled live: the watch brings the new labels, and the graph follows.
    // Read, then write with its resourceVersion (the simulated controller may write status meanwhile: then again).
    await waitUntil('relabelled', async () => {
      const teamB = cluster.store.get(providers, 'flux-system', 'graph-team-b')!;
      try {
        cluster.store.update(providers, { ...teamB, metadata: { ...teamB.metadata, labels: { team: 'a' } } });
        return true;
      } catch {
        return false;
      }
    });
    await waitUntil('the selector picks both', async () => (await inputsOf()).join() === 'ResourceSetInputProvider/flux-system/graph-team-a,ResourceSetInputProvider/flux-system/graph-team-b');
  });

  it('draws a cluster’s failing objects with what they use', async () => {
    const graph = (await t.request('GET', `/api/v1/clusters/${ids['depth-002']}/graph?status=failed`)).json;
    const failing = (await t.request('GET', `/api/v1/resources?cluster=depth-002&status=failed&limit=1000`)).json.items as Array<{ kind: string; namespace: string; name: string }>;
    expect(failing.length).toBeGreaterThan(0);
    for (const item of failing) expect(graph.nodes.map((n: GraphNode) => n.id)).toContain(`${item.kind}/${item.namespace}/${item.name}`);
    for (const edge of graph.edges) expect(graph.nodes.map((n: GraphNode) => n.id)).toEqual(expect.arrayContaining([edge.from, edge.to]));
    const whole = (await t.request('GET', `/api/v1/clusters/${ids['depth-002']}/graph`)).json;
    expect(whole.nodes.length).toBeGreaterThanOrEqual(graph.nodes.length);
    expect((await t.request('GET', `/api/v1/clusters/${ids['depth-002']}/graph?status=broken`)).status).toBe(400);
  });

  it('answers which clusters run which podinfo version, and which Flux version they are on', async () => {
    const matrix = (await t.request('GET', '/api/v1/matrix?kind=hr&name=podinfo')).json;
    expect(matrix.kind).toBe('HelmRelease');
    expect(matrix.rows.map((row: { cluster: string }) => row.cluster)).toEqual(['depth-001', 'depth-002', 'depth-003']);
    const indexed = (await t.request('GET', '/api/v1/resources?kind=HelmRelease&q=podinfo&limit=1000')).json.items.filter((item: { name: string }) => item.name === 'podinfo');
    expect(matrix.totals.objects).toBe(indexed.length);
    expect(matrix.revisions.reduce((sum: number, entry: { objects: number }) => sum + entry.objects, 0)).toBe(indexed.length);
    for (const row of matrix.rows) {
      expect(row.flux_version).toEqual(expect.any(String));
      for (const cell of row.objects) expect(indexed).toContainEqual(expect.objectContaining({ cluster: row.cluster, namespace: cell.namespace, revision: cell.revision, status: cell.status }));
    }
    const withRevision = matrix.revisions.find((entry: { revision: string | null }) => entry.revision !== null);
    if (withRevision) {
      const one = (await t.request('GET', `/api/v1/matrix?kind=HelmRelease&name=podinfo&revision=${encodeURIComponent(withRevision.revision)}`)).json;
      expect(one.totals.clusters).toBe(withRevision.clusters);
      for (const row of one.rows) for (const cell of row.objects) expect(cell.revision).toBe(withRevision.revision);
    }
    const version = matrix.rows[0].flux_version as string;
    const onVersion = (await t.request('GET', `/api/v1/matrix?kind=Kustomization&flux_version=${encodeURIComponent(version.split('.').slice(0, 2).join('.'))}`)).json;
    expect(onVersion.rows.length).toBeGreaterThan(0);
    for (const row of onVersion.rows) expect(row.flux_version.replace(/^v/, '').startsWith(version.replace(/^v/, '').split('.').slice(0, 2).join('.'))).toBe(true);
    expect(onVersion.flux_versions.reduce((sum: number, entry: { clusters: number }) => sum + entry.clusters, 0)).toBe(onVersion.rows.length);
  });

  it('answers an empty matrix (not an error) when nothing matches, and a 400 for a kind that is not Flux', async () => {
    const none = await t.request('GET', '/api/v1/matrix?kind=HelmRelease&name=podinfo&flux_version=0.1');
    expect(none.status).toBe(200);
    expect(none.json).toMatchObject({ rows: [], revisions: [], totals: { clusters: 0, objects: 0 } });
    const bad = await t.request('GET', '/api/v1/matrix?kind=Deployment');
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0]).toMatchObject({ field: 'querystring.kind', message: expect.stringMatching(/not a Flux kind/) });
  });

  it('exports the list as CSV with correct quoting, and as JSON, with the same filters', async () => {
    const cluster = fleet.cluster('depth-003');
    const target = (await t.request('GET', '/api/v1/resources?cluster=depth-003&kind=Kustomization&status=ready&limit=1')).json.items[0];
    const message = 'build failed: "overlays/prod", missing\nsecond line, with a comma';
    setReady(cluster, 'Kustomization', target.namespace, target.name, { status: 'False', reason: 'BuildFailed', message });
    await waitUntil('the new failure indexed', async () => (await t.request('GET', `/api/v1/resources?cluster=depth-003&q=${encodeURIComponent('overlays/prod')}`)).json.total === 1);

    const listed = (await t.request('GET', '/api/v1/resources?kind=Kustomization&limit=1000')).json;
    const csv = await t.request('GET', '/api/v1/resources/export?kind=Kustomization&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="flux-resources-.*\.csv"/);
    const rows = parse(csv.text, { columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBe(listed.total);
    expect(rows.map((row) => `${row.cluster}/${row.namespace}/${row.name}`)).toEqual(listed.items.map((item: { cluster: string; namespace: string; name: string }) => `${item.cluster}/${item.namespace}/${item.name}`));
    expect(rows.find((row) => row.name === target.name && row.cluster === 'depth-003')).toMatchObject({ status: 'failed', reason: 'BuildFailed', message, suspended: 'false' });

    const json = await t.request('GET', '/api/v1/resources/export?kind=Kustomization&status=failed&format=json');
    expect(json.status).toBe(200);
    const failed = (await t.request('GET', '/api/v1/resources?kind=Kustomization&status=failed&limit=1000')).json;
    expect(json.json.map((item: { id: string }) => item.id)).toEqual(failed.items.map((item: { id: string }) => item.id));

    const empty = await t.request('GET', '/api/v1/resources/export?q=nothing-is-called-this');
    expect(parse(empty.text, { columns: true })).toEqual([]);
    expect(empty.text.split('\n')[0]).toMatch(/^cluster,cluster_id,kind,/);
    expect((await t.request('GET', '/api/v1/resources/export?status=broken')).status).toBe(400);
  });

  it('keeps a deleted object out of the graph of what used it (it becomes missing)', async () => {
    const cluster = fleet.cluster('depth-002');
    const ks = groupResourceOf('Kustomization');
    const spec = { interval: '10m', path: './x', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } };
    cluster.store.create(ks, { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'graph-base', namespace: 'flux-system' }, spec });
    cluster.store.create(ks, { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'graph-top', namespace: 'flux-system' }, spec: { ...spec, dependsOn: [{ name: 'graph-base' }] } });
    const url = `/api/v1/clusters/${ids['depth-002']}/resources/Kustomization/flux-system/graph-top/graph`;
    await waitUntil('graph-base present', async () => ((await t.request('GET', url)).json.nodes ?? []).some((n: GraphNode) => n.id === 'Kustomization/flux-system/graph-base' && n.status !== 'missing'));
    cluster.store.delete(ks, 'flux-system', 'graph-base');
    await waitUntil('graph-base missing', async () => (await t.request('GET', url)).json.nodes.some((n: GraphNode) => n.id === 'Kustomization/flux-system/graph-base' && n.status === 'missing'));
  });
});

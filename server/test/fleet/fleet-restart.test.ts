import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FLUX_KINDS } from '@flux-orchestrator/flux-model';
import { startFleet, startKubeApiServer, type KubeApiServer, type SimFleet } from '@flux-orchestrator/sim';
import { clusterContent, deleteObject, indexedItem, indexedItems, pickObject, readyStatusOf, registerCluster, setReady, syncStatus, waitForInSync, type IndexedItem } from '../support/fleet-fixtures.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

describe('fleet engine across a restart', () => {
  let fleet: SimFleet | undefined;
  const servers: TestServer[] = [];
  const apiServers: KubeApiServer[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fo-restart-'));
  const otherDataDir = mkdtempSync(path.join(os.tmpdir(), 'fo-restart-'));
  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const server of apiServers) await server.stop();
    await fleet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(otherDataDir, { recursive: true, force: true });
  });

  it('serves the last known objects at once after a restart, stale while the cluster is unreachable, and fresh when it is back', async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 1, objectsPerCluster: 40, reconcileDelayMs: 20, namePrefix: 'restart', failingShare: 0.2 });
    const cluster = fleet.cluster('restart-001');
    const first = await startTestServer({}, { dataDir });
    servers.push(first);
    const id = await registerCluster(first, cluster);
    await waitForInSync(first, id, cluster);

    // A change just before the shutdown is persisted too (the engine writes behind, and flushes on close).
    const changed = pickObject(cluster, 'Kustomization', (object) => readyStatusOf(object) === 'True' && !object.spec?.suspend);
    setReady(cluster, 'Kustomization', changed.metadata.namespace, changed.metadata.name, { status: 'False', reason: 'BuildFailed', message: 'failed just before the restart' });
    await waitUntil('the last change indexed', async () => (await indexedItem(first, id, 'Kustomization', changed.metadata.namespace!, changed.metadata.name))?.message === 'failed just before the restart');
    const before = await indexedItems(first, id);
    const failing = before.filter((item) => item.status === 'failed');
    expect(failing.length).toBeGreaterThan(1);
    await first.close();
    servers.pop();

    // The cluster becomes unreachable, and changes while nobody watches.
    await cluster.api.closePort();
    const gone = pickObject(cluster, 'Kustomization', (object) => object.metadata.name !== changed.metadata.name);
    deleteObject(cluster, 'Kustomization', gone.metadata.namespace, gone.metadata.name);

    const second = await startTestServer({}, { dataDir });
    servers.push(second);
    // At once: the last known state, every object stale, "since" as it was.
    const restored = await indexedItems(second, id);
    expect(restored.map(withoutFreshness).sort(byId)).toEqual(before.map(withoutFreshness).sort(byId));
    expect(restored.filter((item) => !item.stale).map((item) => item.id)).toEqual([]);
    const summary = (await second.request('GET', '/api/v1/resources/summary')).json;
    expect(summary.clusters.find((entry: { cluster_id: string }) => entry.cluster_id === id)).toMatchObject({ objects: before.length });
    expect(summary.clusters.find((entry: { cluster_id: string }) => entry.cluster_id === id).sync).not.toBe('synced');
    const sync = await waitUntil('the sync reports the unreachable cluster', async () => {
      const status = await syncStatus(second, id);
      return status.state === 'error' && status.last_error ? status : undefined;
    });
    expect(sync.last_error).toMatch(/discovery failed/i);
    expect((await indexedItems(second, id)).every((item) => item.stale)).toBe(true);

    // Back: fresh, equal to the cluster (the deletion made while away included), "since" kept.
    await cluster.api.reopenPort();
    const after = await waitForInSync(second, id, cluster);
    expect(after.some((item) => item.name === gone.metadata.name && item.namespace === gone.metadata.namespace && item.kind === 'Kustomization')).toBe(false);
    expect(after.length).toBe(clusterContent(cluster).size);
    const since = new Map(after.map((item) => [item.id, item.status_since]));
    for (const item of failing) {
      if (since.has(item.id)) expect({ id: item.id, since: since.get(item.id) }).toEqual({ id: item.id, since: item.status_since });
    }
  });

  it('drops the last known objects of kinds the cluster stopped serving while the server was down', async () => {
    fleet ??= await startFleet({ ca: await sharedTestCa(), clusters: 0, reconcileDelayMs: 20 });
    const cluster = await fleet.addCluster({ name: 'uninstall-001', objects: 40 });
    const first = await startTestServer({}, { dataDir: otherDataDir });
    servers.push(first);
    const id = await registerCluster(first, cluster);
    await waitForInSync(first, id, cluster);
    const operatorGroup = 'fluxcd.controlplane.io';
    const operatorKinds = FLUX_KINDS.filter((kind) => kind.group === operatorGroup);
    expect((await indexedItems(first, id)).filter((item) => operatorKinds.some((kind) => kind.kind === item.kind)).length).toBeGreaterThan(0);
    await first.close();
    servers.pop();

    // While the server is down the Flux Operator is uninstalled: its CRDs go, and their objects with them.
    await cluster.api.closePort();
    for (const kind of operatorKinds) {
      for (const object of cluster.store.list(`${kind.group}/${kind.plural}`).items) cluster.store.delete(`${kind.group}/${kind.plural}`, object.metadata.namespace, object.metadata.name);
    }
    apiServers.push(
      await startKubeApiServer({
        name: cluster.name,
        ca: fleet.ca,
        store: cluster.store,
        logs: cluster.logs,
        port: cluster.api.port,
        staticTokens: { [cluster.adminToken]: { user: 'admin', groups: ['system:masters'] } },
        fluxKindVersions: Object.fromEntries(operatorKinds.map((kind) => [kind.kind, []])),
      }),
    );

    const second = await startTestServer({}, { dataDir: otherDataDir });
    servers.push(second);
    await waitForInSync(second, id, cluster);
  });
});

function withoutFreshness(item: IndexedItem): Omit<IndexedItem, 'stale'> {
  const { stale: _stale, ...rest } = item;
  return rest;
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

import { afterEach, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@flux-orchestrator/sim';
import { startSimulatedCluster, type SimulatedCluster } from '@flux-orchestrator/sim/testing';
import { sharedTestCa } from '../support/shared-ca.js';
import { indexedItems, registerCluster, syncStatus } from '../support/fleet-fixtures.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * How the engine talks to a cluster: one HTTP/2 connection carries every list and watch (as
 * client-go does), and an API server without HTTP/2 is still synced over HTTP/1.1.
 */
describe('fleet engine transport', () => {
  let t: TestServer | undefined;
  let fleet: SimFleet | undefined;
  let cluster: SimulatedCluster | undefined;
  afterEach(async () => {
    await t?.close();
    await fleet?.stop();
    await cluster?.server.stop();
    t = fleet = cluster = undefined;
  });

  it('lists and watches every Flux kind and the events of a cluster over one HTTP/2 connection', async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 1, objectsPerCluster: 40, namePrefix: 'h2' });
    const [simulated] = [...fleet.clusters.values()];
    t = await startTestServer();
    const clusterId = await registerCluster(t, simulated!);
    const sync = await waitUntil('every kind watching', async () => {
      const status = await syncStatus(t!, clusterId);
      if (status.state !== 'synced' || status.kinds.some((kind) => kind.state !== 'watching') || status.events?.state !== 'watching') throw new Error(status.state);
      return status;
    });
    expect(sync.kinds.length).toBeGreaterThan(10);
    // Every watch (each kind's, and the events') is a stream of the one HTTP/2 connection the engine keeps for the cluster.
    expect(simulated!.api.openStreamCount()).toBe(sync.kinds.length + 1);
    // (The health probe, in its own worker thread, may keep one HTTP/1.1 connection of its own.)
    expect(simulated!.api.openConnections().h2).toBe(1);
    expect((await indexedItems(t, clusterId)).length).toBeGreaterThanOrEqual(40);
  });

  it('syncs over HTTP/1.1 when the API server does not offer HTTP/2', async () => {
    cluster = await startSimulatedCluster(await sharedTestCa(), 'http1-only', { http2: false });
    cluster.server.store.create('source.toolkit.fluxcd.io/gitrepositories', {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'apps', namespace: 'flux-system' },
      spec: { url: 'https://example.invalid/apps.git', interval: '1m' },
    });
    t = await startTestServer();
    const created = await t.request('POST', '/api/v1/clusters', { name: 'http1-only', kubeconfig: cluster.kubeconfig() });
    expect(created.status).toBe(201);
    const clusterId = created.json.id as string;
    await waitUntil('the GitRepository indexed and its kind watching', async () => {
      const items = await indexedItems(t!, clusterId);
      const status = await syncStatus(t!, clusterId);
      const gitRepositories = status.kinds.find((kind) => kind.kind === 'GitRepository');
      if (items.length !== 1 || gitRepositories?.state !== 'watching') throw new Error(`${items.length} items; ${JSON.stringify(status)}`);
      return true;
    });
    // A change made now arrives through an HTTP/1.1 watch.
    const gitRepositories = 'source.toolkit.fluxcd.io/gitrepositories';
    const [stored] = cluster.server.store.list(gitRepositories).items;
    cluster.server.store.update(gitRepositories, { ...stored!, spec: { ...stored!.spec, suspend: true } });
    await waitUntil('the suspension seen', async () => {
      const [item] = await indexedItems(t!, clusterId);
      if (item?.status !== 'suspended') throw new Error(item?.status);
      return true;
    });
    expect(cluster.server.openConnections().h2).toBe(0);
  });
});

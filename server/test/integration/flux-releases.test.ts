import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type KubeObject, type SimCluster, type SimFleet } from '@flux-orchestrator/sim';
import { clusterContent, indexedItems, pickObject, readyStatusOf, registerCluster, setReady, syncStatus, waitForInSync } from '../support/fleet-fixtures.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * The product on clusters of different Flux releases: it discovers which versions each serves
 * (HelmRelease v2beta2 on Flux 2.2, v2 on 2.9), indexes what is there and nothing else, and
 * reads each cluster's Flux version.
 */
describe('clusters of older and newer Flux releases', () => {
  let fleet: SimFleet;
  let t: TestServer;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 0, reconcileDelayMs: 20, failingShare: 0.2 });
    t = await startTestServer();
    for (const [name, fluxVersion] of [['flux-22', '2.2'], ['flux-29', '2.9']] as const) {
      const cluster = await fleet.addCluster({ name, objects: 80, fluxVersion });
      ids.set(name, await registerCluster(t, cluster));
    }
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
  });

  const helmReleasesOf = (cluster: SimCluster) => [...clusterContent(cluster).values()].filter((object) => object.kind === 'HelmRelease');
  /** What the product should show for a stored object (generated failures keep Flux's reasons). */
  const expectedStatus = (object: KubeObject) => (object.spec?.suspend === true ? 'suspended' : readyStatusOf(object) === 'False' ? 'failed' : 'ready');

  it("lists a Flux 2.2 cluster's HelmReleases, served at v2beta2, with their statuses", async () => {
    const cluster = fleet.cluster('flux-22');
    const id = ids.get('flux-22')!;
    await waitForInSync(t, id, cluster);
    const stored = helmReleasesOf(cluster);
    expect(stored.length).toBeGreaterThan(2);
    const items = await indexedItems(t, id, '&kind=HelmRelease');
    expect(items.map((item) => item.name).sort()).toEqual(stored.map((object) => object.metadata.name).sort());
    expect(new Set(items.map((item) => item.api_version))).toEqual(new Set(['helm.toolkit.fluxcd.io/v2beta2']));
    for (const item of items) expect(item.status, item.name).toBe(expectedStatus(stored.find((object) => object.metadata.name === item.name)!));
    const sync = await syncStatus(t, id);
    expect(sync.kinds.find((kind) => kind.kind === 'HelmRelease')?.version).toBe('v2beta2');
    expect(sync.kinds.find((kind) => kind.kind === 'Alert')?.version).toBe('v1beta3');
    // Flux 2.2 was installed without the operator and has no source-watcher.
    for (const absent of ['FluxReport', 'FluxInstance', 'ArtifactGenerator', 'ExternalArtifact']) expect(sync.kinds.map((kind) => kind.kind)).not.toContain(absent);
  });

  it('follows a HelmRelease failing on Flux 2.2 through its v2beta2 watch', async () => {
    const cluster = fleet.cluster('flux-22');
    const id = ids.get('flux-22')!;
    await waitForInSync(t, id, cluster);
    const release = pickObject(cluster, 'HelmRelease', (object) => readyStatusOf(object) === 'True' && object.spec?.suspend !== true);
    setReady(cluster, 'HelmRelease', release.metadata.namespace, release.metadata.name, { status: 'False', reason: 'UpgradeFailed', message: 'Helm upgrade failed: timed out waiting for the condition' });
    const failed = await waitUntil('the failure indexed', async () => (await indexedItems(t, id, '&kind=HelmRelease')).find((item) => item.name === release.metadata.name && item.status === 'failed'));
    expect(failed).toMatchObject({ reason: 'UpgradeFailed', message: 'Helm upgrade failed: timed out waiting for the condition', api_version: 'helm.toolkit.fluxcd.io/v2beta2' });
  });

  it("lists a Flux 2.9 cluster's HelmReleases at v2, next to its ArtifactGenerators and FluxReport", async () => {
    const cluster = fleet.cluster('flux-29');
    const id = ids.get('flux-29')!;
    await waitForInSync(t, id, cluster);
    const stored = helmReleasesOf(cluster);
    const items = await indexedItems(t, id, '&kind=HelmRelease');
    expect(items.map((item) => item.name).sort()).toEqual(stored.map((object) => object.metadata.name).sort());
    expect(new Set(items.map((item) => item.api_version))).toEqual(new Set(['helm.toolkit.fluxcd.io/v2']));
    for (const item of items) expect(item.status, item.name).toBe(expectedStatus(stored.find((object) => object.metadata.name === item.name)!));
    const kinds = (await syncStatus(t, id)).kinds.map((kind) => kind.kind);
    for (const present of ['HelmRelease', 'ArtifactGenerator', 'ExternalArtifact', 'FluxReport']) expect(kinds).toContain(present);
  });

  it("reports each cluster's Flux version: from the controllers' labels on 2.2, from the FluxReport on 2.9", async () => {
    const health = async (name: string) => (await t.request('GET', `/api/v1/clusters/${ids.get(name)}/health?refresh=true`)).json.health as { status: string; flux_version: string };
    expect(await health('flux-22')).toMatchObject({ status: 'healthy', flux_version: 'v2.2.3' });
    expect(await health('flux-29')).toMatchObject({ status: 'healthy', flux_version: 'v2.9.0' });
  });

  it('reads the Flux version, not the Flux Operator\'s, when an operator-managed cluster has no FluxReport yet', async () => {
    const cluster = await fleet.addCluster({ name: 'flux-26-bare', objects: 0, fluxVersion: '2.6' });
    const id = await registerCluster(t, cluster);
    const health = (await t.request('GET', `/api/v1/clusters/${id}/health?refresh=true`)).json.health as { status: string; flux_version: string };
    expect(health).toMatchObject({ status: 'healthy', flux_version: 'v2.6.4' });
  });
});

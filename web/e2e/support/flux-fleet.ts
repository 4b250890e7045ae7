import { FLUX_KINDS, startFleet, type SimCluster, type SimFleet } from '@flux-orchestrator/sim';
import { startAppServer, type AppServer } from './app-server.js';

/** Simulated clusters with generated Flux objects, registered with the real server (serving the built app). */
export interface FluxFleet {
  fleet: SimFleet;
  server: AppServer;
  /** Cluster id by cluster name. */
  ids: Record<string, string>;
  url: string;
  close(): Promise<void>;
}

interface ResourcePage {
  items: Array<{ stale: boolean }>;
  total: number;
}

/**
 * Starts `clusters` simulated clusters (`objects` Flux objects each, some failing and suspended
 * by the generator), registers them, and resolves once the server indexed every object live.
 */
export async function startFluxFleet(options: { clusters?: number; objects?: number; namePrefix?: string } = {}): Promise<FluxFleet> {
  const clusters = options.clusters ?? 2;
  const objects = options.objects ?? 30;
  const [fleet, server] = await Promise.all([startFleet({ clusters, objectsPerCluster: objects, reconcileDelayMs: 50, namePrefix: options.namePrefix ?? 'e2e' }), startAppServer()]);
  const ids: Record<string, string> = {};
  try {
    for (const cluster of fleet.clusters.values()) {
      const created = await server.api.request('POST', '/api/v1/clusters', { name: cluster.name, kubeconfig: cluster.kubeconfig() });
      if (created.status !== 201) throw new Error(`registering ${cluster.name}: ${created.status} ${created.text}`);
      ids[cluster.name] = created.json.id;
    }
    const expected = [...fleet.clusters.values()].reduce((sum, cluster) => sum + fluxObjectCount(cluster), 0);
    await waitFor(`${expected} objects indexed and live`, async () => {
      const response = await server.api.request('GET', '/api/v1/resources?limit=1000');
      const page = response.json as ResourcePage;
      return page.total === expected && page.items.every((item) => !item.stale);
    });
  } catch (error) {
    await server.close();
    await fleet.stop();
    throw error;
  }
  return {
    fleet,
    server,
    ids,
    url: server.url,
    close: async () => {
      await server.close();
      await fleet.stop();
    },
  };
}

/** Flux objects the simulated cluster holds (what the index should show). */
export function fluxObjectCount(cluster: SimCluster): number {
  return FLUX_KINDS.reduce((sum, kind) => sum + cluster.store.list(`${kind.group}/${kind.plural}`).items.length, 0);
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

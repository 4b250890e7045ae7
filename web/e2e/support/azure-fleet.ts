import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFleet, type FleetSubscription, type SimFleet } from '@flux-orchestrator/sim';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { startWebFront } from './web-front.js';
import { ensureWebBuild } from './web-build.js';

/** A simulated Azure (Entra ID + ARM) with one subscription of AKS clusters, and the server trusting it. */
export interface AzureSetup {
  fleet: SimFleet;
  subscription: FleetSubscription;
  authorityHost: string;
  resourceManagerEndpoint: string;
  server: ServerProcess;
  /** Where the browser goes. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the fleet, then the server as its own process with NODE_EXTRA_CA_CERTS set to the
 * simulator CA (on Node 20 the Azure SDKs trust only what Node trusts at start-up), serving
 * the built web app. SYNC_WAIT_SECONDS=0 makes every sync a job, so the UI shows live progress.
 * `serverEnv` adds to the server's environment (e.g. AUTH_MODE=local for login).
 */
export async function startAzureSetup(options: { plainClusters?: number; clustersPerSubscription?: number; serverEnv?: Record<string, string> } = {}): Promise<AzureSetup> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'fo-e2e-fleet-'));
  const [webDir, fleet] = await Promise.all([
    ensureWebBuild(),
    startFleet({ clusters: options.plainClusters ?? 0, azureSubscriptions: 1, clustersPerSubscription: options.clustersPerSubscription ?? 3, objectsPerCluster: 5, outDir, reconcileDelayMs: 50 }),
  ]);
  const manifest = fleet.manifest();
  const proxied = process.env.E2E_WEB_FRONT === 'proxy';
  let server: ServerProcess;
  try {
    server = await startServerProcess({
      NODE_EXTRA_CA_CERTS: manifest.ca_file,
      WEB_DIR: proxied ? path.join(outDir, 'no-web') : path.resolve(webDir),
      SYNC_WAIT_SECONDS: '0',
      HEALTH_CHECK_TIMEOUT_SECONDS: '5',
      ...options.serverEnv,
    });
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  const front = proxied ? await startWebFront(path.resolve(webDir), server.url) : undefined;
  return {
    fleet,
    subscription: fleet.subscriptions[0]!,
    authorityHost: manifest.azure!.authority_host,
    resourceManagerEndpoint: manifest.azure!.resource_manager_endpoint,
    server,
    url: front?.url ?? server.url,
    close: async () => {
      await front?.close();
      await server.close();
      await fleet.stop();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

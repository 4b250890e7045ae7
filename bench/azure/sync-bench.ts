/**
 * Azure benchmark: discover + sync + first health check of a large AKS estate.
 *
 *   npm run bench -- azure            (through bench/run.ts, which sets NODE_EXTRA_CA_CERTS)
 *
 * 10 subscriptions × 100 AKS clusters, every ARM call slowed by 50 ms. Measures the product as
 * configured by default (subscriptions in parallel, bounded concurrency inside each) against a
 * one-at-a-time baseline in the same run (one subscription, one cluster, one check at a time).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startFleet, type FleetSubscription, type SimFleet } from '../../sim/src/index.js';
import { CertificateAuthority } from '../../sim/src/pki/certificate-authority.js';
import { loadConfig } from '../../server/src/config/index.js';
import { startServer } from '../../server/src/server.js';

const { values } = parseArgs({
  options: {
    subscriptions: { type: 'string', default: '10' },
    clusters: { type: 'string', default: '100' },
    'arm-latency-ms': { type: 'string', default: '50' },
    'skip-baseline': { type: 'boolean', default: false },
  },
});
const subscriptionCount = Number(values.subscriptions);
const clustersPerSubscription = Number(values.clusters);
const armLatencyMs = Number(values['arm-latency-ms']);

const caCert = process.env.FLUXO_TEST_CA_CERT_FILE;
const caKey = process.env.FLUXO_TEST_CA_KEY_FILE;
if (!caCert || !caKey || !process.env.NODE_EXTRA_CA_CERTS) throw new Error('run through `npm run bench` (it creates the CA and sets NODE_EXTRA_CA_CERTS)');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- benchmark reads arbitrary API JSON
async function json(url: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) } });
  const body = await response.text();
  if (!response.ok && response.status !== 202) throw new Error(`${init?.method ?? 'GET'} ${url} → ${response.status}: ${body.slice(0, 300)}`);
  return { status: response.status, body: body ? JSON.parse(body) : undefined };
}

/** Adds, discovers and syncs one subscription; returns the ids of the clusters it created. */
async function onboard(base: string, fleet: SimFleet, sub: FleetSubscription): Promise<string[]> {
  await json(`${base}/api/v1/azure/subscriptions`, {
    method: 'POST',
    body: JSON.stringify({
      name: sub.name,
      subscription_id: sub.subscriptionId,
      tenant_id: sub.tenantId,
      client_id: sub.clientId,
      client_secret: sub.clientSecret,
      environment: 'custom',
      authority_host: fleet.azure!.authorityHost,
      resource_manager_endpoint: fleet.azure!.resourceManagerEndpoint,
      resource_manager_audience: fleet.azure!.resourceManagerAudience,
    }),
  });
  const discovered = (await json(`${base}/api/v1/azure/subscriptions/${sub.subscriptionId}/clusters`)).body.items.length;
  const sync = await json(`${base}/api/v1/azure/subscriptions/${sub.subscriptionId}/sync`, { method: 'POST', body: '{}' });
  let result = sync.body;
  while (sync.status === 202) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const job = (await json(`${base}${sync.body.status_url}`)).body;
    if (job.status === 'failed') throw new Error(`sync failed: ${job.error}`);
    if (job.status === 'succeeded') {
      result = job.result;
      break;
    }
  }
  const ids = new Set<string>(result.results.filter((r: { cluster_id: string | null }) => r.cluster_id).map((r: { cluster_id: string }) => r.cluster_id));
  if (ids.size !== discovered) throw new Error(`synced ${ids.size} of ${discovered} clusters: ${JSON.stringify(result.counts)}`);
  return [...ids];
}

/** Waits until every cluster has its first health result (one poller, so polling stays cheap). */
async function firstHealth(base: string, ids: string[]): Promise<number> {
  const wanted = new Set(ids);
  for (;;) {
    const clusters = (await json(`${base}/api/v1/clusters`)).body.items.filter((c: { id: string }) => wanted.has(c.id));
    const checked = clusters.filter((c: { health: unknown }) => c.health !== null);
    if (checked.length === wanted.size) return checked.filter((c: { health: { status: string } }) => c.health.status === 'healthy').length;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function run(label: string, fleet: SimFleet, env: Record<string, string>, sequential: boolean): Promise<number> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fo-bench-'));
  const config = loadConfig([], { PORT: '0', DATA_DIR: dataDir, HEALTH_CHECK_INTERVAL_SECONDS: '0', ...env }, process.cwd());
  const server = await startServer(config, pino({ level: 'silent' }));
  const started = performance.now();
  let created = 0;
  let healthy = 0;
  let synced = 0;
  try {
    const ids: string[] = [];
    if (sequential) {
      for (const sub of fleet.subscriptions) ids.push(...(await onboard(server.url, fleet, sub)));
    } else {
      for (const subIds of await Promise.all(fleet.subscriptions.map((sub) => onboard(server.url, fleet, sub)))) ids.push(...subIds);
    }
    synced = (performance.now() - started) / 1000;
    created = ids.length;
    healthy = await firstHealth(server.url, ids);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s   (discover + sync ${synced.toFixed(2)} s)   ${created} clusters created, ${healthy} healthy at first check`);
  return seconds;
}

const ca = await CertificateAuthority.load(readFileSync(caCert, 'utf8'), readFileSync(caKey, 'utf8'));
const startedFleet = performance.now();
const fleet = await startFleet({ ca, clusters: 0, objectsPerCluster: 5, azureSubscriptions: subscriptionCount, clustersPerSubscription, reconcileDelayMs: 1000, startConcurrency: 32 });
console.log(`fleet: ${subscriptionCount} subscriptions × ${clustersPerSubscription} AKS clusters started in ${((performance.now() - startedFleet) / 1000).toFixed(1)} s; ARM latency ${armLatencyMs} ms per call`);
fleet.azure!.faults.set({ latencyMs: armLatencyMs });
try {
  const product = await run('product (defaults, in parallel)', fleet, {}, false);
  if (!values['skip-baseline']) {
    const baseline = await run('baseline (one at a time)', fleet, { AZURE_SYNC_CONCURRENCY: '1', HEALTH_CHECK_CONCURRENCY: '1' }, true);
    console.log(`speed-up: ${(baseline / product).toFixed(1)}× (target ≥ 10×); product target ≤ 10 s: ${product <= 10 ? 'met' : 'NOT met'}`);
  }
} finally {
  await fleet.stop();
}

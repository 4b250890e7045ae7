/**
 * Azure benchmark: discover + sync + first health check of a large AKS estate.
 *
 *   npm run bench -- azure            (through bench/run.ts, which sets NODE_EXTRA_CA_CERTS)
 *
 * 10 subscriptions × 100 AKS clusters, every ARM call slowed by 50 ms. Measures the product as
 * configured by default (subscriptions in parallel, bounded concurrency inside each) against a
 * one-at-a-time baseline in the same run (one subscription, one cluster, one check at a time).
 * The simulator runs in its own process (`npm run sim`), as the clusters and Azure would.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { FleetManifest } from '../../sim/src/index.js';
import { loadConfig } from '../../server/src/config/index.js';
import { startServer } from '../../server/src/server.js';

const { values } = parseArgs({
  options: {
    subscriptions: { type: 'string', default: '10' },
    clusters: { type: 'string', default: '100' },
    'arm-latency-ms': { type: 'string', default: '50' },
    'skip-baseline': { type: 'boolean', default: false },
    /** Writes a CPU profile of the simulator process into this directory. */
    'profile-simulator': { type: 'string' },
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

type Azure = NonNullable<FleetManifest['azure']>;
type Subscription = Azure['subscriptions'][number];

/** Adds, discovers and syncs one subscription; returns the ids of the clusters it created. */
async function onboard(base: string, azure: Azure, sub: Subscription): Promise<string[]> {
  await json(`${base}/api/v1/azure/subscriptions`, {
    method: 'POST',
    body: JSON.stringify({
      name: sub.name,
      subscription_id: sub.subscription_id,
      tenant_id: sub.tenant_id,
      client_id: sub.client_id,
      client_secret: sub.client_secret,
      environment: 'custom',
      authority_host: azure.authority_host,
      resource_manager_endpoint: azure.resource_manager_endpoint,
      resource_manager_audience: azure.resource_manager_audience,
    }),
  });
  const discovered = (await json(`${base}/api/v1/azure/subscriptions/${sub.subscription_id}/clusters`)).body.items.length;
  const sync = await json(`${base}/api/v1/azure/subscriptions/${sub.subscription_id}/sync`, { method: 'POST', body: '{}' });
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

/** Waits until every cluster has its first health result (polling the cheap summary). */
async function firstHealth(base: string, expected: number): Promise<number> {
  for (;;) {
    const summary = (await json(`${base}/api/v1/clusters/summary`)).body;
    if (summary.total === expected && summary.by_status.unknown === 0) return summary.by_status.healthy;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function run(label: string, azure: Azure, env: Record<string, string>, sequential: boolean): Promise<number> {
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
      for (const sub of azure.subscriptions) ids.push(...(await onboard(server.url, azure, sub)));
    } else {
      for (const subIds of await Promise.all(azure.subscriptions.map((sub) => onboard(server.url, azure, sub)))) ids.push(...subIds);
    }
    synced = (performance.now() - started) / 1000;
    created = ids.length;
    healthy = await firstHealth(server.url, ids.length);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s   (discover + sync ${synced.toFixed(2)} s)   ${created} clusters created, ${healthy} healthy at first check`);
  return seconds;
}

/** Starts `npm run sim` in its own process and reads its manifest once it serves. */
async function startSimulator(outDir: string): Promise<{ azure: Azure; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [...(values['profile-simulator'] ? ['--cpu-prof', `--cpu-prof-dir=${values['profile-simulator']}`] : []), '--import', 'tsx', path.resolve(import.meta.dirname, '../../sim/src/cli.ts'), '--clusters', '0', '--objects', '5',
      '--azure-subscriptions', String(subscriptionCount), '--clusters-per-subscription', String(clustersPerSubscription),
      '--arm-latency-ms', String(armLatencyMs), '--reconcile-delay-ms', '1000', '--ca-cert', caCert!, '--ca-key', caKey!, '--out', outDir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Serving until interrupted')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`simulator exited (${code}): ${output}`)));
  });
  const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as FleetManifest;
  return { azure: manifest.azure!, stop: () => child.kill('SIGTERM') };
}

const simDir = mkdtempSync(path.join(os.tmpdir(), 'fo-bench-sim-'));
const startedFleet = performance.now();
const simulator = await startSimulator(simDir);
console.log(`simulator (own process): ${subscriptionCount} subscriptions × ${clustersPerSubscription} AKS clusters ready in ${((performance.now() - startedFleet) / 1000).toFixed(1)} s; ARM latency ${armLatencyMs} ms per call`);
try {
  const product = await run('product (defaults, in parallel)', simulator.azure, {}, false);
  if (!values['skip-baseline']) {
    const baseline = await run('baseline (one at a time)', simulator.azure, { AZURE_SYNC_CONCURRENCY: '1', HEALTH_CHECK_CONCURRENCY: '1' }, true);
    console.log(`speed-up: ${(baseline / product).toFixed(1)}× (target ≥ 10×); product target ≤ 10 s: ${product <= 10 ? 'met' : 'NOT met'}`);
  }
} finally {
  simulator.stop();
  rmSync(simDir, { recursive: true, force: true });
}

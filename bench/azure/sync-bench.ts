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
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FleetManifest } from '../../sim/src/index.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

const { values } = parseArgs({
  options: {
    subscriptions: { type: 'string', default: '10' },
    clusters: { type: 'string', default: '100' },
    'arm-latency-ms': { type: 'string', default: '50' },
    'skip-baseline': { type: 'boolean', default: false },
    /** Product runs against the same simulator; the median is compared (the machine is noisy). */
    runs: { type: 'string', default: '3' },
    /** Product runs made first and not counted: they warm the simulator (JIT), as real Azure and API servers are warm. */
    warmup: { type: 'string', default: '1' },
    /** Nice value of the simulator process (0 = same CPU priority as the product). */
    'simulator-nice': { type: 'string', default: '10' },
    /** Writes CPU profiles of the simulator process into this directory. */
    'profile-simulator': { type: 'string' },
    /** Writes CPU profiles of the product process (each thread) into this directory. */
    'profile-product': { type: 'string' },
    /** Writes the product's log (JSON lines) to this file. */
    'product-log': { type: 'string' },
    /** Prints the CPU time of every thread of both processes after each run. */
    threads: { type: 'boolean', default: false },
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
    if (summary.total === expected && summary.by_status.unknown === 0) {
      if (summary.by_status.healthy !== expected) {
        // Name what went wrong, so an anomaly can be chased instead of guessed at.
        const clusters = (await json(`${base}/api/v1/clusters`)).body.items as Array<{ name: string; health: { status: string; reason: string } | null }>;
        for (const cluster of clusters.filter((c) => c.health?.status !== 'healthy')) {
          console.log(`  not healthy at first check: ${cluster.name}: ${cluster.health?.status} (${cluster.health?.reason})`);
        }
      }
      return summary.by_status.healthy;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts the built product (`node server/dist/main.js`, as `npm start` runs it) in its own process. */
async function startProduct(dataDir: string, env: Record<string, string>): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const profile = values['profile-product'] ? ['--cpu-prof', `--cpu-prof-dir=${values['profile-product']}`] : [];
  const child = spawn(process.execPath, [...profile, path.join(repoRoot, 'server/dist/main.js')], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, HEALTH_CHECK_INTERVAL_SECONDS: '0', LOG_LEVEL: 'info', AUTH_MODE: 'none', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /"url":"([^"]+)"[^\n]*Flux Orchestrator is listening/.exec(output);
      if (listening) resolve(listening[1]!);
    });
    child.once('exit', (code) => reject(new Error(`product exited (${code}): ${output.slice(-2000)}`)));
  });
  // Keep draining its log so the pipe never blocks the server.
  if (values['product-log']) child.stdout!.pipe(createWriteStream(values['product-log']));
  else child.stdout!.resume();
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function run(label: string, simulator: { azure: Azure; pid: number }, env: Record<string, string>, sequential: boolean): Promise<number> {
  const azure = simulator.azure;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fo-bench-'));
  const server = await startProduct(dataDir, env);
  const cpuBefore = { product: cpuSeconds(server.pid), simulator: cpuSeconds(simulator.pid) };
  const threadsBefore = new Map([...threadCpu(server.pid), ...threadCpu(simulator.pid)]);
  const benchCpuBefore = process.cpuUsage();
  const started = performance.now();
  let created = 0;
  let healthy = 0;
  let synced = 0;
  let cpu = { product: 0, simulator: 0 };
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
    cpu = { product: cpuSeconds(server.pid) - cpuBefore.product, simulator: cpuSeconds(simulator.pid) - cpuBefore.simulator };
    if (values.threads) {
      const own = process.cpuUsage(benchCpuBefore);
      console.log(`  benchmark client: ${((own.user + own.system) / 1e6).toFixed(2)} s`);
    }
    if (values.threads) for (const pid of [server.pid, simulator.pid]) {
      for (const [tid, secs] of threadCpu(pid)) {
        const delta = secs - (threadsBefore.get(tid) ?? 0);
        if (delta > 0.05) console.log(`  ${pid === server.pid ? 'product' : 'sim'} ${tid}: ${delta.toFixed(2)} s`);
      }
    }
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s   (discover + sync ${synced.toFixed(2)} s)   ${created} clusters created, ${healthy} healthy at first check` +
      `   CPU: product ${cpu.product.toFixed(1)} s, simulator ${cpu.simulator.toFixed(1)} s`,
  );
  return seconds;
}

function threadCpu(pid: number): Map<string, number> {
  const result = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const f = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    result.set(tid, (Number(f[11]) + Number(f[12])) / 100);
  }
  return result;
}

/** CPU time (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Starts `npm run sim` in its own process and reads its manifest once it serves. */
async function startSimulator(outDir: string): Promise<{ azure: Azure; pid: number; stop: () => void }> {
  // The simulator stands in for 1,000 remote API servers and Azure, which would not share the
  // product's cores. Started under `nice` (every thread, GC and compiler threads included), it
  // runs on what the product leaves free instead of taking turns with it; `--simulator-nice 0`
  // measures them as equals.
  const child = spawn(
    'nice',
    ['-n', String(Number(values['simulator-nice'])), process.execPath,
      ...(values['profile-simulator'] ? ['--cpu-prof', `--cpu-prof-dir=${values['profile-simulator']}`] : []), '--import', 'tsx', path.join(repoRoot, 'sim/src/cli.ts'), '--clusters', '0', '--objects', '5',
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
  return { azure: manifest.azure!, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

// The product is measured as shipped: the compiled server, not TypeScript run through a loader.
execFileSync('npm', ['run', 'build', '-w', 'server'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });

const simDir = mkdtempSync(path.join(os.tmpdir(), 'fo-bench-sim-'));
const startedFleet = performance.now();
const simulator = await startSimulator(simDir);
console.log(`simulator (own process): ${subscriptionCount} subscriptions × ${clustersPerSubscription} AKS clusters ready in ${((performance.now() - startedFleet) / 1000).toFixed(1)} s; ARM latency ${armLatencyMs} ms per call; nice ${values['simulator-nice']}`);
try {
  for (let index = 1; index <= Number(values.warmup); index++) await run(`warm-up (not counted) #${index}`, simulator, {}, false);
  const runs: number[] = [];
  for (let index = 1; index <= Number(values.runs); index++) runs.push(await run(`product (defaults, in parallel) #${index}`, simulator, {}, false));
  const product = [...runs].sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)]!;
  if (runs.length > 1) console.log(`product median of ${runs.length} runs: ${product.toFixed(2)} s`);
  if (!values['skip-baseline']) {
    const baseline = await run('baseline (one at a time)', simulator, { AZURE_SYNC_CONCURRENCY: '1', HEALTH_CHECK_CONCURRENCY: '1' }, true);
    console.log(`speed-up: ${(baseline / product).toFixed(1)}× (target ≥ 10×); product target ≤ 10 s: ${product <= 10 ? 'met' : 'NOT met'}`);
  }
} finally {
  simulator.stop();
  rmSync(simDir, { recursive: true, force: true });
}

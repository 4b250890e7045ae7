/**
 * Replicas benchmark: the same fleet served by one process and by three replicas sharing one
 * PostgreSQL database, in one run.
 *
 *   npm run bench -- replicas [--clusters 1000] [--objects 100] [--replicas 3] [--writes 500] ...
 *
 * For each setup: time until every object is queryable and every cluster synced on every
 * replica, each process's peak RSS, change propagation (status writes in the simulator at
 * 50/s → SSE event at a client of each replica) while 100 API clients query, and, with replicas,
 * the takeover after kill -9 of one: until the survivors hold every lease, every cluster is
 * synced again and no object is missing. Each cluster's watches are counted from the survivors'
 * TCP connections to the simulator (exactly one replica per cluster). See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { api, cpuSeconds, httpGet, registerClusters, remotePorts, startProduct, waitUntilQueryable, type Product, type Summary } from '../fleet/product.js';
import type { PropagationWrite, SimClusterInfo } from '../fleet/protocol.js';
import { startSimulator, type Simulator } from '../fleet/simulator.js';
import { openStream } from '../fleet/sse.js';
import { mib, ms, percentile, secs, table, verdict } from '../fleet/stats.js';

const { values } = parseArgs({
  options: {
    clusters: { type: 'string', default: '1000' },
    objects: { type: 'string', default: '100' },
    replicas: { type: 'string', default: '3' },
    /** Which setups to run: `single`, `replicas`, or both (comma-separated). */
    setups: { type: 'string', default: 'single,replicas' },
    writes: { type: 'string', default: '500' },
    'writes-per-second': { type: 'string', default: '50' },
    'query-clients': { type: 'string', default: '100' },
    'query-interval-ms': { type: 'string', default: '1000' },
    'simulator-nice': { type: 'string', default: '10' },
    'sync-timeout': { type: 'string', default: '600' },
    'postgres-url': { type: 'string', default: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});

const clusterCount = Number(values.clusters);
const objectsPerCluster = Number(values.objects);
const replicaCount = Number(values.replicas);
const syncTimeoutMs = Number(values['sync-timeout']) * 1000;
const TARGETS = { takeoverMs: 10_000, propagationP99: 1000 };
const caCert = process.env.FLUXO_TEST_CA_CERT_FILE;
const caKey = process.env.FLUXO_TEST_CA_KEY_FILE;
if (!caCert || !caKey) throw new Error('run through `npm run bench -- replicas` (it creates the CA)');

/** A fresh PostgreSQL database per setup, dropped afterwards. */
async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `fo_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: values['postgres-url'] });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(values['postgres-url']!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: values['postgres-url'] });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

interface SetupResult {
  label: string;
  syncSeconds: number;
  rss: number[];
  propagation: { p50: number; p99: number; lost: number; received: number };
  query: { p50: number; p99: number; requests: number; errors: number };
  takeover?: { clusters: number; leasesMs: number; syncedMs: number; watchedOnce: boolean; missing: number };
}

async function runSetup(simulator: Simulator, replicas: number): Promise<SetupResult> {
  const label = replicas === 1 ? '1 process' : `${replicas} replicas`;
  console.log(`\n## ${label}: ${clusterCount} clusters × ${objectsPerCluster} objects on PostgreSQL`);
  const database = await createDatabase();
  const env = { DATABASE_URL: database.url, ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  const products: Product[] = [];
  // Warnings and errors of each process, summed up after the run (a replica that stalls says why there).
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'fo-bench-replica-logs-'));
  const logFile = (index: number): string => path.join(logDir, `process-${index}.log`);
  try {
    // The first one creates the schema; the others join it.
    products.push(await startProduct({ env, logFile: logFile(0) }));
    products.push(...(await Promise.all(Array.from({ length: replicas - 1 }, (_, index) => startProduct({ env, logFile: logFile(index + 1) })))));
    const expected = simulator.clusters.reduce((sum, cluster) => sum + cluster.fluxObjects, 0);
    const started = performance.now();
    await registerClusters(products[0]!.url, simulator.clusters.map((cluster) => ({ name: cluster.name, kubeconfig: readFileSync(cluster.kubeconfig, 'utf8') })));
    await Promise.all(products.map((product) => waitUntilQueryable(product.url, expected, clusterCount, syncTimeoutMs)));
    const syncSeconds = (performance.now() - started) / 1000;
    console.log(`every object queryable and every cluster synced on every process: ${secs(syncSeconds)}`);
    if (replicas > 1) console.log(`leases: ${await leaseSpread(products[0]!)}`);

    const { propagation, query } = await propagationUnderQueries(simulator, products);
    const result: SetupResult = { label, syncSeconds, rss: products.map((product) => product.peakRss()), propagation, query };
    if (replicas > 1) result.takeover = await takeover(simulator, products, expected);
    return result;
  } finally {
    await Promise.all(products.map((product) => product.stop()));
    await database.drop();
    summarizeLogs(logDir);
  }
}

/** Prints how often each process logged each warning or error (the logs stay in `dir`). */
function summarizeLogs(dir: string): void {
  for (const file of readdirSync(dir).sort()) {
    const counts = new Map<string, number>();
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
        const key = `${entry.msg ?? '?'}${entry.err?.message ? `: ${entry.err.message.slice(0, 100)}` : ''}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      } catch {
        // Not a log line (a stack trace's continuation).
      }
    }
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`${file} (${path.join(dir, file)}): ${top.length === 0 ? 'no warnings' : top.map(([message, count]) => `${count}× ${message}`).join('; ')}`);
  }
}

async function leaseSpread(product: Product): Promise<string> {
  const overview = (await api(`${product.url}/api/v1/replicas`)).body as { items: Array<{ id: string; live: boolean; leader: boolean; clusters: number }> };
  return overview.items
    .filter((item) => item.live)
    .map((item) => `${item.clusters}${item.leader ? ' (leader)' : ''}`)
    .join(' / ');
}

/** Writes at 50/s in the simulator, timed to the SSE event at a client of every process, while the query clients run. */
async function propagationUnderQueries(simulator: Simulator, products: Product[]): Promise<Pick<SetupResult, 'propagation' | 'query'>> {
  const runId = `r${Date.now().toString(36)}`;
  const received = products.map(() => new Map<string, bigint>());
  const streams = products.map((product, index) =>
    openStream(`${product.url}/api/v1/stream`, (event, at) => {
      if (event.event !== 'resource' || !event.data.includes(runId)) return;
      const marker = new RegExp(`fleet-bench marker (${runId}-\\d+)`).exec(event.data)?.[1];
      if (marker && !received[index]!.has(marker)) received[index]!.set(marker, at);
    }),
  );
  await Promise.all(streams.map((stream) => stream.opened));
  const queries = startQueryClients(products);
  const done = simulator.next('propagated');
  simulator.send({ type: 'propagate', runId, count: Number(values.writes), perSecond: Number(values['writes-per-second']), clusters: simulator.clusters.map((cluster) => cluster.name) });
  const { writes } = await done;
  const deadline = performance.now() + 15_000;
  while (received.some((map) => map.size < writes.length) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const query = await queries.stop();
  streams.forEach((stream) => stream.close());
  const latencies = received.flatMap((map) => writes.map((write: PropagationWrite) => (map.has(write.marker) ? Number(map.get(write.marker)! - BigInt(write.writtenAt)) / 1e6 : Number.POSITIVE_INFINITY)));
  const lost = latencies.filter((latency) => !Number.isFinite(latency)).length;
  const propagation = { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), lost, received: latencies.length - lost };
  console.log(
    `propagation (${writes.length} writes × ${products.length} streams): p50 ${ms(propagation.p50)}, p99 ${ms(propagation.p99)}, lost ${lost}; ` +
      `queries meanwhile: ${query.requests} (p50 ${ms(query.p50)}, p99 ${ms(query.p99)}, errors ${query.errors})`,
  );
  return { propagation, query };
}

/** `query-clients` clients, spread over the processes, each asking a filtered list every interval. */
function startQueryClients(products: Product[]): { stop(): Promise<SetupResult['query']> } {
  const clients = Number(values['query-clients']);
  const interval = Number(values['query-interval-ms']);
  const latencies: number[] = [];
  let errors = 0;
  let running = true;
  const loops = Array.from({ length: clients }, async (_, index) => {
    const product = products[index % products.length]!;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    await new Promise((resolve) => setTimeout(resolve, (interval * index) / clients));
    while (running) {
      const started = performance.now();
      try {
        const response = await httpGet(`${product.url}/api/v1/resources?status=failed&q=fleet&limit=50`, agent);
        if (response.status !== 200) errors += 1;
      } catch {
        errors += 1;
      }
      const took = performance.now() - started;
      latencies.push(took);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, interval - took)));
    }
    agent.destroy();
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), requests: latencies.length, errors };
    },
  };
}

/** kill -9 of the last replica; times until its leases are held by the survivors and its clusters synced again. */
async function takeover(simulator: Simulator, products: Product[], expected: number): Promise<NonNullable<SetupResult['takeover']>> {
  const victim = products.pop()!;
  const survivors = products;
  const before = (await api(`${victim.url}/api/v1/replicas`)).body as { replica_id: string; items: Array<{ id: string; clusters: number }> };
  const victimClusters = before.items.find((item) => item.id === before.replica_id)?.clusters ?? Number.NaN;
  const cpuBefore = [...survivors.map((product) => product.cpuSeconds()), cpuSeconds(simulator.pid)];
  const killedAt = performance.now();
  await victim.kill();
  let leasesMs = Number.NaN;
  for (;;) {
    const overview = (await api(`${survivors[0]!.url}/api/v1/replicas`)).body as { items: Array<{ live: boolean; clusters: number }> };
    const live = overview.items.filter((item) => item.live);
    if (live.length === survivors.length && live.reduce((sum, item) => sum + item.clusters, 0) === clusterCount) {
      leasesMs = performance.now() - killedAt;
      break;
    }
    if (performance.now() - killedAt > 60_000) throw new Error('the survivors did not take every lease within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const summaries: Summary[] = await Promise.all(survivors.map((product) => waitUntilQueryable(product.url, expected, clusterCount, 60_000)));
  const syncedMs = performance.now() - killedAt;
  const cpuUsed = [...survivors.map((product) => product.cpuSeconds()), cpuSeconds(simulator.pid)].map((seconds, index) => seconds - cpuBefore[index]!);
  const missing = summaries.reduce((sum, summary) => sum + Math.max(0, expected - summary.totals.total), 0);
  // Each cluster's API server port has connections from exactly one survivor.
  const clusterPorts = new Set(simulator.clusters.map((cluster: SimClusterInfo) => Number(new URL(cluster.server).port)));
  const watchers = new Map<number, number>();
  for (const product of survivors) for (const port of new Set(remotePorts(product.pid).filter((port) => clusterPorts.has(port)))) watchers.set(port, (watchers.get(port) ?? 0) + 1);
  const watchedOnce = watchers.size === clusterPorts.size && [...watchers.values()].every((count) => count === 1);
  console.log(
    `kill -9 of a replica holding ${victimClusters} clusters: survivors hold every lease after ${ms(leasesMs)}, every cluster synced again after ${ms(syncedMs)}` +
      `; objects missing ${missing}; clusters watched by exactly one survivor: ${watchedOnce ? 'all' : `${[...watchers.values()].filter((count) => count === 1).length} of ${clusterPorts.size}`}` +
      `; CPU meanwhile: survivors ${cpuUsed.slice(0, -1).map((seconds) => `${seconds.toFixed(1)} s`).join(', ')}, simulator ${cpuUsed.at(-1)!.toFixed(1)} s`,
  );
  return { clusters: victimClusters, leasesMs, syncedMs, watchedOnce, missing };
}

const simDir = mkdtempSync(path.join(os.tmpdir(), 'fo-bench-replicas-'));
const simulator = await startSimulator({ clusters: clusterCount, objects: objectsPerCluster, outDir: simDir, nice: Number(values['simulator-nice']), caCert, caKey });
console.log(`simulator: ${clusterCount} clusters × ${objectsPerCluster} objects started in ${secs(simulator.startSeconds)}, RSS ${mib(simulator.rssBytes)}; ${os.cpus().length} cores`);
const results: SetupResult[] = [];
try {
  const setups = values.setups!.split(',');
  if (setups.includes('single')) results.push(await runSetup(simulator, 1));
  if (setups.includes('replicas')) results.push(await runSetup(simulator, replicaCount));
} finally {
  await simulator.stop();
  rmSync(simDir, { recursive: true, force: true });
}

console.log('\n## summary');
console.log(
  table(
    ['setup', 'fully synced', 'peak RSS per process', 'propagation p50 / p99', 'queries p99 (n)', 'takeover after kill -9: leases / synced'],
    results.map((result) => [
      result.label,
      secs(result.syncSeconds),
      result.rss.map(mib).join(', '),
      `${ms(result.propagation.p50)} / ${ms(result.propagation.p99)}${result.propagation.lost ? ` (${result.propagation.lost} lost)` : ''}`,
      `${ms(result.query.p99)} (${result.query.requests})`,
      result.takeover ? `${ms(result.takeover.leasesMs)} / ${ms(result.takeover.syncedMs)}` : '—',
    ]),
  ),
);
const replicated = results.find((result) => result.takeover);
if (!replicated) process.exit(0);
console.log(`${verdict(replicated.takeover!.syncedMs <= TARGETS.takeoverMs)}  takeover after kill -9 ≤ ${TARGETS.takeoverMs / 1000} s (until every cluster is synced again)`);
console.log(`${verdict(replicated.propagation.p99 <= TARGETS.propagationP99)}  propagation p99 ≤ ${TARGETS.propagationP99} ms with ${values['query-clients']} API clients querying`);
console.log(`${verdict(replicated.takeover?.watchedOnce === true && replicated.takeover.missing === 0)}  after the takeover every cluster watched by one replica, no object missing`);

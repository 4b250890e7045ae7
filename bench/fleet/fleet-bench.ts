/**
 * Fleet engine benchmark: how fast the product sees every Flux object of a fleet, how fast a
 * change reaches a client, and how fast it answers queries.
 *
 *   npm run bench -- fleet [--scenario cold|propagation|query|all] [--clusters 50,200,500] [--objects 250] ...
 *
 * 1. cold: time until every object of N clusters × 250 Flux objects is queryable in the product
 *    (register all clusters, poll the summary), against kubectl one cluster after another and
 *    against the floor, a bare concurrent client-node list of the same objects. Peak RSS too.
 * 2. propagation: 1,000 status changes written into the simulated clusters' stores at 50/s,
 *    each timed from the write to its SSE event at a client of `GET /api/v1/stream`.
 * 3. query: 50 clients each asking `GET /api/v1/resources?status=failed&q=…` every 250 ms, over
 *    an index of 200 × 250 objects, then again while 100 more clusters are registered and synced.
 *
 * The simulator runs in its own process under `nice` (see startSimulator); the product is the
 * built server (`node server/dist/main.js`) in its own process, fresh for every run; baselines
 * and clients run in this process. See bench/README.md, "Fleet engine".
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { clientNodeFloor, discoverFluxResources, keepAliveFloor, kubectlSequential, type BaselineResult, type FluxResource } from './baselines.js';
import { api, connectionsTo, cpuSeconds, httpGet, registerClusters, snapshotProduct, startProduct, waitUntilQueryable, type Product, type Summary } from './product.js';
import type { PropagationWrite, SimClusterInfo } from './protocol.js';
import { openStream } from './sse.js';
import { startSimulator, type Simulator } from './simulator.js';
import { median, mib, ms, percentile, secs, table, verdict } from './stats.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'all' },
    /** Cold sync fleet sizes, comma-separated; each is run in turn. */
    clusters: { type: 'string', default: '200' },
    objects: { type: 'string', default: '250' },
    /** Product runs per cold-sync size (the median is compared). */
    runs: { type: 'string', default: '3' },
    /** Floor runs per size (median), after one warm-up run that is not counted. */
    'floor-runs': { type: 'string', default: '3' },
    'skip-kubectl': { type: 'boolean', default: false },
    'skip-product': { type: 'boolean', default: false },
    /** Clusters the product watches in the propagation and query scenarios. */
    'watch-clusters': { type: 'string', default: '200' },
    writes: { type: 'string', default: '1000' },
    'writes-per-second': { type: 'string', default: '50' },
    'query-clients': { type: 'string', default: '50' },
    'query-interval-ms': { type: 'string', default: '250' },
    'query-seconds': { type: 'string', default: '20' },
    /** Clusters registered during the second query phase. */
    'extra-clusters': { type: 'string', default: '100' },
    'simulator-nice': { type: 'string', default: '10' },
    /** Seconds to wait for a cold sync before calling it failed. */
    'sync-timeout': { type: 'string', default: '300' },
    /** Appends the product's log to this file. */
    'product-log': { type: 'string' },
    /** Writes V8 CPU profiles of the product process (each thread) into this directory. */
    'profile-product': { type: 'string' },
    /** Uses server/dist as it is (no `npm run build -w server`). */
    'skip-build': { type: 'boolean', default: false },
  },
});

const scenarios = values.scenario === 'all' ? ['cold', 'propagation', 'query'] : values.scenario!.split(',');
for (const scenario of scenarios) if (!['cold', 'propagation', 'query'].includes(scenario)) throw new Error(`unknown --scenario ${scenario}: choose cold, propagation, query or all`);
const coldSizes = values.clusters!.split(',').map(Number);
const objectsPerCluster = Number(values.objects);
const watchClusters = Number(values['watch-clusters']);
const extraClusters = Number(values['extra-clusters']);
const syncTimeoutMs = Number(values['sync-timeout']) * 1000;
const productLog = values['product-log'] ? path.resolve(values['product-log']) : undefined;

const caCert = process.env.FLUXO_TEST_CA_CERT_FILE;
const caKey = process.env.FLUXO_TEST_CA_KEY_FILE;
if (!caCert || !caKey || !process.env.NODE_EXTRA_CA_CERTS) throw new Error('run through `npm run bench -- fleet` (it creates the CA and sets NODE_EXTRA_CA_CERTS)');

const TARGETS = { kubectlSpeedup: 20, floorRatio: 2, rssBytes: 500 * 1024 ** 2, propagationP50: 50, propagationP99: 250, queryP99: 50 };
const verdicts: string[] = [];
function judge(label: string, ok: boolean): string {
  verdicts.push(`${verdict(ok)}  ${label}`);
  return verdict(ok);
}

// ---------------------------------------------------------------------------------------------
// Helpers

function kubeconfigsOf(clusters: SimClusterInfo[]): Array<{ name: string; kubeconfig: string; kubeconfigPath: string }> {
  return clusters.map((cluster) => ({ name: cluster.name, kubeconfig: readFileSync(cluster.kubeconfig, 'utf8'), kubeconfigPath: cluster.kubeconfig }));
}

function clusterPorts(clusters: SimClusterInfo[]): Set<number> {
  return new Set(clusters.map((cluster) => Number(new URL(cluster.server).port)));
}

function expectedObjects(clusters: SimClusterInfo[]): number {
  return clusters.reduce((sum, cluster) => sum + cluster.fluxObjects, 0);
}

function mismatches(result: BaselineResult, clusters: SimClusterInfo[]): string[] {
  return clusters.filter((cluster) => result.perCluster.get(cluster.name) !== cluster.fluxObjects).map((cluster) => `${cluster.name}: ${result.perCluster.get(cluster.name)} of ${cluster.fluxObjects}`);
}

/** Starts a fresh product, registers the clusters and waits until all their objects are queryable. */
async function productWithFleet(clusters: SimClusterInfo[]): Promise<{ product: Product; seconds: number; summary: Summary; ids: Map<string, string> }> {
  const product = await startProduct({ ...(productRoot ? { root: productRoot } : {}), ...(productLog ? { logFile: productLog } : {}), ...(values['profile-product'] ? { profileDir: path.resolve(values['profile-product']) } : {}) });
  try {
    const started = performance.now();
    const ids = await registerClusters(product.url, kubeconfigsOf(clusters));
    const summary = await waitUntilQueryable(product.url, expectedObjects(clusters), clusters.length, syncTimeoutMs);
    return { product, seconds: (performance.now() - started) / 1000, summary, ids };
  } catch (error) {
    await product.stop();
    throw error;
  }
}

/** CPU time every process of the machine has used so far (user, nice, system, irq, softirq of /proc/stat), in seconds. */
function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = fields;
  return (user + nice + system + irq + softirq) / 100;
}

/** CPU time of this process's children that have ended and been waited for (cutime + cstime of /proc/self/stat). */
function reapedChildrenSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/**
 * Starts counting CPU time: this process, the simulator, the product (a pid given now, or at the
 * end for a product started meanwhile, counted from its start), and what every other process of
 * the machine used meanwhile (the machine is shared: other work there shows up as "other").
 */
function cpuMeter(simulatorPid: number, productPid?: number): (lateProductPid?: number) => string {
  const children = reapedChildrenSeconds();
  const own = process.cpuUsage();
  const simulator = cpuSeconds(simulatorPid);
  const product = productPid ? cpuSeconds(productPid) : 0;
  const machine = machineBusySeconds();
  return (lateProductPid) => {
    const used = process.cpuUsage(own);
    const ownSeconds = (used.user + used.system) / 1e6;
    const simulatorSeconds = cpuSeconds(simulatorPid) - simulator;
    const pid = lateProductPid ?? productPid;
    const productSeconds = pid ? cpuSeconds(pid) - product : 0;
    const machineSeconds = machineBusySeconds() - machine;
    // Children of this process that ended meanwhile: the kubectl calls (a product stopped meanwhile is not timed this way).
    const childSeconds = pid ? 0 : reapedChildrenSeconds() - children;
    const other = machineSeconds - ownSeconds - simulatorSeconds - productSeconds - childSeconds;
    return (
      `CPU ${pid ? `product ${productSeconds.toFixed(1)} s, ` : ''}benchmark process ${ownSeconds.toFixed(1)} s, ${childSeconds >= 0.05 ? `its ended child processes ${childSeconds.toFixed(1)} s, ` : ''}` +
      `simulator ${simulatorSeconds.toFixed(1)} s, other processes ${Math.max(0, other).toFixed(1)} s`
    );
  };
}

/**
 * Waits until the product uses less than 10 % of a core over a 1-s window (background work after
 * "synced", e.g. persisting, is over); returns the seconds waited, or `Infinity` after `maxSeconds`.
 */
async function waitQuiet(product: Product, maxSeconds = 60): Promise<number> {
  const started = performance.now();
  let before = product.cpuSeconds();
  while ((performance.now() - started) / 1000 < maxSeconds) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = product.cpuSeconds();
    if (now - before < 0.1) return Math.max(0, (performance.now() - started) / 1000 - 1);
    before = now;
  }
  return Number.POSITIVE_INFINITY;
}

function errorText(error: unknown): string {
  return (error as Error).message ?? String(error);
}

// ---------------------------------------------------------------------------------------------
// Scenario 1: cold sync

interface ColdRow {
  clusters: number;
  objects: number;
  floor: number;
  keepAlive: number;
  kubectl: number;
  product: number;
  productRuns: number[];
  rss: number;
  productCpu: number;
  simulatorCpu: number;
  error?: string;
}

async function coldSync(simulator: Simulator, size: number, resources: FluxResource[]): Promise<ColdRow> {
  const clusters = simulator.clusters.slice(0, size);
  const configs = kubeconfigsOf(clusters);
  const expected = expectedObjects(clusters);
  console.log(`\n## cold sync: ${size} clusters × ${objectsPerCluster} Flux objects (${expected} objects, ${resources.length} kinds)`);
  const row: ColdRow = { clusters: size, objects: expected, floor: NaN, keepAlive: NaN, kubectl: NaN, product: NaN, productRuns: [], rss: NaN, productCpu: NaN, simulatorCpu: NaN };

  // (b) the floor: one warm-up (warms the simulator's list path and this process's client), then the median of runs.
  const floorRuns: number[] = [];
  for (let index = 0; index <= Number(values['floor-runs']); index += 1) {
    const cpu = cpuMeter(simulator.pid);
    const result = await clientNodeFloor(configs, resources);
    const wrong = mismatches(result, clusters);
    if (wrong.length > 0) throw new Error(`floor listing found ${result.objects} objects, expected ${expected}: ${wrong.slice(0, 5).join('; ')}`);
    console.log(`floor (client-node, all at once) ${index === 0 ? 'warm-up (not counted)' : `#${index}`}: ${secs(result.seconds)}, ${result.objects} objects; ${cpu()}`);
    if (index > 0) floorRuns.push(result.seconds);
  }
  row.floor = median(floorRuns);

  const keepAliveRuns: number[] = [];
  for (let index = 1; index <= Number(values['floor-runs']); index += 1) {
    const cpu = cpuMeter(simulator.pid);
    const result = await keepAliveFloor(configs, resources);
    console.log(`informational floor (Node https, a kept-alive agent per cluster) #${index}: ${secs(result.seconds)}, ${result.objects} objects; ${cpu()}`);
    keepAliveRuns.push(result.seconds);
  }
  row.keepAlive = median(keepAliveRuns);

  // (a) kubectl, one cluster after another.
  if (!values['skip-kubectl']) {
    const cpu = cpuMeter(simulator.pid);
    const result = await kubectlSequential(configs, resources);
    const wrong = mismatches(result, clusters);
    row.kubectl = result.seconds;
    console.log(
      `kubectl get <${resources.length} kinds> -A -o json, one cluster after another: ${secs(result.seconds)} (${((result.seconds / size) * 1000).toFixed(0)} ms per cluster), ${result.objects} objects${wrong.length ? `; MISMATCH ${wrong.slice(0, 5).join('; ')}` : ''}; ${cpu()} (its ended child processes are the kubectl calls)`,
    );
  }

  // The product: a fresh process per run, median of runs.
  if (!values['skip-product']) {
    const cpu: Array<{ product: number; simulator: number }> = [];
    let rss = 0;
    try {
      for (let index = 1; index <= Number(values.runs); index += 1) {
        const simCpuBefore = cpuSeconds(simulator.pid);
        const meter = cpuMeter(simulator.pid);
        const { product, seconds, summary } = await productWithFleet(clusters);
        try {
          const cpuText = meter(product.pid);
          const peak = product.peakRss();
          rss = Math.max(rss, peak);
          cpu.push({ product: product.cpuSeconds(), simulator: cpuSeconds(simulator.pid) - simCpuBefore });
          row.productRuns.push(seconds);
          const wrongClusters = summary.clusters.filter((cluster) => cluster.objects !== clusters.find((sim) => sim.name === cluster.cluster)?.fluxObjects);
          console.log(
            `product #${index}: ${secs(seconds)} until all ${summary.totals.total} objects queryable (floor listing found ${expected}${summary.totals.total === expected ? ', equal' : ', DIFFERENT'})` +
              `; peak RSS ${mib(peak)}; ${cpuText} (product start-up included)` +
              (wrongClusters.length ? `; per-cluster counts differ on ${wrongClusters.length} clusters` : ''),
          );
          const sample = await api(`${product.url}/api/v1/resources?status=failed&limit=1`);
          if (!Array.isArray(sample.body.items)) console.log(`  /api/v1/resources answered without items: ${JSON.stringify(sample.body).slice(0, 200)}`);
          const busy = await waitQuiet(product);
          console.log(
            `  after that the product kept working for ${secs(busy)} (until under 10 % of a core for a second); peak RSS then ${mib(product.peakRss())}; ` +
              `TCP connections from the product to the ${clusters.length} clusters: ${connectionsTo(product.pid, clusterPorts(clusters))}`,
          );
          rss = Math.max(rss, product.peakRss());
        } finally {
          await product.stop();
        }
      }
      row.product = median(row.productRuns);
      row.rss = rss;
      row.productCpu = median(cpu.map((entry) => entry.product));
      row.simulatorCpu = median(cpu.map((entry) => entry.simulator));
    } catch (error) {
      row.error = errorText(error);
      console.log(`product: FAILED: ${row.error}`);
    }
  }
  return row;
}

function printCold(rows: ColdRow[]): void {
  console.log(`\n## cold sync results (${objectsPerCluster} Flux objects per cluster; product median of ${values.runs}, floors median of ${values['floor-runs']})`);
  console.log(
    table(
      ['clusters', 'objects', 'kubectl (a)', 'floor (b)', 'keep-alive floor', 'product', 'kubectl ÷ product', 'product ÷ floor', 'peak RSS', 'verdict'],
      rows.map((row) => {
        const speedup = row.kubectl / row.product;
        const ratio = row.product / row.floor;
        const measured = !values['skip-product'];
        const checks = !measured ? ['product not run'] : [
          Number.isFinite(row.kubectl) ? judge(`cold ${row.clusters}: product ${speedup.toFixed(1)}× faster than kubectl (target ≥ ${TARGETS.kubectlSpeedup}×)`, speedup >= TARGETS.kubectlSpeedup) : 'n/a',
          judge(`cold ${row.clusters}: product ${ratio.toFixed(2)}× the floor (target ≤ ${TARGETS.floorRatio}×)`, ratio <= TARGETS.floorRatio),
          judge(`cold ${row.clusters}: product peak RSS ${mib(row.rss)} (target ≤ 500 MiB)`, row.rss <= TARGETS.rssBytes),
        ];
        return [
          String(row.clusters),
          String(row.objects),
          secs(row.kubectl),
          secs(row.floor),
          secs(row.keepAlive),
          row.error ? 'error' : `${secs(row.product)} (${row.productRuns.map((run) => run.toFixed(2)).join(', ')})`,
          Number.isFinite(speedup) ? `${speedup.toFixed(1)}×` : '—',
          Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—',
          Number.isFinite(row.rss) ? mib(row.rss) : '—',
          checks.join(' / '),
        ];
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Scenario 2: propagation

async function propagation(simulator: Simulator): Promise<void> {
  const clusters = simulator.clusters.slice(0, watchClusters);
  const count = Number(values.writes);
  const perSecond = Number(values['writes-per-second']);
  console.log(`\n## propagation: ${count} status changes at ${perSecond}/s across ${clusters.length} watched clusters, write → SSE event`);
  let ok50 = false;
  let ok99 = false;
  try {
    const { product, seconds } = await productWithFleet(clusters);
    console.log(`product synced ${clusters.length} clusters in ${secs(seconds)}`);
    try {
      const runId = `p${Date.now().toString(36)}`;
      const received = new Map<string, { at: bigint; status: unknown; cluster: unknown }>();
      let streamError: Error | undefined;
      const stream = openStream(
        `${product.url}/api/v1/stream`,
        (event, at) => {
          if (event.event !== 'resource' || !event.data.includes(runId)) return;
          const item = JSON.parse(event.data) as { message?: string; status?: string; cluster?: string };
          const marker = new RegExp(`fleet-bench marker (${runId}-\\d+)`).exec(item.message ?? '')?.[1];
          if (marker && !received.has(marker)) received.set(marker, { at, status: item.status, cluster: item.cluster });
        },
        (error) => (streamError = error),
      );
      await stream.opened;
      console.log(`product quiet ${secs(await waitQuiet(product))} after synced (under 10 % of a core for a second); the writes start then`);
      const meter = cpuMeter(simulator.pid, product.pid);
      const done = simulator.next('propagated');
      simulator.send({ type: 'propagate', runId, count, perSecond, clusters: clusters.map((cluster) => cluster.name) });
      const { writes } = await done;
      const deadline = performance.now() + 10_000;
      while (received.size < writes.length && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const cpuText = meter();
      stream.close();
      const latencies = writes.map((write: PropagationWrite) => {
        const hit = received.get(write.marker);
        return hit ? Number(hit.at - BigInt(write.writtenAt)) / 1e6 : Number.POSITIVE_INFINITY;
      });
      const lost = latencies.filter((latency) => !Number.isFinite(latency)).length;
      const wrongStatus = writes.filter((write) => received.has(write.marker) && received.get(write.marker)!.status !== 'failed').length;
      const wrongCluster = writes.filter((write) => received.has(write.marker) && received.get(write.marker)!.cluster !== write.cluster).length;
      const span = Number(BigInt(writes.at(-1)!.writtenAt) - BigInt(writes[0]!.writtenAt)) / 1e9;
      const p50 = percentile(latencies, 0.5);
      const p99 = percentile(latencies, 0.99);
      ok50 = p50 <= TARGETS.propagationP50;
      ok99 = p99 <= TARGETS.propagationP99;
      console.log(
        `${writes.length} writes over ${span.toFixed(1)} s; events received ${received.size}, lost ${lost} (counted as infinitely late)` +
          `; SSE events seen: ${JSON.stringify(Object.fromEntries(stream.counts))}; during the writes ${cpuText}` +
          (wrongStatus ? `; ${wrongStatus} events without status 'failed'` : '') + (wrongCluster ? `; ${wrongCluster} events naming another cluster` : '') +
          (streamError ? `; stream error: ${streamError.message}` : ''),
      );
      console.log(
        `write → SSE event: p50 ${ms(p50)} [${verdict(ok50)} ≤ ${TARGETS.propagationP50} ms], p90 ${ms(percentile(latencies, 0.9))}, p99 ${ms(p99)} [${verdict(ok99)} ≤ ${TARGETS.propagationP99} ms], max ${ms(percentile(latencies, 1))}, min ${ms(percentile(latencies, 0))}`,
      );
    } finally {
      await product.stop();
    }
  } catch (error) {
    console.log(`product: FAILED: ${errorText(error)}`);
  }
  judge(`propagation p50 ≤ ${TARGETS.propagationP50} ms`, ok50);
  judge(`propagation p99 ≤ ${TARGETS.propagationP99} ms`, ok99);
}

// ---------------------------------------------------------------------------------------------
// Scenario 3: query

const QUERY_TEXTS = ['podinfo', 'checkout', 'payments', 'health check', 'immutable', 'authentication', 'redis', 'ingress', 'fleet-01', 'timeout', 'apps', 'tenant'];

interface QuerySample {
  /** performance.now() when the request was due. */
  due: number;
  /** From when it was due to the last byte of the answer (includes any wait behind the previous request of the same client). */
  latency: number;
  ok: boolean;
}

/**
 * `clients` closed-loop clients, each with its own kept-alive connection, each due to send a
 * request every `intervalMs` (staggered). A request that is late because the previous one was
 * slow counts from when it was due, so a slow server cannot hide behind fewer requests.
 */
async function queryLoad(base: string, clients: number, intervalMs: number, shouldStop: () => boolean): Promise<{ samples: QuerySample[]; errors: string[] }> {
  const samples: QuerySample[] = [];
  const errors: string[] = [];
  const start = performance.now() + 50;
  let seq = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      let due = start + (client * intervalMs) / clients;
      try {
        while (!shouldStop()) {
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          if (shouldStop()) break;
          const text = QUERY_TEXTS[(client * 7 + seq++) % QUERY_TEXTS.length]!;
          let ok = false;
          try {
            const response = await httpGet(`${base}/api/v1/resources?status=failed&q=${encodeURIComponent(text)}`, agent);
            ok = response.status === 200;
            if (!ok) errors.push(`HTTP ${response.status}: ${response.body.slice(0, 200)}`);
            else if (seq % 25 === 0 && !Array.isArray((JSON.parse(response.body) as { items?: unknown }).items)) {
              ok = false;
              errors.push(`no items array: ${response.body.slice(0, 200)}`);
            }
          } catch (error) {
            errors.push(errorText(error));
          }
          samples.push({ due, latency: performance.now() - due, ok });
          due += intervalMs;
        }
      } finally {
        agent.destroy();
      }
    }),
  );
  return { samples, errors };
}

function describeSamples(label: string, samples: QuerySample[]): { text: string; p99: number } {
  const latencies = samples.map((sample) => (sample.ok ? sample.latency : Number.POSITIVE_INFINITY));
  const p99 = percentile(latencies, 0.99);
  const failed = samples.filter((sample) => !sample.ok).length;
  return {
    p99,
    text: `${label}: ${samples.length} requests${failed ? `, ${failed} failed (counted as infinitely slow)` : ''}; p50 ${ms(percentile(latencies, 0.5))}, p90 ${ms(percentile(latencies, 0.9))}, p99 ${ms(p99)}, max ${ms(percentile(latencies, 1))}`,
  };
}

/** Latency by the second (of due time) from `start`: where in a window the slow requests were. */
function perSecond(samples: QuerySample[], start: number): string {
  const seconds = new Map<number, number[]>();
  for (const sample of samples) {
    const second = Math.floor((sample.due - start) / 1000);
    if (!seconds.has(second)) seconds.set(second, []);
    seconds.get(second)!.push(sample.ok ? sample.latency : Number.POSITIVE_INFINITY);
  }
  return [...seconds]
    .sort(([a], [b]) => a - b)
    .map(([second, latencies]) => `${second}s ${ms(percentile(latencies, 0.5))} / ${ms(percentile(latencies, 0.99))}`)
    .join(', ');
}

/** One client, one request at a time (no load): what a single query costs, per search text. */
async function serviceTimes(base: string): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const perText: string[] = [];
  const all: number[] = [];
  let bytes = 0;
  let items = 0;
  try {
    for (const text of QUERY_TEXTS) {
      const times: number[] = [];
      for (let index = 0; index < 5; index += 1) {
        const started = performance.now();
        const response = await httpGet(`${base}/api/v1/resources?status=failed&q=${encodeURIComponent(text)}`, agent);
        times.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${response.body.slice(0, 200)}`);
        bytes += response.body.length;
        items += ((JSON.parse(response.body) as { items?: unknown[] }).items ?? []).length;
      }
      all.push(...times);
      perText.push(`"${text}" ${median(times).toFixed(1)}`);
    }
  } finally {
    agent.destroy();
  }
  console.log(
    `one client, one request at a time (${all.length} requests): p50 ${ms(median(all))}, max ${ms(percentile(all, 1))}; ${(bytes / all.length / 1024).toFixed(1)} KiB and ${(items / all.length).toFixed(0)} items per answer on average; median ms per text: ${perText.join(', ')}`,
  );
}

async function query(simulator: Simulator): Promise<void> {
  const clusters = simulator.clusters.slice(0, watchClusters);
  const extra = simulator.clusters.slice(watchClusters, watchClusters + extraClusters);
  const clients = Number(values['query-clients']);
  const intervalMs = Number(values['query-interval-ms']);
  const seconds = Number(values['query-seconds']);
  console.log(`\n## query: ${clients} clients × GET /api/v1/resources?status=failed&q=… every ${intervalMs} ms for ${seconds} s, ${expectedObjects(clusters)} objects indexed`);
  let idleOk = false;
  let syncOk = false;
  try {
    const { product, seconds: synced } = await productWithFleet(clusters);
    console.log(`product synced ${clusters.length} clusters in ${secs(synced)}`);
    try {
      console.log(`product quiet ${secs(await waitQuiet(product))} after synced (under 10 % of a core for a second); the steady phase starts then`);
      await serviceTimes(product.url);
      // Phase A: a steady index.
      let end = performance.now() + seconds * 1000;
      let cpu = cpuMeter(simulator.pid, product.pid);
      const idle = await queryLoad(product.url, clients, intervalMs, () => performance.now() >= end);
      const a = describeSamples('steady index', idle.samples);
      idleOk = a.p99 <= TARGETS.queryP99;
      console.log(`${a.text} [${verdict(idleOk)} p99 ≤ ${TARGETS.queryP99} ms]; ${cpu()}`);
      if (idle.errors.length) console.log(`  first errors: ${idle.errors.slice(0, 3).join(' | ')}`);

      // Phase B: the same while `extra` clusters are registered and cold-synced.
      const startB = performance.now();
      end = startB + seconds * 1000;
      let syncWindow: [number, number] | undefined;
      let syncError: string | undefined;
      cpu = cpuMeter(simulator.pid, product.pid);
      const loadB = queryLoad(product.url, clients, intervalMs, () => performance.now() >= end);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const syncStart = performance.now();
      let registeredAt: number | undefined;
      try {
        await registerClusters(product.url, kubeconfigsOf(extra));
        registeredAt = performance.now();
        await waitUntilQueryable(product.url, expectedObjects(clusters) + expectedObjects(extra), clusters.length + extra.length, syncTimeoutMs);
        syncWindow = [syncStart, performance.now()];
        // Keep the load on for at least a second after the sync, and for `seconds` in all.
        end = Math.max(end, performance.now() + 1000);
      } catch (error) {
        syncError = errorText(error);
        end = performance.now();
      }
      const during = await loadB;
      const b = describeSamples('whole second phase', during.samples);
      const inWindow = syncWindow ? during.samples.filter((sample) => sample.due >= syncWindow![0] && sample.due <= syncWindow![1]) : [];
      const w = describeSamples('requests due while the extra clusters were syncing', inWindow);
      syncOk = Number.isFinite(w.p99) && w.p99 <= TARGETS.queryP99 && b.p99 <= TARGETS.queryP99;
      console.log(
        syncWindow
          ? `cold sync of ${extra.length} more clusters (${expectedObjects(extra)} objects) under query load: ${secs((syncWindow[1] - syncWindow[0]) / 1000)} (registration included)`
          : `cold sync of ${extra.length} more clusters FAILED: ${syncError}`,
      );
      console.log(`${b.text}; ${cpu()}`);
      console.log(`${w.text} [${verdict(syncOk)} p99 ≤ ${TARGETS.queryP99} ms]`);
      if (syncWindow) {
        console.log(`  registration of the ${extra.length} clusters took ${secs((registeredAt! - syncWindow[0]) / 1000)}; per second of the window (requests: p50 / p99): ${perSecond(inWindow, syncWindow[0])}`);
      }
      if (during.errors.length) console.log(`  first errors: ${during.errors.slice(0, 3).join(' | ')}`);
      console.log(`product peak RSS over the query scenario: ${mib(product.peakRss())}`);
    } finally {
      await product.stop();
    }
  } catch (error) {
    console.log(`product: FAILED: ${errorText(error)}`);
  }
  judge(`query p99 ≤ ${TARGETS.queryP99} ms, steady index`, idleOk);
  judge(`query p99 ≤ ${TARGETS.queryP99} ms, during a cold sync of ${extraClusters} more clusters`, syncOk);
}

// ---------------------------------------------------------------------------------------------

if (!values['skip-build'] && !values['skip-product']) {
  // The product is measured as shipped: the compiled server, not TypeScript through a loader.
  // flux-model first: the server and the simulator import its build.
  execFileSync('npm', ['run', 'build', '-w', 'flux-model', '-w', 'server'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
}

// Every product run of this benchmark run starts the same build, even if server/dist is rebuilt meanwhile.
const productRoot = values['skip-product'] ? undefined : snapshotProduct();
if (productRoot) {
  const commit = execFileSync('git', ['log', '-1', '--format=%h', '--', 'server', 'flux-model'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server/src', 'flux-model/src'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';
  console.log(`product: server/dist as built at the start (last commit touching server/ or flux-model/: ${commit}${dirty ? ', plus uncommitted changes in the tree' : ''})`);
}

const simClusters = Math.max(scenarios.includes('cold') ? Math.max(...coldSizes) : 0, scenarios.includes('query') ? watchClusters + extraClusters : 0, scenarios.includes('propagation') ? watchClusters : 0);
const simDir = mkdtempSync(path.join(os.tmpdir(), 'fo-bench-fleet-sim-'));
const simulator = await startSimulator({ clusters: simClusters, objects: objectsPerCluster, outDir: simDir, nice: Number(values['simulator-nice']), caCert: caCert!, caKey: caKey! });
console.log(
  `simulator (own process, nice ${values['simulator-nice']}): ${simulator.clusters.length} clusters, ${expectedObjects(simulator.clusters)} Flux objects, started in ${secs(simulator.startSeconds)}, RSS ${mib(simulator.rssBytes)}`,
);
try {
  if (scenarios.includes('cold')) {
    const resources = await discoverFluxResources(readFileSync(simulator.clusters[0]!.kubeconfig, 'utf8'));
    console.log(`Flux kinds served: ${resources.map((resource) => `${resource.plural}.${resource.group}/${resource.version}`).join(', ')}`);
    const rows: ColdRow[] = [];
    for (const size of coldSizes) rows.push(await coldSync(simulator, size, resources));
    printCold(rows);
  }
  if (scenarios.includes('propagation')) await propagation(simulator);
  if (scenarios.includes('query')) await query(simulator);
} finally {
  await simulator.stop();
  rmSync(simDir, { recursive: true, force: true });
  if (productRoot) rmSync(productRoot, { recursive: true, force: true });
}

console.log(`\n## verdicts\n${verdicts.join('\n')}`);
process.exit(verdicts.some((line) => line.startsWith('FAIL')) ? 1 : 0);

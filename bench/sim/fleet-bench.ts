/**
 * Simulator benchmark: one process serving a large fleet.
 *
 *   npx tsx bench/sim/fleet-bench.ts [--clusters 500] [--objects 200] [--requests 400]
 *
 * Prints: start-up time, resident memory (budget 2 GiB), and the latency of a 200-object list
 * over HTTPS (keep-alive, one request at a time) against the baseline of `/version` on the same
 * server in the same run (TLS + HTTP + auth with no store work).
 */
import { Agent, request } from 'node:https';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { startFleet, type ClusterPopulator } from '../../sim/src/fleet.js';
import { generateClusterObjects, seedCluster } from '../../sim/src/flux/fleet-generator.js';
import type { KubeObject } from '../../sim/src/store/types.js';

const { values } = parseArgs({
  options: {
    clusters: { type: 'string', default: '500' },
    objects: { type: 'string', default: '200' },
    requests: { type: 'string', default: '400' },
  },
});
const clusterCount = Number(values.clusters);
const objectsPerCluster = Number(values.objects);
const requestCount = Number(values.requests);
const LIST_SIZE = 200;
const MEMORY_BUDGET = 2 * 1024 ** 3;

/** 200 realistic Kustomizations (generated ones, cloned under new names) in one cluster. */
const listCluster: ClusterPopulator = ({ name, seed, store }) => {
  const generated = generateClusterObjects({ clusterName: name, objects: 40, seed });
  seedCluster(store, generated);
  const template = generated.find((object) => object.kind === 'Kustomization' && object.status) as KubeObject;
  const existing = store.list('kustomize.toolkit.fluxcd.io/kustomizations').items.length;
  for (let index = existing; index < LIST_SIZE; index += 1) {
    store.create('kustomize.toolkit.fluxcd.io/kustomizations', { ...template, metadata: { ...template.metadata, name: `bench-${String(index).padStart(3, '0')}` } });
  }
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function timeRequests(url: string, token: string, ca: string, count: number): Promise<{ median: number; p95: number; bytes: number; items: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1, ca });
  const once = (): Promise<{ ms: number; body: string }> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(url, { agent, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`${url}: HTTP ${response.statusCode}`));
          else resolve({ ms: performance.now() - started, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
      req.on('error', reject);
      req.end();
    });
  for (let index = 0; index < 30; index += 1) await once(); // warm-up: TLS session, JIT
  const timings: number[] = [];
  let last = '';
  for (let index = 0; index < count; index += 1) {
    const { ms, body } = await once();
    timings.push(ms);
    last = body;
  }
  agent.destroy();
  const parsed = JSON.parse(last) as { items?: unknown[] };
  return { median: median(timings), p95: percentile(timings, 0.95), bytes: Buffer.byteLength(last), items: parsed.items?.length ?? 0 };
}

const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

/** Settles the simulated controllers: every cluster idle (what they do per object is part of the cost). */
async function settled(fleet: Awaited<ReturnType<typeof startFleet>>): Promise<void> {
  await Promise.all([...fleet.clusters.values()].map((cluster) => cluster.controllers.whenIdle()));
}

async function main(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const fleet = await startFleet({ clusters: clusterCount, objectsPerCluster, startConcurrency: 16 });
  const startSeconds = (performance.now() - startedAt) / 1000;
  await settled(fleet);
  const startCpu = process.cpuUsage(cpuBefore);
  const listTarget = await fleet.addCluster({ name: 'bench-list', populate: listCluster });
  let storedObjects = 0;
  for (const cluster of fleet.clusters.values()) storedObjects += cluster.store.size();
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();

  const listUrl = `${listTarget.server}/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations`;
  const list = await timeRequests(listUrl, listTarget.adminToken, fleet.ca.certPem, requestCount);
  const baseline = await timeRequests(`${listTarget.server}/version`, listTarget.adminToken, fleet.ca.certPem, requestCount);
  const somewhere = fleet.cluster(`cluster-${String(Math.ceil(clusterCount / 2)).padStart(Math.max(3, String(clusterCount).length), '0')}`);
  const fleetList = await timeRequests(`${somewhere.server}/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations`, somewhere.adminToken, fleet.ca.certPem, requestCount);

  console.log(`Simulator fleet benchmark (Node ${process.version}, ${clusterCount} clusters x ${objectsPerCluster} Flux objects)`);
  console.log(`  start-up:            ${startSeconds.toFixed(1)} s for ${fleet.clusters.size} API servers, ${storedObjects} stored objects`);
  console.log(`  memory:              RSS ${mib(memory.rss)} (budget ${mib(MEMORY_BUDGET)}: ${memory.rss < MEMORY_BUDGET ? 'PASS' : 'FAIL'}), heap used ${mib(memory.heapUsed)}`);
  console.log(`  per stored object:   ${((memory.heapUsed - before.heapUsed) / storedObjects / 1024).toFixed(2)} KiB heap, ${((memory.rss - before.rss) / storedObjects / 1024).toFixed(2)} KiB RSS; start-up CPU ${(((startCpu.user + startCpu.system) / 1000) / storedObjects * 1000).toFixed(1)} µs per object (${((startCpu.user + startCpu.system) / 1e6).toFixed(1)} s CPU, controllers settled)`);
  console.log(`  ${LIST_SIZE}-object list:     median ${list.median.toFixed(2)} ms, p95 ${list.p95.toFixed(2)} ms (${list.items} items, ${(list.bytes / 1024).toFixed(0)} KiB) — single-digit ms: ${list.median < 10 ? 'PASS' : 'FAIL'}`);
  console.log(`  baseline /version:   median ${baseline.median.toFixed(2)} ms, p95 ${baseline.p95.toFixed(2)} ms (same server, same run)`);
  console.log(`  fleet cluster list:  median ${fleetList.median.toFixed(2)} ms (${fleetList.items} Kustomizations on ${somewhere.name})`);
  await fleet.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

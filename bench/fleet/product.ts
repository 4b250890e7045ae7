/**
 * The product as shipped (`node server/dist/main.js`) in its own process, its peak memory, and
 * the few API calls the fleet benchmark makes.
 */
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { request, type Agent } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface Product {
  url: string;
  pid: number;
  /** Highest resident set size seen so far (VmHWM, and VmRSS sampled every 100 ms), in bytes. */
  peakRss(): number;
  /** CPU seconds (user + system) the process has used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
  /** kill -9: no shutdown at all (what a crashed or OOM-killed replica does). */
  kill(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Reads `VmHWM` and `VmRSS` from /proc/<pid>/status (kB → bytes); 0 when the process is gone. */
export function procMemory(pid: number): { hwm: number; rss: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { hwm: field('VmHWM'), rss: field('VmRSS') };
  } catch {
    return { hwm: 0, rss: 0 };
  }
}

/** Established TCP connections the process holds to any of `ports` on the remote side (from /proc/net/tcp). */
export function connectionsTo(pid: number, ports: ReadonlySet<number>): number {
  return remotePorts(pid).filter((port) => ports.has(port)).length;
}

/** Remote ports of the established TCP connections the process holds (one entry per connection; from /proc/net/tcp). */
export function remotePorts(pid: number): number[] {
  try {
    const inodes = new Set<string>();
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodes.add(match[1]!);
      } catch {
        // The descriptor closed meanwhile.
      }
    }
    const ports: number[] = [];
    for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        if (fields.length < 10 || fields[3] !== '01' || !inodes.has(fields[9]!)) continue;
        ports.push(Number.parseInt(fields[2]!.split(':')[1]!, 16));
      }
    }
    return ports;
  } catch {
    return [];
  }
}

/** CPU time (user + system) of a process so far, from /proc (clock ticks are 1/100 s on Linux). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * Copies the built server (`server/dist` and its package.json) to a temporary directory, so that
 * every product run of one benchmark run starts the same build even if `server/dist` is rebuilt
 * meanwhile (the working tree is shared). `node_modules` are linked, not copied. Returns the
 * directory; remove it when done.
 */
export function snapshotProduct(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fo-bench-fleet-product-'));
  mkdirSync(path.join(dir, 'server'));
  cpSync(path.join(repoRoot, 'server/dist'), path.join(dir, 'server/dist'), { recursive: true });
  cpSync(path.join(repoRoot, 'server/package.json'), path.join(dir, 'server/package.json'));
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  if (existsSync(path.join(repoRoot, 'server/node_modules'))) symlinkSync(path.join(repoRoot, 'server/node_modules'), path.join(dir, 'server/node_modules'));
  return dir;
}

/**
 * Starts the built server (from `root`, a snapshot made by {@link snapshotProduct}, or the
 * repository) with a fresh data directory; resolves once `/readyz` answers 200.
 */
export async function startProduct(options: { root?: string; logFile?: string; env?: Record<string, string>; profileDir?: string } = {}): Promise<Product> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fo-bench-fleet-'));
  const port = await freePort();
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  // PRODUCT_NODE_FLAGS: V8/Node flags for the product process only (e.g. a GC setting under test).
  const flags = (process.env.PRODUCT_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...flags, ...profile, path.join(options.root ?? repoRoot, 'server/dist/main.js')], {
    env: {
      ...process.env,
      WEB_DIR: path.join(repoRoot, 'web/dist'),
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      HEALTH_CHECK_INTERVAL_SECONDS: '0',
      // Loopback only, no sign-in: the clients measure the fleet engine, not sessions (a bearer
      // token's check adds well under 1 ms per request, docs/auth.md).
      AUTH_MODE: 'none',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited = false;
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  if (options.logFile) {
    const log = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
  }
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`product exited before it was ready: ${output}`);
    if (Date.now() > deadline) throw new Error(`product not ready after 60 s: ${output}`);
    const status = await fetch(`${url}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const pid = child.pid!;
  let peak = 0;
  const sample = (): void => {
    const { hwm, rss } = procMemory(pid);
    peak = Math.max(peak, hwm, rss);
  };
  const sampler = setInterval(sample, 100);
  return {
    url,
    pid,
    peakRss: () => {
      sample();
      return peak;
    },
    cpuSeconds: () => cpuSeconds(pid),
    kill: async () => {
      clearInterval(sampler);
      child.kill('SIGKILL');
      await exit;
      rmSync(dataDir, { recursive: true, force: true });
    },
    stop: async () => {
      clearInterval(sampler);
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the benchmark reads arbitrary API JSON
export async function api(url: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url} → ${response.status}: ${text.slice(0, 300)}`);
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Registers clusters (`POST /api/v1/clusters`), `concurrency` at a time; returns their ids by name. */
export async function registerClusters(base: string, clusters: Array<{ name: string; kubeconfig: string }>, concurrency = 32): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < clusters.length) {
      const cluster = clusters[next++]!;
      const { body } = await api(`${base}/api/v1/clusters`, { method: 'POST', body: JSON.stringify({ name: cluster.name, kubeconfig: cluster.kubeconfig }) });
      ids.set(cluster.name, body.id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, clusters.length) }, worker));
  return ids;
}

export interface SummaryCluster {
  cluster_id: string;
  cluster: string;
  connection: unknown;
  sync: 'pending' | 'syncing' | 'synced' | 'error';
  objects: number;
  by_status: Record<string, number>;
}
export interface Summary {
  totals: { total: number; ready: number; failed: number; progressing: number; suspended: number; unknown: number };
  clusters: SummaryCluster[];
  kinds: unknown[];
}

/**
 * Polls `GET /api/v1/resources/summary` every 100 ms until `totals.total` is `expectedTotal` and
 * all `expectedClusters` clusters are `synced`. Returns the last summary; throws on timeout with
 * what was missing.
 */
export async function waitUntilQueryable(base: string, expectedTotal: number, expectedClusters: number, timeoutMs: number): Promise<Summary> {
  const deadline = performance.now() + timeoutMs;
  let last: Summary | undefined;
  for (;;) {
    try {
      last = (await api(`${base}/api/v1/resources/summary`)).body as Summary;
      const synced = last.clusters.filter((cluster) => cluster.sync === 'synced').length;
      if (last.totals.total === expectedTotal && last.clusters.length === expectedClusters && synced === expectedClusters) return last;
    } catch (error) {
      if (performance.now() > deadline) throw error;
    }
    if (performance.now() > deadline) {
      const bySync: Record<string, number> = {};
      for (const cluster of last?.clusters ?? []) bySync[cluster.sync] = (bySync[cluster.sync] ?? 0) + 1;
      throw new Error(
        `not queryable after ${(timeoutMs / 1000).toFixed(0)} s: total ${last?.totals.total} of ${expectedTotal}, clusters ${last?.clusters.length} of ${expectedClusters}, sync states ${JSON.stringify(bySync)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A GET over a kept-alive connection of `agent`; resolves with status and body once fully read. */
export function httpGet(url: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { accept: 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The benchmarks' simulator process (sim-child.ts): N clusters × M Flux objects, driven over IPC. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ChildMessage, ParentMessage, SimClusterInfo } from './protocol.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface Simulator {
  pid: number;
  clusters: SimClusterInfo[];
  startSeconds: number;
  rssBytes: number;
  send(message: ParentMessage): void;
  next<T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>>;
  stop(): Promise<void>;
}

/**
 * Starts sim-child.ts in its own process. The simulator stands in for hundreds of remote API
 * servers, which would not share the product's two cores; under `nice` (every thread of it) it
 * runs on what the product and the benchmark leave free instead of taking turns with them, as
 * bench/azure does. `nice: 0` measures them as equals. It is a separate process also
 * so the floor's client-node lists (in this process) do not share an event loop with the servers
 * they are listing.
 */
export async function startSimulator(options: { clusters: number; objects: number; outDir: string; nice: number; caCert: string; caKey: string }): Promise<Simulator> {
  const child: ChildProcess = spawn(
    'nice',
    ['-n', String(options.nice), process.execPath, '--max-old-space-size=8192', '--import', 'tsx', path.join(import.meta.dirname, 'sim-child.ts'),
      '--clusters', String(options.clusters), '--objects', String(options.objects), '--out', options.outDir, '--ca-cert', options.caCert, '--ca-key', options.caKey],
    { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const waiting = new Map<string, Array<(message: ChildMessage) => void>>();
  let exited = false;
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'error') {
      console.error(`simulator: ${message.error}`);
      return;
    }
    const resolvers = waiting.get(message.type) ?? [];
    waiting.delete(message.type);
    for (const resolve of resolvers) resolve(message);
  });
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const next = <T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      if (exited) reject(new Error('the simulator exited'));
      void exit.then(() => reject(new Error('the simulator exited')));
      waiting.set(type, [...(waiting.get(type) ?? []), resolve as (message: ChildMessage) => void]);
    });
  const ready = await next('ready');
  return {
    pid: child.pid!,
    clusters: ready.clusters,
    startSeconds: ready.startSeconds,
    rssBytes: ready.rssBytes,
    send: (message) => child.send(message),
    next,
    stop: async () => {
      if (!exited) {
        child.send({ type: 'stop' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exit;
        clearTimeout(timer);
      }
    },
  };
}

import { createHash } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../common/module-worker.js';
import type { ClusterHealthReport } from './cluster-health-probe.js';
import type { ClusterProber } from './cluster-prober.js';
import type { ClusterCredential, ClusterConnection, ClusterEndpoint } from '../connections/index.js';

export type ProbeWorkerRequest =
  | { type: 'probe'; id: number; key: string; endpoint: ClusterEndpoint; credential: ClusterCredential; timeoutMs: number }
  | { type: 'forget'; key: string }
  | { type: 'close' };

export type ProbeWorkerResponse = { type: 'ready' } | { id: number; report: ClusterHealthReport } | { id: number; error: string };

/**
 * Health probes on worker threads (`HEALTH_CHECK_WORKERS` ≥ 1), so checking hundreds of clusters
 * (TLS handshakes, HTTP, JSON) uses more than one core, at the price of a second connection per
 * cluster (a worker cannot use the main thread's). Each cluster always goes to the same worker,
 * which keeps its connection; credentials are fetched on the main thread and sent as data.
 */
export class WorkerClusterProber implements ClusterProber {
  private readonly workers: Worker[];
  /** Per worker: resolves once it has loaded its modules. */
  private readonly started = new WeakMap<Worker, Promise<void>>();
  private readonly pending = new Map<number, { resolve: (report: ClusterHealthReport) => void; reject: (error: Error) => void }>();
  private nextId = 1;

  constructor(threads: number) {
    this.workers = Array.from({ length: threads }, () => this.spawn());
  }

  /** Resolves once every current worker has loaded its modules (rejects if one cannot start). */
  async ready(): Promise<void> {
    await Promise.all(this.workers.map((worker) => this.started.get(worker)));
  }

  probe(key: string, connection: ClusterConnection, credential: ClusterCredential, timeoutMs: number): Promise<ClusterHealthReport> {
    const id = this.nextId++;
    const endpoint = connection.endpoint;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workerFor(key).postMessage({ type: 'probe', id, key, endpoint, credential, timeoutMs } satisfies ProbeWorkerRequest);
    });
  }

  forget(key: string): void {
    this.workerFor(key).postMessage({ type: 'forget', key } satisfies ProbeWorkerRequest);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    for (const { reject } of this.pending.values()) reject(new Error('health checks stopped'));
    this.pending.clear();
  }

  private workerFor(key: string): Worker {
    const index = createHash('sha1').update(key).digest().readUInt32BE(0) % this.workers.length;
    return this.workers[index]!;
  }

  private spawn(): Worker {
    const worker = startModuleWorker(import.meta.url, 'probe-worker');
    worker.unref();
    let markStarted!: () => void;
    let failStart!: (error: Error) => void;
    const started = new Promise<void>((resolve, reject) => {
      markStarted = resolve;
      failStart = reject;
    });
    // Nobody may be waiting (a worker respawned after a crash): never an unhandled rejection.
    started.catch(() => undefined);
    this.started.set(worker, started);
    worker.on('message', (message: ProbeWorkerResponse) => {
      if ('type' in message) {
        markStarted();
        return;
      }
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if ('report' in message) waiter.resolve(message.report);
      else waiter.reject(new Error(message.error));
    });
    worker.on('error', (error) => {
      failStart(error);
      // A crashed worker fails what it had in flight; later probes go to a new one.
      for (const [id, waiter] of this.pending) {
        waiter.reject(error);
        this.pending.delete(id);
      }
      const index = this.workers.indexOf(worker);
      if (index >= 0) this.workers[index] = this.spawn();
    });
    return worker;
  }
}

import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../common/module-worker.js';
import type { ClusterConnection } from '../connections/index.js';
import { apiVersionOf, type PageReader, type WatchTarget } from './kind-watcher.js';
import { decodeListPage, type DecodedPage, type DecoderRequest, type DecoderResponse } from './list-page.js';
import type { ObjectDigest } from './resource-record.js';

/** Pages of a Flux kind's list: bytes read here, decoded by `decoder`. */
export function digestPages(connection: ClusterConnection, target: WatchTarget, decoder: ListDecoder): PageReader<ObjectDigest> {
  return async (path, query, signal) => decoder.decode(target.kind, apiVersionOf(target), await connection.getBytes(path, query, signal));
}

export interface ListDecoder {
  /** Takes ownership of `body` (its memory may move to another thread). */
  decode(kindName: string, apiVersion: string, body: Buffer): Promise<DecodedPage>;
  close(): Promise<void>;
}

/** Decodes on the calling thread (`LIST_DECODE_WORKER=false`, and unit tests). */
export class InlineListDecoder implements ListDecoder {
  async decode(kindName: string, apiVersion: string, body: Buffer): Promise<DecodedPage> {
    return decodeListPage(kindName, apiVersion, body);
  }

  async close(): Promise<void> {}
}

/**
 * Decodes on one worker thread. A cold sync's lists are the bulk of what the main thread parses,
 * and their whole objects are most of its garbage: here the main thread only receives bytes and
 * gets back the digests, and the answers to API requests do not wait behind parsing and
 * collections of objects already compacted away. A worker that crashes fails what it had and is
 * replaced.
 */
export class WorkerListDecoder implements ListDecoder {
  private worker: Worker;
  private readonly pending = new Map<number, { resolve: (page: DecodedPage) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private closed = false;

  constructor() {
    this.worker = this.spawn();
  }

  decode(kindName: string, apiVersion: string, body: Buffer): Promise<DecodedPage> {
    if (this.closed) return Promise.reject(new Error('the list decoder is closed'));
    const id = this.nextId++;
    // The bytes move to the worker without a copy when this Buffer owns its memory (a large
    // Buffer.concat does); a slice of Node's shared pool is copied first.
    const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : new Uint8Array(body);
    return new Promise<DecodedPage>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, kind: kindName, apiVersion, body: owned } satisfies DecoderRequest, [owned.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
    this.failPending(new Error('the list decoder is closed'));
  }

  private spawn(): Worker {
    const worker = startModuleWorker(import.meta.url, 'list-decoder.worker');
    worker.unref();
    worker.on('message', (message: DecoderResponse) => {
      if ('type' in message) return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if ('page' in message) waiter.resolve(message.page);
      else waiter.reject(new Error(message.error));
    });
    worker.on('error', (error) => this.failPending(error));
    // However it ended (a crash, out of memory), what it had fails and a new one takes over.
    worker.on('exit', (code) => {
      if (this.closed || worker !== this.worker) return;
      this.failPending(new Error(`the list decoder thread exited (code ${code})`));
      this.worker = this.spawn();
    });
    return worker;
  }

  private failPending(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}

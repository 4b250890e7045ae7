/**
 * Worker-thread entry of WorkerClusterProber: probes clusters off the main thread, keeping the
 * connections of the clusters routed to it. Messages carry credential data, never providers.
 */
import { parentPort } from 'node:worker_threads';
import { ProbeConnections } from './cluster-prober.js';
import type { ProbeWorkerRequest, ProbeWorkerResponse } from './worker-cluster-prober.js';

const agents = new ProbeConnections();
const port = parentPort!;

port.on('message', (message: ProbeWorkerRequest) => {
  if (message.type === 'forget') {
    agents.forget(message.key);
    return;
  }
  if (message.type === 'close') {
    agents.clear();
    port.close();
    return;
  }
  void agents.probe(message.key, message.endpoint, message.credential, message.timeoutMs).then(
    (report) => port.postMessage({ id: message.id, report } satisfies ProbeWorkerResponse),
    (error: unknown) => port.postMessage({ id: message.id, error: (error as Error).message ?? String(error) } satisfies ProbeWorkerResponse),
  );
});

// Modules are loaded: tell the main thread, so the server only reports ready once probes can run.
port.postMessage({ type: 'ready' } satisfies ProbeWorkerResponse);

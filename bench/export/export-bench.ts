/**
 * `npm run bench -- export [--clusters 200] [--objects 250]`: streams the resources export (CSV and
 * JSON) of a 50,000-object index into a sink that reads it as a slow client would, and samples the
 * heap while it runs. The export must not hold the fleet as text: heap growth stays flat (a few
 * pages), whatever the fleet's size. In-process, without the network; the index is built from the
 * simulator's generated objects as in the fleet-index benchmark.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { findFluxKind, type FluxObjectLike } from '@flux-orchestrator/flux-model';
import { generateClusterObjects } from '../../sim/src/flux/fleet-generator.js';
import { exportedItems, exportStream } from '../../server/src/export/index.js';
import { FleetIndex, type FleetEngine } from '../../server/src/fleet/index.js';
import { toRecord } from '../../server/src/fleet/resource-record.js';

const { values } = parseArgs({ options: { clusters: { type: 'string', default: '200' }, objects: { type: 'string', default: '250' } } });
const clusters = Number(values.clusters);
const perCluster = Number(values.objects);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const index = new FleetIndex();
const names = new Map<string, string>();
for (let c = 0; c < clusters; c++) {
  const clusterId = randomUUID();
  names.set(clusterId, `cluster-${String(c).padStart(3, '0')}`);
  const now = new Date().toISOString();
  for (const object of generateClusterObjects({ clusterName: names.get(clusterId)!, objects: perCluster, seed: c, now: new Date('2026-11-01T00:00:00Z') }) as FluxObjectLike[]) {
    const kind = findFluxKind(object.kind ?? '');
    if (kind) index.upsert(toRecord(clusterId, kind, object, undefined, now));
  }
}
// What the export reads of the engine: its index, cluster names, and whether a record is live.
const engine = { index, clusterName: (id: string) => names.get(id) ?? id, isLive: () => true } as unknown as FleetEngine;

const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

/** A client reading 64 KiB at a time with a pause: backpressure, not buffering, must hold the export back. */
function slowClient(counts: { bytes: number; lines: number }): Writable {
  return new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, done) {
      counts.bytes += chunk.length;
      counts.lines += chunk.toString('utf8').split('\n').length - 1;
      setImmediate(done);
    },
  });
}

async function measure(format: 'csv' | 'json'): Promise<void> {
  // Pass 1: throughput.
  const first = { bytes: 0, lines: 0 };
  const started = performance.now();
  await pipeline(exportStream(exportedItems(engine, { sort: 'status', order: 'asc', limit: 500 }), format), slowClient(first));
  const seconds = (performance.now() - started) / 1000;
  // Pass 2: live heap (after a full collection) every 200 ms: what the export holds, not garbage awaiting GC.
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 200);
  await pipeline(exportStream(exportedItems(engine, { sort: 'status', order: 'asc', limit: 500 }), format), slowClient({ bytes: 0, lines: 0 }));
  clearInterval(sampler);
  console.log(
    `  ${format.padEnd(4)} ${index.size} objects: ${mib(first.bytes)} (${first.lines} lines) in ${seconds.toFixed(2)} s; live heap ${mib(before)} before, peak ${mib(peak)} while streaming (+${((peak - before) / 1024).toFixed(0)} KiB: ${peak - before < first.bytes / 10 ? 'flat' : 'GROWS'})`,
  );
}

console.log(`Export benchmark (Node ${process.version}): ${clusters} clusters x ${perCluster} generated objects, index of ${index.size} records`);
await measure('csv');
await measure('json');

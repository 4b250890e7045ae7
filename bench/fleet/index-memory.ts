/**
 * `npm run bench -- fleet-index [--clusters 200] [--objects 250]`: what the fleet index costs in
 * memory and time, in-process, without the network: the simulator's generated Flux objects (the
 * same as the cold sync benchmark's) are compacted into records and indexed; printed are the heap
 * per record after a full GC, the compaction time per object, and status + text query times.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { findFluxKind, type FluxObjectLike } from '@flux-orchestrator/flux-model';
import { generateClusterObjects } from '../../sim/src/flux/fleet-generator.js';
import { FleetIndex } from '../../server/src/fleet/fleet-index.js';
import { toRecord } from '../../server/src/fleet/resource-record.js';

const { values } = parseArgs({ options: { clusters: { type: 'string', default: '200' }, objects: { type: 'string', default: '250' } } });
const clusters = Number(values.clusters);
const perCluster = Number(values.objects);

// A full collection on demand, so the heap figures are what is live, not what awaits collection.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// Generated first and held as JSON text, as a list response arrives: parsing is part of what the
// product does per object, generation is not.
const lists: Array<{ clusterId: string; text: string }> = [];
for (let c = 0; c < clusters; c++) {
  const objects = generateClusterObjects({ clusterName: `cluster-${String(c).padStart(3, '0')}`, objects: perCluster, seed: c, now: new Date('2026-11-01T00:00:00Z') });
  lists.push({ clusterId: randomUUID(), text: JSON.stringify(objects.filter((object) => findFluxKind(object.kind))) });
}

gc();
const before = process.memoryUsage().heapUsed;
const index = new FleetIndex();
const started = performance.now();
let count = 0;
for (const list of lists) {
  const now = new Date().toISOString();
  for (const object of JSON.parse(list.text) as FluxObjectLike[]) {
    index.upsert(toRecord(list.clusterId, findFluxKind(object.kind!)!, object, undefined, now));
    count += 1;
  }
}
const ingestMs = performance.now() - started;
gc();
// The list texts were live in `before` too; they go only after this reading.
const after = process.memoryUsage().heapUsed;
lists.length = 0;

const timings: number[] = [];
for (const text of ['podinfo', 'checkout', 'timeout', 'redis', 'authentication', 'cluster-01']) {
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    index.query({ statuses: new Set(['failed'] as const), text, sort: 'status', order: 'asc', limit: 100 }, () => 'cluster');
    timings.push(performance.now() - t0);
  }
}
timings.sort((a, b) => a - b);
const at = (q: number): string => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!.toFixed(2);

console.log(`records: ${count} (${clusters} clusters × ${perCluster} objects)`);
console.log(`index heap after a full GC: ${((after - before) / 1048576).toFixed(1)} MiB, ${Math.round((after - before) / count)} bytes per record`);
console.log(`parse + compact + index: ${ingestMs.toFixed(0)} ms, ${((ingestMs * 1000) / count).toFixed(1)} µs per object`);
console.log(`query status=failed + text, ${timings.length} queries: p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`);

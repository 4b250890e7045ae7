/**
 * The fleet benchmark's simulator process: `startFleet` with N clusters × M Flux objects, driven
 * by the benchmark over Node's IPC channel. It stands in for N remote API servers, so
 * fleet-bench.ts starts it under `nice` (see there).
 *
 * Messages in:  { type: 'propagate', runId, count, perSecond, clusters: string[] }
 * Messages out: { type: 'ready', ... } once serving; { type: 'propagated', writes } after a
 *               propagation run. Timestamps are `process.hrtime.bigint()` as strings: the
 *               monotonic clock is system-wide on Linux, so the benchmark compares them with its
 *               own readings.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startFleet } from '../../sim/src/fleet.js';
import { conditionsOf, READY, withCondition } from '../../sim/src/flux/flux-conditions.js';
import { FLUX_KINDS, fluxGroupResource } from '../../sim/src/flux/flux-kinds.js';
import { CertificateAuthority } from '../../sim/src/pki/certificate-authority.js';
import type { KubeObject } from '../../sim/src/store/types.js';
import type { ChildMessage, ParentMessage, PropagationWrite } from './protocol.js';

const { values } = parseArgs({
  options: {
    clusters: { type: 'string' },
    objects: { type: 'string' },
    out: { type: 'string' },
    'ca-cert': { type: 'string' },
    'ca-key': { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});

const send = (message: ChildMessage): void => {
  process.send!(message);
};

const ca = await CertificateAuthority.load(await readFile(values['ca-cert']!, 'utf8'), await readFile(values['ca-key']!, 'utf8'));
const started = performance.now();
const fleet = await startFleet({
  ca,
  clusters: Number(values.clusters),
  objectsPerCluster: Number(values.objects),
  outDir: values.out!,
  seed: Number(values.seed),
  namePrefix: 'fleet',
  startConcurrency: 16,
});
const startSeconds = (performance.now() - started) / 1000;

const KUSTOMIZATIONS = 'kustomize.toolkit.fluxcd.io/kustomizations';

function fluxObjectCount(name: string): number {
  const { store } = fleet.cluster(name);
  let total = 0;
  for (const definition of FLUX_KINDS) total += store.list(fluxGroupResource(definition)).items.length;
  return total;
}

const manifest = fleet.manifest();
send({
  type: 'ready',
  startSeconds,
  rssBytes: process.memoryUsage().rss,
  clusters: manifest.clusters.map((cluster) => ({ name: cluster.name, server: cluster.server, kubeconfig: cluster.kubeconfig, fluxObjects: fluxObjectCount(cluster.name) })),
});

/** Rewrites a Kustomization's Ready condition (False, with a unique marker in the message). */
function writeMarker(clusterName: string, index: number, marker: string): PropagationWrite {
  const { store } = fleet.cluster(clusterName);
  const candidates = store.list(KUSTOMIZATIONS).items.filter((object) => object.spec?.suspend !== true);
  const target = candidates[index % candidates.length] as KubeObject;
  const conditions = withCondition(
    conditionsOf(target),
    { type: READY, status: 'False', reason: 'ReconciliationFailed', message: `fleet-bench marker ${marker}: simulated failure`, observedGeneration: target.metadata.generation ?? 1 },
    new Date(),
  );
  const writtenAt = process.hrtime.bigint();
  // A status-only change with the same observedGeneration: the simulated controllers leave it be.
  store.updateStatus(KUSTOMIZATIONS, { ...target, metadata: { ...target.metadata, resourceVersion: undefined }, status: { ...target.status, conditions } });
  return { marker, cluster: clusterName, namespace: target.metadata.namespace ?? '', name: target.metadata.name, writtenAt: String(writtenAt) };
}

async function propagate(message: Extract<ParentMessage, { type: 'propagate' }>): Promise<void> {
  const writes: PropagationWrite[] = [];
  const intervalNs = BigInt(Math.round(1e9 / message.perSecond));
  const start = process.hrtime.bigint();
  for (let index = 0; index < message.count; index += 1) {
    // A fixed schedule (not "sleep between writes"), so a late timer does not lower the rate.
    const due = start + intervalNs * BigInt(index);
    const now = process.hrtime.bigint();
    if (due > now) await new Promise((resolve) => setTimeout(resolve, Number((due - now) / 1_000_000n)));
    const cluster = message.clusters[index % message.clusters.length]!;
    writes.push(writeMarker(cluster, Math.floor(index / message.clusters.length), `${message.runId}-${index}`));
  }
  send({ type: 'propagated', writes });
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'propagate') {
    propagate(message).catch((error: unknown) => send({ type: 'error', error: String((error as Error).stack ?? error) }));
  } else if (message.type === 'stop') {
    fleet.stop().finally(() => process.exit(0));
  }
});
process.on('disconnect', () => {
  fleet.stop().finally(() => process.exit(0));
});

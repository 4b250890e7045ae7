import { createHash } from 'node:crypto';

/**
 * Rendezvous (highest random weight) hashing: every replica computes, from the same list of live
 * replicas, the same owner for each cluster, with no coordination. Each replica gets about
 * 1/N of the clusters, and when one joins or leaves only the clusters it gains or had move.
 */
export function rendezvousOwner(clusterId: string, replicas: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestWeight = -1n;
  for (const replica of replicas) {
    const weight = createHash('sha256').update(clusterId).update('\0').update(replica).digest().readBigUInt64BE(0);
    if (weight > bestWeight || (weight === bestWeight && best !== undefined && replica < best)) {
      best = replica;
      bestWeight = weight;
    }
  }
  return best;
}

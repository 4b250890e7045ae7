/**
 * Status fields that differ between Flux releases, applied by the fleet generator on top of the
 * status builders' (which write the newest shape): HelmRelease v2beta1 on Flux 2.0–2.1 has no
 * release history, and HelmRelease `status.inventory` exists from Flux 2.8.
 */
import { createHash } from 'node:crypto';
import type { InventoryEntry } from './flux-workloads.js';

interface HistorySnapshot {
  version?: number;
  status?: string;
  chartVersion?: string;
}

/**
 * A HelmRelease status as helm-controller 0.35–0.36 (API v2beta1) wrote it: the last applied and
 * attempted chart revisions, the Helm release revision and a SHA-1 values checksum, instead of
 * the `history` snapshots and config digests of v2beta2 and later.
 */
export function helmReleaseV2beta1Status(status: Record<string, unknown>): Record<string, unknown> {
  const { history, lastAttemptedConfigDigest, lastAttemptedGeneration: _generation, lastAttemptedReleaseAction: _action, storageNamespace: _storage, ...rest } = status;
  const snapshots = Array.isArray(history) ? (history as HistorySnapshot[]) : [];
  const applied = snapshots.find((snapshot) => snapshot.status === 'deployed' || snapshot.status === 'superseded');
  const latest = snapshots[0];
  return {
    ...rest,
    ...(applied?.chartVersion ? { lastAppliedRevision: applied.chartVersion } : {}),
    ...(latest?.version !== undefined ? { lastReleaseRevision: latest.version } : {}),
    ...(typeof lastAttemptedConfigDigest === 'string' ? { lastAttemptedValuesChecksum: createHash('sha1').update(lastAttemptedConfigDigest).digest('hex') } : {}),
  };
}

/** HelmRelease `status.inventory` (Flux 2.8 and later): the objects of the Helm release. */
export function withHelmReleaseInventory(status: Record<string, unknown>, entries: readonly InventoryEntry[]): Record<string, unknown> {
  return { ...status, inventory: { entries: [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) } };
}

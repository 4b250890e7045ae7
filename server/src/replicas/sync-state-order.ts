/**
 * Where a published sync state stands in its cluster's history: the lease epoch it was published
 * under (each new holder of a cluster's lease has a larger one) and the publisher's own count,
 * which grows with every state it reads.
 */
export interface SyncStamp {
  epoch: number;
  seq: number;
}

/**
 * Keeps, per cluster, the stamp of the newest sync state applied, so that one arriving late (two
 * NOTIFY batches of one replica can commit in either order under load; a hand-over's last word
 * can land after the next holder's first) never replaces a newer one. Without it a cluster's
 * "syncing" that overtook its "synced" left the other replicas showing it syncing for good.
 */
export class SyncStateOrder {
  private readonly newest = new Map<string, SyncStamp>();

  /** True (and remembered) when `stamp` is newer than every state applied for the cluster. */
  admit(clusterId: string, stamp: SyncStamp): boolean {
    const known = this.newest.get(clusterId);
    if (known && (stamp.epoch < known.epoch || (stamp.epoch === known.epoch && stamp.seq <= known.seq))) return false;
    this.newest.set(clusterId, stamp);
    return true;
  }

  /** Forgets clusters that no longer exist. */
  forgetAllBut(existing: ReadonlySet<string>): void {
    for (const clusterId of this.newest.keys()) if (!existing.has(clusterId)) this.newest.delete(clusterId);
  }
}

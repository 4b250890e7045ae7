import { randomUUID } from 'node:crypto';

export interface ReplicaMembership {
  /** This process's replica id (stable for its lifetime). */
  readonly replicaId: string;
  /** Called with a replica id when that replica stopped heartbeating (presumed dead). */
  onReplicaGone(listener: (replicaId: string) => void): () => void;
  /** Whether this replica is the one that runs fleet-wide periodic work right now. */
  isLeader(): boolean;
}

/** The only replica: a random id, no other replica ever goes away, always the leader (SQLite, MariaDB, tests). */
export function localMembership(replicaId: string = randomUUID()): ReplicaMembership {
  return { replicaId, onReplicaGone: () => () => undefined, isLeader: () => true };
}

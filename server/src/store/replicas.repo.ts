import { sql, type Kysely } from 'kysely';
import type { Database } from './tables/index.js';

/** Milliseconds on the database's clock: every replica measures leases with the same one. */
const NOW_MS = sql<string>`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/** The name of the lease whose holder runs fleet-wide periodic work. */
export const LEADER_LEASE = 'leader';

/** Prefix of each replica's notification connection's application_name (see PgNotifications). */
export const REPLICA_APPLICATION_PREFIX = 'fluxo-replica:';

/**
 * The SQL of replica membership, leases and notifications (PostgreSQL only). Each statement is one round trip
 * whatever the number of clusters: a tick of 1,000 clusters is a handful of statements.
 */
export class ReplicasRepo {
  // Statements that lock several lease rows lock them in name order (as the fenced writes of
  // FluxObjectsRepo do): a sync-state write and a write-behind flush of one replica otherwise
  // deadlock now and then under load.
  constructor(private readonly db: Kysely<Database>) {}

  /** Sends payloads on a channel in one statement (delivered to listeners when it commits). */
  async notify(channel: string, payloads: string[]): Promise<void> {
    await notifyAll(this.db, channel, payloads);
  }

  async join(replicaId: string, description: string): Promise<void> {
    await sql`insert into replicas (id, description, started_at, heartbeat_at) values (${replicaId}, ${description}, ${NOW_MS}, ${NOW_MS})
      on conflict (id) do update set heartbeat_at = excluded.heartbeat_at`.execute(this.db);
  }

  /** False when the row is gone (others took this replica for dead and reaped it). */
  async heartbeat(replicaId: string): Promise<boolean> {
    const result = await sql`update replicas set heartbeat_at = ${NOW_MS} where id = ${replicaId}`.execute(this.db);
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  /** Leaving cleanly: others take its clusters over at their next tick instead of waiting. */
  async leave(replicaId: string): Promise<void> {
    await sql`update leases set holder = null, expires_at = 0 where holder = ${replicaId}`.execute(this.db);
    await sql`delete from replicas where id = ${replicaId}`.execute(this.db);
  }

  /**
   * Replicas alive now: a recent heartbeat AND their notification connection open. A process
   * killed with -9 loses that connection at once, so it is dead at the next tick, not when its
   * heartbeat ages.
   */
  async liveReplicas(deadAfterMs: number): Promise<string[]> {
    const result = await sql<{ id: string }>`select r.id from replicas r
      where r.heartbeat_at > ${NOW_MS} - ${deadAfterMs}
        and exists (select 1 from pg_stat_activity a where a.application_name = ${REPLICA_APPLICATION_PREFIX} || r.id)
      order by r.id`.execute(this.db);
    return result.rows.map((row) => row.id);
  }

  /** Every registered replica, live or not (rows of dead ones stay a minute, see reapDead). */
  async allReplicaIds(): Promise<string[]> {
    const result = await sql<{ id: string }>`select id from replicas`.execute(this.db);
    return result.rows.map((row) => row.id);
  }

  async reapDead(afterMs: number): Promise<void> {
    await sql`delete from replicas where heartbeat_at < ${NOW_MS} - ${afterMs}`.execute(this.db);
  }

  /**
   * Extends the named leases this replica still holds; answers those names. Only what it works
   * on: a lease it holds but stopped working on (it gave its clusters up while the database was
   * away) expires, instead of being kept alive with nobody watching the cluster.
   */
  async renew(replicaId: string, names: string[], leaseMs: number): Promise<string[]> {
    if (names.length === 0) return [];
    const result = await sql<{ name: string }>`with locked as (select name from leases where holder = ${replicaId} and name = any(${names}::text[]) order by name for update)
      update leases set expires_at = ${NOW_MS} + ${leaseMs} from locked where leases.name = locked.name returning leases.name`.execute(this.db);
    return result.rows.map((row) => row.name);
  }

  /**
   * Takes the named leases that are free, expired, held by a replica not in `live`, or held by
   * this one already (it gave the cluster up and wants it back); answers those taken with their
   * epoch, which grows with each taking (a fencing token for whoever checks it, and the order of
   * the holders' sync states).
   */
  async acquire(replicaId: string, names: string[], live: string[], leaseMs: number): Promise<Array<{ name: string; epoch: number }>> {
    if (names.length === 0) return [];
    names = [...names].sort();
    const result = await sql<{ name: string; epoch: number }>`insert into leases (name, holder, expires_at, epoch)
      select name, ${replicaId}, ${NOW_MS} + ${leaseMs}, 1 from unnest(${names}::text[]) as name
      on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at, epoch = leases.epoch + 1, detail = null, detail_seq = null
      where leases.holder is null or leases.holder = ${replicaId} or leases.expires_at < ${NOW_MS} or not (leases.holder = any(${live}::text[]))
      returning name, epoch`.execute(this.db);
    return result.rows.map((row) => ({ name: row.name, epoch: Number(row.epoch) }));
  }

  async release(replicaId: string, names: string[]): Promise<void> {
    if (names.length === 0) return;
    await sql`update leases set holder = null, expires_at = 0, detail = null, detail_seq = null where holder = ${replicaId} and name = any(${names}::text[])`.execute(this.db);
  }

  async clusterIds(): Promise<string[]> {
    const result = await sql<{ id: string }>`select id from clusters`.execute(this.db);
    return result.rows.map((row) => row.id);
  }

  /** Leases of clusters that were deleted. */
  async dropOrphans(): Promise<void> {
    await sql`delete from leases l where l.name <> ${LEADER_LEASE} and not exists (select 1 from clusters c where c.id = l.name)`.execute(this.db);
  }

  /**
   * Stores the sync states this replica publishes, on the leases it holds. `seq` is the
   * publisher's count: a write that lands after a newer one of the same holder changes nothing.
   */
  async storeDetails(replicaId: string, entries: Array<{ name: string; detail: string | null; seq: number }>): Promise<void> {
    if (entries.length === 0) return;
    await sql`with d as (select * from unnest(${entries.map((entry) => entry.name)}::text[], ${entries.map((entry) => entry.detail)}::text[], ${entries.map((entry) => entry.seq)}::bigint[]) as d(name, detail, seq)),
        locked as (select leases.name from leases join d on d.name = leases.name where leases.holder = ${replicaId} order by leases.name for update of leases)
      update leases set detail = d.detail, detail_seq = d.seq from d, locked
      where leases.name = d.name and leases.name = locked.name and (leases.detail_seq is null or leases.detail_seq < d.seq)`.execute(this.db);
  }

  /** Every registered replica with how many clusters it holds, for the API. */
  async overview(deadAfterMs: number): Promise<Array<{ id: string; description: string; started_at: string; heartbeat_age_ms: string; live: boolean; leader: boolean; clusters: string }>> {
    const result = await sql<{ id: string; description: string; started_at: string; heartbeat_age_ms: string; live: boolean; leader: boolean; clusters: string }>`
      select r.id, r.description, r.started_at, ${NOW_MS} - r.heartbeat_at as heartbeat_age_ms,
        (r.heartbeat_at > ${NOW_MS} - ${deadAfterMs} and exists (select 1 from pg_stat_activity a where a.application_name = ${REPLICA_APPLICATION_PREFIX} || r.id)) as live,
        exists (select 1 from leases l where l.name = ${LEADER_LEASE} and l.holder = r.id and l.expires_at > ${NOW_MS}) as leader,
        (select count(*) from leases l where l.holder = r.id and l.name <> ${LEADER_LEASE}) as clusters
      from replicas r order by r.started_at, r.id`.execute(this.db);
    return result.rows;
  }

  /** What the holders of cluster leases last published, with the lease epoch and the holder's count. */
  async heldDetails(): Promise<Array<{ name: string; holder: string; detail: string; epoch: number; seq: number }>> {
    const result = await sql<{ name: string; holder: string; detail: string; epoch: number; detail_seq: string | null }>`select name, holder, detail, epoch, detail_seq from leases
      where holder is not null and detail is not null and name <> ${LEADER_LEASE}`.execute(this.db);
    return result.rows.map((row) => ({ name: row.name, holder: row.holder, detail: row.detail, epoch: Number(row.epoch), seq: Number(row.detail_seq ?? 0) }));
  }
}

/** Sends payloads on a channel in one statement (inside the caller's transaction, when given one: delivered on commit). */
export async function notifyAll(db: Kysely<Database>, channel: string, payloads: string[]): Promise<void> {
  if (payloads.length === 0) return;
  await sql`select pg_notify(${channel}, payload) from unnest(${payloads}::text[]) as payload`.execute(db);
}

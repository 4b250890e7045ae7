import { Type, type Static } from '@sinclair/typebox';

export const ReplicaView = Type.Object({
  id: Type.String({ description: 'Host name and a random suffix, new at each start' }),
  description: Type.String({ description: 'Host and process id' }),
  started_at: Type.String({ format: 'date-time' }),
  /** How long ago its last heartbeat was (database clock). */
  heartbeat_age_ms: Type.Integer(),
  live: Type.Boolean({ description: 'Heartbeating and connected: it watches its share of the clusters' }),
  leader: Type.Boolean({ description: 'Runs fleet-wide periodic work (retention, automatic Azure syncs)' }),
  clusters: Type.Integer({ description: 'Clusters whose lease it holds (it watches them)' }),
});

export const ReplicaOverview = Type.Object({
  mode: Type.Union([Type.Literal('replicated'), Type.Literal('single')], { description: 'replicated on PostgreSQL; single on SQLite and MariaDB' }),
  /** The replica that answered. */
  replica_id: Type.String(),
  items: Type.Array(ReplicaView),
});
export type ReplicaOverview = Static<typeof ReplicaOverview>;

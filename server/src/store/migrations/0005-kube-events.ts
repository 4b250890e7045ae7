import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * Kubernetes events of Flux objects (and warnings of workloads), kept past the cluster's own
 * one-hour TTL and its outages: one row per event object, keyed by its cluster and uid, updated
 * as the event repeats (count, last_seen, message).
 */
export function kubeEvents(_types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('kube_events')
        .addColumn('cluster_id', 'varchar(36)', (c) => c.notNull().references('clusters.id').onDelete('cascade'))
        .addColumn('uid', 'varchar(64)', (c) => c.notNull())
        .addColumn('namespace', 'varchar(253)', (c) => c.notNull())
        .addColumn('involved_kind', 'varchar(64)', (c) => c.notNull())
        .addColumn('involved_namespace', 'varchar(253)', (c) => c.notNull())
        .addColumn('involved_name', 'varchar(253)', (c) => c.notNull())
        .addColumn('type', 'varchar(16)', (c) => c.notNull())
        .addColumn('reason', 'varchar(255)', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('source', 'varchar(255)', (c) => c.notNull())
        .addColumn('first_seen', 'varchar(40)', (c) => c.notNull())
        .addColumn('last_seen', 'varchar(40)', (c) => c.notNull())
        .addPrimaryKeyConstraint('kube_events_pk', ['cluster_id', 'uid'])
        .execute();
      // Newest first over the fleet (with the key as tie-breaker for keyset paging), and retention.
      await db.schema.createIndex('kube_events_last_seen').on('kube_events').columns(['last_seen', 'cluster_id', 'uid']).execute();
      await db.schema.createIndex('kube_events_cluster').on('kube_events').columns(['cluster_id', 'last_seen']).execute();
      // One object's events (the resource detail), and kind/name filters across the fleet.
      await db.schema.createIndex('kube_events_object').on('kube_events').columns(['cluster_id', 'involved_kind', 'involved_namespace', 'involved_name', 'last_seen']).execute();
      await db.schema.createIndex('kube_events_kind_name').on('kube_events').columns(['involved_kind', 'involved_name', 'last_seen']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('kube_events').ifExists().execute();
    },
  };
}

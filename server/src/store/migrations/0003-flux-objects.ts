import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * The fleet index's compact status of every Flux object (served at once after a restart, marked
 * stale until the watches are back) and its status transitions ("failing since", history).
 */
export function fluxObjects(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('flux_objects')
        // `cluster_id/Kind/namespace/name`: one portable key (MySQL limits composite index length).
        .addColumn('id', 'varchar(512)', (c) => c.primaryKey())
        .addColumn('cluster_id', 'varchar(36)', (c) => c.notNull().references('clusters.id').onDelete('cascade'))
        .addColumn('kind', 'varchar(64)', (c) => c.notNull())
        .addColumn('api_version', 'varchar(128)', (c) => c.notNull())
        .addColumn('namespace', 'varchar(253)', (c) => c.notNull())
        .addColumn('name', 'varchar(253)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('reason', 'varchar(255)', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('revision', 'varchar(512)')
        .addColumn('attempted_revision', 'varchar(512)')
        .addColumn('suspended', 'integer', (c) => c.notNull())
        .addColumn('status_since', 'varchar(40)', (c) => c.notNull())
        .addColumn('last_handled_reconcile_at', 'varchar(64)')
        .addColumn('generation', 'integer')
        .addColumn('observed_generation', 'integer')
        .addColumn('source_json', 'text')
        .addColumn('depends_on_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('flux_objects_cluster').on('flux_objects').column('cluster_id').execute();
      await types
        .withAutoIncrementId(db.schema.createTable('flux_object_transitions'))
        .addColumn('object_id', 'varchar(512)', (c) => c.notNull())
        .addColumn('cluster_id', 'varchar(36)', (c) => c.notNull().references('clusters.id').onDelete('cascade'))
        .addColumn('from_status', 'varchar(16)')
        .addColumn('to_status', 'varchar(16)', (c) => c.notNull())
        .addColumn('reason', 'varchar(255)', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('flux_object_transitions_object').on('flux_object_transitions').columns(['object_id', 'id']).execute();
      await db.schema.createIndex('flux_object_transitions_cluster').on('flux_object_transitions').column('cluster_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('flux_object_transitions').ifExists().execute();
      await db.schema.dropTable('flux_objects').ifExists().execute();
    },
  };
}

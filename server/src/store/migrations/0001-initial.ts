import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/** Clusters, their latest health, health changes, and settings. */
export function initial(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('settings')
        .addColumn('key', 'varchar(191)', (c) => c.primaryKey())
        .addColumn('value', types.longText, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('clusters')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(191)', (c) => c.notNull())
        .addColumn('name_key', 'varchar(191)', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('source_type', 'varchar(32)', (c) => c.notNull())
        .addColumn('source_ref', 'varchar(512)')
        .addColumn('favorite', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('labels_json', 'text', (c) => c.notNull())
        .addColumn('server_url', 'varchar(2048)', (c) => c.notNull())
        .addColumn('context_name', 'varchar(512)', (c) => c.notNull())
        .addColumn('auth_kind', 'varchar(64)', (c) => c.notNull())
        .addColumn('kubeconfig_sealed', types.longText, (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('clusters_source_ref').on('clusters').column('source_ref').execute();
      await db.schema
        .createTable('cluster_health')
        .addColumn('cluster_id', 'varchar(36)', (c) => c.primaryKey().references('clusters.id').onDelete('cascade'))
        .addColumn('status', 'varchar(32)', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('latency_ms', 'integer')
        .addColumn('kubernetes_version', 'varchar(64)')
        .addColumn('flux_version', 'varchar(64)')
        .addColumn('checked_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await types
        .withAutoIncrementId(db.schema.createTable('cluster_health_history'))
        .addColumn('cluster_id', 'varchar(36)', (c) => c.notNull().references('clusters.id').onDelete('cascade'))
        .addColumn('status', 'varchar(32)', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('checked_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cluster_health_history_cluster').on('cluster_health_history').columns(['cluster_id', 'id']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['cluster_health_history', 'cluster_health', 'clusters', 'settings']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}

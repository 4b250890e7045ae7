import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/** Azure subscriptions, clusters' link to them, jobs, and the audit log. */
export function azure(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('azure_subscriptions')
        .addColumn('subscription_id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(191)', (c) => c.notNull())
        .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
        .addColumn('client_id', 'varchar(36)')
        .addColumn('auth_method', 'varchar(32)', (c) => c.notNull())
        .addColumn('environment', 'varchar(32)', (c) => c.notNull())
        .addColumn('authority_host', 'varchar(2048)')
        .addColumn('resource_manager_endpoint', 'varchar(2048)')
        .addColumn('resource_manager_audience', 'varchar(2048)')
        .addColumn('client_secret_sealed', 'text')
        .addColumn('use_admin_credentials', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('cluster_auth_mode', 'varchar(32)', (c) => c.notNull())
        .addColumn('status', 'varchar(32)', (c) => c.notNull())
        .addColumn('status_message', 'text', (c) => c.notNull())
        .addColumn('last_checked_at', 'varchar(40)')
        .addColumn('last_synced_at', 'varchar(40)')
        .addColumn('auto_sync_interval_minutes', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('clusters').addColumn('azure_subscription_id', 'varchar(36)').execute();
      await db.schema.alterTable('clusters').addColumn('missing_in_source', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex('clusters_azure_subscription').on('clusters').column('azure_subscription_id').execute();
      await db.schema
        .createTable('jobs')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('type', 'varchar(64)', (c) => c.notNull())
        .addColumn('subject', 'varchar(512)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('result_json', types.longText)
        .addColumn('error', 'text')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jobs_created').on('jobs').column('created_at').execute();
      await types
        .withAutoIncrementId(db.schema.createTable('audit_log'))
        .addColumn('at', 'varchar(40)', (c) => c.notNull())
        .addColumn('actor', 'varchar(191)', (c) => c.notNull())
        .addColumn('action', 'varchar(64)', (c) => c.notNull())
        .addColumn('target', 'varchar(512)', (c) => c.notNull())
        .addColumn('detail_json', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('audit_log').ifExists().execute();
      await db.schema.dropTable('jobs').ifExists().execute();
      await db.schema.dropIndex('clusters_azure_subscription').on('clusters').ifExists().execute();
      await db.schema.alterTable('clusters').dropColumn('missing_in_source').execute();
      await db.schema.alterTable('clusters').dropColumn('azure_subscription_id').execute();
      await db.schema.dropTable('azure_subscriptions').ifExists().execute();
    },
  };
}

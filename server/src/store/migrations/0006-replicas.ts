import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * Replicas sharing one PostgreSQL database: who is alive (a heartbeat row per process) and who
 * holds what (leases: one per cluster, whose holder watches it, and `leader` for fleet-wide
 * periodic work). Times are milliseconds on the database's clock, so replicas on hosts with
 * skewed clocks still agree on what has expired. Created on every database (harmless), used only
 * on PostgreSQL: SQLite and MariaDB run one process.
 */
export function replicas(_types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('replicas')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('description', 'varchar(255)', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('leases')
        .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('holder', 'varchar(64)')
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        // Counts hand-overs: each new holder gets a larger one (a fencing token).
        .addColumn('epoch', 'integer', (c) => c.notNull())
        /** The holder's last published sync state of the cluster (JSON), for replicas that start later. */
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('leases_holder').on('leases').column('holder').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('leases').execute();
      await db.schema.dropTable('replicas').execute();
    },
  };
}

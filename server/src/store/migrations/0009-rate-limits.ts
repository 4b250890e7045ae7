import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * Request rate limits shared by every server process on the database (sign-in attempts per
 * client address): one row per limited thing (`bucket`, e.g. route and client address), its hits
 * in the current window and when that window ends. Times are milliseconds on the database's clock,
 * as for leases (0006), so replicas with skewed clocks agree on when a window ends.
 */
export function rateLimits(_types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rate_limits')
        .addColumn('bucket', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('hits', 'integer', (c) => c.notNull())
        .addColumn('reset_at', 'bigint', (c) => c.notNull())
        .execute();
      // Deleting the windows that ended.
      await db.schema.createIndex('rate_limits_reset_at').on('rate_limits').column('reset_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('rate_limits').execute();
    },
  };
}

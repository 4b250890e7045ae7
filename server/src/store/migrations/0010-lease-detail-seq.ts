import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * The holder's count of the sync state stored in a lease's `detail` (0006): two writes of one
 * holder can commit in either order under load, and the older one must not replace the newer.
 */
export function leaseDetailSeq(_types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('leases').addColumn('detail_seq', 'bigint').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('leases').dropColumn('detail_seq').execute();
    },
  };
}

import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * Jobs as durable queue entries: a named handler's JSON payload (so any replica can run it), the
 * replica running it (so its death can be handled), how often it was started, and a failure's
 * API status and code (so a caller on another replica can answer with the same error).
 */
export function jobQueue(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // One column per statement: SQLite adds one at a time.
      await db.schema.alterTable('jobs').addColumn('replica_id', 'varchar(64)').execute();
      await db.schema.alterTable('jobs').addColumn('payload_json', types.longText).execute();
      await db.schema.alterTable('jobs').addColumn('context_json', 'text').execute();
      await db.schema.alterTable('jobs').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('jobs').addColumn('error_status', 'integer').execute();
      await db.schema.alterTable('jobs').addColumn('error_code', 'varchar(64)').execute();
      // The unfinished jobs of a replica that stopped; whether a subject has one queued or running.
      await db.schema.createIndex('jobs_unfinished').on('jobs').columns(['status', 'replica_id']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('jobs_unfinished').on('jobs').execute();
      for (const column of ['error_code', 'error_status', 'attempts', 'context_json', 'payload_json', 'replica_id']) {
        await db.schema.alterTable('jobs').dropColumn(column).execute();
      }
    },
  };
}

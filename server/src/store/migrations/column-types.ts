import type { CreateTableBuilder } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../database.js';

/** The few column definitions that differ between SQLite, PostgreSQL and MySQL. */
export interface ColumnTypes {
  /** Unbounded text; MySQL's TEXT stops at 64 KiB, too small for a sealed kubeconfig. */
  longText: 'text';
  withAutoIncrementId<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'>;
}

export function columnTypes(dialect: DialectName): ColumnTypes {
  return {
    longText: (dialect === 'mysql' ? sql`mediumtext` : 'text') as 'text',
    withAutoIncrementId: (table) =>
      dialect === 'postgres'
        ? table.addColumn('id', 'serial', (c) => c.primaryKey())
        : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
  };
}

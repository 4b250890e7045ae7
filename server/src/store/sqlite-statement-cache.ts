import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';

/**
 * Kysely's SQLite driver prepares every statement on every execution. Repositories run the same
 * few SQL texts over and over (a sync of 1,000 clusters runs each thousands of times), so we keep
 * prepared statements by SQL text. Statements are re-prepared by SQLite after schema changes; one
 * that is busy (a streamed result still open) is not shared.
 */
export function withStatementCache(database: SqliteDatabase, capacity = 500): { prepare(sql: string): Statement; close(): void } {
  const statements = new Map<string, Statement>();
  return {
    prepare(sql: string): Statement {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(sql);
      if (!cached) {
        // Oldest first out once full: queries built from varying input must not grow it forever.
        if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
    close(): void {
      statements.clear();
      database.close();
    },
  };
}

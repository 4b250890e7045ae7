import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, MysqlDialect, PostgresDialect, SqliteDialect, sql } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createPool } from 'mysql2';
import type { Database } from './tables/index.js';
import { migrationProvider } from './migrations/index.js';
import { withStatementCache } from './sqlite-statement-cache.js';
import { secureSqliteFiles } from './data-files.js';

export type DialectName = 'sqlite' | 'postgres' | 'mysql';

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Resolves when the database answers a trivial query (readiness). */
  ping(): Promise<void>;
  /** Where the data lives, without credentials (safe to log). */
  description: string;
  close(): Promise<void>;
}

export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUrlError';
  }
}

export interface OpenDatabaseOptions {
  /**
   * Told when a pooled connection fails while idle (the database went away or ended the
   * session). The pool drops that connection and opens a new one when next needed.
   */
  onConnectionError?: (error: Error) => void;
}

/** The file a `sqlite:` DATABASE_URL names (`:memory:` for none); undefined for other databases. */
export function sqliteFileOf(databaseUrl: string): string | undefined {
  return databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') : undefined;
}

/** Opens the database DATABASE_URL names and brings its schema up to date. */
export async function openDatabase(databaseUrl: string, options: OpenDatabaseOptions = {}): Promise<OpenDatabase> {
  const opened = connect(databaseUrl, options);
  try {
    await migrate(opened);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

function connect(databaseUrl: string, options: OpenDatabaseOptions): OpenDatabase {
  const opened = connectDialect(databaseUrl, options);
  return { ...opened, ping: async () => void (await sql`select 1`.execute(opened.db)) };
}

function connectDialect(databaseUrl: string, options: OpenDatabaseOptions): Omit<OpenDatabase, 'ping'> {
  const onConnectionError = (error: Error): void => options.onConnectionError?.(error);
  const file = sqliteFileOf(databaseUrl);
  if (file !== undefined) {
    if (file !== ':memory:') {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
      secureSqliteFiles(file);
    }
    const sqlite = new SQLite(file);
    // WAL lets readers proceed during writes; foreign keys are off by default in SQLite.
    // synchronous=NORMAL is SQLite's recommended pairing with WAL: no fsync per commit (a sync of
    // 1,000 clusters commits thousands of times), never corrupts, and loses nothing when the
    // process crashes; only a power loss or OS crash can roll back the last commits.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, dialect: 'sqlite', description: `sqlite:${file}`, close: () => db.destroy() };
  }
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new DatabaseUrlError('DATABASE_URL is not a valid URL');
  }
  const description = `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') {
    // Without an 'error' listener, an idle connection the server drops (restart, failover,
    // pg_terminate_backend) is an unhandled error event that ends the process. A bounded connect
    // wait lets requests answer 503 while the database is away instead of hanging.
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5_000, keepAlive: true });
    pool.on('error', onConnectionError);
    // A connection that breaks while checked out between queries (inside a transaction) reports on
    // the client itself, where no listener would be either; the failing query reports it too.
    pool.on('connect', (client) => client.on('error', onConnectionError));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', description, close: () => db.destroy() };
  }
  if (url.protocol === 'mysql:' || url.protocol === 'mariadb:') {
    const pool = createPool({ uri: databaseUrl.replace(/^mariadb:/, 'mysql:'), connectionLimit: 10, charset: 'utf8mb4', connectTimeout: 5_000 });
    pool.on('connection', (connection) => connection.on('error', onConnectionError));
    const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
    return { db, dialect: 'mysql', description, close: () => db.destroy() };
  }
  throw new DatabaseUrlError(`DATABASE_URL scheme ${url.protocol} is not supported; use sqlite:, postgres:// or mysql://`);
}

async function migrate(opened: OpenDatabase): Promise<void> {
  const migrator = new Migrator({ db: opened.db, provider: migrationProvider(opened.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    const where = failed ? ` (migration ${failed.migrationName})` : '';
    throw new Error(`Database migration failed${where}: ${(error as Error).message ?? String(error)}`);
  }
}

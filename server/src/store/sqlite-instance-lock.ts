import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { secureSqliteFiles } from './data-files.js';

export class InstanceLockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstanceLockError';
  }
}

/**
 * SQLite is the embedded, single-process store: two servers on one file would each watch every
 * cluster and overwrite each other's rows. The first process holds an exclusive lock on a file
 * beside the database for its lifetime; a second one is refused at start. The operating system
 * drops the lock when its process ends, even by kill -9, so a crash never leaves it stuck.
 */
export function lockSqliteInstance(databaseFile: string): { release(): void } {
  const lockFile = `${databaseFile}.instance-lock`;
  // Private like every file of the data dir (it holds nothing, but a readable file there is a finding).
  mkdirSync(path.dirname(lockFile), { recursive: true, mode: 0o700 });
  secureSqliteFiles(lockFile);
  const lock = new SQLite(lockFile, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    // Writing once takes the exclusive lock; in EXCLUSIVE locking mode it is kept until close.
    lock.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER); COMMIT;');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new InstanceLockError(
        `Another Flux Orchestrator process is using ${databaseFile}. SQLite serves one process only: stop the other one, give this one its own DATA_DIR, or use PostgreSQL (DATABASE_URL=postgres://…) to run replicas.`,
      );
    }
    throw error;
  }
  return { release: () => lock.close() };
}

import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * The data directory and the files in it hold sealed secrets, the key that opens them (when
 * generated) and the database: only the server's own user may read them. New ones are created
 * that way; existing ones are tightened, as earlier versions left them readable by everyone.
 */
export function secureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Creates (or tightens) an SQLite database file and its WAL/SHM companions as 0600; SQLite gives new companions the database file's mode. */
export function secureSqliteFiles(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const candidate of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(candidate)) chmodSync(candidate, 0o600);
  }
}

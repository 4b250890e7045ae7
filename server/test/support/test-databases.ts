import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createConnection } from 'mysql2/promise';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Throwaway databases for tests: the same test runs on SQLite, PostgreSQL and MariaDB/MySQL.
 * PostgreSQL and MariaDB run on loopback on this machine kind and in CI; the admin URLs can be
 * changed with TEST_POSTGRES_URL / TEST_MYSQL_URL, and TEST_DATABASES=sqlite,postgres,mysql
 * picks which run (default: all three — an unreachable server is a failure, not a skip).
 */
export type TestDatabaseKind = 'sqlite' | 'postgres' | 'mysql';

export interface TestDatabase {
  kind: TestDatabaseKind;
  url: string;
  drop(): Promise<void>;
}

const POSTGRES_ADMIN = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MYSQL_ADMIN = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';

export function testDatabaseKinds(): TestDatabaseKind[] {
  const selected = (process.env.TEST_DATABASES ?? 'sqlite,postgres,mysql').split(',').map((s) => s.trim());
  return (['sqlite', 'postgres', 'mysql'] as const).filter((kind) => selected.includes(kind));
}

export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const name = `fo_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fo-db-'));
    return { kind, url: `sqlite:${path.join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(POSTGRES_ADMIN);
    url.pathname = `/${name}`;
    return {
      kind,
      url: url.toString(),
      drop: async () => {
        const client = new pg.Client({ connectionString: POSTGRES_ADMIN });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const admin = await createConnection({ uri: MYSQL_ADMIN });
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
  await admin.end();
  const url = new URL(MYSQL_ADMIN);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    drop: async () => {
      const client = await createConnection({ uri: MYSQL_ADMIN });
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      await client.end();
    },
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';

describe('embedded SQLite settings', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fo-sqlite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs in WAL mode with synchronous=NORMAL and foreign keys on', async () => {
    const opened = await openDatabase(`sqlite:${path.join(dir, 'settings.db')}`);
    try {
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(opened.db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(1); // NORMAL
      expect(await pragma('foreign_keys')).toBe(1);
    } finally {
      await opened.close();
    }
  });
});

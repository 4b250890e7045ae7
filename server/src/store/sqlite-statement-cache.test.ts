import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './sqlite-statement-cache.js';

describe('withStatementCache', () => {
  const database = new SQLite(':memory:');
  database.exec('create table t (id integer primary key, name text)');
  database.prepare('insert into t (name) values (?), (?), (?)').run('a', 'b', 'c');
  afterEach(() => database.exec('delete from t where id > 3'));

  it('prepares a SQL text once and reuses the statement with new parameters', () => {
    const cached = withStatementCache(database);
    const first = cached.prepare('select name from t where id = ?');
    const second = cached.prepare('select name from t where id = ?');
    expect(second).toBe(first);
    expect(first.get(1)).toEqual({ name: 'a' });
    expect(second.get(3)).toEqual({ name: 'c' });
  });

  it('gives a fresh statement while the cached one is still streaming rows', () => {
    const cached = withStatementCache(database);
    const streaming = cached.prepare('select id from t order by id');
    const rows = streaming.iterate();
    expect(rows.next().value).toEqual({ id: 1 });
    const other = cached.prepare('select id from t order by id');
    expect(other).not.toBe(streaming);
    expect(other.all()).toHaveLength(3);
    rows.return?.();
    expect(cached.prepare('select id from t order by id')).toBe(streaming);
  });

  it('forgets the oldest SQL text once full', () => {
    const cached = withStatementCache(database, 2);
    const first = cached.prepare('select 1');
    cached.prepare('select 2');
    cached.prepare('select 3');
    expect(cached.prepare('select 1')).not.toBe(first);
    expect(cached.prepare('select 3')).toBe(cached.prepare('select 3'));
  });
});

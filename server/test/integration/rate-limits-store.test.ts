import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, RateLimitsRepo, type OpenDatabase } from '../../src/store/index.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-databases.js';
import { waitUntil } from '../support/wait-until.js';

/** The shared rate-limit counters (sign-in attempts) on every database: atomic hits, windows, clean-up. */
describe.each(testDatabaseKinds())('rate-limit counters on %s', (kind) => {
  let testDb: TestDatabase;
  let one: OpenDatabase;
  let two: OpenDatabase;
  let a: RateLimitsRepo;
  let b: RateLimitsRepo;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    // Two connection pools on one database, as two server processes have.
    one = await openDatabase(testDb.url);
    two = await openDatabase(testDb.url);
    a = new RateLimitsRepo(one.db, one.dialect);
    b = new RateLimitsRepo(two.db, two.dialect);
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
    await testDb?.drop();
  });

  it('counts hits of one bucket from two pools at once without losing one, within one window', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).hit('POST /login|10.0.0.1', 60_000)));
    expect(results.map((result) => result.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const { ttlMs } of results) {
      expect(ttlMs).toBeGreaterThan(50_000);
      expect(ttlMs).toBeLessThanOrEqual(60_000);
    }
    // Another bucket counts on its own.
    expect((await b.hit('POST /login|10.0.0.2', 60_000)).hits).toBe(1);
  });

  it('starts a new window once the last one ended', async () => {
    expect(await a.hit('short', 300)).toMatchObject({ hits: 1 });
    expect((await b.hit('short', 300)).hits).toBe(2);
    // Hits go on counting until the window ends; the first hit after it counts 1 again.
    const fresh = await waitUntil('a new window', async () => {
      const hit = await a.hit('short', 300);
      return hit.hits === 1 && hit;
    });
    expect(fresh.ttlMs).toBeGreaterThan(0);
    expect(fresh.ttlMs).toBeLessThanOrEqual(300);
  });

  it('stores a bucket longer than its column by its hash', async () => {
    const long = `POST /login|${'x'.repeat(400)}`;
    expect((await a.hit(long, 60_000)).hits).toBe(1);
    expect((await b.hit(long, 60_000)).hits).toBe(2);
    expect((await a.hit(`${long}y`, 60_000)).hits).toBe(1);
  });

  it('deletes the buckets whose window ended and keeps the running ones', async () => {
    await one.db.insertInto('rate_limits').values({ bucket: 'ended long ago', hits: 7, reset_at: 1_000 }).execute();
    await a.hit('running', 60_000);
    expect(await b.deleteExpired()).toBeGreaterThanOrEqual(1);
    const buckets = (await one.db.selectFrom('rate_limits').select('bucket').execute()).map((row) => row.bucket);
    expect(buckets).not.toContain('ended long ago');
    expect(buckets).toContain('running');
  });
});

import { describe, expect, it } from 'vitest';
import { RefreshingToken } from './refreshing-token.js';

describe('RefreshingToken', () => {
  it('shares one fetch among concurrent callers and caches until the refresh margin', async () => {
    let now = 0;
    let fetches = 0;
    const token = new RefreshingToken({
      now: () => now,
      refreshMarginMs: 60_000,
      fetch: async () => ({ token: `t${++fetches}`, expiresAt: new Date(now + 3_600_000) }),
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => token.get()));
    expect(new Set(results.map((r) => r.token))).toEqual(new Set(['t1']));
    now = 3_000_000;
    expect((await token.get()).token).toBe('t1');
    expect(fetches).toBe(1);
    now = 3_550_000; // inside the margin: old token served, refresh runs in the background
    expect((await token.get()).token).toBe('t1');
    await new Promise((resolve) => setImmediate(resolve));
    expect((await token.get()).token).toBe('t2');
  });

  it('keeps serving a valid token when a refresh fails, and fails once it expired', async () => {
    let now = 0;
    let fail = false;
    const token = new RefreshingToken({
      now: () => now,
      refreshMarginMs: 60_000,
      fetch: async () => {
        if (fail) throw new Error('identity provider down');
        return { token: 'ok', expiresAt: new Date(now + 120_000) };
      },
    });
    await token.get();
    fail = true;
    now = 90_000;
    expect((await token.get()).token).toBe('ok');
    now = 130_000;
    await expect(token.get()).rejects.toThrow('identity provider down');
  });

  it('invalidate forces a new fetch', async () => {
    let fetches = 0;
    const token = new RefreshingToken({ fetch: async () => ({ token: `t${++fetches}`, expiresAt: new Date(Date.now() + 3_600_000) }) });
    await token.get();
    token.invalidate();
    expect((await token.get()).token).toBe('t2');
  });
});

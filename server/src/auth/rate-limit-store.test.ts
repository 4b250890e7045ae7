import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { databaseRateLimitStore, type RateLimitCounters } from './rate-limit-store.js';

/** Counters in memory, recording what the store asked of them. */
function fakeCounters(): RateLimitCounters & { hits: Array<[string, number]>; sweeps: number } {
  const counts = new Map<string, number>();
  const fake = {
    hits: [] as Array<[string, number]>,
    sweeps: 0,
    async hit(bucket: string, windowMs: number) {
      fake.hits.push([bucket, windowMs]);
      counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
      return { hits: counts.get(bucket)!, ttlMs: windowMs };
    },
    async deleteExpired() {
      fake.sweeps++;
      return 0;
    },
  };
  return fake;
}

describe('the database rate-limit store, as @fastify/rate-limit uses it', () => {
  it('counts per route and client address, and answers 429 past the route limit', async () => {
    const counters = fakeCounters();
    const app = Fastify();
    await app.register(rateLimit, { global: false, store: databaseRateLimitStore({ counters, logger: pino({ level: 'silent' }) }) });
    app.post('/login', { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, async () => 'ok');
    app.get('/callback', { config: { rateLimit: { max: 5, timeWindow: 30_000 } } }, async () => 'ok');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.inject({ method: 'POST', url: '/login' })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await app.inject({ method: 'GET', url: '/callback' })).statusCode).toBe(200);
    expect(counters.hits).toEqual([
      ['POST /login|127.0.0.1', 60_000],
      ['POST /login|127.0.0.1', 60_000],
      ['POST /login|127.0.0.1', 60_000],
      ['GET /callback|127.0.0.1', 30_000],
    ]);
    await app.close();
  });

  it('deletes ended windows on a hit, at most once per sweep interval', async () => {
    const counters = fakeCounters();
    const app = Fastify();
    await app.register(rateLimit, { global: false, store: databaseRateLimitStore({ counters, logger: pino({ level: 'silent' }), sweepIntervalMs: 3_600_000 }) });
    app.post('/login', { config: { rateLimit: { max: 10, timeWindow: 60_000 } } }, async () => 'ok');
    for (let i = 0; i < 3; i++) await app.inject({ method: 'POST', url: '/login' });
    expect(counters.sweeps).toBe(1);
    await app.close();
  });

  it('passes a failure of the counters on to the request, never lets it through unchecked', async () => {
    const counters = { ...fakeCounters(), hit: async () => Promise.reject(new Error('database away')) };
    const app = Fastify();
    await app.register(rateLimit, { global: false, store: databaseRateLimitStore({ counters, logger: pino({ level: 'silent' }) }) });
    app.post('/login', { config: { rateLimit: { max: 10, timeWindow: 60_000 } } }, async () => 'ok');
    const answer = await app.inject({ method: 'POST', url: '/login' });
    expect(answer.statusCode).toBe(500);
    expect(answer.json().message).toBe('database away');
    await app.close();
  });
});

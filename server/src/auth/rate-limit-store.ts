import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Logger } from 'pino';

/** What the store needs of the database (store/RateLimitsRepo). */
export interface RateLimitCounters {
  /** Counts one hit on `bucket` atomically; starts a window of `windowMs` when none is running. */
  hit(bucket: string, windowMs: number): Promise<{ hits: number; ttlMs: number }>;
  /** Deletes the buckets whose window ended. */
  deleteExpired(): Promise<number>;
}

export interface DatabaseRateLimitStoreOptions {
  counters: RateLimitCounters;
  logger: Logger;
  /** Ended windows are deleted at most this often per process, on a hit (default: a minute). */
  sweepIntervalMs?: number;
}

/**
 * A store for @fastify/rate-limit (its documented `store` option) that keeps the counters in the
 * database, so every replica sharing it counts against one limit. Each route with a `rateLimit`
 * config gets a child store whose buckets are prefixed with the route, as the plugin's in-memory
 * store keeps one map per route. Windows are fixed (they start at the first hit); the plugin's
 * `continueExceeding` and `exponentialBackoff` options are not supported (no route uses them).
 * Ended windows are deleted lazily: by a hit, at most once per `sweepIntervalMs` per process.
 */
export function databaseRateLimitStore(options: DatabaseRateLimitStoreOptions): FastifyRateLimitStoreCtor {
  const sweepEveryMs = options.sweepIntervalMs ?? 60_000;
  let lastSweep = 0;
  const sweep = (): void => {
    const now = Date.now();
    if (now - lastSweep < sweepEveryMs) return;
    lastSweep = now;
    void options.counters.deleteExpired().catch((error: unknown) => options.logger.warn({ err: error }, 'could not delete ended rate-limit windows; will try again'));
  };

  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    /** The plugin constructs the root store with its options (unused: every hit is told its window). */
    constructor(
      _options: unknown,
      private readonly scope = '',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      options.counters.hit(`${this.scope}${key}`, timeWindow).then(
        ({ hits, ttlMs }) => {
          callback(null, { current: hits, ttl: ttlMs });
          sweep();
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(routeOptions: object): FastifyRateLimitStore {
      // At run time the plugin passes its merged options with the route under `routeInfo` (its README), not the route itself as its typings say.
      const route = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo;
      const method = [route?.method ?? ''].flat().join(',');
      return new DatabaseRateLimitStore(undefined, `${this.scope}${method} ${route?.url ?? ''}|`);
    }
  }
  return DatabaseRateLimitStore;
}

import { createHash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DialectName } from './database.js';
import type { Database } from './tables/index.js';

/** Milliseconds since the epoch on the database's clock, the same throughout one statement. */
function nowMs(dialect: DialectName): RawBuilder<number> {
  if (dialect === 'postgres') return sql<number>`(extract(epoch from statement_timestamp()) * 1000)::bigint`;
  if (dialect === 'mysql') return sql<number>`cast(round(unix_timestamp(current_timestamp(3)) * 1000) as signed)`;
  return sql<number>`cast((julianday('now') - 2440587.5) * 86400000 as integer)`;
}

/** The column is varchar(255): longer buckets are stored by their hash. */
const MAX_BUCKET = 255;
/** InnoDB may pick an upsert as a deadlock victim when others hit the same new bucket: tried again. */
const MYSQL_DEADLOCK_ATTEMPTS = 5;

export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  hits: number;
  /** Milliseconds until the window ends. */
  ttlMs: number;
}

/**
 * Rate-limit counters shared by every process on the database (`rate_limits`). A hit is one
 * atomic upsert: it starts a window of `windowMs` for a new bucket or one whose window ended,
 * and counts one more otherwise, so processes hitting the same bucket at once never lose a count.
 */
export class RateLimitsRepo {
  private readonly now: RawBuilder<number>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {
    this.now = nowMs(dialect);
  }

  async hit(bucket: string, windowMs: number): Promise<RateLimitHit> {
    const key = bucket.length > MAX_BUCKET ? `sha256:${createHash('sha256').update(bucket).digest('hex')}` : bucket;
    const window = Math.max(1, Math.trunc(windowMs));
    const row = this.dialect === 'mysql' ? await this.hitMysql(key, window) : await this.hitReturning(key, window);
    // Capped at the window: a hit whose statement began before a concurrent one started the
    // window (it then waited on that row) measures from its own, earlier clock reading.
    return { hits: Number(row.hits), ttlMs: Math.min(window, Math.max(0, Number(row.ttl_ms))) };
  }

  /** Deletes the buckets whose window ended; answers how many. */
  async deleteExpired(): Promise<number> {
    const result = await this.db.deleteFrom('rate_limits').where('reset_at', '<=', this.now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** SQLite and PostgreSQL: INSERT … ON CONFLICT DO UPDATE … RETURNING, one statement. */
  private async hitReturning(bucket: string, windowMs: number): Promise<{ hits: number | string; ttl_ms: number | string }> {
    const now = this.now;
    const result = await sql<{ hits: number | string; ttl_ms: number | string }>`insert into rate_limits (bucket, hits, reset_at) values (${bucket}, 1, ${now} + ${windowMs})
      on conflict (bucket) do update set
        hits = case when rate_limits.reset_at <= ${now} then 1 else rate_limits.hits + 1 end,
        reset_at = case when rate_limits.reset_at <= ${now} then excluded.reset_at else rate_limits.reset_at end
      returning hits, reset_at - ${now} as ttl_ms`.execute(this.db);
    return result.rows[0]!;
  }

  /**
   * MySQL/MariaDB have no RETURNING on an upsert: the upsert and the read of its row share a
   * transaction, and the upsert's row lock keeps every other hit out until it commits.
   * (ON DUPLICATE KEY UPDATE assigns left to right: `hits` is decided on the old `reset_at`.)
   */
  private async hitMysql(bucket: string, windowMs: number): Promise<{ hits: number | string; ttl_ms: number | string }> {
    const now = this.now;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          await sql`insert into rate_limits (bucket, hits, reset_at) values (${bucket}, 1, ${now} + ${windowMs})
            on duplicate key update
              hits = if(reset_at <= ${now}, 1, hits + 1),
              reset_at = if(reset_at <= ${now}, values(reset_at), reset_at)`.execute(trx);
          const result = await sql<{ hits: number; ttl_ms: number | string }>`select hits, reset_at - ${now} as ttl_ms from rate_limits where bucket = ${bucket}`.execute(trx);
          return result.rows[0]!;
        });
      } catch (error) {
        if (attempt >= MYSQL_DEADLOCK_ATTEMPTS || (error as { errno?: number }).errno !== 1213) throw error;
      }
    }
  }
}

import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/tables/index.js';
import type { Logger } from 'pino';

/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; leave room for multi-byte text. */
export const MAX_NOTIFY_BYTES = 7_500;

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

/**
 * One dedicated connection that LISTENs on the replicas' channels (a pooled connection would
 * drop its LISTENs when returned). Its `application_name` names the replica, so other replicas
 * see it in `pg_stat_activity`: a replica killed with -9 loses this connection at once, and is
 * taken for dead without waiting for its heartbeat to age. When the connection breaks it is
 * opened again with backoff, and `onResubscribed` tells the owner that notifications may have
 * been missed meanwhile (it reloads what they would have carried).
 */
export class PgNotifications {
  private client: pg.Client | undefined;
  private readonly handlers = new Map<string, (payload: string) => void>();
  private stopped = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: {
      databaseUrl: string;
      applicationName: string;
      logger: Logger;
      onResubscribed: () => void;
    },
  ) {}

  /** Registers a channel's handler; call before start(). Handlers must not throw. */
  on(channel: string, handler: (payload: string) => void): void {
    this.handlers.set(channel, handler);
  }

  /** Connects and LISTENs; rejects if the first connection fails (the server cannot run replicated without it). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: this.options.applicationName, keepAlive: true, connectionTimeoutMillis: 5_000 });
    client.on('notification', (message) => {
      const handler = this.handlers.get(message.channel);
      if (handler && message.payload !== undefined) handler(message.payload);
    });
    client.on('error', (error) => this.options.logger.warn({ err: error }, 'replica notification connection failed; reconnecting'));
    client.on('end', () => {
      if (this.client === client) this.reconnectSoon();
    });
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    this.client = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
  }

  private reconnectSoon(): void {
    this.client = undefined;
    if (this.stopped) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.connect().then(
        () => {
          this.options.logger.info('replica notification connection restored');
          this.options.onResubscribed();
        },
        (error: unknown) => {
          this.options.logger.warn({ err: error }, 'replica notification connection could not be restored; retrying');
          this.reconnectSoon();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }
}

/** Sends payloads on a channel in one statement (inside the caller's transaction, when given one: delivered on commit). */
export async function notifyAll(db: Kysely<Database>, channel: string, payloads: string[]): Promise<void> {
  if (payloads.length === 0) return;
  await sql`select pg_notify(${channel}, payload) from unnest(${payloads}::text[]) as payload`.execute(db);
}

/**
 * Packs JSON items into as few payloads as fit under MAX_NOTIFY_BYTES, each `{"o":origin,"i":[…]}`.
 * An item too large for any payload is passed to `oversize` instead (the caller sends a reference).
 */
export function packPayloads(origin: string, items: string[], oversize?: (item: string) => void): string[] {
  const head = `{"o":${JSON.stringify(origin)},"i":[`;
  const payloads: string[] = [];
  let current: string[] = [];
  let size = head.length + 2;
  for (const item of items) {
    const itemSize = Buffer.byteLength(item) + 1;
    if (head.length + 2 + itemSize > MAX_NOTIFY_BYTES) {
      oversize?.(item);
      continue;
    }
    if (size + itemSize > MAX_NOTIFY_BYTES) {
      payloads.push(`${head}${current.join(',')}]}`);
      current = [];
      size = head.length + 2;
    }
    current.push(item);
    size += itemSize;
  }
  if (current.length > 0) payloads.push(`${head}${current.join(',')}]}`);
  return payloads;
}

/** A packed payload: who sent it and its items. */
export function unpackPayload<T>(payload: string): { origin: string; items: T[] } {
  const parsed = JSON.parse(payload) as { o: string; i: T[] };
  return { origin: parsed.o, items: parsed.i };
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

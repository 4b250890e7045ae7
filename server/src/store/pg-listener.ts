import pg from 'pg';
import type { Logger } from 'pino';

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
export class PgListener {
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

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

import type { FluxObjectLike } from '@flux-orchestrator/flux-model';
import { httpStatusOf, type ClusterConnection } from '../connections/index.js';
import type { ServedKind } from './kind-discovery.js';

export type KindSyncState = 'pending' | 'listing' | 'watching' | 'backoff' | 'forbidden' | 'not_served' | 'stopped';

/**
 * One collection to list and watch: a served Flux kind, or a built-in one such as core/v1 Events
 * (group '' is the core API at `/api/<version>`).
 */
export interface WatchTarget {
  group: string;
  version: string;
  plural: string;
  kind: string;
}

/** The watch target of a Flux kind at the version the cluster serves. */
export function fluxKindTarget(served: ServedKind): WatchTarget {
  return { group: served.kind.group, version: served.version, plural: served.kind.plural, kind: served.kind.kind };
}

function collectionPath(target: WatchTarget): string {
  return target.group === '' ? `/api/${target.version}/${target.plural}` : `/apis/${target.group}/${target.version}/${target.plural}`;
}

export function apiVersionOf(target: WatchTarget): string {
  return target.group === '' ? target.version : `${target.group}/${target.version}`;
}

/** What a watcher feeds: the cluster sync turns objects into index records. */
export interface KindSink<Item = FluxObjectLike> {
  /** The complete current set after a (re)list, as the page reader gives it: anything not in it is gone. */
  replaceAll(items: Item[]): void;
  upsert(object: FluxObjectLike): void;
  remove(object: FluxObjectLike): void;
  /** State changed (watching, backing off, …). */
  stateChanged(): void;
  /** The kind is no longer served (404): the cluster should rediscover its kinds. */
  notServed(): void;
}

export interface KindWatcherOptions {
  /** Page size of lists (the API server's chunking; keeps responses and memory bounded). */
  pageSize?: number;
  /** First retry delay; doubles per failure up to maxBackoffMs, with jitter. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** The API server ends a watch after about this long (it is then resumed from the last resourceVersion). */
  watchTimeoutSeconds?: number;
  /**
   * A watch that brings nothing (no event, no bookmark) for this long is ended and resumed: HTTP/1.1
   * watches have no pings, so a connection that silently stopped forwarding would otherwise look
   * live until TCP gives up. API servers send bookmarks about every minute (default 150 s).
   */
  idleTimeoutMs?: number;
  random?: () => number;
  /** Runs each list page request (the engine bounds how many run at once across the fleet). */
  listGate?: <T>(request: () => Promise<T>) => Promise<T>;
}

/** One page of a list, its items as the sink takes them. */
export interface ListPage<Item> {
  items: Item[];
  resourceVersion?: string;
  continue?: string;
}

/** Reads one page of the collection at `path`. */
export type PageReader<Item> = (path: string, query: { limit: number; continue: string | undefined }, signal: AbortSignal) => Promise<ListPage<Item>>;

/** Pages of whole objects, parsed here (core/v1 Events, which the event log keeps whole). */
export function objectPages(connection: ClusterConnection, target: WatchTarget): PageReader<FluxObjectLike> {
  return async (path, query, signal) => {
    const page = await connection.getJson<{ items?: FluxObjectLike[]; metadata?: { resourceVersion?: string; continue?: string } }>(path, query, signal);
    // List items carry no apiVersion or kind: the list's own.
    const items = (page.items ?? []).map((item) => ({ ...item, apiVersion: item.apiVersion ?? apiVersionOf(target), kind: target.kind }));
    const { resourceVersion, continue: next } = page.metadata ?? {};
    return { items, ...(resourceVersion ? { resourceVersion } : {}), ...(next ? { continue: next } : {}) };
  };
}

type WatchOutcome = { type: 'closed' } | { type: 'expired' } | { type: 'error'; error: unknown };

/**
 * List + watch of one kind (a Flux kind, or core/v1 Events) in one cluster, with informer
 * semantics: a paginated list gives the full set and a resourceVersion; a watch from there carries
 * every change (bookmarks move the resourceVersion on); a watch the server ends is resumed from
 * the last resourceVersion; 410 Gone means the history moved past it, so the kind is listed
 * again; other errors back off exponentially with jitter (a 401 first drops the cached token and
 * retries at once); 403 is recorded as forbidden and retried slowly.
 */
export class KindWatcher<Item = FluxObjectLike> {
  state: KindSyncState = 'pending';
  lastError: string | null = null;
  backoffUntil: Date | null = null;
  resourceVersion: string | undefined;
  /** When the last complete list finished (ISO). */
  listedAt: string | null = null;
  private failures = 0;
  /** A 401 was answered by fetching a new token; reset once a request with it succeeded. */
  private unauthorizedRetried = false;
  private stopped = false;
  private readonly stopController = new AbortController();
  private watchController: AbortController | undefined;
  private readonly random: () => number;

  constructor(
    private readonly connection: ClusterConnection,
    readonly target: WatchTarget,
    private readonly sink: KindSink<Item>,
    private readonly readPage: PageReader<Item>,
    private readonly options: KindWatcherOptions = {},
  ) {
    this.random = options.random ?? Math.random;
  }

  /** Live: listed and watching (records of this kind are fresh). */
  get live(): boolean {
    return this.state === 'watching';
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.setState('stopped');
    this.stopController.abort();
    this.watchController?.abort();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.resourceVersion === undefined) {
          this.setState('listing');
          await this.list();
          this.failures = 0;
          this.unauthorizedRetried = false;
        }
        if (this.stopped) return;
        // The state becomes `watching` once the API server accepted the watch (watchOnce), not
        // before: a retry after a backoff may fail again, and until it is in its records are not
        // fresh. A watch resumed after a clean end keeps `watching` (it was current a moment ago).
        const startedAt = Date.now();
        const outcome = await this.watchOnce(this.resourceVersion!);
        if (this.stopped) return;
        if (outcome.type === 'expired') {
          this.resourceVersion = undefined;
          continue;
        }
        if (outcome.type === 'closed') {
          // Normal end of a watch (timeoutSeconds, or the server restarting): resume at once,
          // unless streams keep ending immediately (then slow down instead of spinning).
          if (Date.now() - startedAt < 1000) await this.backoff('the API server ended the watch at once');
          continue;
        }
        throw outcome.error;
      } catch (error) {
        if (this.stopped) return;
        const status = httpStatusOf(error);
        if (status === 401 && !this.unauthorizedRetried) {
          // The token may have expired during the watch: get a fresh one and go again at once.
          this.unauthorizedRetried = true;
          this.connection.credentials.invalidate();
          continue;
        }
        if (status === 410) {
          this.resourceVersion = undefined;
          continue;
        }
        if (status === 404) {
          const { group, version, plural } = this.target;
          this.lastError = `${group === '' ? plural : `${plural}.${group}`}/${version} is no longer served`;
          this.setState('not_served');
          this.sink.notServed();
          return;
        }
        this.unauthorizedRetried = false;
        await this.backoff(describeError(error), status === 403);
      }
    }
  }

  private async list(): Promise<void> {
    const items: Item[] = [];
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const query = { limit: this.options.pageSize ?? 500, continue: continueToken };
      const read = () => this.readPage(collectionPath(this.target), query, this.stopController.signal);
      const page = await (this.options.listGate ? this.options.listGate(read) : read());
      for (const item of page.items) items.push(item);
      continueToken = page.continue || undefined;
      resourceVersion = page.resourceVersion ?? resourceVersion;
    } while (continueToken && !this.stopped);
    if (this.stopped) return;
    this.sink.replaceAll(items);
    this.resourceVersion = resourceVersion ?? '0';
    this.listedAt = new Date().toISOString();
  }

  private watchOnce(resourceVersion: string): Promise<WatchOutcome> {
    return new Promise<WatchOutcome>((resolve) => {
      let settled = false;
      let idle: NodeJS.Timeout | undefined;
      const idleMs = this.options.idleTimeoutMs ?? 150_000;
      const settle = (outcome: WatchOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(idle);
        this.watchController?.abort();
        resolve(outcome);
      };
      const heardFrom = (): void => {
        clearTimeout(idle);
        // Resumed from the last resourceVersion like a normal end: nothing is lost.
        idle = setTimeout(() => settle({ type: 'closed' }), idleMs);
        idle.unref();
      };
      heardFrom();
      const timeoutSeconds = Math.round((this.options.watchTimeoutSeconds ?? 300) * (0.8 + 0.4 * this.random()));
      this.connection
        .watch(
          collectionPath(this.target),
          { resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
          (type, object) => {
            heardFrom();
            const item = object as FluxObjectLike & { code?: number };
            if (type === 'ERROR') {
              settle(item.code === 410 ? { type: 'expired' } : { type: 'error', error: Object.assign(new Error(`watch error: ${(item as { message?: string }).message ?? 'unknown'}`), { statusCode: item.code }) });
              return;
            }
            const version = item.metadata && (item.metadata as { resourceVersion?: string }).resourceVersion;
            if (version) this.resourceVersion = version;
            this.failures = 0;
            if (type === 'BOOKMARK') return;
            const typed = { ...item, apiVersion: item.apiVersion ?? apiVersionOf(this.target), kind: this.target.kind };
            if (type === 'DELETED') this.sink.remove(typed);
            else this.sink.upsert(typed);
          },
          (error) => settle(error ? { type: 'error', error } : { type: 'closed' }),
        )
        .then(
          (controller) => {
            this.watchController = controller;
            if (settled || this.stopped) {
              controller.abort();
              return;
            }
            // The API server answered 200: the watch is in, so the kind is live again, and the
            // credential works (a later 401 is a new expiry, to be answered with a new token).
            this.unauthorizedRetried = false;
            this.setState('watching');
          },
          (error: unknown) => settle({ type: 'error', error }),
        );
    });
  }

  private async backoff(reason: string, forbidden = false): Promise<void> {
    this.failures += 1;
    const initial = this.options.initialBackoffMs ?? 1000;
    const max = forbidden ? Math.max(this.options.maxBackoffMs ?? 60_000, 300_000) : (this.options.maxBackoffMs ?? 60_000);
    const ceiling = Math.min(max, initial * 2 ** (this.failures - 1));
    const delay = Math.round(ceiling * (0.5 + 0.5 * this.random()));
    this.lastError = reason;
    this.backoffUntil = new Date(Date.now() + delay);
    this.setState(forbidden ? 'forbidden' : 'backoff');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      this.stopController.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
    this.backoffUntil = null;
  }

  private setState(state: KindSyncState): void {
    if (state === 'watching') {
      this.lastError = null;
    }
    if (this.state === state) return;
    this.state = state;
    this.sink.stateChanged();
  }
}

function describeError(error: unknown): string {
  const status = httpStatusOf(error);
  if (status === 403) return 'forbidden (403): grant the identity list and watch on this kind';
  if (status === 401) return 'the API server rejected the credentials (401)';
  if (status === 429) return 'throttled by the API server (429)';
  if (status !== undefined) return `the API server answered HTTP ${status}`;
  const message = (error as Error)?.message ?? String(error);
  return message.slice(0, 300);
}

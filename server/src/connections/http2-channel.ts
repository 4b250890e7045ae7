import type { LookupFunction } from 'node:net';
import http2, { type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2';
import tls, { type SecureContext, type TLSSocket } from 'node:tls';

/** The API server chose HTTP/1.1 in the TLS handshake (ALPN): use the keep-alive agent instead. */
export class Http2NotOffered extends Error {
  constructor(server: string) {
    super(`${server} does not offer HTTP/2`);
  }
}

export interface Http2ChannelOptions {
  server: URL;
  secureContext: SecureContext;
  servername?: string;
  rejectUnauthorized: boolean;
  /** Resolves the server's host name (the endpoint policy's guarded lookup). */
  lookup?: LookupFunction;
  /** TCP + TLS set-up deadline (default 15 s). */
  connectTimeoutMs?: number;
  /** A PING unanswered for this long means the connection is dead: every stream on it fails at once. */
  pingTimeoutMs?: number;
  /** How often an open connection is pinged. */
  pingIntervalMs?: number;
}

/** An answered request: status and headers, the body still streaming. */
export interface Http2Answer {
  status: number;
  headers: IncomingHttpHeaders;
  stream: ClientHttp2Stream;
}

// Lists of a cold sync are large and many share one connection: with HTTP/2's default 64 KiB
// windows each stream would stall for a WINDOW_UPDATE every 64 KiB. client-go uses 4 MiB per stream too.
const STREAM_WINDOW_BYTES = 4 * 1024 * 1024;
const SESSION_WINDOW_BYTES = 32 * 1024 * 1024;

/**
 * One HTTP/2 connection to a cluster's API server, as client-go keeps one: every list, watch and
 * read of the cluster is a stream on it, so a cluster costs one TLS connection however many
 * Flux kinds are watched. Opened lazily, replaced after it fails or the server sends GOAWAY, and
 * pinged while open so a silently dead connection fails its watches within seconds.
 */
export class Http2Channel {
  private session: ClientHttp2Session | undefined;
  private connecting: Promise<ClientHttp2Session> | undefined;
  private pinger: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: Http2ChannelOptions) {}

  /** Sends a request (no body) and resolves when its response headers arrive. */
  async request(headers: OutgoingHttpHeaders, signal?: AbortSignal): Promise<Http2Answer> {
    signal?.throwIfAborted();
    const session = await abortable(this.currentSession(), signal);
    return new Promise<Http2Answer>((resolve, reject) => {
      const stream = session.request(headers, { endStream: true });
      let answered = false;
      const onAbort = (): void => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(signal!.reason ?? new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      stream.once('close', () => {
        signal?.removeEventListener('abort', onAbort);
        // Every stream closes; only one closed before its answer needs an error (they are not
        // cheap: a stack each, 10,000 of them in a cold sync).
        if (answered) return;
        // The whole connection went (a reset, as on HTTP/1.1: callers may retry on a new one), or
        // the server reset just this stream.
        const connectionLost = session.destroyed || session.closed;
        const error = connectionLost
          ? Object.assign(new Error('the connection to the API server was reset'), { code: 'ECONNRESET' })
          : Object.assign(new Error(`the API server reset the request without an answer (HTTP/2 code ${stream.rstCode ?? 'none'})`), { code: 'ERR_HTTP2_STREAM_ERROR' });
        reject(error);
      });
      // Kept after the answer (a no-op then): an error between the answer and the caller's own
      // listener must not become an uncaught 'error' event.
      stream.on('error', reject);
      stream.once('response', (responseHeaders) => {
        answered = true;
        resolve({ status: Number(responseHeaders[':status'] ?? 0), headers: responseHeaders, stream });
      });
    });
  }

  /** Ends the connection; open streams fail. */
  close(): void {
    this.closed = true;
    this.drop(this.session);
  }

  private currentSession(): Promise<ClientHttp2Session> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    const session = this.session;
    if (session && !session.closed && !session.destroyed) return Promise.resolve(session);
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /**
   * TLS first, offering h2 and http/1.1 as Go's client does; the session is built on the socket
   * only when the server picked h2, so a server without HTTP/2 costs one handshake to learn it.
   */
  private async connect(): Promise<ClientHttp2Session> {
    const { server } = this.options;
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const connecting = tls.connect({
        host: server.hostname.replace(/^\[|\]$/g, ''),
        port: Number(server.port || 443),
        secureContext: this.options.secureContext,
        servername: this.options.servername ?? (isIpAddress(server.hostname) ? undefined : server.hostname),
        rejectUnauthorized: this.options.rejectUnauthorized,
        ...(this.options.lookup ? { lookup: this.options.lookup } : {}),
        ALPNProtocols: ['h2', 'http/1.1'],
      });
      // A server that accepts TCP but never completes TLS must not hold every later request.
      connecting.setTimeout(this.options.connectTimeoutMs ?? 15_000, () => connecting.destroy(Object.assign(new Error('the TLS handshake timed out'), { code: 'ETIMEDOUT' })));
      connecting.once('secureConnect', () => {
        connecting.setTimeout(0);
        connecting.off('error', reject);
        resolve(connecting);
      });
      connecting.once('error', reject);
    });
    if (socket.alpnProtocol !== 'h2') {
      socket.destroy();
      throw new Http2NotOffered(server.origin);
    }
    if (this.closed) {
      socket.destroy();
      throw new Error('connection closed');
    }
    const session = http2.connect(server.origin, {
      createConnection: () => socket,
      settings: { enablePush: false, initialWindowSize: STREAM_WINDOW_BYTES },
    });
    session.setLocalWindowSize(SESSION_WINDOW_BYTES);
    // Errors reach the streams that were open; the session itself is just replaced.
    session.on('error', () => undefined);
    session.once('goaway', () => this.forget(session));
    session.once('close', () => this.forget(session));
    this.session = session;
    this.startPinging(session);
    return session;
  }

  private startPinging(session: ClientHttp2Session): void {
    clearInterval(this.pinger);
    const interval = this.options.pingIntervalMs ?? 30_000;
    const timeout = this.options.pingTimeoutMs ?? 15_000;
    this.pinger = setInterval(() => {
      if (session.closed || session.destroyed) return;
      const deadline = setTimeout(() => this.drop(session, new Error(`no answer to an HTTP/2 PING within ${timeout} ms`)), timeout);
      deadline.unref();
      session.ping((error) => {
        clearTimeout(deadline);
        if (error) this.drop(session, error);
      });
    }, interval);
    this.pinger.unref();
  }

  private forget(session: ClientHttp2Session): void {
    if (this.session !== session) return;
    this.session = undefined;
    clearInterval(this.pinger);
  }

  private drop(session: ClientHttp2Session | undefined, error?: Error): void {
    if (!session) return;
    this.forget(session);
    session.destroy(error);
  }
}

function isIpAddress(hostname: string): boolean {
  return /^[\d.]+$/.test(hostname) || hostname.startsWith('[');
}

/** Rejects when `signal` fires first (the shared connect goes on for the next request). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason ?? new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

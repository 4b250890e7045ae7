import http from 'node:http';
import { constants as http2Constants } from 'node:http2';
import https, { type Agent } from 'node:https';
import type { Readable } from 'node:stream';
import type { SecureContext } from 'node:tls';
import type { Configuration, KubeConfig } from '@kubernetes/client-node';
import { Http2Channel, Http2NotOffered } from './http2-channel.js';
import { buildKubeConfig, createClusterAgent, createClusterSecureContext, makeApiClient, type ClusterEndpoint } from './kube-client-factory.js';
import type { ClusterCredential, CredentialProvider } from './credentials/index.js';

/** Where a connection comes from, so a change of endpoint or credentials rebuilds it. */
export interface ConnectionIdentity {
  clusterId: string;
  /** Changes exactly when the endpoint or the credential source changes (not on a rename). */
  fingerprint: string;
  /** Set for clusters synced from Azure: their credentials come from that subscription. */
  azureSubscriptionId: string | null;
}

type Query = Record<string, string | number | boolean | undefined>;

/** A response whose body is still streaming. */
interface StreamedAnswer {
  status: number;
  body: Readable;
  /** Stops the response (cancels the stream, or closes the HTTP/1.1 request). */
  cancel(): void;
}

/** HTTP status of a client-node error (ApiException.code, or Watch's statusCode), if any. */
export function httpStatusOf(error: unknown): number | undefined {
  const candidate = error as { code?: unknown; statusCode?: unknown } | undefined;
  if (typeof candidate?.code === 'number') return candidate.code;
  if (typeof candidate?.statusCode === 'number') return candidate.statusCode;
  return undefined;
}

/**
 * One cluster's connection: its endpoint, its credential provider and one kept-alive HTTPS agent,
 * shared by watches, reads and actions. Every request asks the provider for the current
 * credential (providers cache and refresh), and a 401 drops the cached token and retries once.
 */
export class ClusterConnection {
  private agentCertificate: string | undefined;
  private currentAgent: Agent | undefined;
  private currentChannel: Http2Channel | undefined;
  private channelCertificate: string | undefined;
  /** One TLS context for the agent and the HTTP/2 channel (building one parses the CA: a cost at registration of many clusters). */
  private tlsContext: { certificate: string | undefined; secureContext: SecureContext } | undefined;
  /** Until the API server answers a TLS handshake without h2 (then this connection stays on HTTP/1.1). */
  private http2Offered: boolean;
  private closed = false;

  constructor(
    readonly identity: ConnectionIdentity,
    readonly endpoint: ClusterEndpoint,
    /** Replaced (not mutated) when the cluster's credential source changes but the endpoint does not. */
    public credentials: CredentialProvider,
    options: { http2?: boolean } = {},
  ) {
    this.http2Offered = options.http2 ?? true;
  }

  get clusterId(): string {
    return this.identity.clusterId;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * The agent for a credential: one per connection, rebuilt only when a client certificate
   * changes (it is part of the TLS handshake). Enough sockets for one watch per Flux kind plus
   * reads and actions.
   */
  agentFor(credential: ClusterCredential): Agent {
    const certificate = credential.type === 'client-certificate' ? credential.certificatePem : undefined;
    if (!this.currentAgent || this.agentCertificate !== certificate) {
      this.currentAgent?.destroy();
      this.currentAgent = createClusterAgent(this.endpoint, credential, { maxSockets: 64, secureContext: this.secureContextFor(credential) });
      this.agentCertificate = certificate;
    }
    return this.currentAgent;
  }

  /** A client-node KubeConfig bound to this connection's agent and the current credential. */
  async kubeConfig(signal?: AbortSignal): Promise<KubeConfig> {
    this.assertAllowed();
    const credential = await this.credentials.getCredential();
    return buildKubeConfig(this.endpoint, credential, { agent: this.agentFor(credential), ...(signal ? { signal } : {}) });
  }

  /**
   * Runs `call` with a client-node API client; on 401 the cached credential is dropped and the call
   * is made once more with a fresh one (a token may be revoked or expire early).
   */
  async call<Api, T>(apiType: new (configuration: Configuration) => Api, call: (api: Api) => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await call(makeApiClient(await this.kubeConfig(signal), apiType));
    } catch (error) {
      if (httpStatusOf(error) !== 401) throw error;
      this.credentials.invalidate();
      return call(makeApiClient(await this.kubeConfig(signal), apiType));
    }
  }

  /**
   * GET of a JSON document (a list, a discovery document) on this connection, parsed with
   * JSON.parse and nothing else: lists of a cold sync skip client-node's object pipeline (its
   * serializer and promise chain cost more than the parse itself at fleet scale). Errors carry
   * `statusCode`, like Watch's; a 401 drops the cached credential and is retried once.
   */
  async getJson<T>(path: string, query: Query, signal?: AbortSignal): Promise<T> {
    return JSON.parse((await this.getBytes(path, query, signal)).toString('utf8')) as T;
  }

  /** The body of a GET as bytes, unparsed (lists parsed on a worker thread); errors as getJson's. */
  async getBytes(path: string, query: Query, signal?: AbortSignal): Promise<Buffer> {
    try {
      return await this.getOnce(path, query, signal);
    } catch (error) {
      if (httpStatusOf(error) !== 401) throw error;
      this.credentials.invalidate();
      return this.getOnce(path, query, signal);
    }
  }

  private async getOnce(path: string, query: Query, signal: AbortSignal | undefined): Promise<Buffer> {
    const answer = await this.send(path, query, signal);
    const bytes = await readBytes(answer.body);
    if (answer.status < 200 || answer.status > 299) throw statusError(answer.status, bytes.toString('utf8'));
    return bytes;
  }

  /**
   * Starts a watch (`?watch=true`) and resolves once the API server accepted it (HTTP 200), with
   * the controller that stops it; a refusal rejects with its `statusCode` (401: invalidate and
   * start again). Each event line is handed to `onEvent`; `done` runs once, with the error, or
   * null when the server ended the stream.
   */
  async watch(path: string, query: Query, onEvent: (type: string, object: unknown) => void, done: (error: unknown) => void): Promise<AbortController> {
    return this.streamLines(
      path,
      { ...query, watch: true },
      (line) => {
        let event: { type: string; object: unknown };
        try {
          event = JSON.parse(line) as { type: string; object: unknown };
        } catch (error) {
          // A broken line ends the watch: resuming from the last resourceVersion loses nothing.
          done(error);
          return false;
        }
        onEvent(event.type, event.object);
        return true;
      },
      done,
    );
  }

  /**
   * A GET whose body is read line by line as it arrives (watches, `pods/log?follow=true`);
   * resolves once the server answered 200, with the controller that ends it. `onLine` gets each
   * non-empty line and returns false to stop; `done` runs once, with the error or null. With
   * `trailingLine`, text after the last newline is a line too (a log's last line has none; a
   * watch's would be a cut-off event, dropped as before).
   */
  async streamLines(path: string, query: Query, onLine: (line: string) => boolean | void, done: (error: unknown) => void, options: { trailingLine?: boolean } = {}): Promise<AbortController> {
    const controller = new AbortController();
    const answer = await this.send(path, query, controller.signal);
    if (answer.status !== 200) throw statusError(answer.status, await readText(answer.body));
    let finished = false;
    const finish = (error: unknown): void => {
      if (finished) return;
      finished = true;
      answer.cancel();
      done(error);
    };
    controller.signal.addEventListener('abort', () => finish(null), { once: true });
    // `onLine` returning false stops the stream without `done` (the caller has reported why).
    const deliver = (line: string): void => {
      if (!line || finished) return;
      if (onLine(line) === false) {
        finished = true;
        answer.cancel();
      }
    };
    let pending = '';
    answer.body.setEncoding('utf8');
    answer.body.on('data', (chunk: string) => {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0 && !finished) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
        deliver(line);
      }
    });
    answer.body.once('end', () => {
      if (options.trailingLine) deliver(pending.trim());
      pending = '';
      finish(null);
    });
    answer.body.once('error', (error) => finish(error));
    answer.body.once('close', () => finish(null));
    return controller;
  }

  /**
   * One GET whose body streams: over the cluster's HTTP/2 connection when the API server offers
   * HTTP/2 (every Kubernetes API server does), else over the keep-alive HTTP/1.1 agent.
   */
  private async send(path: string, query: Query, signal: AbortSignal | undefined): Promise<StreamedAnswer> {
    this.assertAllowed();
    const url = new URL(this.endpoint.server.replace(/\/$/, '') + path);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    const credential = await this.credentials.getCredential();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (credential.type === 'bearer-token') headers.authorization = `Bearer ${credential.token}`;
    if (url.protocol === 'https:' && this.http2Offered) {
      try {
        const answer = await this.channelFor(credential).request({ ':method': 'GET', ':path': url.pathname + url.search, ...headers }, signal);
        return { status: answer.status, body: answer.stream, cancel: () => answer.stream.close(http2Constants.NGHTTP2_CANCEL) };
      } catch (error) {
        if (!(error instanceof Http2NotOffered)) throw error;
        this.http2Offered = false;
        this.currentChannel?.close();
        this.currentChannel = undefined;
      }
    }
    return new Promise<StreamedAnswer>((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const request = (secure ? https : http).request(url, { headers, ...(secure ? { agent: this.agentFor(credential) } : {}), ...(signal ? { signal } : {}) }, (response) =>
        resolve({ status: response.statusCode ?? 0, body: response, cancel: () => request.destroy() }),
      );
      request.on('error', reject);
      request.end();
    });
  }

  private secureContextFor(credential: ClusterCredential): SecureContext {
    const certificate = credential.type === 'client-certificate' ? credential.certificatePem : undefined;
    if (!this.tlsContext || this.tlsContext.certificate !== certificate) this.tlsContext = { certificate, secureContext: createClusterSecureContext(this.endpoint, credential) };
    return this.tlsContext.secureContext;
  }

  /** The HTTP/2 connection for a credential: rebuilt only when a client certificate changes, as the agent is. */
  private channelFor(credential: ClusterCredential): Http2Channel {
    const certificate = credential.type === 'client-certificate' ? credential.certificatePem : undefined;
    if (!this.currentChannel || this.channelCertificate !== certificate) {
      this.currentChannel?.close();
      this.currentChannel = new Http2Channel({
        server: new URL(this.endpoint.server),
        secureContext: this.secureContextFor(credential),
        ...(this.endpoint.tlsServerName ? { servername: this.endpoint.tlsServerName } : {}),
        rejectUnauthorized: !this.endpoint.insecureSkipTlsVerify,
        ...(this.endpoint.lookup ? { lookup: this.endpoint.lookup } : {}),
      });
      this.channelCertificate = certificate;
    }
    return this.currentChannel;
  }

  /** A server the endpoint policy refuses is never called (names are checked as they resolve, see EndpointPolicy.connectLookup). */
  private assertAllowed(): void {
    if (this.endpoint.refusal) throw Object.assign(new Error(this.endpoint.refusal), { code: 'EENDPOINTREFUSED' });
  }

  /** Closes the sockets. Watches on them end with an error their owners ignore once closed. */
  close(): void {
    this.closed = true;
    this.currentAgent?.destroy();
    this.currentAgent = undefined;
    this.currentChannel?.close();
    this.currentChannel = undefined;
  }
}

async function readBytes(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

async function readText(body: Readable): Promise<string> {
  return (await readBytes(body)).toString('utf8');
}

/** An error for a non-2xx answer: the Status message when the body is one, and `statusCode`. */
function statusError(status: number, text: string): Error {
  let message = `HTTP ${status}`;
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? message;
  } catch {
    // not a Status object
  }
  return Object.assign(new Error(message), { statusCode: status });
}

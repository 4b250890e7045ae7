import http from 'node:http';
import https, { type Agent } from 'node:https';
import { Watch, type Configuration, type KubeConfig } from '@kubernetes/client-node';
import { buildKubeConfig, createClusterAgent, makeApiClient, type ClusterEndpoint } from './kube-client-factory.js';
import type { ClusterCredential, CredentialProvider } from './credentials/index.js';

/** Where a connection comes from, so a change of endpoint or credentials rebuilds it. */
export interface ConnectionIdentity {
  clusterId: string;
  /** Changes exactly when the endpoint or the credential source changes (not on a rename). */
  fingerprint: string;
  /** Set for clusters synced from Azure: their credentials come from that subscription. */
  azureSubscriptionId: string | null;
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
  private closed = false;

  constructor(
    readonly identity: ConnectionIdentity,
    readonly endpoint: ClusterEndpoint,
    /** Replaced (not mutated) when the cluster's credential source changes but the endpoint does not. */
    public credentials: CredentialProvider,
  ) {}

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
      this.currentAgent = createClusterAgent(this.endpoint, credential, { maxSockets: 64 });
      this.agentCertificate = certificate;
    }
    return this.currentAgent;
  }

  /** A client-node KubeConfig bound to this connection's agent and the current credential. */
  async kubeConfig(signal?: AbortSignal): Promise<KubeConfig> {
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
   * GET of a JSON document (a list) on this connection, parsed with JSON.parse and nothing else:
   * lists of a cold sync skip client-node's object pipeline (its serializer and promise chain
   * cost more than the parse itself at fleet scale). Errors carry `statusCode`, like Watch's; a
   * 401 drops the cached credential and is retried once.
   */
  async getJson<T>(path: string, query: Record<string, string | number | boolean | undefined>, signal?: AbortSignal): Promise<T> {
    const url = new URL(this.endpoint.server.replace(/\/$/, '') + path);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    try {
      return await this.getOnce<T>(url, signal);
    } catch (error) {
      if (httpStatusOf(error) !== 401) throw error;
      this.credentials.invalidate();
      return this.getOnce<T>(url, signal);
    }
  }

  private async getOnce<T>(url: URL, signal: AbortSignal | undefined): Promise<T> {
    const credential = await this.credentials.getCredential();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (credential.type === 'bearer-token') headers.authorization = `Bearer ${credential.token}`;
    const secure = url.protocol === 'https:';
    return new Promise<T>((resolve, reject) => {
      const request = (secure ? https : http).request(url, { headers, ...(secure ? { agent: this.agentFor(credential) } : {}), ...(signal ? { signal } : {}) }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          if (status < 200 || status > 299) {
            let message = `HTTP ${status}`;
            try {
              message = (JSON.parse(text) as { message?: string }).message ?? message;
            } catch {
              // not a Status object
            }
            reject(Object.assign(new Error(message), { statusCode: status }));
            return;
          }
          try {
            resolve(JSON.parse(text) as T);
          } catch (error) {
            reject(error);
          }
        });
      });
      request.on('error', reject);
      request.end();
    });
  }

  /**
   * Starts a watch through client-node's Watch over this connection's agent. `done` runs once,
   * with the error (a 401 has `statusCode` 401: invalidate and start again) or null when the
   * server ended the stream. Returns the controller that stops it.
   */
  async watch(path: string, query: Record<string, string | number | boolean>, onEvent: (type: string, object: unknown) => void, done: (error: unknown) => void): Promise<AbortController> {
    const watch = new Watch(await this.kubeConfig());
    return watch.watch(path, query, onEvent, done);
  }

  /** Closes the sockets. Watches on them end with an error their owners ignore once closed. */
  close(): void {
    this.closed = true;
    this.currentAgent?.destroy();
    this.currentAgent = undefined;
  }
}

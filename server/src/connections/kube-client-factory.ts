import { createSecureContext, type SecureContext } from 'node:tls';
import { Agent } from 'node:https';
import type { LookupFunction } from 'node:net';
import { KubeConfig, ServerConfiguration, createConfiguration, type Configuration, type RequestContext } from '@kubernetes/client-node';
import { nodeHttpLibrary } from './node-http-library.js';
import type { ClusterCredential } from './credentials/index.js';

/** Where a cluster's API server is and how to trust it (no credentials). */
export interface ClusterEndpoint {
  server: string;
  /** Base64 PEM bundle, as in kubeconfig certificate-authority-data. */
  caData?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  /** Resolves the server's host name for every socket (the endpoint policy's guarded lookup). */
  lookup?: LookupFunction;
  /** Why the endpoint policy refuses this server's address (an IP literal): nothing is sent. */
  refusal?: string;
}

/**
 * A keep-alive HTTPS agent for one cluster and credential. Reusing it keeps one TLS connection
 * (and session) per cluster instead of a handshake per request, which dominates the cost of
 * checking or watching hundreds of clusters. Rebuild it when the endpoint or certificate changes.
 */
export function createClusterAgent(endpoint: ClusterEndpoint, credential: ClusterCredential, options: { maxSockets?: number; secureContext?: SecureContext } = {}): Agent {
  const secureContext = options.secureContext ?? createClusterSecureContext(endpoint, credential);
  return new Agent({
    keepAlive: true,
    // Health probes send one request at a time; a connection with watches holds one socket per watch.
    maxSockets: options.maxSockets ?? 4,
    // Idle sockets close after this; long enough to be reused by the next periodic check.
    timeout: 90_000,
    secureContext,
    servername: endpoint.tlsServerName,
    rejectUnauthorized: !endpoint.insecureSkipTlsVerify,
    ...(endpoint.lookup ? { lookup: endpoint.lookup } : {}),
  });
}

/**
 * The TLS context of a cluster and credential (trusted CA, client certificate), built once and
 * shared by its sockets: without it Node parses the CA and builds a context per connection, which
 * a cold sync of a fleet measured among its top costs (bench/README.md, fleet engine).
 */
export function createClusterSecureContext(endpoint: ClusterEndpoint, credential: ClusterCredential): SecureContext {
  return createSecureContext({
    ...(endpoint.caData ? { ca: Buffer.from(endpoint.caData, 'base64').toString('utf8') } : {}),
    ...(credential.type === 'client-certificate' ? { cert: credential.certificatePem, key: credential.keyPem } : {}),
  });
}

export interface KubeConfigOptions {
  /** Every request made through the config is aborted when it fires (a deadline for a whole job). */
  signal?: AbortSignal;
  /** The cluster's shared agent (see createClusterAgent); without it client-node makes one per request. */
  agent?: Agent;
}

/**
 * A KubeConfig that authenticates every request from our credential and sends it through the
 * given agent and signal. client-node calls applySecurityAuthentication for each request: the
 * one place to attach them.
 */
class ClusterKubeConfig extends KubeConfig {
  constructor(
    private readonly credential: ClusterCredential,
    private readonly options: KubeConfigOptions,
  ) {
    super();
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    if (this.options.agent) {
      // The agent carries the CA, server name and client certificate; only the token is per request.
      if (this.credential.type === 'bearer-token') context.setHeaderParam('Authorization', `Bearer ${this.credential.token}`);
      context.setAgent(this.options.agent);
    } else {
      await super.applySecurityAuthentication(context);
    }
    if (this.options.signal) context.setSignal(this.options.signal);
  }
}

/**
 * Builds a client-node KubeConfig for one endpoint and one credential. The only place that
 * turns our credential data into client configuration.
 */
export function buildKubeConfig(endpoint: ClusterEndpoint, credential: ClusterCredential, options: KubeConfigOptions = {}): KubeConfig {
  const user: Record<string, unknown> = { name: 'user' };
  if (credential.type === 'bearer-token') user.token = credential.token;
  if (credential.type === 'client-certificate') {
    user.certData = Buffer.from(credential.certificatePem).toString('base64');
    user.keyData = Buffer.from(credential.keyPem).toString('base64');
  }
  const kubeConfig = new ClusterKubeConfig(credential, options);
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: 'cluster',
        server: endpoint.server,
        caData: endpoint.caData,
        skipTLSVerify: endpoint.insecureSkipTlsVerify,
        tlsServerName: endpoint.tlsServerName,
      },
    ],
    users: [user],
    contexts: [{ name: 'context', cluster: 'cluster', user: 'user' }],
    currentContext: 'context',
  });
  return kubeConfig;
}

/**
 * A client-node API client (VersionApi, CustomObjectsApi, …) for a KubeConfig from
 * buildKubeConfig, like `kubeConfig.makeApiClient` but sending through Node's http/https
 * (see node-http-library.ts).
 */
export function makeApiClient<T>(kubeConfig: KubeConfig, apiClientType: new (configuration: Configuration) => T): T {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  return new apiClientType(
    createConfiguration({ baseServer: new ServerConfiguration(cluster.server, {}), authMethods: { default: kubeConfig }, httpApi: nodeHttpLibrary }),
  );
}

import { createServer } from 'node:https';
import { startNamespaceController } from './namespace-lifecycle.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants as http2Constants, createSecureServer, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Identity, PodLogStore, TokenAuthenticator } from '../contracts.js';
import type { CertificateAuthority, IssuedCertificate } from '../pki/certificate-authority.js';
import { CertificateAuthority as CertificateAuthorityClass } from '../pki/certificate-authority.js';
import type { ObjectStore } from '../store/types.js';
import { SelectorParseError } from '../store/selectors.js';
import { findFluxRelease, type FluxRelease } from '../flux/flux-releases.js';
import { parseApiPath } from './api-request-path.js';
import { installClusterInfrastructure } from './cluster-infrastructure.js';
import { negotiateReadRepresentation } from './content-negotiation.js';
import { installCustomResourceDefinitions } from './custom-resource-definitions.js';
import { apiGroup, apiGroupList, apiResourceList, coreVersions, versionInfo } from './discovery-documents.js';
import { FaultController } from './fault-controller.js';
import { openApiDocuments } from './openapi-documents.js';
import { isOpenApiPath, serveOpenApi } from './openapi-endpoints.js';
import { readJsonBody, sendError, sendInternalError, sendJson } from './http-io.js';
import { KubeApiError, forbidden, qualifiedResource, resourceNotServed, unauthorized } from './kube-status.js';
import { RequestAuthenticator } from './request-authenticator.js';
import { RequestCounters } from './request-counters.js';
import { ResourceRequestHandler, type ResourceRequest } from './resource-request-handler.js';
import { ResourceTypeRegistry } from './resource-types.js';
import { RuleAuthorizer, type AuthorizationPolicy } from './rule-authorizer.js';
import { answerSelfSubjectReview, isSelfSubjectReview } from './self-subject-reviews.js';

export interface KubeApiServerOptions {
  /** Cluster name (used in logs, kubeconfigs and the certificate's common name). */
  name: string;
  /** Signs the serving certificate and verifies client certificates. */
  ca: CertificateAuthority;
  store: ObjectStore;
  logs: PodLogStore;
  /** Bearer token → identity (e.g. an admin token). */
  staticTokens?: Record<string, Identity>;
  /** Tried after the static tokens, in order (e.g. the Entra ID JWT authenticator). */
  authenticators?: TokenAuthenticator[];
  /** identity × verb × resource rules; default: every authenticated user may do everything. */
  authorization?: AuthorizationPolicy;
  /** `/version` gitVersion, default `v1.31.4`. */
  kubernetesVersion?: string;
  /** The Flux release whose API surface is served (`2.2`, `v2.6.4` or a profile); default: the simulator's default release. */
  fluxRelease?: FluxRelease | string;
  /** Served versions per Flux kind, replacing the release's for the kinds named (see ResourceTypeRegistryOptions). */
  fluxKindVersions?: Readonly<Record<string, readonly string[]>>;
  /** A registry to serve instead of a fresh one (then `fluxRelease` and `fluxKindVersions` are ignored). */
  registry?: ResourceTypeRegistry;
  /** Listen port on 127.0.0.1 (default 0: a random free port). */
  port?: number;
  /** Seed of the fault injector's PRNG (default 1). */
  seed?: number;
  /** How often watches with `allowWatchBookmarks` get a BOOKMARK (default 60 s, like kube-apiserver). */
  bookmarkIntervalMs?: number;
  /** A serving certificate to reuse (default: one issued by `ca` for localhost/127.0.0.1). */
  certificate?: IssuedCertificate;
  /**
   * Offer HTTP/2 in the TLS handshake, as kube-apiserver does (default true; HTTP/1.1 clients
   * are served too). `false`: an HTTP/1.1-only server, for testing clients' fallback.
   */
  http2?: boolean;
}

/** A running simulated API server for one cluster. */
export interface KubeApiServer {
  readonly name: string;
  /** `https://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  readonly store: ObjectStore;
  readonly logs: PodLogStore;
  readonly registry: ResourceTypeRegistry;
  readonly faults: FaultController;
  readonly counters: RequestCounters;
  readonly authorizer: RuleAuthorizer;
  readonly authenticator: RequestAuthenticator;
  /** PEM of the CA that signed the serving certificate (what a kubeconfig must trust). */
  readonly caPem: string;
  /** Stops listening and drops every open connection (watches end); the port may be reused by others. */
  stop(): Promise<void>;
  /** Ends every open watch and log-follow stream cleanly now (clients see the stream finish and re-watch). */
  endOpenStreams(): void;
  /** Number of open watch and log-follow streams. */
  openStreamCount(): number;
  /** Open TLS connections by the protocol ALPN chose (`h2` or `http/1.1`). */
  openConnections(): { h2: number; http1: number };
  /** Simulates the cluster going away: refuses connections and drops open ones. */
  closePort(): Promise<void>;
  /** Listens again on the same port. */
  reopenPort(): Promise<void>;
}

const HOST = '127.0.0.1';

let impostorCertificate: Promise<IssuedCertificate> | undefined;
/** A certificate for the same hosts from a CA nobody trusts (the `wrongCertificate` fault). */
function getImpostorCertificate(): Promise<IssuedCertificate> {
  impostorCertificate ??= CertificateAuthorityClass.create('impostor-ca').then((ca) => ca.issueServerCertificate());
  return impostorCertificate;
}

/**
 * Starts one simulated Kubernetes API server over HTTPS on loopback. It serves discovery, the
 * built-in kinds the product reads, the Flux CRDs and any registered kind from `store`, with
 * kube-apiserver's authentication, authorization, error and watch semantics. A store without
 * Nodes or StorageClasses gets a cluster's worth (see cluster-infrastructure.ts); the caller's
 * self-subject reviews (`kubectl auth whoami`, `auth can-i`) are answered from `authorization`.
 */
export async function startKubeApiServer(options: KubeApiServerOptions): Promise<KubeApiServer> {
  const certificate = options.certificate ?? (await options.ca.issueServerCertificate({ hosts: ['localhost', HOST, '::1'], commonName: options.name }));
  const registry =
    options.registry ??
    new ResourceTypeRegistry({
      ...(options.fluxRelease !== undefined ? { fluxRelease: typeof options.fluxRelease === 'string' ? findFluxRelease(options.fluxRelease) : options.fluxRelease } : {}),
      ...(options.fluxKindVersions ? { fluxKindVersions: options.fluxKindVersions } : {}),
    });
  const kubernetesVersion = options.kubernetesVersion ?? 'v1.31.4';
  installCustomResourceDefinitions(options.store, registry);
  installClusterInfrastructure(options.store, { clusterName: options.name, kubernetesVersion });
  const stopServingNewKinds = serveKindsFoundInStore(options.store, registry);
  const stopNamespaceController = startNamespaceController(options.store, registry);
  const counters = new RequestCounters();
  const authorizer = new RuleAuthorizer(options.authorization);
  const secureContext = (served: IssuedCertificate) => ({ key: served.keyPem, cert: served.certPem, ca: [options.ca.certPem] });

  const openStreams = new Set<ServerResponse>();
  const endStreams = (streams: Iterable<ServerResponse>): void => {
    for (const response of streams) if (!response.writableEnded) response.end();
  };
  const endOpenStreams = (): void => endStreams([...openStreams]);
  const faults = new FaultController(
    options.seed ?? 1,
    async (wrong) => {
      const served = wrong ? await getImpostorCertificate() : certificate;
      // Only called after `server` below exists (faults are set on a running server).
      server.setSecureContext(secureContext(served));
      // A new serving certificate means a restarted API server: established connections end.
      endOpenStreams();
      dropAllConnections();
    },
    (current) => {
      if (current.endWatchesAfterMs !== undefined) {
        const open = [...openStreams];
        setTimeout(() => endStreams(open), current.endWatchesAfterMs).unref();
      }
    },
  );
  const authenticator = new RequestAuthenticator({
    ...(options.staticTokens ? { staticTokens: options.staticTokens } : {}),
    ...(options.authenticators ? { authenticators: options.authenticators } : {}),
    rejectAllTokens: () => faults.get().expiredTokens === true,
  });
  const resources = new ResourceRequestHandler({
    store: options.store,
    logs: options.logs,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    endStreamsAfterMs: () => faults.get().endWatchesAfterMs,
    trackStream: (response) => {
      openStreams.add(response);
      response.on('close', () => openStreams.delete(response));
    },
  });

  let port = options.port ?? 0;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', `https://${HOST}`);
    const { latencyMs } = faults.get();
    if (latencyMs) await sleep(latencyMs);
    const decision = faults.decide();
    if (decision.kind === 'drop') {
      dropWithoutAnswer(request);
      return;
    }
    if (decision.kind === 'error') {
      counters.record('fault', String(decision.code));
      const error = injectedError(decision.code);
      sendError(response, error, decision.code === 429 ? { 'Retry-After': '1' } : {});
      return;
    }
    const path = url.pathname;
    // As kube-apiserver: anonymous requests may read the public info endpoints, but a request
    // that presents a bearer token that does not authenticate gets 401 everywhere.
    const identity = await authenticator.authenticate(request);
    if (request.headers.authorization !== undefined && !identity) {
      counters.record('unauthorized', path);
      sendError(response, unauthorized());
      return;
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      counters.record('get', path);
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
      return;
    }
    if (path === '/version') {
      counters.record('get', path);
      sendJson(response, 200, versionInfo(kubernetesVersion));
      return;
    }
    if (!identity) {
      counters.record('unauthorized', path);
      sendError(response, unauthorized());
      return;
    }
    if (isOpenApiPath(path)) {
      counters.record('get', path.startsWith('/openapi/v3/') ? '/openapi/v3/*' : path);
      serveOpenApi(request, response, url, () => openApiDocuments(registry, options.store, kubernetesVersion));
      return;
    }
    const parsed = parseApiPath(path, registry);
    if (parsed.kind === 'unknown') {
      counters.record('get', path);
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
      return;
    }
    if (parsed.kind === 'discovery') {
      counters.record('get', path);
      const document =
        parsed.document === 'core-versions'
          ? coreVersions(`${HOST}:${port}`)
          : parsed.document === 'group-list'
            ? apiGroupList(registry)
            : parsed.document === 'group'
              ? apiGroup(registry, parsed.group)
              : apiResourceList(registry, parsed.group, parsed.version!);
      if (!document) throw resourceNotServed();
      sendJson(response, 200, document);
      return;
    }
    const type = registry.find(parsed.group, parsed.version, parsed.resource);
    if (!type) throw resourceNotServed();
    if (parsed.subresource !== undefined && !type.subresources.includes(parsed.subresource as never)) throw resourceNotServed();
    const verb = verbOf(request.method ?? 'GET', parsed.name !== undefined, parsed.watchPath || isWatchQuery(url.searchParams));
    const counted = qualifiedResource(type.group, type.resource) + (parsed.subresource ? `/${parsed.subresource}` : '');
    counters.record(verb, counted);
    const verbServed = parsed.subresource === undefined ? type.verbs.includes(verb) : parsed.subresource !== 'log' || verb === 'get';
    if (verb === 'unsupported' || !verbServed) {
      throw new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    }
    if (isSelfSubjectReview(type)) {
      // Not authorized: kube-apiserver's default system:basic-user binding lets every authenticated
      // user ask about themselves, however little else they may do.
      sendJson(response, 201, answerSelfSubjectReview(type, await readJsonBody(request), identity, authorizer));
      return;
    }
    const authorizationRequest = {
      identity,
      verb,
      group: type.group,
      resource: type.resource,
      ...(parsed.subresource !== undefined ? { subresource: parsed.subresource } : {}),
      ...(parsed.namespace !== undefined ? { namespace: parsed.namespace } : {}),
      ...(parsed.name !== undefined ? { name: parsed.name } : {}),
    };
    if (!authorizer.isAllowed(authorizationRequest)) throw forbidden({ ...authorizationRequest, user: identity.user });
    const isRead = parsed.subresource === undefined && (verb === 'get' || verb === 'list' || verb === 'watch');
    const call: ResourceRequest = {
      type,
      verb,
      query: url.searchParams,
      ...(isRead ? { representation: negotiateReadRepresentation(request.headers.accept) } : {}),
      ...(parsed.namespace !== undefined ? { namespace: parsed.namespace } : {}),
      ...(parsed.name !== undefined ? { name: parsed.name } : {}),
      ...(parsed.subresource !== undefined ? { subresource: parsed.subresource } : {}),
    };
    await resources.handle(request, response, call);
  };

  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof KubeApiError) sendError(response, error);
      else if (error instanceof SelectorParseError) sendError(response, new KubeApiError(400, 'BadRequest', error.message));
      else sendInternalError(response, error);
    });
  };

  const tlsOptions = { ...secureContext(certificate), requestCert: true, rejectUnauthorized: false };
  // HTTP/2 with HTTP/1.1 beside it, as kube-apiserver: client-go and kubectl speak HTTP/2, so a
  // cluster's lists and watches share one connection. The HTTP/2 compatibility API mirrors
  // IncomingMessage/ServerResponse, which is all the handlers use.
  const server =
    options.http2 === false
      ? createServer(tlsOptions, onRequest)
      : createSecureServer({ ...tlsOptions, allowHTTP1: true }, onRequest as unknown as Parameters<typeof createSecureServer>[1]);
  // Watches and log follows are long-lived; only idle keep-alive sockets time out.
  if ('requestTimeout' in server) server.requestTimeout = 0;
  server.setTimeout(0);
  const listening = server;
  // Every TCP connection, including ones the HTTP layer does not track yet (idle after the TLS
  // handshake): a stopped API server drops them all at once, as a real one going away would.
  const sockets = new Set<Socket>();
  listening.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const tlsConnections = new Set<TLSSocket>();
  listening.on('secureConnection', (socket: TLSSocket) => {
    tlsConnections.add(socket);
    socket.once('close', () => tlsConnections.delete(socket));
  });
  const dropAllConnections = (): void => {
    for (const socket of sockets) socket.destroy();
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(port, HOST, () => {
        listening.off('error', reject);
        port = (listening.address() as AddressInfo).port;
        resolve();
      });
    });
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      if (!listening.listening) {
        resolve();
        return;
      }
      listening.close(() => resolve());
      dropAllConnections();
    });

  await listen();
  let stopped = false;
  return {
    name: options.name,
    get url() {
      return `https://${HOST}:${port}`;
    },
    get port() {
      return port;
    },
    store: options.store,
    logs: options.logs,
    registry,
    faults,
    counters,
    authorizer,
    authenticator,
    caPem: options.ca.certPem,
    async stop() {
      stopped = true;
      stopServingNewKinds();
      stopNamespaceController();
      await close();
    },
    endOpenStreams,
    openStreamCount: () => openStreams.size,
    openConnections: () => {
      const h2 = [...tlsConnections].filter((socket) => socket.alpnProtocol === 'h2').length;
      return { h2, http1: tlsConnections.size - h2 };
    },
    closePort: close,
    async reopenPort() {
      if (stopped) throw new Error(`API server ${options.name} was stopped`);
      if (!listening.listening) await listen();
    },
  };
}

/**
 * Registers generic types for objects stored under group/resources the registry does not know
 * (loaded manifests, inventory targets), now and whenever one appears. Returns an unsubscribe.
 */
function serveKindsFoundInStore(store: ObjectStore, registry: ResourceTypeRegistry): () => void {
  const enumerable = store as ObjectStore & { groupResources?: () => string[] };
  for (const groupResource of enumerable.groupResources?.() ?? []) {
    if (registry.servesGroupResource(groupResource)) continue;
    const [first] = store.list(groupResource).items;
    if (first) registry.registerFromObject(groupResource, first);
  }
  return store.subscribe((event) => {
    if (!registry.servesGroupResource(event.groupResource)) registry.registerFromObject(event.groupResource, event.object);
  });
}

/**
 * The `drop` fault: over HTTP/1.1 the connection is destroyed; over HTTP/2 the request's stream
 * is reset, since the connection carries the cluster's other requests too.
 */
function dropWithoutAnswer(request: IncomingMessage): void {
  const stream = (request as IncomingMessage & { stream?: ServerHttp2Stream }).stream;
  if (stream) stream.close(http2Constants.NGHTTP2_INTERNAL_ERROR);
  else request.socket.destroy();
}

function isWatchQuery(query: URLSearchParams): boolean {
  const watch = query.get('watch');
  return watch === 'true' || watch === '1';
}

function verbOf(method: string, named: boolean, watch: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return watch ? 'watch' : named ? 'get' : 'list';
    case 'POST':
      return named ? 'unsupported' : 'create';
    case 'PUT':
      return named ? 'update' : 'unsupported';
    case 'PATCH':
      return named ? 'patch' : 'unsupported';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return 'unsupported';
  }
}

function injectedError(code: 500 | 503 | 429): KubeApiError {
  switch (code) {
    case 429:
      return new KubeApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 1 });
    case 503:
      return new KubeApiError(503, 'ServiceUnavailable', 'The server is currently unable to handle the request');
    case 500:
      return new KubeApiError(500, 'InternalError', 'Internal error occurred: injected fault');
  }
}

import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Logger } from 'pino';
import { isRoutePermission } from '../auth/index.js';
import { ApiError } from '../common/api-error.js';
import { errorHandler } from './error-handler.js';
import type { Metrics } from './metrics.js';
import { ErrorResponse } from './common.schemas.js';
import { registerCrossSiteGuard } from './cross-site-guard.js';
import { registerHostAllowlist, type HostAllowlistOptions } from './host-allowlist.js';
import { registerJsonBodyParser, validatorFactory } from './request-parsing.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerWebApp } from './web-app.js';

export interface BuildAppOptions {
  logger: Logger;
  metrics: Metrics;
  bodyLimitBytes: number;
  /** Built web app to serve at `/`, if it exists. */
  webDir?: string;
  /** Is the service ready to take traffic (database reachable, …)? */
  readiness: () => Promise<{ ready: boolean; reason?: string }>;
  /** Adds the access check (auth/) to the root app, before any route. */
  registerAuth: (app: FastifyInstance) => Promise<void>;
  /** Registers the `/api/v1` feature routes. */
  registerApi: (api: FastifyInstance) => Promise<void>;
  version: string;
  /** Which Host names are answered and which origin state changes may come from. */
  hosts: HostAllowlistOptions;
  /** Fastify's `trustProxy` (TRUST_PROXY): whose X-Forwarded-* headers give the client address. */
  trustProxy?: false | number | string[];
}

/** What a route without a query string schema accepts: nothing, so a mistyped filter is a 400, not silently ignored. */
const NO_QUERY = Type.Object({}, { additionalProperties: false });

/** A hop count as a function (proxy-addr takes one; Fastify's types do not list numbers). */
function trustProxyOption(trust: BuildAppOptions['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust ?? false;
}

/** Builds the Fastify app: conventions first, then features, then the web app. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    trustProxy: trustProxyOption(options.trustProxy),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // One compact line per API request (onResponse below) instead of two verbose ones.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: {
      // Unknown fields are an error the caller should hear about, not something to drop silently.
      // `verbose` puts the failing schema on each error, so a malformed map key (a label) is told
      // what form keys take (error-handler.ts).
      customOptions: { removeAdditional: false, allErrors: false, coerceTypes: 'array', useDefaults: true, verbose: true },
    },
    // Query strings are coerced ("true" → true), JSON bodies are not.
    schemaController: { compilersFactory: { buildValidator: validatorFactory() } },
    // Errors before routing (a URL that does not decode, e.g. `%ff`) leave in the API's envelope too.
    frameworkErrors: (error, request, reply: FastifyReply) => {
      void reply.code(400).send({ error: { code: 'bad_request', message: `${error.message}: check the percent-encoding of the path`, request_id: request.id } });
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Every route must say who may call it; a route without a permission stops start-up.
  app.addHook('onRoute', (route) => {
    const permission = (route.config as { permission?: unknown } | undefined)?.permission;
    if (!isRoutePermission(permission) && !route.url.startsWith('/documentation')) {
      throw new Error(`Route ${route.method} ${route.url} declares no permission (config.permission)`);
    }
    if (route.url.startsWith('/api/') && !route.schema?.querystring) route.schema = { ...route.schema, querystring: NO_QUERY };
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // API answers are per caller and may carry secrets (a new token, the CSRF token, a
    // kubeconfig): no shared or browser cache keeps them.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route };
    options.metrics.httpRequests.inc({ ...labels, status_code: String(reply.statusCode) });
    options.metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500 || route.startsWith('/api/')) {
      request.log.info({ method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    }
  });
  app.setErrorHandler(errorHandler);
  app.addSchema(ErrorResponse);
  // Browser-facing defences, before any route runs: Host allowlist, cross-site state changes, headers.
  registerHostAllowlist(app as unknown as FastifyInstance, options.hosts);
  registerCrossSiteGuard(app as unknown as FastifyInstance, { publicUrl: options.hosts.publicUrl });
  await registerSecurityHeaders(app as unknown as FastifyInstance);
  registerJsonBodyParser(app as unknown as FastifyInstance);
  await options.registerAuth(app as unknown as FastifyInstance);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Flux Orchestrator API', version: options.version, description: 'Fleet-wide control plane for Flux CD.' },
      servers: [{ url: '/' }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });

  app.get('/healthz', { config: { permission: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const readiness = await options.readiness();
    return reply.code(readiness.ready ? 200 : 503).send(readiness.ready ? { status: 'ready' } : { status: 'not ready', reason: readiness.reason });
  });
  app.get('/metrics', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    return reply.header('content-type', options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });

  await app.register(
    async (api) => {
      api.get('/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
      await options.registerApi(api);
      api.all('/*', { config: { permission: 'public' }, schema: { hide: true } }, async (request) => {
        throw ApiError.notFound(`API route ${request.method} ${request.url.split('?')[0]}`);
      });
    },
    { prefix: '/api/v1' },
  );

  await registerWebApp(app as unknown as FastifyInstance, options.webDir);
  return app as unknown as FastifyInstance;
}

import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { isRoutePermission } from '../auth/index.js';
import { ApiError } from '../common/api-error.js';
import { errorHandler } from './error-handler.js';
import type { Metrics } from './metrics.js';
import { ErrorResponse } from './common.schemas.js';

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
}

/** Builds the Fastify app: conventions first, then features, then the web app. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // One compact line per API request (onResponse below) instead of two verbose ones.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: {
      // Unknown fields are an error the caller should hear about, not something to drop silently.
      customOptions: { removeAdditional: false, allErrors: false, coerceTypes: 'array', useDefaults: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Every route must say who may call it; a route without a permission stops start-up.
  app.addHook('onRoute', (route) => {
    const permission = (route.config as { permission?: unknown } | undefined)?.permission;
    if (!isRoutePermission(permission) && !route.url.startsWith('/documentation')) {
      throw new Error(`Route ${route.method} ${route.url} declares no permission (config.permission)`);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
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

  const webDir = options.webDir;
  if (webDir && existsSync(path.join(webDir, 'index.html'))) {
    // `serve: false`: only reply.sendFile; our one public route decides what to send, so the
    // permission rule above holds for the web app too.
    await app.register(fastifyStatic, { root: webDir, serve: false });
    app.get('/*', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const requested = (request.params as { '*': string })['*'];
      const file = path.resolve(webDir, requested);
      if (requested && file.startsWith(webDir + path.sep) && existsSync(file) && statSync(file).isFile()) {
        // Vite's hashed assets never change; everything else must be revalidated.
        const immutable = requested.startsWith('assets/');
        return reply.sendFile(requested, { maxAge: immutable ? '365d' : 0, immutable });
      }
      // Client-side routes (/clusters, /settings, …) all load the single-page app.
      return reply.header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0 });
    });
  } else {
    app.get('/', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/plain').send('Flux Orchestrator API is running at /api/v1. The web app is not built: run `npm run build`.\n'),
    );
  }
  return app as unknown as FastifyInstance;
}

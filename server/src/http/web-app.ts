import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Files the build precompresses (web/scripts/precompress.ts): their answer depends on Accept-Encoding. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;

/**
 * Serves the built web app at `/`: files from `webDir`, and `index.html` for every other path
 * (client-side routes such as /clusters). The build writes `.br` and `.gz` beside each text
 * asset; the best one the browser accepts is sent as is (`preCompressed`), never compressed per
 * request. Vite's hashed `assets/` never change and are cached for a year; everything else is
 * revalidated, so a new deploy is picked up on the next load.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string | undefined): Promise<void> {
  if (!webDir || !existsSync(path.join(webDir, 'index.html'))) {
    app.get('/', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/plain').send('Flux Orchestrator API is running at /api/v1. The web app is not built: run `npm run build`.\n'),
    );
    return;
  }
  const root = path.resolve(webDir);
  // `serve: false`: only reply.sendFile; the one public route below decides what to send, so the
  // rule that every route declares its permission holds for the web app too.
  // Cache-Control is set below, not by send: @fastify/static drops per-call options when it falls
  // back from a missing `.br` to the next encoding.
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true, cacheControl: false });
  app.get('/*', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const requested = (request.params as { '*': string })['*'];
    const file = path.resolve(root, requested);
    const servable = requested && file.startsWith(root + path.sep) && existsSync(file) && statSync(file).isFile();
    const name = servable ? requested : 'index.html';
    if (COMPRESSIBLE.test(name)) reply.header('vary', 'accept-encoding');
    const hashed = servable && requested.startsWith('assets/');
    return reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache').sendFile(name);
  });
}

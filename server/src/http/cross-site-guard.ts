import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Cross-site request defence for state-changing requests (POST, PUT, PATCH, DELETE): a page on
 * another site must not be able to make a visitor's browser change clusters or make this server
 * call out. Browsers say where a request comes from (`Origin`, and `Sec-Fetch-Site` in current
 * browsers); a request whose origin is not this server's is refused. Requests without either
 * header come from programs (curl, scripts, other servers), which a web page cannot forge, and
 * pass. Reads are not checked: another site cannot read the answers (no CORS).
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CrossSiteGuardOptions {
  /** PUBLIC_URL's origin: requests from it are same-site even when a proxy rewrites Host. */
  publicUrl: string | null;
}

/** Why a request is cross-site, or undefined when it may proceed. */
export function crossSiteProblem(request: Pick<FastifyRequest, 'method' | 'headers'>, options: CrossSiteGuardOptions): string | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (isOwnOrigin(origin, request.headers.host, options)) return undefined;
    return `requests that change something must come from this server's own pages, not from ${origin === 'null' ? 'an opaque origin' : `origin ${origin.slice(0, 200)}`}`;
  }
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `requests that change something must come from this server's own pages (Sec-Fetch-Site: ${String(site).slice(0, 20)})`;
  }
  return undefined;
}

function isOwnOrigin(origin: string, host: string | undefined, options: CrossSiteGuardOptions): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null"
  }
  if (options.publicUrl && parsed.origin === options.publicUrl) return true;
  // Same host and port the request was sent to (scheme aside: a proxy in front may terminate TLS).
  // Browsers leave default ports out of both headers.
  return host !== undefined && parsed.host.toLowerCase() === host.trim().toLowerCase();
}

export function registerCrossSiteGuard(app: FastifyInstance, options: CrossSiteGuardOptions): void {
  app.addHook('onRequest', async (request, reply) => {
    const problem = crossSiteProblem(request, options);
    if (!problem) return;
    return reply.code(403).send({ error: { code: 'cross_site_request', message: problem, request_id: String(request.id) } });
  });
}

import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Response headers that keep the web app's pages safe in a browser: a strict Content Security
 * Policy (only this server's own scripts, styles and connections; no inline script), no framing,
 * no MIME sniffing, no referrer leaving the app. HSTS is left to the TLS terminator in front, which
 * knows whether the site (and its subdomains) are https-only.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
}

import type { FastifyInstance } from 'fastify';
import { isIpLiteral, isLoopbackHost } from '../config/index.js';

/**
 * DNS rebinding defence: a page on an attacker's domain can point that name at 127.0.0.1 and
 * then call this server as "same origin". The browser still sends the attacker's name in the
 * Host header, so only host names this server is known by are answered. IP addresses are always
 * answered: a rebinding attack needs a name, and probes and people often use addresses.
 */
export interface HostAllowlistOptions {
  /** ALLOWED_HOSTS: exact names, `.example.com` for a domain and its subdomains, or `*`. */
  allowedHosts: readonly string[];
  /** The address the server listens on (HOST). */
  listenHost: string;
  /** PUBLIC_URL, whose host is allowed. */
  publicUrl: string | null;
}

/** The host name of a Host header value, without port or brackets, lower case, no trailing dot. */
export function hostnameOf(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  const name = value.startsWith('[') ? value.slice(1, value.indexOf(']') > 0 ? value.indexOf(']') : undefined) : value.replace(/:\d*$/, '');
  return name.replace(/\.$/, '');
}

export function isHostAllowed(hostHeader: string | undefined, options: HostAllowlistOptions): boolean {
  // HTTP/1.0 without Host: no browser sends that, so there is nothing to rebind.
  if (hostHeader === undefined || hostHeader === '') return true;
  const name = hostnameOf(hostHeader);
  if (isLoopbackHost(name) || name.endsWith('.localhost') || isIpLiteral(name)) return true;
  if (name === options.listenHost.toLowerCase()) return true;
  if (options.publicUrl && name === new URL(options.publicUrl).hostname.toLowerCase()) return true;
  return options.allowedHosts.some((entry) => entry === '*' || entry === name || (entry.startsWith('.') && (name === entry.slice(1) || name.endsWith(entry))));
}

/** Refuses, before anything else runs, requests whose Host is not a name of this server. */
export function registerHostAllowlist(app: FastifyInstance, options: HostAllowlistOptions): void {
  app.addHook('onRequest', async (request, reply) => {
    const host = request.headers.host;
    if (isHostAllowed(host, options)) return;
    return reply.code(421).send({
      error: {
        code: 'host_not_allowed',
        message: `this server does not answer to the host name "${hostnameOf(host ?? '').slice(0, 253)}"; if it is one of its names, add it to ALLOWED_HOSTS or set PUBLIC_URL`,
        request_id: String(request.id),
      },
    });
  });
}

import cookie from '@fastify/cookie';
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { findFluxKind } from '@flux-orchestrator/flux-model';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../common/api-error.js';
import { Access, type Binding, type ClusterCatalog } from './access.js';
import type { IdentityService } from './identity.service.js';
import type { Principal } from './principal.js';
import { currentCaller, runWithCaller } from './request-caller.js';
import type { RoutePermission } from './permissions.js';
import { routeScope, type RouteScope } from './route-config.js';
import { sameSecret } from './secret-values.js';

export const SESSION_COOKIE = 'fo_session';
/** Cookie-authenticated state changes carry the session's CSRF token in this header. */
export const CSRF_HEADER = 'x-csrf-token';

export type AuthMode = 'local' | 'none';

/** One row of the route table, as the access check sees it (the matrix test walks it). */
export interface AccessRoute {
  method: string;
  url: string;
  permission: RoutePermission | undefined;
  scope: RouteScope;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its permission and scope, filled as routes are added. */
    accessRoutes: AccessRoute[];
  }
  interface FastifyRequest {
    /** Who is calling; undefined on public routes. */
    principal?: Principal;
    /** What the caller may see with the route's permission; undefined on public and `authenticated` routes. */
    access?: Access;
    /**
     * Checks again that the credential of this request is still valid and grants what it
     * granted (for long-lived answers: the live stream). Undefined where nothing was checked.
     */
    reauthorize?: () => Promise<boolean>;
  }
}

export interface AuthHookOptions {
  mode: AuthMode;
  identity: IdentityService;
  catalog: ClusterCatalog;
  /**
   * Where @fastify/rate-limit counts (sign-in attempts): the database store (rate-limit-store.ts),
   * so replicas sharing the database share one limit.
   */
  rateLimitStore: FastifyRateLimitStoreCtor;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** AUTH_MODE=none: everyone is the admin; only allowed on a loopback bind (config refuses otherwise). */
const NO_LOGIN: Principal = { kind: 'anonymous', actor: 'anonymous', groups: [], bindings: [{ role: 'admin' }] };

export function unauthenticated(): ApiError {
  return new ApiError(401, 'unauthenticated', 'Sign in first: send the session cookie (POST /api/v1/auth/login) or Authorization: Bearer <API token>');
}

/**
 * The one access check. For every request: who is calling (session cookie, bearer token, or
 * nobody), the CSRF token on cookie-authenticated state changes, and the route's declared
 * permission with its scope (route-config.ts). Added to the root app before any route.
 */
export async function registerAuth(app: FastifyInstance, options: AuthHookOptions): Promise<void> {
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    store: options.rateLimitStore,
    errorResponseBuilder: (_request, context) => new ApiError(429, 'too_many_requests', `Too many attempts; try again in ${Math.ceil(context.ttl / 1000)} s`),
  });
  const routes: AccessRoute[] = [];
  app.decorate('accessRoutes', routes);
  app.addHook('onRoute', (route) => {
    const config = route.config as { permission?: RoutePermission; scope?: RouteScope } | undefined;
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, permission: config?.permission, scope: routeScope(route.url, config?.scope) });
  });
  app.decorateRequest('principal', undefined);
  app.decorateRequest('access', undefined);
  app.decorateRequest('reauthorize', undefined);

  // The caller is known to everything below the handler (audit) through async context.
  app.addHook('onRequest', (request, _reply, done) => runWithCaller({ actor: 'anonymous', source: request.ip }, done));

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    const permission = config.permission;
    if (permission === undefined || permission === 'public') return;
    const principal = options.mode === 'none' ? NO_LOGIN : await authenticate(request, options.identity);
    if (!principal) throw unauthenticated();
    request.principal = principal;
    const caller = currentCaller();
    if (caller) caller.actor = principal.actor;
    if (principal.sessionId && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string') {
        throw new ApiError(403, 'csrf_token_missing', `A signed-in browser request that changes something must send the ${CSRF_HEADER} header (from GET /api/v1/auth/me)`);
      }
      if (!principal.csrfToken || !sameSecret(sent, principal.csrfToken)) {
        throw new ApiError(403, 'csrf_token_invalid', `The ${CSRF_HEADER} header does not belong to this session (signed in again elsewhere?); read csrf_token from GET /api/v1/auth/me`);
      }
    }
    if (permission === 'authenticated') return;
    const access = new Access(permission, principal.bindings, options.catalog);
    if (!access.granted) throw forbidden(permission);
    request.access = access;
    if (options.mode !== 'none') {
      // Same credential, same bindings, still granted; checked without extending a session.
      request.reauthorize = async () => {
        const again = await authenticate(request, options.identity, { touch: false }).catch(() => undefined);
        return again !== undefined && sameBindings(again.bindings, principal.bindings) && new Access(permission, again.bindings, options.catalog).granted;
      };
    }
    const scope = routeScope(request.routeOptions.url ?? '', config.scope);
    if (scope === 'fleet' && !access.unscoped) throw new ApiError(403, 'forbidden', `${permission} over the whole fleet is needed here; your role bindings are limited to some clusters or namespaces`);
    if (scope === 'cluster' && !access.unscoped) checkClusterScope(request, access, principal.bindings, options.catalog);
  });
}

function forbidden(permission: string): ApiError {
  return new ApiError(403, 'forbidden', `Your roles do not include ${permission}`);
}

async function authenticate(request: FastifyRequest, identity: IdentityService, options: { touch?: boolean } = {}): Promise<Principal | undefined> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    // A bad token is an error even when a cookie is present too: never fall back silently.
    return match ? identity.tokenPrincipal(match[1]!, options) : undefined;
  }
  const session = request.cookies[SESSION_COOKIE];
  return session ? identity.sessionPrincipal(session, options) : undefined;
}

function sameBindings(a: readonly Binding[], b: readonly Binding[]): boolean {
  const key = (bindings: readonly Binding[]) => bindings.map((binding) => JSON.stringify(binding)).sort().join('\n');
  return key(a) === key(b);
}

/**
 * Permissions on a cluster itself (edit or remove it, download its credential) reach every
 * namespace: a binding limited to some namespaces does not grant them.
 */
const WHOLE_CLUSTER_PERMISSIONS: ReadonlySet<string> = new Set(['clusters:write', 'clusters:kubeconfig']);

/**
 * Out-of-scope clusters and objects answer as if they did not exist; visible but not allowed is
 * 403. An object route (`:namespace`) of any kind (Flux object, workload, pod) is checked against
 * the caller's namespaces.
 */
function checkClusterScope(request: FastifyRequest, access: Access, bindings: readonly Binding[], catalog: ClusterCatalog): void {
  const params = request.params as Record<string, string | undefined>;
  const clusterId = params.id ?? '';
  const { namespace, kind, name } = params;
  if (namespace === undefined) {
    const allowed = WHOLE_CLUSTER_PERMISSIONS.has(access.permission) ? access.wholeCluster(clusterId) : access.cluster(clusterId);
    if (allowed) return;
    if (access.cluster(clusterId)) throw new ApiError(403, 'forbidden', `${access.permission} on a cluster needs a role binding over all of its namespaces; yours are limited to some`);
  } else if (access.object(clusterId, namespace)) {
    return;
  }
  const seen = new Access('clusters:read', bindings, catalog);
  if (namespace === undefined ? seen.cluster(clusterId) : seen.object(clusterId, namespace)) throw forbidden(access.permission);
  if (!access.cluster(clusterId) && !seen.cluster(clusterId)) throw ApiError.notFound(`Cluster ${clusterId}`);
  // The cluster is visible, the namespace is not: the object does not exist for this caller.
  throw ApiError.notFound(`${objectNoun(request.routeOptions.url ?? '', kind)} ${namespace}/${name ?? ''}`);
}

/** How a 404 names the object of a route: its Flux kind, the workload kind asked for, or a pod. */
function objectNoun(url: string, kind: string | undefined): string {
  if (kind === undefined) return url.includes('/pods/') ? 'Pod' : 'Object';
  return findFluxKind(kind)?.kind ?? kind;
}

/** `always` behind a proxy that terminates TLS (the server then sees plain http). */
export type CookieSecurity = 'auto' | 'always';

export function secureCookie(request: FastifyRequest, security: CookieSecurity): boolean {
  return security === 'always' || request.protocol === 'https';
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, security: CookieSecurity, value: string, expiresAt: string): void {
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookie(request, security),
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, security: CookieSecurity): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookie(request, security) });
}

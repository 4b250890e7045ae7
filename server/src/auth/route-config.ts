import type { RoutePermission } from './permissions.js';

/**
 * How the auth hook applies a route's permission to scoped callers (bindings limited to some
 * clusters or namespaces):
 * - `cluster`: the route is about the cluster in `:id` (and the object in `:namespace`); out of
 *   scope answers 404 as if it did not exist. Default for `/api/v1/clusters/:id…`.
 * - `filtered`: a list or stream; the handler shows only what `request.access` allows.
 * - `fleet`: about no single cluster (subscriptions, jobs, identities): needs an unscoped
 *   binding. Default for every other route.
 */
export type RouteScope = 'cluster' | 'filtered' | 'fleet';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route: the permission a caller needs, or 'public' / 'authenticated'. */
    permission?: RoutePermission;
    scope?: RouteScope;
  }
}

export function routeScope(url: string, declared: RouteScope | undefined): RouteScope {
  return declared ?? (url.startsWith('/api/v1/clusters/:id') ? 'cluster' : 'fleet');
}

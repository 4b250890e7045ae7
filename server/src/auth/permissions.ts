/**
 * Every route declares one of these in `config.permission` (the HTTP layer refuses to start if
 * a route does not). Until login exists every caller holds all permissions; roles will map to
 * subsets of this list.
 */
export const PERMISSIONS = ['resources:read', 'resources:act', 'clusters:read', 'clusters:write', 'clusters:kubeconfig', 'azure:read', 'azure:write', 'jobs:read', 'audit:read', 'system:read'] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** A route anyone may call, even after login exists (health probes, metrics, the web app). */
export type RoutePermission = Permission | 'public';

export function isRoutePermission(value: unknown): value is RoutePermission {
  return value === 'public' || (PERMISSIONS as readonly unknown[]).includes(value);
}

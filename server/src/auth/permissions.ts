/**
 * Every route declares one of these in `config.permission` (the HTTP layer refuses to start if
 * a route does not). Roles (roles.ts) are subsets of this list; the auth hook checks the declared
 * permission of every request in one place (auth-hook.ts).
 */
export const PERMISSIONS = [
  'resources:read',
  'resources:act',
  'logs:read',
  'workloads:scale',
  'workloads:restart',
  'pods:delete',
  'clusters:read',
  'clusters:write',
  'clusters:kubeconfig',
  'azure:read',
  'azure:write',
  'jobs:read',
  'audit:read',
  'system:read',
  'identity:admin',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/**
 * `public`: anyone, signed in or not (health probes, metrics, the web app, login).
 * `authenticated`: any signed-in caller, whatever their roles (who am I, logout, own API tokens).
 */
export type RoutePermission = Permission | 'public' | 'authenticated';

export function isRoutePermission(value: unknown): value is RoutePermission {
  return value === 'public' || value === 'authenticated' || (PERMISSIONS as readonly unknown[]).includes(value);
}

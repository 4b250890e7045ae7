import type { Permission } from './permissions.js';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const VIEWER: readonly Permission[] = ['resources:read', 'logs:read', 'clusters:read', 'azure:read', 'jobs:read', 'audit:read', 'system:read'];
// Operators act on Flux objects and, from the inventory tree, on the workloads Flux applied.
const OPERATOR: readonly Permission[] = [...VIEWER, 'resources:act', 'workloads:scale', 'workloads:restart', 'pods:delete'];
// Only admins change clusters and subscriptions, download credentials and manage identities.
const ADMIN: readonly Permission[] = [...OPERATOR, 'clusters:write', 'clusters:kubeconfig', 'azure:write', 'identity:admin'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set(VIEWER),
  operator: new Set(OPERATOR),
  admin: new Set(ADMIN),
};

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

/** viewer < operator < admin: each role holds every permission of the one before. */
export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

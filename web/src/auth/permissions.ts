import { useCurrentUser } from './auth-gate.js';

/** The permissions the UI asks about before offering an action (names as the server declares them). */
export type UiPermission = 'resources:act' | 'logs:read' | 'workloads:scale' | 'workloads:restart' | 'pods:delete' | 'clusters:write' | 'clusters:kubeconfig' | 'azure:read' | 'azure:write';

/**
 * Whether the signed-in caller holds a permission somewhere (over the fleet or within a scope):
 * actions they can never take are not offered. The server still decides per object, so a scoped
 * caller may get a 403 for an object outside their scope; that answer is shown as it comes.
 */
export function useCan(permission: UiPermission): boolean {
  const me = useCurrentUser();
  return me?.permissions.includes(permission) ?? false;
}

/**
 * Whether the caller is an admin over the whole fleet: what managing users and role bindings
 * (`identity:admin`, a fleet route) needs. An admin scoped to some clusters holds the permission
 * "somewhere" but gets 403 there, so the Access settings are not offered to them.
 */
export function useIsFleetAdmin(): boolean {
  const me = useCurrentUser();
  return me?.bindings.some((binding) => binding.role === 'admin' && !binding.cluster_ids && !binding.cluster_selector && !binding.namespaces) ?? false;
}

/**
 * Whether the caller holds `permission` over the whole fleet (a binding without scope): what
 * fleet routes such as Azure subscriptions need. A caller scoped to some clusters gets 403 there.
 */
export function useCanOverFleet(permission: UiPermission): boolean {
  const me = useCurrentUser();
  const unscoped = me?.bindings.some((binding) => !binding.cluster_ids && !binding.cluster_selector && !binding.namespaces) ?? false;
  return unscoped && (me?.permissions.includes(permission) ?? false);
}

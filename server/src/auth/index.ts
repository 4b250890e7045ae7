export { PERMISSIONS, isRoutePermission, type Permission, type RoutePermission } from './permissions.js';
export { ROLES, ROLE_PERMISSIONS, type Role } from './roles.js';
export { Access, type Binding, type ClusterCatalog, type ClusterFacts } from './access.js';
export { registerAuth, SESSION_COOKIE, CSRF_HEADER, type AuthMode } from './auth-hook.js';
export { authRoutes, type AuthAudit } from './auth.routes.js';
export { IdentityService, INITIAL_ADMIN_FILE } from './identity.service.js';
export { currentCaller, type RequestCaller } from './request-caller.js';
export { routeScope, type RouteScope } from './route-config.js';
export type { Principal } from './principal.js';

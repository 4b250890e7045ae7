export { PERMISSIONS, isRoutePermission, type Permission, type RoutePermission } from './permissions.js';

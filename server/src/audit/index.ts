export { AuditLog, type AuditEntry } from './audit-log.js';
export { auditRoutes } from './audit.routes.js';

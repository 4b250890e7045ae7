export { logsRoutes } from './logs.routes.js';
export { LogEntrySchema, NamespaceName, ObjectName, PodParams } from './logs.schemas.js';

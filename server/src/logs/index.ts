export { logsRoutes } from './logs.routes.js';
export { LogEntrySchema, PodParams } from './logs.schemas.js';

export { logsRoutes } from './logs.routes.js';

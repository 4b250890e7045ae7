export { exportRoutes } from './export.routes.js';
export { exportedItems, exportStream, type ExportFormat } from './resource-export.js';

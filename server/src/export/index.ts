export { exportRoutes } from './export.routes.js';
export { exportedItems, exportStream } from './resource-export.js';
export { exportFileName, tabularStream, type ExportColumn, type ExportFormat } from './tabular-stream.js';

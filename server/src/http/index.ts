export { buildApp, type BuildAppOptions } from './app.js';
export { Metrics } from './metrics.js';
export { ErrorResponse, IdParams } from './common.schemas.js';

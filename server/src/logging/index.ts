export { createLogger, REDACTED_PATHS } from './logger.js';

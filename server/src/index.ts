export { startServer, VERSION, type RunningServer } from './server.js';
export { loadConfig, ConfigError, type AppConfig } from './config/index.js';
export { createLogger } from './logging/index.js';

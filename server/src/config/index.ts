export { loadConfig, ConfigError, SETTINGS, isLoopbackHost, type AppConfig } from './config.js';

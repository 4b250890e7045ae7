export { loadConfig, ConfigError, SETTINGS, isLoopbackHost, isIpLiteral, type AppConfig } from './config.js';

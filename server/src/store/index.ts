export { openDatabase, DatabaseUrlError, type OpenDatabase, type DialectName } from './database.js';
export { ClustersRepo, type ClusterRow, type NewClusterRow, type ClusterRowUpdate, type ClusterHealthRow, type HealthHistoryEntry } from './clusters.repo.js';
export { SettingsRepo } from './settings.repo.js';
export { isUniqueViolation } from './errors.js';

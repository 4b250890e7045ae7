export { openDatabase, DatabaseUrlError, type OpenDatabase, type DialectName } from './database.js';
export { ClustersRepo, type ClusterRow, type NewClusterRow, type ClusterRowUpdate, type ClusterHealthRow, type HealthHistoryEntry } from './clusters.repo.js';
export { SettingsRepo } from './settings.repo.js';
export { isUniqueViolation } from './errors.js';
export { AzureSubscriptionsRepo, type AzureSubscriptionRow, type NewAzureSubscriptionRow, type AzureSubscriptionRowUpdate } from './azure-subscriptions.repo.js';
export { JobsRepo, type JobRow } from './jobs.repo.js';
export { AuditRepo, type AuditRow } from './audit.repo.js';
export { FluxObjectsRepo, type FluxObjectRow, type FluxObjectTransitionRow, type FluxObjectTransition } from './flux-objects.repo.js';
export { IdentityRepo, type UserRow, type SessionRow, type ApiTokenRow, type RoleBindingRow } from './identity.repo.js';

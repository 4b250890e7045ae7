export { AzureSubscriptionsService, clientSecretSealContext } from './azure-subscriptions.service.js';
export { AzureIdentityRegistry } from './azure-identity-registry.js';
export { AzureAutoSync } from './azure-auto-sync.js';
export { azureRoutes } from './azure.routes.js';
export { AKS_SERVER_APP_ID } from './azure-clouds.js';
export { AZURE_AUTO_SYNC_JOB, AZURE_SYNC_JOB, AZURE_SYNC_JOBS, defineAzureJobs, type AzureSyncPayload } from './azure-jobs.js';

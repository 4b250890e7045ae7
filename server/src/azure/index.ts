export { AzureSubscriptionsService, clientSecretSealContext } from './azure-subscriptions.service.js';
export { AzureIdentityRegistry } from './azure-identity-registry.js';
export { AzureAutoSync } from './azure-auto-sync.js';
export { azureRoutes } from './azure.routes.js';
export { AKS_SERVER_APP_ID } from './azure-clouds.js';

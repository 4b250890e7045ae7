/**
 * Azure simulator: Microsoft Entra ID (token endpoint, discovery, managed identity, workload
 * identity issuers) and Azure Resource Manager (subscriptions, AKS, Arc, Resource Graph).
 */
export {
  AzureSimulator,
  startAzureSimulator,
  type AddConnectedClusterOptions,
  type AddManagedClusterOptions,
  type AddSubscriptionOptions,
  type AssignRoleOptions,
  type AzureSimulatorOptions,
  type MintAccessTokenOptions,
  type ProvisionClusterRequest,
} from './azure-simulator.js';
export type { AgentPoolSpec, ConnectedCluster, ManagedCluster, ProvisionedCluster, RoleAssignment, Subscription } from './arm-inventory.js';
export type { AzureCountersSnapshot } from './azure-counters.js';
export type { AzureFaultSettings, ThrottleFault } from './azure-faults.js';
export type { FederatedCredential, Principal, ServicePrincipalCredentials, Tenant } from './entra-directory.js';
export type { OidcIssuer } from './entra-token-service.js';
export { AKS_KUBELOGIN_CLIENT_ID, AKS_SERVER_APP_ID, BUILT_IN_ROLES, PUBLIC_CLOUD_ARM_AUDIENCE, WORKLOAD_IDENTITY_AUDIENCE, type BuiltInRoleName } from './well-known-ids.js';

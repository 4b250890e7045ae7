import { createHash } from 'node:crypto';
import { ClientSecretCredential, ManagedIdentityCredential, WorkloadIdentityCredential, type TokenCredential } from '@azure/identity';
import type { AuthMethod } from './azure.schemas.js';
import type { AzureCloudEndpoints } from './azure-clouds.js';

export interface AzureIdentitySettings {
  authMethod: AuthMethod;
  tenantId: string;
  clientId: string | null;
  clientSecret: string | null;
  cloud: AzureCloudEndpoints;
}

/**
 * The Entra ID credential of one subscription. Service principals use the stored secret;
 * workload identity reads the federated token file the platform mounts
 * (AZURE_FEDERATED_TOKEN_FILE); managed identity asks the host's identity endpoint. CA trust is
 * Node's (NODE_EXTRA_CA_CERTS for private clouds).
 */
export function createTokenCredential(settings: AzureIdentitySettings): TokenCredential {
  const common = { authorityHost: settings.cloud.authorityHost, disableInstanceDiscovery: settings.cloud.custom };
  switch (settings.authMethod) {
    case 'workload_identity':
      return new WorkloadIdentityCredential({ ...common, tenantId: settings.tenantId, ...(settings.clientId ? { clientId: settings.clientId } : {}) });
    case 'managed_identity':
      return settings.clientId ? new ManagedIdentityCredential({ clientId: settings.clientId }) : new ManagedIdentityCredential();
    default:
      return new ClientSecretCredential(settings.tenantId, settings.clientId ?? '', settings.clientSecret ?? '', common);
  }
}

/** One cache key per identity: clusters sharing an identity share its tokens. */
export function identityKey(settings: AzureIdentitySettings): string {
  return [settings.cloud.authorityHost, settings.tenantId.toLowerCase(), settings.authMethod, settings.clientId?.toLowerCase() ?? '', fingerprint(settings.clientSecret)].join('|');
}

function fingerprint(secret: string | null): string {
  // Distinguishes a rotated secret without keeping it in the key.
  return secret ? createHash('sha256').update(secret).digest('hex').slice(0, 16) : '';
}

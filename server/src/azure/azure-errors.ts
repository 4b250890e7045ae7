/**
 * Maps Entra ID and ARM failures to the seed's troubleshooting cases, each with its fix. The
 * messages are safe to show: they carry codes and ids, never a secret.
 */
export type AzureProblemKind =
  | 'authentication'
  | 'tenant_mismatch'
  | 'no_reader'
  | 'no_cluster_user'
  | 'local_accounts_disabled'
  | 'token_expired'
  | 'throttled'
  | 'not_found'
  | 'unreachable'
  | 'other';

export interface AzureProblem {
  kind: AzureProblemKind;
  /** What happened and how to fix it. */
  message: string;
}

export interface ProblemContext {
  subscriptionId: string;
  clientId: string | null;
  tenantId: string;
  /** The cluster, for credential errors. */
  cluster?: { resourceGroup: string; name: string };
  /** The ARM token audience asked for (a wrong one is its own mistake, not the secret's). */
  audience?: string;
}

const AADSTS_HINTS: Record<string, string> = {
  '7000215': 'the client secret is wrong: copy the secret value (not its id) again, or create a new one and rotate it here',
  '7000222': 'the client secret has expired: create a new secret for the app registration and rotate it here',
  '700016': 'no application with this client ID exists in the tenant: check the client ID, and that the tenant ID is the one the service principal lives in',
  '90002': 'the tenant does not exist: check the tenant ID',
  '700024': 'the federated token has expired: check the workload identity token file is refreshed',
  '70021': 'no federated credential matches this workload: check the issuer, subject and audience of the federated credential',
  '700027': 'the federated token signature is invalid: check the OIDC issuer of the workload identity',
};

function text(error: unknown): string {
  const e = error as { message?: string; errorResponse?: { errorDescription?: string } };
  return e?.errorResponse?.errorDescription ?? e?.message ?? String(error);
}

export function classifyAzureError(error: unknown, context: ProblemContext): AzureProblem {
  const message = text(error);
  const e = error as { statusCode?: number; code?: string; name?: string };
  const who = context.clientId ?? 'the identity';
  const aadsts = /AADSTS(\d+)/.exec(message);
  if (aadsts) {
    const code = aadsts[1]!;
    if (code === '500011' && context.audience) {
      return {
        kind: 'authentication',
        message: `Failed to get an Azure Resource Manager token (AADSTS500011): Entra ID knows no resource "${context.audience}" in tenant ${context.tenantId}. Check resource_manager_audience: it must be the audience this cloud's Resource Manager accepts (for most clouds, its endpoint URL).`,
      };
    }
    const hint = AADSTS_HINTS[code] ?? 'check the tenant ID, client ID and secret';
    const description = message.split('\n')[0]!.replace(/\s*Trace ID:.*$/i, '').slice(0, 300);
    return { kind: 'authentication', message: `Failed to authenticate with Azure (AADSTS${code}): ${hint}. Azure said: ${description}` };
  }
  if (e?.name === 'CredentialUnavailableError') {
    return { kind: 'authentication', message: `Failed to authenticate with Azure: ${message.slice(0, 300)}` };
  }
  switch (e?.code) {
    case 'InvalidAuthenticationTokenTenant':
      return {
        kind: 'tenant_mismatch',
        message: `Failed to authenticate with Azure: subscription ${context.subscriptionId} does not belong to tenant ${context.tenantId} (tenant ID mismatch). Use the tenant ID the subscription belongs to.`,
      };
    case 'InvalidAuthenticationTokenAudience':
      return {
        kind: 'authentication',
        message: `Azure Resource Manager refused the token's audience${context.audience ? ` "${context.audience}"` : ''} (InvalidAuthenticationTokenAudience): set resource_manager_audience to the audience this cloud's Resource Manager accepts.`,
      };
    case 'ExpiredAuthenticationToken':
      return { kind: 'token_expired', message: 'Token expired: the Azure access token was no longer valid; it is refreshed automatically, retry. If it persists, check that the service principal is not disabled.' };
    case 'AuthorizationFailed':
      if (context.cluster) {
        const { resourceGroup, name } = context.cluster;
        return {
          kind: 'no_cluster_user',
          message:
            `Failed to get cluster credentials for ${resourceGroup}/${name}: ${who} lacks the "Azure Kubernetes Service Cluster User Role". Grant it: ` +
            `az role assignment create --assignee ${who} --role "Azure Kubernetes Service Cluster User Role" --scope /subscriptions/${context.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`,
        };
      }
      return {
        kind: 'no_reader',
        message:
          `No AKS clusters can be listed: ${who} has no read access to subscription ${context.subscriptionId}. Grant the Reader role: ` +
          `az role assignment create --assignee ${who} --role Reader --scope /subscriptions/${context.subscriptionId}`,
      };
    case 'SubscriptionNotFound':
    case 'InvalidSubscriptionId':
      return { kind: 'not_found', message: `Subscription ${context.subscriptionId} was not found: check the subscription ID and that it belongs to tenant ${context.tenantId}.` };
    default:
      break;
  }
  if (e?.statusCode === 400 && /local accounts|static credential/i.test(message) && context.cluster) {
    return {
      kind: 'local_accounts_disabled',
      message: `Failed to get cluster credentials for ${context.cluster.resourceGroup}/${context.cluster.name}: local accounts are disabled on this cluster, so admin credentials cannot be issued. Use user credentials (turn off use_admin_credentials).`,
    };
  }
  if (e?.statusCode === 429) return { kind: 'throttled', message: 'Azure Resource Manager is throttling requests (429) even after waiting as Retry-After asked; try again later.' };
  if (e?.statusCode === 404) return { kind: 'not_found', message: `Not found in Azure: ${message.slice(0, 300)}` };
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|certificate|self.signed/i.test(message)) {
    return { kind: 'unreachable', message: `Azure could not be reached: ${message.slice(0, 300)}. Check the cloud endpoints and that this host trusts their certificates (NODE_EXTRA_CA_CERTS).` };
  }
  return { kind: 'other', message: message.slice(0, 500) };
}

import type { TokenCredential } from '@azure/identity';
import { ContainerServiceClient, type ManagedCluster } from '@azure/arm-containerservice';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { ConnectedKubernetesClient, type ConnectedCluster } from '@azure/arm-hybridkubernetes';
import type { AzureCloudEndpoints } from './azure-clouds.js';

export type { ManagedCluster, ConnectedCluster };

export interface VisibleSubscription {
  subscriptionId: string;
  name: string;
  state: string;
  tenantId: string | null;
}

/**
 * Azure Resource Manager calls for one subscription and credential, through the official SDKs.
 * The SDKs' retry policy honours 429 `Retry-After` (and retries transient 5xx) before an error
 * reaches us.
 */
export class ArmGateway {
  private readonly containerService: ContainerServiceClient;
  private readonly scopes: string[];

  constructor(
    private readonly credential: TokenCredential,
    private readonly subscriptionId: string,
    private readonly cloud: AzureCloudEndpoints,
  ) {
    this.scopes = [`${cloud.resourceManagerAudience}/.default`];
    // This client takes its scope from `credentials.scopes` (it ignores `credentialScopes`).
    this.containerService = new ContainerServiceClient(credential, subscriptionId, { endpoint: cloud.resourceManagerEndpoint, credentials: { scopes: this.scopes } });
  }

  /** An ARM access token: the cheapest proof the credential works. */
  async armToken(): Promise<void> {
    await this.credential.getToken(this.scopes);
  }

  async listManagedClusters(): Promise<ManagedCluster[]> {
    const clusters: ManagedCluster[] = [];
    for await (const cluster of this.containerService.managedClusters.list()) clusters.push(cluster);
    return clusters;
  }

  async listConnectedClusters(): Promise<ConnectedCluster[]> {
    const client = new ConnectedKubernetesClient(this.credential, this.subscriptionId, { endpoint: this.cloud.resourceManagerEndpoint, credentialScopes: this.scopes });
    const clusters: ConnectedCluster[] = [];
    for await (const cluster of client.connectedClusterOperations.listBySubscription()) clusters.push(cluster);
    return clusters;
  }

  /** The kubeconfig YAML AKS returns for users (or admins), decoded. */
  async clusterKubeconfig(resourceGroup: string, name: string, admin: boolean): Promise<string> {
    const result = admin
      ? await this.containerService.managedClusters.listClusterAdminCredentials(resourceGroup, name)
      : await this.containerService.managedClusters.listClusterUserCredentials(resourceGroup, name);
    const value = result.kubeconfigs?.[0]?.value;
    if (!value) throw new Error(`AKS returned no kubeconfig for ${resourceGroup}/${name}`);
    return Buffer.from(value).toString('utf8');
  }

  static async listVisibleSubscriptions(credential: TokenCredential, cloud: AzureCloudEndpoints): Promise<VisibleSubscription[]> {
    const client = new SubscriptionClient(credential, { endpoint: cloud.resourceManagerEndpoint, credentialScopes: [`${cloud.resourceManagerAudience}/.default`] });
    const items: VisibleSubscription[] = [];
    for await (const subscription of client.subscriptions.list()) {
      items.push({
        subscriptionId: subscription.subscriptionId ?? '',
        name: subscription.displayName ?? subscription.subscriptionId ?? '',
        state: subscription.state ?? 'Unknown',
        tenantId: subscription.tenantId ?? null,
      });
    }
    return items;
  }
}

import type { ConnectedCluster, ManagedCluster } from './arm-gateway.js';
import type { DiscoveredCluster, SyncAction } from './azure.schemas.js';

/** Pure mappings from ARM resources to what the API shows and stores. */

const DISCOVERY_TAG_LABELS = ['environment', 'env', 'team'];

export function resourceGroupOf(resourceId: string): string {
  return /\/resourcegroups\/([^/]+)/i.exec(resourceId)?.[1] ?? '';
}

/** Names that occur more than once in the list (their clusters get the resource group in their name). */
export function duplicateNames(clusters: ManagedCluster[]): Set<string> {
  const seen = new Map<string, number>();
  for (const cluster of clusters) seen.set(cluster.name!.toLowerCase(), (seen.get(cluster.name!.toLowerCase()) ?? 0) + 1);
  return new Set([...seen].filter(([, count]) => count > 1).map(([name]) => name));
}

/** Labels a synced cluster starts with: its location, resource group and a few well-known tags. */
export function labelsFrom(cluster: ManagedCluster): Record<string, string> {
  const labels: Record<string, string> = { 'azure.location': sanitizeLabel(cluster.location ?? ''), 'azure.resource-group': sanitizeLabel(resourceGroupOf(cluster.id!)) };
  for (const key of DISCOVERY_TAG_LABELS) {
    const value = cluster.tags?.[key];
    if (value) labels[key] = sanitizeLabel(value);
  }
  return Object.fromEntries(Object.entries(labels).filter(([, value]) => value));
}

function sanitizeLabel(value: string): string {
  return value.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '').slice(0, 63);
}

export function syncSummary(counts: Record<SyncAction, number>, total: number): string {
  return `Synced ${total} AKS cluster${total === 1 ? '' : 's'}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.removed} gone from Azure, ${counts.failed} failed.`;
}

export function describeManagedCluster(cluster: ManagedCluster, registered: Map<string, string>): DiscoveredCluster {
  const id = cluster.id ?? '';
  const clusterId = registered.get(id.toLowerCase()) ?? null;
  return {
    id,
    type: 'aks',
    name: cluster.name ?? '',
    resource_group: resourceGroupOf(id),
    location: cluster.location ?? '',
    kubernetes_version: cluster.currentKubernetesVersion ?? cluster.kubernetesVersion ?? null,
    node_count: (cluster.agentPoolProfiles ?? []).reduce((sum, pool) => sum + (pool.count ?? 0), 0),
    power_state: cluster.powerState?.code ?? null,
    provisioning_state: cluster.provisioningState ?? null,
    fqdn: cluster.fqdn ?? cluster.privateFqdn ?? null,
    private_cluster: cluster.apiServerAccessProfile?.enablePrivateCluster === true,
    aad_enabled: cluster.aadProfile !== undefined && cluster.aadProfile !== null,
    azure_rbac_enabled: cluster.aadProfile?.enableAzureRbac === true,
    local_accounts_disabled: cluster.disableLocalAccounts === true,
    tags: cluster.tags ?? {},
    registered: clusterId !== null,
    cluster_id: clusterId,
  };
}

export function describeConnectedCluster(cluster: ConnectedCluster, registered: Map<string, string>): DiscoveredCluster {
  const id = cluster.id ?? '';
  const clusterId = registered.get(id.toLowerCase()) ?? null;
  return {
    id,
    type: 'arc',
    name: cluster.name ?? '',
    resource_group: resourceGroupOf(id),
    location: cluster.location ?? '',
    kubernetes_version: cluster.kubernetesVersion ?? null,
    node_count: cluster.totalNodeCount ?? 0,
    power_state: cluster.connectivityStatus ?? null,
    provisioning_state: cluster.provisioningState ?? null,
    fqdn: null,
    private_cluster: false,
    aad_enabled: false,
    azure_rbac_enabled: false,
    local_accounts_disabled: false,
    tags: cluster.tags ?? {},
    registered: clusterId !== null,
    cluster_id: clusterId,
  };
}

import type { ConnectedCluster, ManagedCluster } from './arm-inventory.js';

/** The ARM JSON of a managed cluster, as `GET managedClusters/{name}` returns it (fields the product may read). */
export function managedClusterView(cluster: ManagedCluster): Record<string, unknown> {
  const fqdn = `${cluster.dnsPrefix}-${cluster.fqdnSuffix}.hcp.${cluster.location}.azmk8s.io`;
  const properties: Record<string, unknown> = {
    provisioningState: 'Succeeded',
    powerState: { code: cluster.powerState },
    kubernetesVersion: cluster.kubernetesVersion,
    currentKubernetesVersion: cluster.kubernetesVersion,
    dnsPrefix: cluster.dnsPrefix,
    fqdn,
    azurePortalFQDN: `${cluster.dnsPrefix}-${cluster.fqdnSuffix}.portal.hcp.${cluster.location}.azmk8s.io`,
    agentPoolProfiles: cluster.agentPools.map((pool) => ({
      name: pool.name,
      count: pool.count,
      vmSize: pool.vmSize ?? 'Standard_D4ds_v5',
      osDiskSizeGB: 128,
      osDiskType: 'Managed',
      kubeletDiskType: 'OS',
      maxPods: 110,
      type: 'VirtualMachineScaleSets',
      enableAutoScaling: pool.enableAutoScaling ?? false,
      ...(pool.enableAutoScaling ? { minCount: pool.minCount ?? 1, maxCount: pool.maxCount ?? pool.count } : {}),
      provisioningState: 'Succeeded',
      powerState: { code: cluster.powerState },
      orchestratorVersion: cluster.kubernetesVersion,
      currentOrchestratorVersion: cluster.kubernetesVersion,
      mode: pool.mode ?? 'System',
      osType: pool.osType ?? 'Linux',
      osSKU: pool.osType === 'Windows' ? 'Windows2022' : 'Ubuntu',
      enableFIPS: false,
    })),
    nodeResourceGroup: cluster.nodeResourceGroup,
    enableRBAC: true,
    supportPlan: 'KubernetesOfficial',
    networkProfile: {
      networkPlugin: 'azure',
      networkPluginMode: 'overlay',
      loadBalancerSku: 'standard',
      podCidr: '10.244.0.0/16',
      serviceCidr: '10.0.0.0/16',
      dnsServiceIP: '10.0.0.10',
      outboundType: 'loadBalancer',
    },
    maxAgentPools: 100,
    disableLocalAccounts: cluster.localAccountsDisabled,
    oidcIssuerProfile: { enabled: true, issuerURL: `https://${cluster.location}.oic.prod-aks.azure.com/${cluster.tenantId}/${cluster.principalId}/` },
    securityProfile: { workloadIdentity: { enabled: true } },
  };
  if (cluster.aadEnabled) {
    properties.aadProfile = { managed: true, adminGroupObjectIDs: [], enableAzureRBAC: cluster.azureRbacEnabled, tenantID: cluster.tenantId };
  }
  if (cluster.privateCluster) {
    properties.apiServerAccessProfile = { enablePrivateCluster: true, privateDNSZone: 'system', enablePrivateClusterPublicFQDN: false };
    properties.privateFQDN = `${cluster.dnsPrefix}-${cluster.fqdnSuffix}.privatelink.${cluster.location}.azmk8s.io`;
    delete properties.fqdn;
  }
  return {
    id: cluster.id,
    location: cluster.location,
    name: cluster.name,
    tags: cluster.tags,
    type: 'Microsoft.ContainerService/ManagedClusters',
    properties,
    identity: { type: 'SystemAssigned', principalId: cluster.principalId, tenantId: cluster.tenantId },
    sku: { name: 'Base', tier: 'Free' },
  };
}

export function connectedClusterView(cluster: ConnectedCluster): Record<string, unknown> {
  return {
    id: cluster.id,
    name: cluster.name,
    type: 'microsoft.kubernetes/connectedclusters',
    location: cluster.location,
    tags: cluster.tags,
    identity: { type: 'SystemAssigned', principalId: cluster.principalId, tenantId: cluster.tenantId },
    properties: {
      agentPublicKeyCertificate: '',
      kubernetesVersion: cluster.kubernetesVersion,
      totalNodeCount: cluster.totalNodeCount,
      totalCoreCount: cluster.totalCoreCount,
      agentVersion: cluster.agentVersion,
      provisioningState: 'Succeeded',
      distribution: cluster.distribution,
      infrastructure: cluster.infrastructure,
      offering: '',
      connectivityStatus: cluster.connectivityStatus,
      lastConnectivityTime: new Date().toISOString(),
    },
  };
}

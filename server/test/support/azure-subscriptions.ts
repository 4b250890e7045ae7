import type { FleetSubscription, SimFleet } from '@flux-orchestrator/sim';

/** What a test knows of a simulated subscription: its ids and its service principal's credential. */
export type SimSubscription = Omit<FleetSubscription, 'clusters'>;

/** The body of `POST /api/v1/azure/subscriptions` for a simulated subscription (its custom cloud), plus `extra`. */
export function subscriptionBody(fleet: SimFleet, sub: SimSubscription, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: sub.name,
    subscription_id: sub.subscriptionId,
    tenant_id: sub.tenantId,
    client_id: sub.clientId,
    client_secret: sub.clientSecret,
    environment: 'custom',
    authority_host: fleet.azure!.authorityHost,
    resource_manager_endpoint: fleet.azure!.resourceManagerEndpoint,
    resource_manager_audience: fleet.azure!.resourceManagerAudience,
    ...extra,
  };
}

let added = 0;

/**
 * A new subscription in the fleet's simulated Azure, in a tenant of its own, as `startFleet` makes
 * them: a service principal with the Reader and Cluster User roles on it, and `clusters` AKS
 * clusters that rotate through the three authentication set-ups (Entra ID, local accounts only,
 * Entra ID with local accounts disabled). A test that makes its own never meets another test's
 * registrations, syncs or changes.
 */
export async function addSimSubscription(fleet: SimFleet, options: { clusters?: number } = {}): Promise<SimSubscription> {
  const azure = fleet.azure!;
  const n = ++added;
  const tenant = azure.addTenant({ displayName: `Test tenant ${n}` });
  const subscription = azure.addSubscription({ tenantId: tenant.tenantId, name: `test-subscription-${n}` });
  const principal = azure.addServicePrincipal({ tenantId: tenant.tenantId, displayName: `flux-orchestrator-test-${n}` });
  const scope = `/subscriptions/${subscription.subscriptionId}`;
  azure.assignRole({ principalId: principal.objectId, role: 'Reader', scope });
  azure.assignRole({ principalId: principal.objectId, role: 'Azure Kubernetes Service Cluster User Role', scope });
  for (let index = 1; index <= (options.clusters ?? 3); index += 1) {
    const variant = (index - 1) % 3;
    await azure.addManagedCluster({
      subscriptionId: subscription.subscriptionId,
      resourceGroup: `rg-test-${n}`,
      name: `aks-t${n}-${String(index).padStart(2, '0')}`,
      aadEnabled: variant !== 1,
      localAccountsDisabled: variant === 2,
      tags: { environment: index % 2 === 0 ? 'staging' : 'production' },
    });
  }
  return { subscriptionId: subscription.subscriptionId, name: subscription.displayName, tenantId: tenant.tenantId, clientId: principal.clientId, clientSecret: principal.clientSecret, principalId: principal.objectId };
}

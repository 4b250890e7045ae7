import type { FleetSubscription, SimFleet } from '@flux-orchestrator/sim';

/** The body of `POST /api/v1/azure/subscriptions` for a simulated subscription (its custom cloud), plus `extra`. */
export function subscriptionBody(fleet: SimFleet, sub: FleetSubscription, extra: Record<string, unknown> = {}): Record<string, unknown> {
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

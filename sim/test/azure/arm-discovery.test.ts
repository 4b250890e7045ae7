import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ConnectedKubernetesClient } from '@azure/arm-hybridkubernetes';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { ClientSecretCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AzureTestBed, standardScenario, startAzureTestBed } from './azure-fixture.js';

describe('ARM discovery: subscriptions, Resource Graph, Azure Arc', () => {
  let bed: AzureTestBed;
  let scenario: ReturnType<typeof standardScenario>;
  let second: { subscriptionId: string };
  let credential: ClientSecretCredential;

  beforeAll(async () => {
    bed = await startAzureTestBed({ pageSize: 2 });
    scenario = standardScenario(bed.sim);
    second = bed.sim.addSubscription({ tenantId: scenario.tenant.tenantId, name: 'Staging' });
    bed.sim.addSubscription({ tenantId: scenario.tenant.tenantId, name: 'Invisible' });
    bed.sim.assignRole({ principalId: scenario.sp.objectId, role: 'Reader', scope: `/subscriptions/${second.subscriptionId}` });
    for (const [subscriptionId, names] of [
      [scenario.subscription.subscriptionId, ['aks-a', 'aks-b', 'aks-c']],
      [second.subscriptionId, ['aks-d', 'aks-e']],
    ] as const) {
      for (const name of names) await bed.sim.addManagedCluster({ subscriptionId, resourceGroup: 'rg-fleet', name, location: name === 'aks-e' ? 'eastus' : 'westeurope' });
    }
    bed.sim.addConnectedCluster({ subscriptionId: scenario.subscription.subscriptionId, resourceGroup: 'rg-edge', name: 'arc-store-1' });
    bed.sim.addConnectedCluster({ subscriptionId: scenario.subscription.subscriptionId, resourceGroup: 'rg-edge', name: 'arc-store-2', connectivityStatus: 'Offline' });
    credential = new ClientSecretCredential(scenario.tenant.tenantId, scenario.sp.clientId, scenario.sp.clientSecret, {
      authorityHost: bed.sim.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: bed.sim.caPem },
    });
  });
  afterAll(async () => {
    await bed.sim.stop();
  });

  const armOptions = () => ({
    endpoint: bed.sim.resourceManagerEndpoint,
    credentialScopes: [`${bed.sim.resourceManagerAudience}/.default`],
    tlsOptions: { ca: bed.sim.caPem },
  });

  async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
    const items: T[] = [];
    for await (const item of iterable) items.push(item);
    return items;
  }

  it('SubscriptionClient lists the subscriptions the principal has a role in', async () => {
    const client = new SubscriptionClient(credential, armOptions());
    const subscriptions = await collect(client.subscriptions.list());
    expect(subscriptions.map((s) => s.displayName).sort()).toEqual(['Production', 'Staging']);
    expect(subscriptions[0]).toMatchObject({ tenantId: scenario.tenant.tenantId, state: 'Enabled' });
    const one = await client.subscriptions.get(second.subscriptionId);
    expect(one.subscriptionId).toBe(second.subscriptionId);
  });

  it('Resource Graph 4.2 (ms-rest-js) queries clusters across subscriptions with $skipToken paging', async () => {
    // ms-rest-js takes TLS through agentSettings, and asks for management.azure.com tokens unless
    // baseUri is a public ARM endpoint: the simulator's default audience is exactly that.
    const client = new ResourceGraphClient(credential, {
      baseUri: bed.sim.resourceManagerEndpoint,
      agentSettings: { http: new HttpAgent(), https: new HttpsAgent({ ca: bed.sim.caPem }) },
    });
    const query = "Resources | where type =~ 'microsoft.containerservice/managedclusters' | project id, name, location, subscriptionId, version = properties.kubernetesVersion | order by name asc";
    const subscriptions = [scenario.subscription.subscriptionId, second.subscriptionId];
    const first = await client.resources({ subscriptions, query, options: { top: 3 } });
    expect(first.totalRecords).toBe(5);
    expect(first.count).toBe(3);
    expect(first.skipToken).toBeTruthy();
    const rest = await client.resources({ subscriptions, query, options: { top: 3, skipToken: first.skipToken } });
    const rows = [...(first.data as Array<Record<string, string>>), ...(rest.data as Array<Record<string, string>>)];
    expect(rows.map((r) => r.name)).toEqual(['aks-a', 'aks-b', 'aks-c', 'aks-d', 'aks-e']);
    expect(rows[4]).toMatchObject({ location: 'eastus', subscriptionId: second.subscriptionId, version: '1.31.5' });
    expect(rest.skipToken).toBeUndefined();
  });

  it('Resource Graph answers InvalidQuery for queries it cannot run', async () => {
    const client = new ResourceGraphClient(credential, {
      baseUri: bed.sim.resourceManagerEndpoint,
      agentSettings: { http: new HttpAgent(), https: new HttpsAgent({ ca: bed.sim.caPem }) },
    });
    await expect(client.resources({ query: 'Resources | summarize count()' })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('ConnectedKubernetesClient lists Azure Arc clusters of a subscription', async () => {
    const client = new ConnectedKubernetesClient(credential, scenario.subscription.subscriptionId, armOptions());
    const clusters = await collect(client.connectedClusterOperations.listBySubscription());
    expect(clusters.map((c) => [c.name, c.connectivityStatus])).toEqual([
      ['arc-store-1', 'Connected'],
      ['arc-store-2', 'Offline'],
    ]);
    expect(clusters[0]).toMatchObject({ distribution: 'k3s', kubernetesVersion: '1.30.4' });
  });

  it('answers InvalidAuthenticationTokenTenant when the token is from another tenant (tenant ID mismatch)', async () => {
    const otherTenant = bed.sim.addTenant();
    const outsider = bed.sim.addServicePrincipal({ tenantId: otherTenant.tenantId });
    const wrongTenant = new ClientSecretCredential(otherTenant.tenantId, outsider.clientId, outsider.clientSecret, {
      authorityHost: bed.sim.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: bed.sim.caPem },
    });
    const client = new ContainerServiceClient(wrongTenant, scenario.subscription.subscriptionId, {
      endpoint: bed.sim.resourceManagerEndpoint,
      tlsOptions: { ca: bed.sim.caPem },
    });
    await expect(client.managedClusters.get('rg-fleet', 'aks-a')).rejects.toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationTokenTenant' });
  });
});

describe('ARM with a custom (sovereign-cloud style) audience', () => {
  let bed: AzureTestBed;

  beforeAll(async () => {
    bed = await startAzureTestBed({ resourceManagerAudience: 'https://management.sim.example' });
  });
  afterAll(async () => {
    await bed.sim.stop();
  });

  it('works only when the client requests the custom scope', async () => {
    const { tenant, subscription, sp } = standardScenario(bed.sim);
    await bed.sim.addManagedCluster({ subscriptionId: subscription.subscriptionId, resourceGroup: 'rg', name: 'aks-1' });
    const credential = new ClientSecretCredential(tenant.tenantId, sp.clientId, sp.clientSecret, {
      authorityHost: bed.sim.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: bed.sim.caPem },
    });
    const base = { endpoint: bed.sim.resourceManagerEndpoint, tlsOptions: { ca: bed.sim.caPem } };
    const good = new ContainerServiceClient(credential, subscription.subscriptionId, { ...base, credentials: { scopes: ['https://management.sim.example/.default'] } });
    expect((await good.managedClusters.get('rg', 'aks-1')).name).toBe('aks-1');
    // Without the scope the client asks Entra for management.azure.com, which this "cloud" does not know.
    const naive = new ContainerServiceClient(credential, subscription.subscriptionId, base);
    await expect(naive.managedClusters.get('rg', 'aks-1')).rejects.toThrow(/AADSTS500011/);
  });
});

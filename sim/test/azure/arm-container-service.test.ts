import { ContainerServiceClient } from '@azure/arm-containerservice';
import type { TokenCredential } from '@azure/core-auth';
import { ClientSecretCredential } from '@azure/identity';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AKS_KUBELOGIN_CLIENT_ID, AKS_SERVER_APP_ID } from '../../src/azure/index.js';
import { type AzureTestBed, httpsCall, standardScenario, startAzureTestBed } from './azure-fixture.js';

type Scenario = ReturnType<typeof standardScenario>;

describe('ARM Microsoft.ContainerService with @azure/arm-containerservice', () => {
  let bed: AzureTestBed;
  let scenario: Scenario;

  beforeAll(async () => {
    bed = await startAzureTestBed({ pageSize: 2 });
    scenario = standardScenario(bed.sim);
    const sub = scenario.subscription.subscriptionId;
    await bed.sim.addManagedCluster({ subscriptionId: sub, resourceGroup: 'rg-prod', name: 'aks-entra', kubernetesVersion: '1.31.5', tags: { env: 'prod' } });
    await bed.sim.addManagedCluster({ subscriptionId: sub, resourceGroup: 'rg-prod', name: 'aks-local', aadEnabled: false });
    await bed.sim.addManagedCluster({ subscriptionId: sub, resourceGroup: 'rg-prod', name: 'aks-nolocal', localAccountsDisabled: true });
    await bed.sim.addManagedCluster({ subscriptionId: sub, resourceGroup: 'rg-dev', name: 'aks-dev-1', privateCluster: true });
    await bed.sim.addManagedCluster({ subscriptionId: sub, resourceGroup: 'rg-dev', name: 'aks-dev-2', powerState: 'Stopped' });
  });
  afterAll(async () => {
    await bed.sim.stop();
  });

  function credentialFor(sp: { clientId: string; clientSecret: string }, tenantId = scenario.tenant.tenantId): TokenCredential {
    return new ClientSecretCredential(tenantId, sp.clientId, sp.clientSecret, {
      authorityHost: bed.sim.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: bed.sim.caPem },
    });
  }

  function client(credential: TokenCredential = credentialFor(scenario.sp)) {
    return new ContainerServiceClient(credential, scenario.subscription.subscriptionId, {
      endpoint: bed.sim.resourceManagerEndpoint,
      // The 25.x (TypeSpec) client ignores `credentialScopes`; its scopes option is `credentials.scopes`.
      credentials: { scopes: [`${bed.sim.resourceManagerAudience}/.default`] },
      tlsOptions: { ca: bed.sim.caPem },
      retryOptions: { maxRetries: 2 },
    });
  }

  async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
    const items: T[] = [];
    for await (const item of iterable) items.push(item);
    return items;
  }

  it('lists every cluster of the subscription across several nextLink pages', async () => {
    bed.sim.counters.reset();
    const clusters = await collect(client().managedClusters.list());
    expect(clusters.map((c) => c.name).sort()).toEqual(['aks-dev-1', 'aks-dev-2', 'aks-entra', 'aks-local', 'aks-nolocal']);
    expect(bed.sim.counters.armCallsFor('ManagedClusters_List')).toBe(3);
    const entra = clusters.find((c) => c.name === 'aks-entra')!;
    expect(entra.location).toBe('westeurope');
    expect(entra.tags).toEqual({ env: 'prod' });
    expect(entra.kubernetesVersion).toBe('1.31.5');
    expect(entra.aadProfile?.managed).toBe(true);
    expect(entra.agentPoolProfiles?.[0]?.count).toBe(3);
    expect(clusters.find((c) => c.name === 'aks-dev-2')!.powerState?.code).toBe('Stopped');
    expect(clusters.find((c) => c.name === 'aks-dev-1')!.apiServerAccessProfile?.enablePrivateCluster).toBe(true);
  });

  it('lists by resource group and gets one cluster', async () => {
    const dev = await collect(client().managedClusters.listByResourceGroup('rg-dev'));
    expect(dev.map((c) => c.name).sort()).toEqual(['aks-dev-1', 'aks-dev-2']);
    const one = await client().managedClusters.get('rg-prod', 'aks-local');
    expect(one.id).toBe(`/subscriptions/${scenario.subscription.subscriptionId}/resourcegroups/rg-prod/providers/Microsoft.ContainerService/managedClusters/aks-local`);
    expect(one.aadProfile).toBeUndefined();
    await expect(client().managedClusters.get('rg-prod', 'missing')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('returns the kubelogin devicecode exec kubeconfig for Entra clusters', async () => {
    const result = await client().managedClusters.listClusterUserCredentials('rg-prod', 'aks-entra');
    expect(result.kubeconfigs?.[0]?.name).toBe('clusterUser');
    const yaml = Buffer.from(result.kubeconfigs![0]!.value!).toString('utf8');
    const kubeconfig = new KubeConfig();
    kubeconfig.loadFromString(yaml);
    const user = kubeconfig.getCurrentUser()!;
    expect(user.name).toBe('clusterUser_rg-prod_aks-entra');
    expect(kubeconfig.getCurrentContext()).toBe('aks-entra');
    expect(user.exec?.command).toBe('kubelogin');
    expect(user.exec?.apiVersion).toBe('client.authentication.k8s.io/v1beta1');
    expect(user.exec?.args).toEqual([
      'get-token', '--environment', 'AzurePublicCloud', '--server-id', AKS_SERVER_APP_ID,
      '--client-id', AKS_KUBELOGIN_CLIENT_ID, '--tenant-id', scenario.tenant.tenantId, '--login', 'devicecode',
    ]);
    const cluster = kubeconfig.getCurrentCluster()!;
    expect(cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(Buffer.from(cluster.caData!, 'base64').toString('utf8')).toBe(bed.ca.certPem);
  });

  it('returns client certificates for local-account clusters', async () => {
    const result = await client().managedClusters.listClusterUserCredentials('rg-prod', 'aks-local');
    const kubeconfig = new KubeConfig();
    kubeconfig.loadFromString(Buffer.from(result.kubeconfigs![0]!.value!).toString('utf8'));
    const user = kubeconfig.getCurrentUser()!;
    expect(user.name).toBe('clusterUser_rg-prod_aks-local');
    expect(user.exec).toBeUndefined();
    expect(Buffer.from(user.certData!, 'base64').toString('utf8')).toBe(bed.clientCertificate.certPem);
    expect(Buffer.from(user.keyData!, 'base64').toString('utf8')).toBe(bed.clientCertificate.keyPem);
  });

  it('passes each cluster to provisionCluster with its settings', () => {
    const nolocal = bed.provisioned.find((p) => p.name === 'aks-nolocal')!;
    expect(nolocal).toMatchObject({ aadEnabled: true, localAccountsDisabled: true, tenantId: scenario.tenant.tenantId, resourceGroup: 'rg-prod' });
    expect(bed.provisioned.find((p) => p.name === 'aks-local')!.aadEnabled).toBe(false);
  });

  it('refuses admin credentials when local accounts are disabled with the real BadRequest', async () => {
    const admin = standardScenarioPrincipal('Azure Kubernetes Service Cluster Admin Role');
    await expect(client(credentialFor(admin)).managedClusters.listClusterAdminCredentials('rg-prod', 'aks-nolocal')).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
      message: 'Getting static credential is not allowed because this cluster is set to disable local accounts.',
    });
    const ok = await client(credentialFor(admin)).managedClusters.listClusterAdminCredentials('rg-prod', 'aks-entra');
    expect(ok.kubeconfigs?.[0]?.name).toBe('clusterAdmin');
    expect(Buffer.from(ok.kubeconfigs![0]!.value!).toString('utf8')).toContain('clusterAdmin_rg-prod_aks-entra');
  });

  function standardScenarioPrincipal(...roles: Array<'Reader' | 'Azure Kubernetes Service Cluster User Role' | 'Azure Kubernetes Service Cluster Admin Role'>) {
    const sp = bed.sim.addServicePrincipal({ tenantId: scenario.tenant.tenantId });
    for (const role of roles) bed.sim.assignRole({ principalId: sp.objectId, role, scope: `/subscriptions/${scenario.subscription.subscriptionId}` });
    return sp;
  }

  it('answers AuthorizationFailed without any role (list) and without Cluster User (credentials)', async () => {
    const nobody = standardScenarioPrincipal();
    const sub = scenario.subscription.subscriptionId;
    const listError = await collect(client(credentialFor(nobody)).managedClusters.list()).catch((e: unknown) => e);
    // The 25.x paged iterator replaces the message with "Pagination failed ..." but keeps the code.
    expect(listError).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    const getError = await client(credentialFor(nobody)).managedClusters.get('rg-prod', 'aks-entra').catch((e: unknown) => e);
    expect((getError as Error).message).toBe(
      `The client '${nobody.clientId}' with object id '${nobody.objectId}' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/read' over scope '/subscriptions/${sub}/resourcegroups/rg-prod/providers/Microsoft.ContainerService/managedClusters/aks-entra' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
    const reader = standardScenarioPrincipal('Reader');
    expect(await collect(client(credentialFor(reader)).managedClusters.list())).toHaveLength(5);
    await expect(client(credentialFor(reader)).managedClusters.listClusterUserCredentials('rg-prod', 'aks-entra')).rejects.toMatchObject({
      statusCode: 403,
      code: 'AuthorizationFailed',
      message: expect.stringContaining("'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action'"),
    });
  });

  it('filters lists to clusters a resource-group-scoped principal may read', async () => {
    const sp = bed.sim.addServicePrincipal({ tenantId: scenario.tenant.tenantId });
    bed.sim.assignRole({ principalId: sp.objectId, role: 'Reader', scope: `/subscriptions/${scenario.subscription.subscriptionId}/resourceGroups/rg-dev` });
    const visible = await collect(client(credentialFor(sp)).managedClusters.list());
    expect(visible.map((c) => c.name).sort()).toEqual(['aks-dev-1', 'aks-dev-2']);
  });

  it('retries a throttled call after Retry-After and succeeds', async () => {
    bed.sim.counters.reset();
    bed.sim.faults.set({ throttle: { retryAfterSeconds: 1, count: 1 } });
    const started = Date.now();
    const cluster = await client().managedClusters.get('rg-prod', 'aks-entra');
    expect(cluster.name).toBe('aks-entra');
    expect(bed.sim.counters.armCallsFor('ManagedClusters_Get')).toBe(2);
    // The SDK waited for Retry-After (a lower bound only; no upper bound on a noisy machine).
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('answers 429 with Retry-After and the ARM throttling body on the wire', async () => {
    const token = await credentialFor(scenario.sp).getToken(`${bed.sim.resourceManagerAudience}/.default`);
    bed.sim.faults.set({ throttle: { retryAfterSeconds: 7, count: 1, operation: 'ManagedClusters_List' } });
    const url = `${bed.sim.resourceManagerEndpoint}/subscriptions/${scenario.subscription.subscriptionId}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-01-01`;
    const reply = await httpsCall(url, { ca: bed.sim.caPem, headers: { authorization: `Bearer ${token!.token}` } });
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBe('7');
    expect(reply.body).toMatchObject({ error: { code: 'SubscriptionRequestsThrottled' } });
    const next = await httpsCall(url, { ca: bed.sim.caPem, headers: { authorization: `Bearer ${token!.token}` } });
    expect(next.status).toBe(200);
  });

  it('answers 401 for missing, expired and wrong-audience tokens', async () => {
    const url = `${bed.sim.resourceManagerEndpoint}/subscriptions/${scenario.subscription.subscriptionId}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-01-01`;
    const missing = await httpsCall(url, { ca: bed.sim.caPem });
    expect(missing).toMatchObject({ status: 401, body: { error: { code: 'AuthenticationFailed' } } });

    const expired = await bed.sim.mintAccessToken({
      tenantId: scenario.tenant.tenantId,
      clientId: scenario.sp.clientId,
      audience: bed.sim.resourceManagerAudience,
      lifetimeSeconds: 60,
      issuedAtOffsetSeconds: -3600,
    });
    const staticCredential: TokenCredential = { getToken: async () => ({ token: expired, expiresOnTimestamp: Date.now() + 3600_000 }) };
    await expect(client(staticCredential).managedClusters.get('rg-prod', 'aks-entra')).rejects.toMatchObject({ statusCode: 401, code: 'ExpiredAuthenticationToken' });

    const aksToken = await bed.sim.mintAccessToken({ tenantId: scenario.tenant.tenantId, clientId: scenario.sp.clientId });
    const wrongAudience = await httpsCall(url, { ca: bed.sim.caPem, headers: { authorization: `Bearer ${aksToken}` } });
    expect(wrongAudience).toMatchObject({ status: 401, body: { error: { code: 'InvalidAuthenticationTokenAudience' } } });
  });

  it('removes a cluster from ARM', async () => {
    const sub = scenario.subscription.subscriptionId;
    await bed.sim.addManagedCluster({ subscriptionId: sub, resourceGroup: 'rg-tmp', name: 'aks-tmp' });
    expect((await client().managedClusters.get('rg-tmp', 'aks-tmp')).name).toBe('aks-tmp');
    expect(await bed.sim.removeManagedCluster({ subscriptionId: sub, resourceGroup: 'rg-tmp', name: 'aks-tmp' })).toBe(true);
    await expect(client().managedClusters.get('rg-tmp', 'aks-tmp')).rejects.toMatchObject({ statusCode: 404 });
  });
});

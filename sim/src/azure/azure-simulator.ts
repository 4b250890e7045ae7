import { randomBytes, randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type Identity, type TokenAuthenticator, TokenRejectedError } from '../contracts.js';
import type { CertificateAuthority } from '../pki/certificate-authority.js';
import { type ArmContext, handleArmRequest } from './arm-routes.js';
import {
  type AgentPoolSpec,
  ArmInventory,
  type ConnectedCluster,
  connectedClusterId,
  type ManagedCluster,
  managedClusterId,
  type ProvisionedCluster,
  type RoleAssignment,
  type Subscription,
} from './arm-inventory.js';
import { AzureCounters } from './azure-counters.js';
import { AzureFaults } from './azure-faults.js';
import {
  type AddFederatedCredentialOptions,
  type AddManagedIdentityOptions,
  type AddServicePrincipalOptions,
  EntraDirectory,
  type FederatedCredential,
  type Principal,
  type ServicePrincipalCredentials,
  type Tenant,
} from './entra-directory.js';
import { createEntraRoutes } from './entra-routes.js';
import { AccessTokenError, EntraTokenService, OidcIssuer } from './entra-token-service.js';
import { type HttpReply, type Route, jsonReply, matchRoute, readBody, sleep, writeReply } from './http-kit.js';
import { AKS_SERVER_APP_ID, type BuiltInRoleName, PUBLIC_CLOUD_ARM_AUDIENCE } from './well-known-ids.js';

/** What the simulator asks its host for when an AKS cluster is added: a Kubernetes API server. */
export interface ProvisionClusterRequest {
  /** ARM id of the managed cluster. */
  resourceId: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  kubernetesVersion: string;
  tenantId: string;
  /** Entra ID integration: the API server must accept the simulator's tokens (`authenticatorFor(tenantId)`). */
  aadEnabled: boolean;
  azureRbacEnabled: boolean;
  /** When true no client certificate is needed (nor used). */
  localAccountsDisabled: boolean;
  privateCluster: boolean;
  powerState: 'Running' | 'Stopped';
}

export interface AzureSimulatorOptions {
  ca: CertificateAuthority;
  /** Creates the Kubernetes API server behind a new AKS cluster. */
  provisionCluster: (request: ProvisionClusterRequest) => Promise<ProvisionedCluster>;
  /** Called when a managed cluster is removed, to stop its API server. */
  deprovisionCluster?: (request: ProvisionClusterRequest) => Promise<void>;
  /** Lifetime of issued access tokens (default 3599 s, like Entra ID). */
  tokenLifetimeSeconds?: number;
  /** ARM list and Resource Graph page size (default 100). */
  pageSize?: number;
  /** Latency added to every response (default 0); change at run time with `faults.set`. */
  latencyMs?: number;
  /**
   * Audience ARM accepts (default `https://management.azure.com`, the public cloud's). Set a
   * different one to prove a client honours custom scopes, as sovereign clouds need.
   */
  resourceManagerAudience?: string;
  /** Further resources tokens may be requested for (e.g. `https://graph.microsoft.com`). */
  additionalResources?: string[];
}

export interface AddSubscriptionOptions {
  tenantId: string;
  name: string;
  subscriptionId?: string;
  state?: Subscription['state'];
}

export interface AddManagedClusterOptions {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location?: string;
  kubernetesVersion?: string;
  agentPools?: AgentPoolSpec[];
  /** Entra ID integration (default true): user credentials are a kubelogin exec kubeconfig. */
  aadEnabled?: boolean;
  azureRbacEnabled?: boolean;
  /** Requires `aadEnabled`; admin credentials then answer 400 BadRequest. */
  localAccountsDisabled?: boolean;
  privateCluster?: boolean;
  powerState?: 'Running' | 'Stopped';
  tags?: Record<string, string>;
}

export interface AddConnectedClusterOptions {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location?: string;
  kubernetesVersion?: string;
  distribution?: string;
  infrastructure?: string;
  totalNodeCount?: number;
  connectivityStatus?: ConnectedCluster['connectivityStatus'];
  tags?: Record<string, string>;
}

export interface AssignRoleOptions {
  /** Object id of the service principal or managed identity (`objectId` from `addServicePrincipal`). */
  principalId: string;
  role: BuiltInRoleName;
  /** `/subscriptions/{id}`, `/subscriptions/{id}/resourceGroups/{rg}` or a resource id. */
  scope: string;
}

export interface MintAccessTokenOptions {
  tenantId: string;
  clientId: string;
  /** Default: the AKS server application. */
  audience?: string;
  lifetimeSeconds?: number;
  /** Negative values back-date the token, e.g. `-7200` with a 3600 s lifetime gives an expired token. */
  issuedAtOffsetSeconds?: number;
}

/**
 * A loopback Microsoft Entra ID + Azure Resource Manager. Start it with `startAzureSimulator`,
 * build a scenario with the `add*`/`assignRole` methods, point `@azure/identity` at
 * `authorityHost` and the ARM clients at `resourceManagerEndpoint`, and plug `authenticator`
 * (or `authenticatorFor(tenantId)`) into the Kubernetes API servers behind AKS clusters.
 */
export class AzureSimulator {
  /** Entra ID base URL, for `authorityHost` (https://127.0.0.1:PORT). */
  readonly authorityHost: string;
  /** ARM base URL, for the ARM clients' `endpoint` (https://127.0.0.1:PORT, another port). */
  readonly resourceManagerEndpoint: string;
  /** Audience of ARM tokens; request scope `${resourceManagerAudience}/.default`. */
  readonly resourceManagerAudience: string;
  /** For `IDENTITY_ENDPOINT` (App Service managed identity protocol). */
  readonly managedIdentityEndpoint: string;
  /** For `IDENTITY_HEADER`. */
  readonly managedIdentityHeader: string;
  /** PEM of the CA both servers' certificates chain to; trust it in clients (`tlsOptions: { ca }`). */
  readonly caPem: string;
  readonly counters = new AzureCounters();
  readonly faults: AzureFaults;
  /** ARM list / Resource Graph page size; may be changed at run time. */
  pageSize: number;
  tokenLifetimeSeconds: number;

  /**
   * Accepts the simulator's tokens for the AKS server app from any of its tenants:
   * identity `{ user: oid, groups }`. Returns null for non-JWTs and JWTs of other issuers;
   * throws TokenRejectedError for expired, wrongly addressed or forged ones.
   */
  readonly authenticator: TokenAuthenticator;

  private readonly directory = new EntraDirectory();
  private readonly inventory = new ArmInventory();
  private readonly issuers = new Map<string, OidcIssuer>();

  /** @internal use `startAzureSimulator`. */
  constructor(
    private readonly options: AzureSimulatorOptions,
    private readonly servers: { entra: Server; arm: Server },
    private readonly tokens: EntraTokenService,
    endpoints: { authorityHost: string; resourceManagerEndpoint: string },
  ) {
    this.authorityHost = endpoints.authorityHost;
    this.resourceManagerEndpoint = endpoints.resourceManagerEndpoint;
    this.resourceManagerAudience = options.resourceManagerAudience ?? PUBLIC_CLOUD_ARM_AUDIENCE;
    this.managedIdentityEndpoint = `${this.authorityHost}/msi/token`;
    this.managedIdentityHeader = randomBytes(16).toString('hex');
    this.caPem = options.ca.certPem;
    this.faults = new AzureFaults(options.latencyMs ?? 0);
    this.pageSize = options.pageSize ?? 100;
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3599;
    this.authenticator = this.authenticatorFor();
  }

  /** Routes for the Entra server; used by `startAzureSimulator`. @internal */
  entraRoutes(): Route[] {
    return createEntraRoutes({
      directory: this.directory,
      tokens: this.tokens,
      counters: this.counters,
      issuers: this.issuers,
      knownResources: () => [AKS_SERVER_APP_ID, this.resourceManagerAudience, ...(this.options.additionalResources ?? [])],
      tokenLifetimeSeconds: () => this.tokenLifetimeSeconds,
      managedIdentityHeader: this.managedIdentityHeader,
    });
  }

  /** Context for the ARM server. @internal */
  armContext(): ArmContext {
    return {
      inventory: this.inventory,
      tokens: this.tokens,
      counters: this.counters,
      faults: this.faults,
      audience: this.resourceManagerAudience,
      endpoint: () => this.resourceManagerEndpoint,
      pageSize: () => this.pageSize,
    };
  }

  /**
   * A TokenAuthenticator for one AKS cluster: only tokens of `tenantId` (any of the simulator's
   * tenants when omitted) and audience `audience` (default the AKS server app) are accepted.
   */
  authenticatorFor(tenantId?: string, audience = AKS_SERVER_APP_ID): TokenAuthenticator {
    return async (bearerToken: string): Promise<Identity | null> => {
      if (!this.tokens.isOwnToken(bearerToken)) return null;
      try {
        const verified = await this.tokens.verifyAccessToken(bearerToken, { audiences: [audience], tenantId });
        return { user: verified.objectId, groups: verified.groups };
      } catch (error) {
        if (error instanceof AccessTokenError) throw new TokenRejectedError(`Entra ID token rejected: ${error.message}`);
        throw error;
      }
    };
  }

  addTenant(options: { tenantId?: string; domain?: string; displayName?: string } = {}): Tenant {
    return this.directory.addTenant(options);
  }

  addServicePrincipal(options: AddServicePrincipalOptions): ServicePrincipalCredentials {
    return this.directory.addServicePrincipal(options);
  }

  addManagedIdentity(options: AddManagedIdentityOptions): Principal {
    return this.directory.addManagedIdentity(options);
  }

  addFederatedCredential(options: AddFederatedCredentialOptions): FederatedCredential {
    return this.directory.addFederatedCredential(options);
  }

  /**
   * An OIDC issuer served at `${authorityHost}/issuers/{name}/` (discovery + JWKS), standing in
   * for a Kubernetes service account issuer; its tokens are workload identity assertions.
   */
  async createOidcIssuer(name: string = randomUUID()): Promise<OidcIssuer> {
    const issuer = await OidcIssuer.create(`${this.authorityHost}/issuers/${name}/`);
    this.issuers.set(issuer.issuer, issuer);
    return issuer;
  }

  addSubscription(options: AddSubscriptionOptions): Subscription {
    this.directory.requireTenant(options.tenantId);
    const subscription: Subscription = {
      subscriptionId: options.subscriptionId ?? randomUUID(),
      tenantId: options.tenantId,
      displayName: options.name,
      state: options.state ?? 'Enabled',
    };
    this.inventory.addSubscription(subscription);
    return subscription;
  }

  /** Adds an AKS cluster and provisions its API server through `provisionCluster`. */
  async addManagedCluster(options: AddManagedClusterOptions): Promise<ManagedCluster> {
    const subscription = this.requireSubscription(options.subscriptionId);
    const aadEnabled = options.aadEnabled ?? true;
    if (!aadEnabled && (options.localAccountsDisabled || options.azureRbacEnabled)) {
      throw new Error('localAccountsDisabled and azureRbacEnabled require aadEnabled, as in AKS');
    }
    const id = managedClusterId(subscription.subscriptionId, options.resourceGroup, options.name);
    if (this.inventory.managedClusters.has(id.toLowerCase())) throw new Error(`managed cluster ${id} already exists`);
    const location = options.location ?? 'westeurope';
    const request: ProvisionClusterRequest = {
      resourceId: id,
      subscriptionId: subscription.subscriptionId,
      resourceGroup: options.resourceGroup,
      name: options.name,
      location,
      kubernetesVersion: options.kubernetesVersion ?? '1.31.5',
      tenantId: subscription.tenantId,
      aadEnabled,
      azureRbacEnabled: options.azureRbacEnabled ?? false,
      localAccountsDisabled: options.localAccountsDisabled ?? false,
      privateCluster: options.privateCluster ?? false,
      powerState: options.powerState ?? 'Running',
    };
    const backing = await this.options.provisionCluster(request);
    const needsCertificate = !request.localAccountsDisabled;
    if (needsCertificate && !backing.clientCertificate) {
      throw new Error(`provisionCluster must return clientCertificate for ${options.name}: its local accounts are enabled`);
    }
    const cluster: ManagedCluster = {
      id,
      subscriptionId: subscription.subscriptionId,
      resourceGroup: options.resourceGroup,
      name: options.name,
      location,
      tenantId: subscription.tenantId,
      kubernetesVersion: request.kubernetesVersion,
      agentPools: options.agentPools ?? [{ name: 'system', count: 3, mode: 'System' }],
      aadEnabled,
      azureRbacEnabled: request.azureRbacEnabled,
      localAccountsDisabled: request.localAccountsDisabled,
      privateCluster: request.privateCluster,
      powerState: request.powerState,
      tags: options.tags ?? {},
      dnsPrefix: `${options.name}-dns`.slice(0, 54),
      fqdnSuffix: randomBytes(4).toString('hex'),
      nodeResourceGroup: `MC_${options.resourceGroup}_${options.name}_${location}`,
      principalId: randomUUID(),
      backing,
    };
    this.inventory.putManagedCluster(cluster);
    return cluster;
  }

  /** Removes an AKS cluster (and asks the host to stop its API server). False when it did not exist. */
  async removeManagedCluster(options: { subscriptionId: string; resourceGroup: string; name: string }): Promise<boolean> {
    const id = managedClusterId(options.subscriptionId, options.resourceGroup, options.name).toLowerCase();
    const cluster = this.inventory.managedClusters.get(id);
    if (!cluster) return false;
    this.inventory.managedClusters.delete(id);
    await this.options.deprovisionCluster?.({
      resourceId: cluster.id,
      subscriptionId: cluster.subscriptionId,
      resourceGroup: cluster.resourceGroup,
      name: cluster.name,
      location: cluster.location,
      kubernetesVersion: cluster.kubernetesVersion,
      tenantId: cluster.tenantId,
      aadEnabled: cluster.aadEnabled,
      azureRbacEnabled: cluster.azureRbacEnabled,
      localAccountsDisabled: cluster.localAccountsDisabled,
      privateCluster: cluster.privateCluster,
      powerState: cluster.powerState,
    });
    return true;
  }

  /** The managed clusters of a subscription (or all), as registered. */
  managedClusters(subscriptionId?: string): ManagedCluster[] {
    return [...this.inventory.managedClusters.values()].filter((c) => !subscriptionId || c.subscriptionId === subscriptionId);
  }

  /** Adds an Azure Arc-enabled cluster (listed by ARM and Resource Graph; no credentials are served). */
  addConnectedCluster(options: AddConnectedClusterOptions): ConnectedCluster {
    const subscription = this.requireSubscription(options.subscriptionId);
    const nodes = options.totalNodeCount ?? 3;
    const cluster: ConnectedCluster = {
      id: connectedClusterId(subscription.subscriptionId, options.resourceGroup, options.name),
      subscriptionId: subscription.subscriptionId,
      resourceGroup: options.resourceGroup,
      name: options.name,
      location: options.location ?? 'westeurope',
      tenantId: subscription.tenantId,
      kubernetesVersion: options.kubernetesVersion ?? '1.30.4',
      distribution: options.distribution ?? 'k3s',
      infrastructure: options.infrastructure ?? 'generic',
      totalNodeCount: nodes,
      totalCoreCount: nodes * 4,
      agentVersion: '1.21.10',
      connectivityStatus: options.connectivityStatus ?? 'Connected',
      tags: options.tags ?? {},
      principalId: randomUUID(),
    };
    this.inventory.putConnectedCluster(cluster);
    return cluster;
  }

  assignRole(options: AssignRoleOptions): RoleAssignment {
    return this.inventory.assignRole(options);
  }

  /** Removes a principal's role assignments (at or below `scope` when given). Returns how many. */
  removeRoleAssignments(principalId: string, scope?: string): number {
    return this.inventory.removeRoleAssignments(principalId, scope);
  }

  /** Mints a token directly (no HTTP, not counted), e.g. an expired or wrong-audience one for tests. */
  async mintAccessToken(options: MintAccessTokenOptions): Promise<string> {
    const principal = this.directory.findPrincipal(options.tenantId, options.clientId);
    if (!principal) throw new Error(`unknown client ${options.clientId} in tenant ${options.tenantId}`);
    const issued = await this.tokens.issueAccessToken({
      principal,
      audience: options.audience ?? AKS_SERVER_APP_ID,
      lifetimeSeconds: options.lifetimeSeconds ?? this.tokenLifetimeSeconds,
      issuedAtOffsetSeconds: options.issuedAtOffsetSeconds,
    });
    return issued.accessToken;
  }

  /** Closes both servers and every open connection. */
  async stop(): Promise<void> {
    await Promise.all(
      [this.servers.entra, this.servers.arm].map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  private requireSubscription(subscriptionId: string): Subscription {
    const subscription = this.inventory.findSubscription(subscriptionId);
    if (!subscription) throw new Error(`unknown subscription ${subscriptionId}: call addSubscription() first`);
    return subscription;
  }
}

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function serve(handle: (request: IncomingMessage, body: string, url: URL) => Promise<HttpReply>, faults: () => AzureFaults): RequestHandler {
  return (request, response) => {
    void (async () => {
      let reply: HttpReply;
      try {
        const body = await readBody(request);
        const latency = faults().latencyMs;
        if (latency > 0) await sleep(latency);
        reply = await handle(request, body, new URL(request.url ?? '/', 'https://127.0.0.1'));
      } catch (error) {
        reply = jsonReply(500, { error: { code: 'InternalServerError', message: (error as Error).message } });
      }
      if (!response.destroyed) writeReply(response, reply);
    })();
  };
}

/**
 * Starts Entra ID and ARM on two loopback HTTPS ports with certificates from `options.ca`.
 * Always `stop()` the result.
 */
export async function startAzureSimulator(options: AzureSimulatorOptions): Promise<AzureSimulator> {
  const certificate = await options.ca.issueServerCertificate({ hosts: ['127.0.0.1', 'localhost', '::1'] });
  // The servers must listen before the simulator exists (its URLs name their ports).
  const late: { simulator?: AzureSimulator; entraRoutes: Route[] } = { entraRoutes: [] };
  const faults = () => late.simulator!.faults;
  const entra = createServer(
    { key: certificate.keyPem, cert: certificate.certPem },
    serve(async (request, body, url) => {
      const found = matchRoute(late.entraRoutes, request.method ?? 'GET', url.pathname);
      if (!found) return jsonReply(404, { error: 'not_found', error_description: `no Entra ID endpoint at ${url.pathname}` });
      return found.route.handler({ method: request.method ?? 'GET', url, params: found.params, headers: request.headers, body });
    }, faults),
  );
  const arm = createServer(
    { key: certificate.keyPem, cert: certificate.certPem },
    serve((request, body, url) => handleArmRequest(late.simulator!.armContext(), { method: request.method ?? 'GET', url, headers: request.headers, body }), faults),
  );
  entra.on('secureConnection', () => late.simulator?.counters.recordConnection('entra'));
  arm.on('secureConnection', () => late.simulator?.counters.recordConnection('arm'));
  // Entra ID keeps connections alive for long; keep-alive sockets must not hold stop() open.
  entra.keepAliveTimeout = 5_000;
  arm.keepAliveTimeout = 5_000;
  const authorityHost = await listen(entra);
  const resourceManagerEndpoint = await listen(arm);
  const tokens = await EntraTokenService.create(authorityHost);
  const simulator = new AzureSimulator(options, { entra, arm }, tokens, { authorityHost, resourceManagerEndpoint });
  late.simulator = simulator;
  late.entraRoutes = simulator.entraRoutes();
  return simulator;
}

import { randomBytes, randomUUID } from 'node:crypto';

/** A Microsoft Entra tenant (directory). */
export interface Tenant {
  tenantId: string;
  /** Verified domain, e.g. `contoso.onmicrosoft.com`; token requests may name the tenant by it. */
  domain: string;
  displayName: string;
}

export type PrincipalKind = 'servicePrincipal' | 'managedIdentity';

/** An application identity that can obtain tokens: a service principal or a managed identity. */
export interface Principal {
  kind: PrincipalKind;
  tenantId: string;
  /** Application (client) id: `appid` / `azp` in tokens. */
  clientId: string;
  /** Object id of the service principal: `oid` in tokens, `principalId` in role assignments. */
  objectId: string;
  displayName: string;
  /** Group object ids, emitted as the `groups` claim. */
  groups: string[];
  secrets: ClientSecret[];
  federatedCredentials: FederatedCredential[];
  /** Managed identities only: the one the managed identity endpoint returns without a client id. */
  systemAssigned: boolean;
}

export interface ClientSecret {
  value: string;
  expiresAt: Date;
}

/** Trust between an external OIDC issuer's subject and a principal (workload identity). */
export interface FederatedCredential {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

/** Credentials of a new service principal, in the shape the product's API takes them. */
export interface ServicePrincipalCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  objectId: string;
}

export interface AddServicePrincipalOptions {
  tenantId: string;
  clientId?: string;
  objectId?: string;
  displayName?: string;
  /** Client secret value; generated when omitted. */
  secret?: string;
  /** The only secret has already expired (token requests fail with AADSTS7000222). */
  secretExpired?: boolean;
  groups?: string[];
}

export interface AddManagedIdentityOptions {
  tenantId: string;
  clientId?: string;
  objectId?: string;
  displayName?: string;
  /** Answer managed identity requests that name no client id (default: first one added). */
  systemAssigned?: boolean;
  groups?: string[];
}

export interface AddFederatedCredentialOptions {
  /** Client id of the service principal or managed identity that trusts the issuer. */
  clientId: string;
  issuer: string;
  /** e.g. `system:serviceaccount:flux-system:flux-orchestrator`. */
  subject: string;
  audiences?: string[];
  name?: string;
}

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** The simulator's directory: tenants and the principals registered in them. */
export class EntraDirectory {
  private readonly tenants = new Map<string, Tenant>();
  private readonly principals: Principal[] = [];

  addTenant(options: { tenantId?: string; domain?: string; displayName?: string } = {}): Tenant {
    const tenantId = options.tenantId ?? randomUUID();
    const tenant: Tenant = {
      tenantId,
      domain: options.domain ?? `sim${tenantId.slice(0, 8)}.onmicrosoft.com`,
      displayName: options.displayName ?? `Simulated tenant ${tenantId.slice(0, 8)}`,
    };
    this.tenants.set(tenantId, tenant);
    return tenant;
  }

  /** Resolves a tenant named by id or verified domain, case-insensitively, as Entra ID does. */
  findTenant(idOrDomain: string): Tenant | undefined {
    const key = idOrDomain.toLowerCase();
    for (const tenant of this.tenants.values()) {
      if (tenant.tenantId.toLowerCase() === key || tenant.domain.toLowerCase() === key) return tenant;
    }
    return undefined;
  }

  requireTenant(tenantId: string): Tenant {
    const tenant = this.findTenant(tenantId);
    if (!tenant) throw new Error(`unknown tenant ${tenantId}: call addTenant() first`);
    return tenant;
  }

  addServicePrincipal(options: AddServicePrincipalOptions): ServicePrincipalCredentials {
    const tenant = this.requireTenant(options.tenantId);
    const secret = options.secret ?? randomBytes(30).toString('base64url');
    const principal = this.register({
      kind: 'servicePrincipal',
      tenantId: tenant.tenantId,
      clientId: options.clientId ?? randomUUID(),
      objectId: options.objectId ?? randomUUID(),
      displayName: options.displayName ?? 'flux-orchestrator-sp',
      groups: options.groups ?? [],
      secrets: [{ value: secret, expiresAt: new Date(Date.now() + (options.secretExpired ? -YEAR_MS : YEAR_MS)) }],
      federatedCredentials: [],
      systemAssigned: false,
    });
    return { tenantId: tenant.tenantId, clientId: principal.clientId, clientSecret: secret, objectId: principal.objectId };
  }

  addManagedIdentity(options: AddManagedIdentityOptions): Principal {
    const tenant = this.requireTenant(options.tenantId);
    const hasSystemAssigned = this.principals.some((p) => p.kind === 'managedIdentity' && p.systemAssigned);
    return this.register({
      kind: 'managedIdentity',
      tenantId: tenant.tenantId,
      clientId: options.clientId ?? randomUUID(),
      objectId: options.objectId ?? randomUUID(),
      displayName: options.displayName ?? 'flux-orchestrator-identity',
      groups: options.groups ?? [],
      secrets: [],
      federatedCredentials: [],
      systemAssigned: options.systemAssigned ?? !hasSystemAssigned,
    });
  }

  addFederatedCredential(options: AddFederatedCredentialOptions): FederatedCredential {
    const principal = this.principals.find((p) => p.clientId === options.clientId);
    if (!principal) throw new Error(`unknown client id ${options.clientId}: add the service principal or managed identity first`);
    const credential: FederatedCredential = {
      name: options.name ?? `federated-${principal.federatedCredentials.length + 1}`,
      issuer: options.issuer,
      subject: options.subject,
      audiences: options.audiences ?? ['api://AzureADTokenExchange'],
    };
    principal.federatedCredentials.push(credential);
    return credential;
  }

  /** The principal of an application in one tenant (client ids are per tenant here, as for single-tenant apps). */
  findPrincipal(tenantId: string, clientId: string): Principal | undefined {
    return this.principals.find((p) => p.tenantId === tenantId && p.clientId.toLowerCase() === clientId.toLowerCase());
  }

  findByObjectId(objectId: string): Principal | undefined {
    return this.principals.find((p) => p.objectId.toLowerCase() === objectId.toLowerCase());
  }

  /** The managed identity the managed identity endpoint serves for a request (system-assigned when no id is named). */
  findManagedIdentity(query: { clientId?: string; objectId?: string }): Principal | undefined {
    const identities = this.principals.filter((p) => p.kind === 'managedIdentity');
    if (query.clientId) return identities.find((p) => p.clientId.toLowerCase() === query.clientId!.toLowerCase());
    if (query.objectId) return identities.find((p) => p.objectId.toLowerCase() === query.objectId!.toLowerCase());
    return identities.find((p) => p.systemAssigned);
  }

  private register(principal: Principal): Principal {
    if (this.principals.some((p) => p.tenantId === principal.tenantId && p.clientId === principal.clientId)) {
      throw new Error(`client id ${principal.clientId} already exists in tenant ${principal.tenantId}`);
    }
    this.principals.push(principal);
    return principal;
  }
}

import { randomUUID } from 'node:crypto';
import type { AzureCounters } from './azure-counters.js';
import type { EntraDirectory, Principal, Tenant } from './entra-directory.js';
import { EntraErrors } from './entra-errors.js';
import { type EntraTokenService, type OidcIssuer, tryDecode, trimSlash } from './entra-token-service.js';
import { type HttpReply, type Route, type RoutedRequest, jsonReply } from './http-kit.js';

export interface EntraRoutesContext {
  directory: EntraDirectory;
  tokens: EntraTokenService;
  counters: AzureCounters;
  /** Workload identity issuers by issuer URL. */
  issuers: Map<string, OidcIssuer>;
  /** Resources (audiences) tokens can be requested for. */
  knownResources: () => string[];
  tokenLifetimeSeconds: () => number;
  /** Secret that App Service style managed identity requests must present in `X-IDENTITY-HEADER`. */
  managedIdentityHeader: string;
}

const CLIENT_ASSERTION_JWT = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Scopes MSAL may add to any request; they do not name a resource. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access']);
const TENANT = '(?<tenant>[^/]+)';

/**
 * Entra ID endpoints: OpenID discovery, JWKS, instance discovery, the v2 and v1 token endpoints
 * (client credentials with a secret or a federated assertion), an App Service style managed
 * identity endpoint, and the discovery documents of the workload identity issuers.
 */
export function createEntraRoutes(ctx: EntraRoutesContext): Route[] {
  const host = ctx.tokens.authorityHost;
  return [
    { method: 'GET', pattern: /^\/common\/discovery\/instance$/i, handler: (req) => instanceDiscovery(host, req) },
    { method: 'GET', pattern: new RegExp(`^/${TENANT}/v2\\.0/\\.well-known/openid-configuration$`, 'i'), handler: (req) => openIdConfiguration(ctx, req.params.tenant!) },
    { method: 'GET', pattern: new RegExp(`^/${TENANT}/discovery/(v2\\.0/)?keys$`, 'i'), handler: () => jsonReply(200, ctx.tokens.jwks()) },
    { method: 'POST', pattern: new RegExp(`^/${TENANT}/oauth2/v2\\.0/token$`, 'i'), handler: (req) => tokenRequest(ctx, req, 'v2') },
    { method: 'POST', pattern: new RegExp(`^/${TENANT}/oauth2/token$`, 'i'), handler: (req) => tokenRequest(ctx, req, 'v1') },
    { method: 'GET', pattern: /^\/msi\/token$/i, handler: (req) => managedIdentityToken(ctx, req) },
    { method: 'GET', pattern: /^\/issuers\/(?<name>[^/]+)\/\.well-known\/openid-configuration$/i, handler: (req) => issuerConfiguration(ctx, req) },
    { method: 'GET', pattern: /^\/issuers\/(?<name>[^/]+)\/openid\/v1\/jwks$/i, handler: (req) => issuerKeys(ctx, req) },
  ];
}

function instanceDiscovery(host: string, req: RoutedRequest): HttpReply {
  const hostname = new URL(host).host;
  const authority = req.url.searchParams.get('authorization_endpoint') ?? `${host}/common/oauth2/v2.0/authorize`;
  const tenant = new URL(authority).pathname.split('/')[1] ?? 'common';
  return jsonReply(200, {
    tenant_discovery_endpoint: `${host}/${tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: hostname, preferred_cache: hostname, aliases: [hostname] }],
  });
}

/**
 * Served for every tenant segment, known or not: against the public cloud MSAL uses built-in
 * metadata and never asks, so the first error a real client sees for an unknown tenant is the
 * token endpoint's AADSTS90002 — serving discovery keeps that behaviour.
 */
function openIdConfiguration(ctx: EntraRoutesContext, tenantSegment: string): HttpReply {
  const host = ctx.tokens.authorityHost;
  const tenantId = ctx.directory.findTenant(tenantSegment)?.tenantId ?? tenantSegment;
  return jsonReply(200, {
    token_endpoint: `${host}/${tenantId}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${host}/${tenantId}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: ctx.tokens.issuerFor(tenantId),
    request_uri_parameter_supported: false,
    authorization_endpoint: `${host}/${tenantId}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${host}/${tenantId}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${host}/${tenantId}/oauth2/v2.0/logout`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid', 'azp', 'appid', 'groups'],
    tenant_region_scope: 'EU',
    cloud_instance_name: new URL(host).host,
  });
}

async function tokenRequest(ctx: EntraRoutesContext, req: RoutedRequest, version: 'v1' | 'v2'): Promise<HttpReply> {
  const form = new URLSearchParams(req.body);
  const clientId = form.get('client_id') ?? '';
  ctx.counters.recordTokenRequest(clientId);
  const tenantSegment = req.params.tenant!;
  const tenant = ctx.directory.findTenant(tenantSegment);
  if (!tenant) return EntraErrors.unknownTenant(tenantSegment);
  const grantType = form.get('grant_type') ?? '';
  if (grantType !== 'client_credentials') return EntraErrors.unsupportedGrant(grantType);

  const principal = ctx.directory.findPrincipal(tenant.tenantId, clientId);
  if (!principal) return EntraErrors.applicationNotFound(clientId, tenant.displayName);

  const denied = await authenticateClient(ctx, principal, form);
  if (denied) return denied;

  const resource = version === 'v2' ? resourceFromScope(form.get('scope') ?? '') : (form.get('resource') ?? '');
  if (resource === undefined) return EntraErrors.invalidScope(form.get('scope') ?? '');
  const resourceProblem = checkResource(ctx, resource, tenant);
  if (resourceProblem) return resourceProblem;

  const lifetime = ctx.tokenLifetimeSeconds();
  const issued = await ctx.tokens.issueAccessToken({ principal, audience: resource, lifetimeSeconds: lifetime });
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: issued.accessToken,
  };
  if (version === 'v1') {
    body.expires_on = String(Math.floor(issued.expiresOn.getTime() / 1000));
    body.resource = resource;
  }
  return jsonReply(200, body, { 'cache-control': 'no-store, no-cache' });
}

/** The one resource named by `<resource>/.default`; undefined when the scope is not of that form. */
function resourceFromScope(scope: string): string | undefined {
  const resources = scope
    .split(' ')
    .filter((s) => s && !OIDC_SCOPES.has(s))
    .map((s) => (s.endsWith('/.default') ? s.slice(0, -'/.default'.length) : undefined));
  if (resources.length !== 1 || !resources[0]) return undefined;
  return resources[0];
}

function checkResource(ctx: EntraRoutesContext, resource: string, tenant: Tenant): HttpReply | undefined {
  const known = ctx.knownResources().map(trimSlash);
  return known.includes(trimSlash(resource)) ? undefined : EntraErrors.resourceNotFound(resource, tenant.tenantId);
}

async function authenticateClient(ctx: EntraRoutesContext, principal: Principal, form: URLSearchParams): Promise<HttpReply | undefined> {
  const secret = form.get('client_secret');
  if (secret !== null) {
    const match = principal.secrets.find((s) => s.value === secret);
    if (!match) return EntraErrors.invalidSecret(principal.clientId);
    if (match.expiresAt.getTime() <= Date.now()) return EntraErrors.expiredSecret(principal.clientId);
    return undefined;
  }
  const assertion = form.get('client_assertion');
  if (assertion !== null && form.get('client_assertion_type') === CLIENT_ASSERTION_JWT) {
    return checkFederatedAssertion(ctx, principal, assertion);
  }
  return EntraErrors.missingCredential();
}

/** Workload identity federation: the assertion's issuer/subject/audience must match a federated credential. */
async function checkFederatedAssertion(ctx: EntraRoutesContext, principal: Principal, assertion: string): Promise<HttpReply | undefined> {
  const claims = tryDecode(assertion);
  if (!claims) return EntraErrors.malformedAssertion();
  const issuer = String(claims.iss ?? '');
  const subject = String(claims.sub ?? '');
  const audiences = Array.isArray(claims.aud) ? claims.aud.map(String) : [String(claims.aud ?? '')];
  const trusted = principal.federatedCredentials.find(
    (c) => c.issuer === issuer && c.subject === subject && c.audiences.some((a) => audiences.includes(a)),
  );
  if (!trusted) return EntraErrors.noMatchingFederatedCredential(issuer, subject, audiences.join(','));
  const oidcIssuer = ctx.issuers.get(issuer);
  if (!oidcIssuer) return EntraErrors.unknownIssuer(issuer);
  try {
    await oidcIssuer.verify(assertion);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED' || code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return EntraErrors.assertionExpired();
    return EntraErrors.assertionSignature();
  }
  return undefined;
}

/**
 * App Service managed identity protocol (api-version 2019-08-01), which @azure/identity's
 * ManagedIdentityCredential uses when IDENTITY_ENDPOINT and IDENTITY_HEADER are set.
 */
async function managedIdentityToken(ctx: EntraRoutesContext, req: RoutedRequest): Promise<HttpReply> {
  const query = req.url.searchParams;
  const clientId = query.get('client_id') ?? undefined;
  const objectId = query.get('object_id') ?? query.get('principal_id') ?? undefined;
  if (req.headers['x-identity-header'] !== ctx.managedIdentityHeader) {
    return jsonReply(401, { statusCode: 401, message: 'Unauthorized request. The X-IDENTITY-HEADER header is missing or invalid.' });
  }
  const identity = ctx.directory.findManagedIdentity({ clientId, objectId });
  ctx.counters.recordTokenRequest(identity?.clientId ?? clientId ?? objectId ?? '');
  if (!identity) {
    return jsonReply(400, {
      statusCode: 400,
      message: 'No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.',
      correlationId: randomUUID(),
    });
  }
  const resource = query.get('resource') ?? '';
  const tenant = ctx.directory.requireTenant(identity.tenantId);
  const resourceProblem = checkResource(ctx, resource, tenant);
  if (resourceProblem) return resourceProblem;
  const issued = await ctx.tokens.issueAccessToken({ principal: identity, audience: resource, lifetimeSeconds: ctx.tokenLifetimeSeconds() });
  return jsonReply(200, {
    access_token: issued.accessToken,
    expires_on: String(Math.floor(issued.expiresOn.getTime() / 1000)),
    resource,
    token_type: 'Bearer',
    client_id: identity.clientId,
  });
}

function findIssuerByName(ctx: EntraRoutesContext, name: string): OidcIssuer | undefined {
  return [...ctx.issuers.values()].find((issuer) => issuer.issuer.replace(/\/$/, '').endsWith(`/issuers/${name}`));
}

function issuerConfiguration(ctx: EntraRoutesContext, req: RoutedRequest): HttpReply {
  const issuer = findIssuerByName(ctx, req.params.name!);
  if (!issuer) return jsonReply(404, { error: 'not_found' });
  const base = issuer.issuer.replace(/\/$/, '');
  return jsonReply(200, {
    issuer: issuer.issuer,
    jwks_uri: `${base}/openid/v1/jwks`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  });
}

function issuerKeys(ctx: EntraRoutesContext, req: RoutedRequest): HttpReply {
  const issuer = findIssuerByName(ctx, req.params.name!);
  return issuer ? jsonReply(200, issuer.jwks()) : jsonReply(404, { error: 'not_found' });
}

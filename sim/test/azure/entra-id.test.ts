import { ClientSecretCredential } from '@azure/identity';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenRejectedError } from '../../src/contracts.js';
import { AKS_SERVER_APP_ID } from '../../src/azure/index.js';
import { type AzureTestBed, formBody, httpsCall, startAzureTestBed } from './azure-fixture.js';

const AKS_SCOPE = `${AKS_SERVER_APP_ID}/.default`;

describe('Entra ID simulator with @azure/identity', () => {
  let bed: AzureTestBed;
  let tenantId: string;
  let sp: { clientId: string; clientSecret: string; objectId: string };

  beforeAll(async () => {
    bed = await startAzureTestBed();
    tenantId = bed.sim.addTenant().tenantId;
    sp = bed.sim.addServicePrincipal({ tenantId, groups: ['fleet-operators'] });
  });
  afterAll(async () => {
    await bed.sim.stop();
  });

  function credential(tenant: string, clientId: string, secret: string) {
    return new ClientSecretCredential(tenant, clientId, secret, {
      authorityHost: bed.sim.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: bed.sim.caPem },
    });
  }

  it('issues RS256 tokens for the AKS server app and ARM with the expected claims', async () => {
    const cred = credential(tenantId, sp.clientId, sp.clientSecret);
    const aks = await cred.getToken(AKS_SCOPE);
    const arm = await cred.getToken(`${bed.sim.resourceManagerAudience}/.default`);
    const aksClaims = decodeJwt(aks.token);
    expect(aksClaims).toMatchObject({ aud: AKS_SERVER_APP_ID, tid: tenantId, oid: sp.objectId, appid: sp.clientId, azp: sp.clientId, iss: `${bed.sim.authorityHost}/${tenantId}/v2.0` });
    expect(aksClaims.groups).toEqual(['fleet-operators']);
    expect(decodeJwt(arm.token).aud).toBe(bed.sim.resourceManagerAudience);
    expect(aks.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3000_000);
  });

  it('the authenticator accepts AKS tokens and maps them to the object id and groups', async () => {
    const token = (await credential(tenantId, sp.clientId, sp.clientSecret).getToken(AKS_SCOPE)).token;
    await expect(bed.sim.authenticator(token)).resolves.toEqual({ user: sp.objectId, groups: ['fleet-operators'] });
    await expect(bed.sim.authenticatorFor(tenantId)(token)).resolves.toEqual({ user: sp.objectId, groups: ['fleet-operators'] });
  });

  it('the authenticator rejects wrong-audience, expired, foreign-tenant and tampered tokens and ignores non-JWTs', async () => {
    const armToken = await bed.sim.mintAccessToken({ tenantId, clientId: sp.clientId, audience: bed.sim.resourceManagerAudience });
    await expect(bed.sim.authenticator(armToken)).rejects.toBeInstanceOf(TokenRejectedError);
    const expired = await bed.sim.mintAccessToken({ tenantId, clientId: sp.clientId, lifetimeSeconds: 60, issuedAtOffsetSeconds: -600 });
    await expect(bed.sim.authenticator(expired)).rejects.toThrow(/expired/);
    const otherTenant = bed.sim.addTenant().tenantId;
    const valid = await bed.sim.mintAccessToken({ tenantId, clientId: sp.clientId });
    await expect(bed.sim.authenticatorFor(otherTenant)(valid)).rejects.toBeInstanceOf(TokenRejectedError);
    const [header, payload] = valid.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    await expect(bed.sim.authenticator(forged)).rejects.toThrow(/signature/);
    await expect(bed.sim.authenticator('static-token-abc')).resolves.toBeNull();
    const foreignJwt = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"iss":"https://kubernetes.default.svc"}').toString('base64url')}.sig`;
    await expect(bed.sim.authenticator(foreignJwt)).resolves.toBeNull();
  });

  it('reports an invalid secret as AADSTS7000215', async () => {
    await expect(credential(tenantId, sp.clientId, 'wrong-secret').getToken(AKS_SCOPE)).rejects.toThrow(/AADSTS7000215/);
  });

  it('reports an unknown application as AADSTS700016', async () => {
    await expect(credential(tenantId, '00000000-0000-0000-0000-00000000abcd', 'x').getToken(AKS_SCOPE)).rejects.toThrow(/AADSTS700016/);
  });

  it('reports an unknown tenant as AADSTS90002', async () => {
    await expect(credential('11111111-2222-3333-4444-555555555555', sp.clientId, sp.clientSecret).getToken(AKS_SCOPE)).rejects.toThrow(/AADSTS90002/);
  });

  it('reports an expired secret as AADSTS7000222', async () => {
    const stale = bed.sim.addServicePrincipal({ tenantId, secretExpired: true });
    await expect(credential(tenantId, stale.clientId, stale.clientSecret).getToken(AKS_SCOPE)).rejects.toThrow(/AADSTS7000222/);
  });

  it('answers token errors in the real wire shape', async () => {
    const reply = await httpsCall(`${bed.sim.authorityHost}/${tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      ca: bed.sim.caPem,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: formBody({ grant_type: 'client_credentials', client_id: sp.clientId, client_secret: 'nope', scope: AKS_SCOPE }),
    });
    expect(reply.status).toBe(401);
    const body = reply.body as Record<string, unknown>;
    expect(body.error).toBe('invalid_client');
    expect(String(body.error_description)).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    expect(body.error_codes).toEqual([7000215]);
    expect(body).toHaveProperty('trace_id');
    expect(body).toHaveProperty('correlation_id');
    expect(body).toHaveProperty('timestamp');
  });

  it('refuses scopes that are not a single resource/.default and unknown resources', async () => {
    const call = (scope: string) =>
      httpsCall(`${bed.sim.authorityHost}/${tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        ca: bed.sim.caPem,
        body: formBody({ grant_type: 'client_credentials', client_id: sp.clientId, client_secret: sp.clientSecret, scope }),
      });
    expect(((await call('User.Read')).body as { error: string }).error).toBe('invalid_scope');
    const unknown = await call('https://unknown.example.com/.default');
    expect(String((unknown.body as { error_description: string }).error_description)).toMatch(/^AADSTS500011:/);
  });

  it('serves discovery documents whose issuer is on the authority host, and the JWKS', async () => {
    const config = await httpsCall(`${bed.sim.authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`, { ca: bed.sim.caPem });
    const doc = config.body as Record<string, string>;
    expect(doc.issuer).toBe(`${bed.sim.authorityHost}/${tenantId}/v2.0`);
    expect(doc.token_endpoint).toBe(`${bed.sim.authorityHost}/${tenantId}/oauth2/v2.0/token`);
    const keys = await httpsCall(doc.jwks_uri!, { ca: bed.sim.caPem });
    expect((keys.body as { keys: Array<{ kty: string; alg: string }> }).keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    const instance = await httpsCall(`${bed.sim.authorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${bed.sim.authorityHost}/${tenantId}/oauth2/v2.0/authorize`)}`, { ca: bed.sim.caPem });
    expect((instance.body as { tenant_discovery_endpoint: string }).tenant_discovery_endpoint).toBe(`${bed.sim.authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`);
  });

  it('counts token requests per client id; MSAL caches so a second getToken does not call', async () => {
    const fresh = bed.sim.addServicePrincipal({ tenantId });
    bed.sim.counters.reset();
    const cred = credential(tenantId, fresh.clientId, fresh.clientSecret);
    await cred.getToken(AKS_SCOPE);
    await cred.getToken(AKS_SCOPE);
    await credential(tenantId, fresh.clientId, 'bad').getToken(AKS_SCOPE).catch(() => undefined);
    expect(bed.sim.counters.tokenRequestsFor(fresh.clientId)).toBe(2);
    expect(bed.sim.counters.snapshot().tokenRequests).toEqual({ [fresh.clientId]: 2 });
    bed.sim.counters.reset();
    expect(bed.sim.counters.tokenRequestsFor(fresh.clientId)).toBe(0);
  });
});

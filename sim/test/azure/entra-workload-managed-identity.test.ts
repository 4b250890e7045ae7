import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedIdentityCredential, WorkloadIdentityCredential } from '@azure/identity';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AKS_SERVER_APP_ID, type OidcIssuer } from '../../src/azure/index.js';
import { type AzureTestBed, httpsCall, startAzureTestBed } from './azure-fixture.js';

const AKS_SCOPE = `${AKS_SERVER_APP_ID}/.default`;
const SUBJECT = 'system:serviceaccount:flux-system:flux-orchestrator';

describe('workload identity (federated client assertion)', () => {
  let bed: AzureTestBed;
  let tenantId: string;
  let issuer: OidcIssuer;
  let dir: string;

  beforeAll(async () => {
    bed = await startAzureTestBed();
    tenantId = bed.sim.addTenant().tenantId;
    issuer = await bed.sim.createOidcIssuer('cluster-a');
    dir = await mkdtemp(join(tmpdir(), 'azure-wi-'));
  });
  afterAll(async () => {
    await bed.sim.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function credentialWith(clientId: string, assertion: string) {
    const tokenFilePath = join(dir, `${clientId}.jwt`);
    await writeFile(tokenFilePath, assertion);
    return new WorkloadIdentityCredential({
      tenantId,
      clientId,
      tokenFilePath,
      authorityHost: bed.sim.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: bed.sim.caPem },
    });
  }

  it('exchanges a service account token of a trusted issuer for an AKS token', async () => {
    const identity = bed.sim.addManagedIdentity({ tenantId, systemAssigned: false });
    bed.sim.addFederatedCredential({ clientId: identity.clientId, issuer: issuer.issuer, subject: SUBJECT });
    const credential = await credentialWith(identity.clientId, await issuer.issueToken({ subject: SUBJECT }));
    const token = await credential.getToken(AKS_SCOPE);
    expect(decodeJwt(token!.token)).toMatchObject({ aud: AKS_SERVER_APP_ID, oid: identity.objectId, tid: tenantId });
    await expect(bed.sim.authenticator(token!.token)).resolves.toEqual({ user: identity.objectId, groups: [] });
  });

  it('refuses an assertion whose subject has no federated credential (AADSTS70021)', async () => {
    const app = bed.sim.addServicePrincipal({ tenantId });
    bed.sim.addFederatedCredential({ clientId: app.clientId, issuer: issuer.issuer, subject: SUBJECT });
    const credential = await credentialWith(app.clientId, await issuer.issueToken({ subject: 'system:serviceaccount:default:intruder' }));
    await expect(credential.getToken(AKS_SCOPE)).rejects.toThrow(/AADSTS70021/);
  });

  it('refuses an expired assertion and one signed by another issuer key', async () => {
    const app = bed.sim.addServicePrincipal({ tenantId });
    bed.sim.addFederatedCredential({ clientId: app.clientId, issuer: issuer.issuer, subject: SUBJECT });
    const expired = await credentialWith(app.clientId, await issuer.issueToken({ subject: SUBJECT, lifetimeSeconds: 60, issuedAtOffsetSeconds: -600 }));
    await expect(expired.getToken(AKS_SCOPE)).rejects.toThrow(/AADSTS700024/);

    const impostor = await bed.sim.createOidcIssuer('impostor');
    const forged = (await impostor.issueToken({ subject: SUBJECT })).split('.');
    const genuine = (await issuer.issueToken({ subject: SUBJECT })).split('.');
    // Claims of the trusted issuer, signature of another key.
    const tampered = await credentialWith(app.clientId, `${genuine[0]}.${genuine[1]}.${forged[2]}`);
    await expect(tampered.getToken(AKS_SCOPE)).rejects.toThrow(/AADSTS700027/);
  });

  it('serves the issuer discovery document and JWKS', async () => {
    const config = await httpsCall(`${issuer.issuer}.well-known/openid-configuration`, { ca: bed.sim.caPem });
    expect(config.body).toMatchObject({ issuer: issuer.issuer });
    const keys = await httpsCall((config.body as { jwks_uri: string }).jwks_uri, { ca: bed.sim.caPem });
    expect((keys.body as { keys: unknown[] }).keys).toHaveLength(1);
  });
});

describe('managed identity (App Service protocol through IDENTITY_ENDPOINT)', () => {
  let bed: AzureTestBed;
  let tenantId: string;
  const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

  beforeAll(async () => {
    bed = await startAzureTestBed();
    tenantId = bed.sim.addTenant().tenantId;
    // MSAL reads these when the credential is created and when it picks its source.
    process.env.IDENTITY_ENDPOINT = bed.sim.managedIdentityEndpoint;
    process.env.IDENTITY_HEADER = bed.sim.managedIdentityHeader;
  });
  afterAll(async () => {
    process.env.IDENTITY_ENDPOINT = saved.endpoint;
    process.env.IDENTITY_HEADER = saved.header;
    if (saved.endpoint === undefined) delete process.env.IDENTITY_ENDPOINT;
    if (saved.header === undefined) delete process.env.IDENTITY_HEADER;
    await bed.sim.stop();
  });

  it('gets tokens for the system-assigned and a user-assigned identity, and counts them', async () => {
    const system = bed.sim.addManagedIdentity({ tenantId, systemAssigned: true });
    const user = bed.sim.addManagedIdentity({ tenantId, systemAssigned: false, groups: ['ops'] });
    bed.sim.counters.reset();
    const systemToken = await new ManagedIdentityCredential({ tlsOptions: { ca: bed.sim.caPem } }).getToken(AKS_SCOPE);
    expect(decodeJwt(systemToken!.token)).toMatchObject({ oid: system.objectId, aud: AKS_SERVER_APP_ID });
    const userToken = await new ManagedIdentityCredential({ clientId: user.clientId, tlsOptions: { ca: bed.sim.caPem } }).getToken(AKS_SCOPE);
    await expect(bed.sim.authenticator(userToken!.token)).resolves.toEqual({ user: user.objectId, groups: ['ops'] });
    expect(userToken!.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3000_000);
    expect(bed.sim.counters.tokenRequestsFor(user.clientId)).toBe(1);
    expect(bed.sim.counters.tokenRequestsFor(system.clientId)).toBe(1);
  });

  it('fails for an unknown user-assigned identity and without the identity header', async () => {
    const credential = new ManagedIdentityCredential({ clientId: '99999999-0000-0000-0000-000000000000', tlsOptions: { ca: bed.sim.caPem } });
    await expect(credential.getToken(AKS_SCOPE)).rejects.toThrow(/No User Assigned or Delegated Managed Identity found/);
    const raw = await httpsCall(`${bed.sim.managedIdentityEndpoint}?api-version=2019-08-01&resource=${AKS_SERVER_APP_ID}`, { ca: bed.sim.caPem });
    expect(raw.status).toBe(401);
  });
});

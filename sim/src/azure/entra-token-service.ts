import { randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, jwtVerify, errors as joseErrors, type JWK, type CryptoKey } from 'jose';
import type { Principal } from './entra-directory.js';

/** Why an access token was refused; ARM and the Kubernetes authenticator map this to their own errors. */
export type AccessTokenProblem = 'malformed' | 'signature' | 'expired' | 'not-yet-valid' | 'audience' | 'issuer';

export class AccessTokenError extends Error {
  constructor(
    readonly problem: AccessTokenProblem,
    message: string,
    /** Claims as decoded without verification, when the token could be decoded. */
    readonly claims?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AccessTokenError';
  }
}

/** The claims of a verified access token the simulator issued. */
export interface VerifiedAccessToken {
  tenantId: string;
  objectId: string;
  clientId: string;
  audience: string;
  groups: string[];
  expiresAt: Date;
  claims: Record<string, unknown>;
}

export interface IssuedAccessToken {
  accessToken: string;
  expiresOn: Date;
}

export interface IssueAccessTokenOptions {
  principal: Principal;
  audience: string;
  lifetimeSeconds: number;
  /** Shift issue time, e.g. negative to mint an already expired token for tests. */
  issuedAtOffsetSeconds?: number;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  publicKey: CryptoKey;
}

async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID().replaceAll('-', '');
  const publicJwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return { kid, privateKey, publicKey, publicJwk };
}

/**
 * Signs and verifies the simulator's Entra ID access tokens (RS256, one key for every tenant, as
 * Entra ID publishes one key set). Tokens use the v2 issuer `{authorityHost}/{tenantId}/v2.0`,
 * which is what the OpenID configuration document announces: MSAL checks that issuer against the
 * authority host, so an issuer on `sts.windows.net` would fail discovery.
 */
export class EntraTokenService {
  private readonly verifiedSignatures = new Set<string>();

  private constructor(
    readonly authorityHost: string,
    private readonly key: SigningKey,
  ) {}

  static async create(authorityHost: string): Promise<EntraTokenService> {
    return new EntraTokenService(authorityHost, await createSigningKey());
  }

  issuerFor(tenantId: string): string {
    return `${this.authorityHost}/${tenantId}/v2.0`;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.key.publicJwk] };
  }

  async issueAccessToken(options: IssueAccessTokenOptions): Promise<IssuedAccessToken> {
    const { principal } = options;
    const now = Math.floor(Date.now() / 1000) + (options.issuedAtOffsetSeconds ?? 0);
    const expiresAt = now + options.lifetimeSeconds;
    const claims: Record<string, unknown> = {
      tid: principal.tenantId,
      oid: principal.objectId,
      sub: principal.objectId,
      // v1 consumers read `appid`, v2 consumers read `azp`: carry both so either finds the client.
      appid: principal.clientId,
      azp: principal.clientId,
      appidacr: '1',
      azpacr: '1',
      idtyp: 'app',
      ver: '2.0',
      uti: randomUUID().replaceAll('-', ''),
    };
    if (principal.groups.length > 0) claims.groups = principal.groups;
    if (principal.kind === 'managedIdentity') claims.xms_mirid = `/managedIdentities/${principal.displayName}`;
    const accessToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.key.kid })
      .setIssuer(this.issuerFor(principal.tenantId))
      .setAudience(options.audience)
      .setIssuedAt(now)
      .setNotBefore(now - 300)
      .setExpirationTime(expiresAt)
      .sign(this.key.privateKey);
    return { accessToken, expiresOn: new Date(expiresAt * 1000) };
  }

  /** True when the token is a JWT this simulator issued (by issuer), whether or not it is valid. */
  isOwnToken(token: string): boolean {
    const claims = tryDecode(token);
    return typeof claims?.iss === 'string' && claims.iss.startsWith(`${this.authorityHost}/`);
  }

  /**
   * Verifies signature, issuer, audience (compared without a trailing slash) and lifetime.
   * Throws `AccessTokenError` naming the problem.
   */
  async verifyAccessToken(token: string, expected: { audiences: string[]; tenantId?: string }): Promise<VerifiedAccessToken> {
    const claims = tryDecode(token);
    if (!claims) throw new AccessTokenError('malformed', 'the token is not a JWT');
    const tenantId = typeof claims.tid === 'string' ? claims.tid : '';
    if (claims.iss !== this.issuerFor(tenantId) || (expected.tenantId && expected.tenantId !== tenantId)) {
      throw new AccessTokenError('issuer', `the token issuer ${String(claims.iss)} is not trusted`, claims);
    }
    const audience = typeof claims.aud === 'string' ? claims.aud : '';
    const wanted = expected.audiences.map(trimSlash);
    if (!wanted.includes(trimSlash(audience))) {
      throw new AccessTokenError('audience', `the token audience ${audience} is not one of ${expected.audiences.join(', ')}`, claims);
    }
    if (this.verifiedSignatures.has(token)) {
      // Signature checked before; only the clock can have changed (API servers cache token reviews too).
      if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) throw new AccessTokenError('expired', 'the token has expired', claims);
      return verifiedToken(tenantId, claims);
    }
    try {
      // Entra ID tolerates 5 minutes of clock skew; keep zero here so expiry tests are exact.
      await jwtVerify(token, this.key.publicKey, { algorithms: ['RS256'] });
      if (this.verifiedSignatures.size >= VERIFIED_CACHE_SIZE) this.verifiedSignatures.clear();
      this.verifiedSignatures.add(token);
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new AccessTokenError('expired', 'the token has expired', claims);
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf') {
        throw new AccessTokenError('not-yet-valid', 'the token is not valid yet', claims);
      }
      throw new AccessTokenError('signature', 'the token signature is invalid', claims);
    }
    return verifiedToken(tenantId, claims);
  }
}

/** Tokens whose signature verified, so repeated requests skip the RSA check. */
const VERIFIED_CACHE_SIZE = 10_000;

function verifiedToken(tenantId: string, claims: Record<string, unknown>): VerifiedAccessToken {
  return {
    tenantId,
    objectId: String(claims.oid ?? ''),
    clientId: String(claims.appid ?? claims.azp ?? ''),
    audience: typeof claims.aud === 'string' ? claims.aud : '',
    groups: Array.isArray(claims.groups) ? claims.groups.map(String) : [],
    expiresAt: new Date(Number(claims.exp) * 1000),
    claims,
  };
}

export function trimSlash(value: string): string {
  return value.replace(/\/+$/, '').toLowerCase();
}

/**
 * Decoded claims by token: every request to a simulated AKS API server carries the same few
 * tokens, and decoding one (base64 + JSON) twice per request was a visible share of the
 * simulator's CPU in the Azure benchmark.
 */
const decodedClaims = new Map<string, Readonly<Record<string, unknown>> | undefined>();

export function tryDecode(token: string): Record<string, unknown> | undefined {
  if (decodedClaims.has(token)) return decodedClaims.get(token);
  let claims: Readonly<Record<string, unknown>> | undefined;
  if (token.split('.').length === 3) {
    try {
      claims = Object.freeze(decodeJwt(token) as Record<string, unknown>);
    } catch {
      claims = undefined;
    }
  }
  if (decodedClaims.size >= VERIFIED_CACHE_SIZE) decodedClaims.clear();
  decodedClaims.set(token, claims);
  return claims;
}

/**
 * An external OIDC issuer, such as a Kubernetes cluster's service account issuer, whose tokens
 * principals can trust through federated credentials (workload identity).
 */
export class OidcIssuer {
  private constructor(
    readonly issuer: string,
    private readonly key: SigningKey,
  ) {}

  static async create(issuer: string): Promise<OidcIssuer> {
    return new OidcIssuer(issuer, await createSigningKey());
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.key.publicJwk] };
  }

  /** A projected service account token, as the workload identity webhook mounts it in a pod. */
  async issueToken(options: { subject: string; audience?: string; lifetimeSeconds?: number; issuedAtOffsetSeconds?: number }): Promise<string> {
    const now = Math.floor(Date.now() / 1000) + (options.issuedAtOffsetSeconds ?? 0);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.key.kid })
      .setIssuer(this.issuer)
      .setSubject(options.subject)
      .setAudience(options.audience ?? 'api://AzureADTokenExchange')
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + (options.lifetimeSeconds ?? 3600))
      .sign(this.key.privateKey);
  }

  async verify(token: string): Promise<void> {
    await jwtVerify(token, this.key.publicKey, { algorithms: ['RS256'], issuer: this.issuer });
  }
}

import * as client from 'openid-client';

/** Single sign-on settings (OIDC_* in the configuration). */
export interface OidcSettings {
  /** Issuer URL; discovery must answer with exactly this issuer (Entra: `https://login.microsoftonline.com/<tenant>/v2.0`). */
  issuer: string;
  clientId: string;
  /** Confidential client secret; without it the client is public (PKCE only). */
  clientSecret: string | undefined;
  /** This server's callback, `<public URL>/api/v1/auth/oidc/callback`, registered at the provider. */
  redirectUrl: string;
  scopes: string;
  /** Claim holding the user's groups (names, or Entra group object ids). */
  groupsClaim: string;
  /** Claim used as the username (then `email`, then `sub`). */
  usernameClaim: string;
  /** Shown on the sign-in button. */
  displayName: string;
}

/** What the browser keeps (in a short-lived HttpOnly cookie) between the redirect and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

export interface SsoIdentity {
  /** `issuer|subject`: stable, unlike names and e-mail addresses. */
  externalId: string;
  username: string;
  displayName: string;
  groups: string[];
}

/** The identity provider answered, but the sign-in cannot be accepted; the message says why. */
export class SsoRefused extends Error {}

/**
 * Authorization code flow with PKCE, state and nonce (openid-client). The ID token's signature
 * (against the provider's JWKS), issuer, audience, expiry and nonce are all checked.
 */
export class OidcLogin {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(
    readonly settings: OidcSettings,
    /** Plain http issuers (loopback tests only). */
    private readonly allowHttp = false,
  ) {}

  private config(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(new URL(this.settings.issuer), this.settings.clientId, this.settings.clientSecret ? { client_secret: this.settings.clientSecret } : { token_endpoint_auth_method: 'none' }, undefined, {
        execute: [client.enableNonRepudiationChecks, ...(this.allowHttp ? [client.allowInsecureRequests] : [])],
      })
      .catch((error: unknown) => {
        // Try discovery again next time: the provider may just have been down.
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  async start(): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.config();
    const pending: PendingSignIn = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scopes,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /** Exchanges the code from the callback URL and validates the ID token; throws on anything wrong. */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<SsoIdentity> {
    const config = await this.config();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
    const claims = tokens.claims();
    if (!claims) throw new SsoRefused('the identity provider sent no ID token');
    const groupsClaim = claims[this.settings.groupsClaim];
    const names = claims._claim_names as Record<string, unknown> | undefined;
    if (groupsClaim === undefined && names && this.settings.groupsClaim in names) {
      // Entra ID "groups overage": over 200 groups, the token points at Graph instead of listing them.
      throw new SsoRefused(
        'your account is in too many groups for the ID token to list them (Entra ID groups overage); ask an administrator to emit only the groups assigned to this application (groupMembershipClaims: "ApplicationGroup")',
      );
    }
    const groups = Array.isArray(groupsClaim) ? groupsClaim.filter((group): group is string => typeof group === 'string') : [];
    const pick = (...values: unknown[]): string | undefined => values.find((value): value is string => typeof value === 'string' && value.trim() !== '');
    const username = pick(claims[this.settings.usernameClaim], claims.email, claims.sub)!;
    return { externalId: `${claims.iss}|${claims.sub}`, username: username.slice(0, 191), displayName: (pick(claims.name, username) ?? username).slice(0, 191), groups };
  }
}

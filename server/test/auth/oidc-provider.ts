import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, type CryptoKey } from 'jose';
import Provider from 'oidc-provider';

/** What the token endpoint's ID token should be turned into, to prove the client refuses it. */
export type IdTokenMutation = 'none' | 'tampered' | 'expired' | 'wrong-audience';

export interface TestAccount {
  name: string;
  groups?: string[];
  /** Entra ID's groups overage: a pointer to Graph instead of the groups. */
  groupsOverage?: boolean;
}

/**
 * A real OpenID Connect provider (`oidc-provider`) on loopback, with its development login and
 * consent pages. The token endpoint's answer can be altered (tampered, expired or wrong-audience
 * ID token, re-signed with the provider's own key where a signature must stay valid).
 */
export class TestOidcProvider {
  mutation: IdTokenMutation = 'none';

  private constructor(
    readonly issuer: string,
    private readonly server: http.Server,
  ) {}

  static async start(options: { clientId: string; clientSecret: string; redirectUrl: string; accounts: Record<string, TestAccount> }): Promise<TestOidcProvider> {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const provider = new Provider(issuer, {
      clients: [{ client_id: options.clientId, client_secret: options.clientSecret, redirect_uris: [options.redirectUrl], grant_types: ['authorization_code'], response_types: ['code'] }],
      jwks: { keys: [jwk] },
      claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
      // The groups belong in the ID token: that is where this server reads them.
      conformIdTokenClaims: false,
      ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
      findAccount: (_ctx, sub) => {
        const account = options.accounts[sub];
        if (!account) return undefined;
        return {
          accountId: sub,
          claims: () => ({
            sub,
            name: account.name,
            preferred_username: sub,
            email: `${sub}@example.test`,
            ...(account.groupsOverage
              ? { _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: `https://graph.microsoft.com/v1.0/users/${sub}/getMemberObjects` } } }
              : { groups: account.groups ?? [] }),
          }),
        };
      },
    });
    const result = new TestOidcProvider(issuer, server);
    const handle = provider.callback();
    server.on('request', (request, response) => {
      if (request.url?.startsWith('/token') && result.mutation !== 'none') result.alterTokenResponse(response, privateKey);
      void handle(request, response);
    });
    return result;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Rewrites the id_token in the JSON the token endpoint is about to send. */
  private alterTokenResponse(response: http.ServerResponse, key: CryptoKey): void {
    const mutation = this.mutation;
    const end = response.end.bind(response) as (chunk?: unknown) => http.ServerResponse;
    response.end = ((chunk?: unknown) => {
      void (async () => {
        const body = JSON.parse(String(chunk)) as { id_token?: string };
        if (body.id_token) body.id_token = await mutate(body.id_token, mutation, key);
        const text = JSON.stringify(body);
        response.setHeader('content-length', Buffer.byteLength(text));
        end(text);
      })();
      return response;
    }) as typeof response.end;
  }
}

async function mutate(idToken: string, mutation: IdTokenMutation, key: CryptoKey): Promise<string> {
  const [header, payload, signature] = idToken.split('.') as [string, string, string];
  if (mutation === 'tampered') {
    const claims = decodeJwt(idToken);
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    return `${header}.${forged}.${signature}`;
  }
  const claims = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  const changed = mutation === 'expired' ? { ...claims, iat: now - 7200, exp: now - 3600 } : { ...claims, aud: 'another-application' };
  void payload;
  return new SignJWT(changed).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(key);
}

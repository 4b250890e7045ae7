import type { TokenCredential } from '@azure/identity';
import { CredentialError, RefreshingToken, type ClusterCredential, type CredentialProvider } from '../connections/index.js';
import { AKS_SERVER_APP_ID } from './azure-clouds.js';

const AKS_SCOPE = `${AKS_SERVER_APP_ID}/.default`;

/**
 * Entra ID tokens for AKS API servers, minted in-process from a subscription's credential (no
 * kubelogin needed). One instance per identity, shared by every cluster that identity reaches:
 * cached, refreshed 5 minutes early, one request in flight, dropped on a 401.
 */
export class AksTokenSource {
  private readonly token: RefreshingToken;

  constructor(
    credential: TokenCredential,
    private readonly label: string,
  ) {
    this.token = new RefreshingToken({
      fetch: async () => {
        try {
          const token = await credential.getToken(AKS_SCOPE);
          if (!token) throw new Error('no token returned');
          return { token: token.token, expiresAt: new Date(token.expiresOnTimestamp) };
        } catch (error) {
          const message = (error as Error).message?.split('\n')[0] ?? String(error);
          throw new CredentialError(`Failed to authenticate with Azure for the AKS API (${label}): ${message.slice(0, 300)}`);
        }
      },
    });
  }

  provider(): CredentialProvider {
    return {
      getCredential: async (): Promise<ClusterCredential> => {
        const { token, expiresAt } = await this.token.get();
        return { type: 'bearer-token', token, expiresAt };
      },
      invalidate: () => this.token.invalidate(),
      describe: () => `Azure Entra ID (${this.label})`,
    };
  }
}

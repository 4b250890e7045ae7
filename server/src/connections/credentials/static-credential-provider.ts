import type { ClusterCredential, CredentialProvider } from './credential-provider.js';

/** A token, client certificate or nothing, exactly as the kubeconfig holds it. */
export class StaticCredentialProvider implements CredentialProvider {
  constructor(private readonly credential: ClusterCredential) {}

  async getCredential(): Promise<ClusterCredential> {
    return this.credential;
  }

  invalidate(): void {
    // A static credential cannot be refreshed; a 401 is reported as unauthorized.
  }

  describe(): string {
    switch (this.credential.type) {
      case 'bearer-token':
        return 'static token';
      case 'client-certificate':
        return 'client certificate';
      default:
        return 'anonymous';
    }
  }
}

/**
 * How a Kubernetes client gets its auth. Every cluster client asks one CredentialProvider; the
 * provider returns plain data, never a client, so the same credential feeds health checks,
 * informers and actions alike.
 */

export type ClusterCredential =
  | { type: 'bearer-token'; token: string; /** When the token stops working, if known. */ expiresAt?: Date }
  | { type: 'client-certificate'; certificatePem: string; keyPem: string }
  | { type: 'anonymous' };

export interface CredentialProvider {
  /**
   * The credential to use now. Providers cache and refresh as they need; callers may call this
   * before every request. Throws CredentialError, whose message is safe to show.
   */
  getCredential(): Promise<ClusterCredential>;
  /** The API server answered 401: forget cached tokens so the next call fetches a new one. */
  invalidate(): void;
  /** Safe to show in the UI and audit log (no secrets), e.g. `static token`, `exec: kubelogin`. */
  describe(): string;
}

/** A credential could not be obtained. The message is safe to show and says what to fix. */
export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialError';
  }
}

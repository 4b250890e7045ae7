import type { ResolvedKubeconfig } from '../../clusters/index.js';
import type { CredentialProvider } from './credential-provider.js';
import { ExecCredentialProvider } from './exec-credential-provider.js';
import { StaticCredentialProvider } from './static-credential-provider.js';

export interface CredentialDispatcherOptions {
  execAllowlist: readonly string[];
}

/** Picks the credential provider for a stored kubeconfig by the kind of auth it uses. */
export function credentialProviderFor(resolved: ResolvedKubeconfig, options: CredentialDispatcherOptions): CredentialProvider {
  switch (resolved.authKind) {
    case 'token':
      return new StaticCredentialProvider({ type: 'bearer-token', token: resolved.token! });
    case 'client-certificate':
      return new StaticCredentialProvider({
        type: 'client-certificate',
        certificatePem: Buffer.from(resolved.clientCertificateData!, 'base64').toString('utf8'),
        keyPem: Buffer.from(resolved.clientKeyData!, 'base64').toString('utf8'),
      });
    case 'exec':
      return new ExecCredentialProvider({ exec: resolved.exec!, allowlist: options.execAllowlist });
    default:
      return new StaticCredentialProvider({ type: 'anonymous' });
  }
}

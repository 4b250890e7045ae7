import { KubeConfig, type RequestContext } from '@kubernetes/client-node';
import type { ClusterCredential } from './credentials/index.js';

/** Where a cluster's API server is and how to trust it (no credentials). */
export interface ClusterEndpoint {
  server: string;
  /** Base64 PEM bundle, as in kubeconfig certificate-authority-data. */
  caData?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
}

/** A KubeConfig whose every request is cancelled by one signal (a deadline for the whole job). */
class SignalledKubeConfig extends KubeConfig {
  constructor(private readonly signal: AbortSignal) {
    super();
  }

  // client-node calls this for every request it makes: the one place to attach the signal.
  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    context.setSignal(this.signal);
  }
}

/**
 * Builds a client-node KubeConfig for one endpoint and one credential. The only place that
 * turns our credential data into client configuration. With `signal`, every request made through
 * it is aborted when the signal fires.
 */
export function buildKubeConfig(endpoint: ClusterEndpoint, credential: ClusterCredential, signal?: AbortSignal): KubeConfig {
  const user: Record<string, unknown> = { name: 'user' };
  if (credential.type === 'bearer-token') user.token = credential.token;
  if (credential.type === 'client-certificate') {
    user.certData = Buffer.from(credential.certificatePem).toString('base64');
    user.keyData = Buffer.from(credential.keyPem).toString('base64');
  }
  const kubeConfig = signal ? new SignalledKubeConfig(signal) : new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: 'cluster',
        server: endpoint.server,
        caData: endpoint.caData,
        skipTLSVerify: endpoint.insecureSkipTlsVerify,
        tlsServerName: endpoint.tlsServerName,
      },
    ],
    users: [user],
    contexts: [{ name: 'context', cluster: 'cluster', user: 'user' }],
    currentContext: 'context',
  });
  return kubeConfig;
}

import type { ClusterRow } from '../store/index.js';
import type { ResolvedKubeconfig } from '../clusters/index.js';
import type { CredentialProvider } from './credentials/index.js';

/**
 * Decides how a cluster authenticates when its kubeconfig's own auth is not the whole story
 * (an AKS cluster synced from Azure gets in-process Entra tokens of its subscription). Returns
 * undefined when it does not apply, and the next strategy (finally the kubeconfig's own auth) is
 * asked.
 */
export interface AuthStrategy {
  /** Shown in logs: `azure`, … */
  readonly name: string;
  providerFor(cluster: ClusterRow, storedKubeconfig: string, resolved: ResolvedKubeconfig): Promise<CredentialProvider | undefined>;
}

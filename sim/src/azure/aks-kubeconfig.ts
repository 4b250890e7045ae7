import { dump } from 'js-yaml';
import type { ManagedCluster } from './arm-inventory.js';
import { AKS_KUBELOGIN_CLIENT_ID, AKS_SERVER_APP_ID } from './well-known-ids.js';

export type AksCredentialKind = 'clusterUser' | 'clusterAdmin';

const KUBELOGIN_INSTALL_HINT = `
kubelogin is not installed which is required to connect to AAD enabled cluster.

To learn more, please go to https://aka.ms/aks/kubelogin
`;

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * The kubeconfig AKS returns from `listClusterUserCredential` / `listClusterAdminCredential`.
 * Entra-enabled clusters get (for users) the kubelogin exec block in devicecode mode, exactly as
 * AKS writes it; local accounts get client certificates. Keys are in Go's sorted order like AKS.
 */
export function buildAksKubeconfig(cluster: ManagedCluster, kind: AksCredentialKind): string {
  const userName = `${kind}_${cluster.resourceGroup}_${cluster.name}`;
  const contextName = kind === 'clusterAdmin' ? `${cluster.name}-admin` : cluster.name;
  const useExec = kind === 'clusterUser' && cluster.aadEnabled;
  let user: Record<string, unknown>;
  if (useExec) {
    user = {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        args: [
          'get-token',
          '--environment',
          'AzurePublicCloud',
          '--server-id',
          AKS_SERVER_APP_ID,
          '--client-id',
          AKS_KUBELOGIN_CLIENT_ID,
          '--tenant-id',
          cluster.tenantId,
          '--login',
          'devicecode',
        ],
        command: 'kubelogin',
        env: null,
        installHint: KUBELOGIN_INSTALL_HINT,
        provideClusterInfo: false,
      },
    };
  } else {
    const certificate = cluster.backing.clientCertificate;
    if (!certificate) throw new Error(`cluster ${cluster.name} has no local account certificate`);
    user = {
      'client-certificate-data': base64(certificate.certPem),
      'client-key-data': base64(certificate.keyPem),
      ...(cluster.backing.localAccountToken ? { token: cluster.backing.localAccountToken } : {}),
    };
  }
  const config = {
    apiVersion: 'v1',
    clusters: [{ cluster: { 'certificate-authority-data': base64(cluster.backing.caPem), server: cluster.backing.server }, name: cluster.name }],
    contexts: [{ context: { cluster: cluster.name, user: userName }, name: contextName }],
    'current-context': contextName,
    kind: 'Config',
    preferences: {},
    users: [{ name: userName, user }],
  };
  return serialised(cluster, kind, config);
}

/**
 * YAML of the last config served per cluster and kind. Serialising is the simulator's costliest
 * step when a large fleet is synced; the cache entry is reused only while the config is identical
 * (a rotated certificate or server address gives a new one).
 */
const lastServed = new WeakMap<ManagedCluster, Map<AksCredentialKind, { json: string; yaml: string }>>();

function serialised(cluster: ManagedCluster, kind: AksCredentialKind, config: object): string {
  const json = JSON.stringify(config);
  let byKind = lastServed.get(cluster);
  if (!byKind) lastServed.set(cluster, (byKind = new Map()));
  const cached = byKind.get(kind);
  if (cached?.json === json) return cached.yaml;
  // AKS serialises with Go's yaml: sequences are not indented under their key.
  const yaml = dump(config, { lineWidth: -1, noArrayIndent: true });
  byKind.set(kind, { json, yaml });
  return yaml;
}

import { stringify } from 'yaml';

/** How the kubeconfig's user authenticates. */
export type KubeconfigCredential =
  | { token: string }
  | { clientCertificatePem: string; clientKeyPem: string }
  | { exec: { command: string; args: string[]; apiVersion?: string; env?: { name: string; value: string }[] } };

export interface KubeconfigOptions {
  /** Cluster and context name. */
  name: string;
  server: string;
  caPem: string;
  credential: KubeconfigCredential;
  /** User entry name (default `<name>-admin`). */
  userName?: string;
  namespace?: string;
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** A self-contained kubeconfig (CA and credentials inline), as `kubectl` and client libraries read it. */
export function buildKubeconfig(options: KubeconfigOptions): string {
  const userName = options.userName ?? `${options.name}-admin`;
  const { credential } = options;
  const user =
    'token' in credential
      ? { token: credential.token }
      : 'clientCertificatePem' in credential
        ? { 'client-certificate-data': base64(credential.clientCertificatePem), 'client-key-data': base64(credential.clientKeyPem) }
        : { exec: { apiVersion: credential.exec.apiVersion ?? 'client.authentication.k8s.io/v1beta1', command: credential.exec.command, args: credential.exec.args, env: credential.exec.env ?? null, interactiveMode: 'IfAvailable', provideClusterInfo: false } };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: options.name, cluster: { 'certificate-authority-data': base64(options.caPem), server: options.server } }],
    contexts: [{ name: options.name, context: { cluster: options.name, user: userName, ...(options.namespace ? { namespace: options.namespace } : {}) } }],
    'current-context': options.name,
    preferences: {},
    users: [{ name: userName, user }],
  });
}

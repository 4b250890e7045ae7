import { readFile } from 'node:fs/promises';

/** Where a pod finds its API server and ServiceAccount credentials (the kubelet mounts them). */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface InClusterSettings {
  /** IN_CLUSTER_REGISTER: register the cluster the server runs in. */
  register: boolean;
  /** IN_CLUSTER_NAME: its display name (default `in-cluster`). */
  name: string;
  /** KUBERNETES_SERVICE_HOST / KUBERNETES_SERVICE_PORT, set by the kubelet in every pod. */
  serviceHost: string | undefined;
  servicePort: string | undefined;
  /** The projected ServiceAccount token (rotated by the kubelet) and the cluster's CA. */
  tokenFile: string;
  caFile: string;
}

export interface InClusterEnvironment {
  /** `https://host:port` of the API server. */
  server: string;
  caPem: string;
  tokenFile: string;
}

/**
 * The API server and credentials of the cluster the server runs in, as client-go's
 * rest.InClusterConfig finds them. Throws with a message naming what is missing (not in a pod,
 * or the ServiceAccount token is not mounted).
 */
export async function readInClusterEnvironment(settings: InClusterSettings): Promise<InClusterEnvironment> {
  const { serviceHost, servicePort } = settings;
  if (!serviceHost || !servicePort) {
    throw new Error('KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set: the server does not run in a Kubernetes pod');
  }
  let caPem: string;
  try {
    caPem = await readFile(settings.caFile, 'utf8');
    // The token is read only to check it is there; the connection reads it again each time it needs it.
    await readFile(settings.tokenFile, 'utf8');
  } catch (error) {
    throw new Error(`the ServiceAccount token or CA is not mounted (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); set automountServiceAccountToken: true`);
  }
  const host = serviceHost.includes(':') ? `[${serviceHost}]` : serviceHost;
  return { server: `https://${host}:${servicePort}`, caPem, tokenFile: settings.tokenFile };
}

/** A kubeconfig without credentials: the token is never stored, the connection reads it from the file. */
export function inClusterKubeconfig(environment: InClusterEnvironment, name: string): string {
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: environment.server, 'certificate-authority-data': Buffer.from(environment.caPem).toString('base64') } }],
    contexts: [{ name, context: { cluster: name } }],
    'current-context': name,
  };
  return JSON.stringify(kubeconfig);
}

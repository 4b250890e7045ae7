import type { CertificateAuthority } from '../pki/certificate-authority.js';
import { FLUX_KINDS } from '../flux/flux-kinds.js';
import { buildKubeconfig, startKubeApiServer, type KubeApiServer, type KubeApiServerOptions } from '../kube/index.js';
import { MemoryObjectStore, MemoryPodLogStore } from '../store/index.js';

export const SIMULATED_ADMIN_TOKEN = 'sim-admin-token-5d1c';

/** A small simulated Kubernetes API server with Flux installed, and kubeconfigs for it. */
export interface SimulatedCluster {
  server: KubeApiServer;
  /** A self-contained kubeconfig with the admin token, or with `token`. */
  kubeconfig(token?: string): string;
}

export interface SimulatedClusterOptions extends Partial<Pick<KubeApiServerOptions, 'authorization' | 'fluxVersions' | 'kubernetesVersion' | 'http2'>> {
  /** Serve no Flux API groups at all (Flux not installed). */
  withoutFlux?: boolean;
}

/**
 * One API server (no controllers, no generated objects) with a `flux-system` namespace and a
 * kustomize-controller Deployment labelled with Flux v2.6.4: enough for health checks and UI tests.
 */
export async function startSimulatedCluster(ca: CertificateAuthority, name: string, options: SimulatedClusterOptions = {}): Promise<SimulatedCluster> {
  const store = new MemoryObjectStore();
  store.create('/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } });
  store.create('apps/deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'kustomize-controller', namespace: 'flux-system', labels: { 'app.kubernetes.io/part-of': 'flux', 'app.kubernetes.io/version': 'v2.6.4' } },
    spec: { replicas: 1 },
  });
  const noFlux = Object.fromEntries(FLUX_KINDS.map((kind) => [kind.group, [] as string[]]));
  const server = await startKubeApiServer({
    name,
    ca,
    store,
    logs: new MemoryPodLogStore(),
    staticTokens: { [SIMULATED_ADMIN_TOKEN]: { user: 'admin', groups: ['system:masters'] } },
    kubernetesVersion: options.kubernetesVersion ?? 'v1.32.3',
    ...(options.authorization ? { authorization: options.authorization } : {}),
    ...(options.http2 !== undefined ? { http2: options.http2 } : {}),
    ...(options.withoutFlux ? { fluxVersions: noFlux } : options.fluxVersions ? { fluxVersions: options.fluxVersions } : {}),
  });
  return { server, kubeconfig: (token = SIMULATED_ADMIN_TOKEN) => buildKubeconfig({ name, server: server.url, caPem: server.caPem, credential: { token } }) };
}

import type { CertificateAuthority } from '@flux-orchestrator/sim/pki';
import { buildKubeconfig, startKubeApiServer, type KubeApiServer } from '@flux-orchestrator/sim/kube';
import { MemoryObjectStore, MemoryPodLogStore } from '@flux-orchestrator/sim/store';
import { FLUX_KINDS } from '@flux-orchestrator/sim/flux-kinds';

const ADMIN_TOKEN = 'e2e-admin-token';

/** A simulated Kubernetes API server with Flux v2.6.4 installed, and a kubeconfig for it. */
export interface SimulatedCluster {
  server: KubeApiServer;
  kubeconfig(token?: string): string;
}

export async function startSimulatedCluster(ca: CertificateAuthority, name: string, options: { withoutFlux?: boolean; kubernetesVersion?: string } = {}): Promise<SimulatedCluster> {
  const store = new MemoryObjectStore();
  store.create('/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } });
  store.create('apps/deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'kustomize-controller', namespace: 'flux-system', labels: { 'app.kubernetes.io/part-of': 'flux', 'app.kubernetes.io/version': 'v2.6.4' } },
    spec: { replicas: 1 },
  });
  const server = await startKubeApiServer({
    name,
    ca,
    store,
    logs: new MemoryPodLogStore(),
    staticTokens: { [ADMIN_TOKEN]: { user: 'admin', groups: ['system:masters'] } },
    kubernetesVersion: options.kubernetesVersion ?? 'v1.32.3',
    ...(options.withoutFlux ? { fluxVersions: Object.fromEntries(FLUX_KINDS.map((kind) => [kind.group, [] as string[]])) } : {}),
  });
  return { server, kubeconfig: (token = ADMIN_TOKEN) => buildKubeconfig({ name, server: server.url, caPem: server.caPem, credential: { token } }) };
}

import type { CertificateAuthority } from '../pki/certificate-authority.js';
import { DEFAULT_FLUX_RELEASE, findFluxRelease, NO_FLUX_KINDS } from '../flux/flux-releases.js';
import { buildKubeconfig, startKubeApiServer, type KubeApiServer, type KubeApiServerOptions } from '../kube/index.js';
import { MemoryObjectStore, MemoryPodLogStore } from '../store/index.js';

export const SIMULATED_ADMIN_TOKEN = 'sim-admin-token-5d1c';

/** A small simulated Kubernetes API server with Flux installed, and kubeconfigs for it. */
export interface SimulatedCluster {
  server: KubeApiServer;
  /** A self-contained kubeconfig with the admin token, or with `token`. */
  kubeconfig(token?: string): string;
}

export interface SimulatedClusterOptions extends Partial<Pick<KubeApiServerOptions, 'authorization' | 'fluxKindVersions' | 'kubernetesVersion' | 'http2'>> {
  /** The Flux release installed (`2.2`, `v2.6.4`; default: the simulator's default release). */
  fluxVersion?: string;
  /** Serve no Flux API groups at all (Flux not installed). */
  withoutFlux?: boolean;
}

/**
 * One API server (no controllers, no generated objects) with a `flux-system` namespace and a
 * kustomize-controller Deployment labelled with the Flux release: enough for health checks and UI tests.
 */
export async function startSimulatedCluster(ca: CertificateAuthority, name: string, options: SimulatedClusterOptions = {}): Promise<SimulatedCluster> {
  const release = options.fluxVersion ? findFluxRelease(options.fluxVersion) : DEFAULT_FLUX_RELEASE;
  const controller = release.components.find((component) => component.name === 'kustomize-controller')!;
  const store = new MemoryObjectStore();
  store.create('/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } });
  store.create('apps/deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: controller.name, namespace: 'flux-system', labels: { 'app.kubernetes.io/part-of': 'flux', 'app.kubernetes.io/version': release.version } },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'manager', image: `${controller.image}:${controller.version}` }] } } },
  });
  const server = await startKubeApiServer({
    name,
    ca,
    store,
    logs: new MemoryPodLogStore(),
    staticTokens: { [SIMULATED_ADMIN_TOKEN]: { user: 'admin', groups: ['system:masters'] } },
    kubernetesVersion: options.kubernetesVersion ?? 'v1.32.3',
    fluxRelease: release,
    ...(options.authorization ? { authorization: options.authorization } : {}),
    ...(options.http2 !== undefined ? { http2: options.http2 } : {}),
    ...(options.withoutFlux ? { fluxKindVersions: NO_FLUX_KINDS } : options.fluxKindVersions ? { fluxKindVersions: options.fluxKindVersions } : {}),
  });
  return { server, kubeconfig: (token = SIMULATED_ADMIN_TOKEN) => buildKubeconfig({ name, server: server.url, caPem: server.caPem, credential: { token } }) };
}

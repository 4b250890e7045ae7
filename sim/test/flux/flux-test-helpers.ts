import { MemoryObjectStore } from '../../src/store/memory-object-store.js';
import { MemoryPodLogStore } from '../../src/store/memory-pod-log-store.js';
import type { KubeObject } from '../../src/store/types.js';

/** Polls `probe` until it returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(probe: () => T | undefined | null | false, description: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function condition(object: KubeObject | undefined, type: string): { status: string; reason: string; message: string } | undefined {
  const conditions = (object?.status?.conditions ?? []) as Array<{ type: string; status: string; reason: string; message: string }>;
  return conditions.find((item) => item.type === type);
}

export function newCluster(): { store: MemoryObjectStore; logs: MemoryPodLogStore } {
  const store = new MemoryObjectStore();
  const logs = new MemoryPodLogStore();
  store.create('/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } });
  for (const app of ['source-controller', 'kustomize-controller', 'helm-controller']) {
    store.create('/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${app}-7d9c8b6f5-abcde`, namespace: 'flux-system', labels: { app } } });
  }
  return { store, logs };
}

export const GIT = 'source.toolkit.fluxcd.io/gitrepositories';
export const HELMREPO = 'source.toolkit.fluxcd.io/helmrepositories';
export const KS = 'kustomize.toolkit.fluxcd.io/kustomizations';
export const HR = 'helm.toolkit.fluxcd.io/helmreleases';

export function gitRepository(name: string): KubeObject {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name, namespace: 'flux-system' },
    spec: { interval: '1m', url: `https://github.com/example/${name}`, ref: { branch: 'main' } },
  };
}

export function kustomization(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: 'flux-system' },
    spec: { interval: '10m', path: `./${name}`, prune: true, sourceRef: { kind: 'GitRepository', name: 'fleet' }, ...spec },
  };
}

export const OCIREPO = 'source.toolkit.fluxcd.io/ocirepositories';
export const HELMCHART = 'source.toolkit.fluxcd.io/helmcharts';
export const BUCKET = 'source.toolkit.fluxcd.io/buckets';
export const IMAGEREPO = 'image.toolkit.fluxcd.io/imagerepositories';
export const GENERATOR = 'source.extensions.fluxcd.io/artifactgenerators';
export const EXTERNAL = 'source.toolkit.fluxcd.io/externalartifacts';

/** Polls until the object's Ready condition has `status` (and `reason`, when given); returns the object. */
export function waitForReady(store: MemoryObjectStore, groupResource: string, namespace: string, name: string, status: 'True' | 'False', reason?: string, timeoutMs = 5000): Promise<KubeObject> {
  return waitFor(() => {
    const object = store.get(groupResource, namespace, name);
    const ready = condition(object, 'Ready');
    return ready?.status === status && (reason === undefined || ready.reason === reason) && object;
  }, `${name} Ready=${status}${reason ? ` (${reason})` : ''}`, timeoutMs);
}

/** Events recorded for an object, by name. */
export function eventsFor(store: MemoryObjectStore, name: string): KubeObject[] {
  return store.list('/events', { fieldSelector: `involvedObject.name=${name}` }).items;
}

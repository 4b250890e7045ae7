/**
 * Test fixture: one simulated API server over a small, hand-written set of objects, a kubeconfig
 * on disk and a way to run the installed kubectl against it (always async: the server runs in
 * this process, a synchronous child would deadlock it).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CertificateAuthority } from '../../src/pki/certificate-authority.js';
import { MemoryObjectStore, MemoryPodLogStore } from '../../src/store/index.js';
import type { KubeObject } from '../../src/store/types.js';
import { startKubeApiServer, type KubeApiServer, type KubeApiServerOptions } from '../../src/kube/kube-api-server.js';
import { buildKubeconfig } from '../../src/kube/kubeconfig.js';

const execFileAsync = promisify(execFile);

export const ADMIN_TOKEN = 'admin-token-0123456789';
export const VIEWER_TOKEN = 'viewer-token-0123456789';

/** The viewer may read everything except list/watch Kustomizations, and do nothing else. */
export const VIEWER_WITHOUT_KUSTOMIZATION_LISTS = {
  rules: [
    { effect: 'deny' as const, users: ['viewer'], verbs: ['list', 'watch'], apiGroups: ['kustomize.toolkit.fluxcd.io'], resources: ['kustomizations'] },
    { effect: 'allow' as const, users: ['viewer'], verbs: ['get', 'list', 'watch'] },
    { effect: 'deny' as const, users: ['viewer'] },
  ],
};

export interface KubeTestCluster {
  server: KubeApiServer;
  store: MemoryObjectStore;
  logs: MemoryPodLogStore;
  ca: CertificateAuthority;
  dir: string;
  /** Path of a kubeconfig with the admin token (or `token`). */
  writeKubeconfig(token?: string, fileName?: string): Promise<string>;
  kubectl(args: string[], options?: { token?: string; timeoutMs?: number }): Promise<{ stdout: string; stderr: string; code: number }>;
  /** Writes a manifest file in the cluster's directory (for `kubectl apply -f`) and returns its path. */
  writeManifest(fileName: string, content: string): Promise<string>;
  close(): Promise<void>;
}

let sharedCa: Promise<CertificateAuthority> | undefined;
export function testCa(): Promise<CertificateAuthority> {
  sharedCa ??= CertificateAuthority.create('kube-test-ca');
  return sharedCa;
}

function fluxObject(apiVersion: string, kind: string, namespace: string, name: string, spec: Record<string, unknown>, ready = true): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name, namespace, labels: { 'app.kubernetes.io/part-of': name.startsWith('infra') ? 'infra' : 'apps' } },
    spec,
    status: {
      observedGeneration: 1,
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          reason: ready ? 'ReconciliationSucceeded' : 'BuildFailed',
          message: ready ? 'Applied revision: main@sha1:0123456789abcdef' : 'kustomization path not found',
          lastTransitionTime: '2025-01-01T00:00:00Z',
          observedGeneration: 1,
        },
      ],
    },
  };
}

export function seedObjects(store: MemoryObjectStore, logs: MemoryPodLogStore): void {
  for (const name of ['flux-system', 'apps', 'default']) store.create('/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  store.create('source.toolkit.fluxcd.io/gitrepositories', fluxObject('source.toolkit.fluxcd.io/v1', 'GitRepository', 'flux-system', 'flux-system', { url: 'https://github.com/example/fleet', interval: '1m' }));
  for (const name of ['apps', 'infra-controllers', 'infra-configs']) {
    store.create(
      'kustomize.toolkit.fluxcd.io/kustomizations',
      fluxObject('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'flux-system', name, { path: `./${name}`, interval: '10m', sourceRef: { kind: 'GitRepository', name: 'flux-system' } }, name !== 'infra-configs'),
    );
  }
  store.create('helm.toolkit.fluxcd.io/helmreleases', fluxObject('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'apps', 'podinfo', { interval: '5m', chart: { spec: { chart: 'podinfo' } } }));
  store.create('apps/deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'podinfo', namespace: 'apps', labels: { app: 'podinfo' } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'podinfo' } }, template: { metadata: { labels: { app: 'podinfo' } }, spec: { containers: [{ name: 'podinfo', image: 'ghcr.io/stefanprodan/podinfo:6.7.0' }] } } },
    status: { replicas: 2, readyReplicas: 2 },
  });
  store.create('/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'kustomize-controller-7d9f8b7c6d-abcde', namespace: 'flux-system', labels: { app: 'kustomize-controller' } },
    spec: { containers: [{ name: 'manager', image: 'ghcr.io/fluxcd/kustomize-controller:v1.5.0' }] },
    status: { phase: 'Running' },
  });
  const start = Date.now() - 10_000;
  for (let index = 0; index < 5; index += 1) {
    logs.append('flux-system', 'kustomize-controller-7d9f8b7c6d-abcde', 'manager', `{"level":"info","msg":"line ${index}"}`, new Date(start + index * 1000));
  }
}

export interface KubeTestClusterOptions {
  /** Fills the store before the server starts. Default: `seedObjects`. */
  populate?: (store: MemoryObjectStore, logs: MemoryPodLogStore) => void;
}

export async function startKubeTestCluster(overrides: Partial<KubeApiServerOptions> = {}, options: KubeTestClusterOptions = {}): Promise<KubeTestCluster> {
  const ca = await testCa();
  const store = new MemoryObjectStore({ historySize: 50 });
  const logs = new MemoryPodLogStore();
  (options.populate ?? seedObjects)(store, logs);
  const server = await startKubeApiServer({
    name: 'test-cluster',
    ca,
    store,
    logs,
    staticTokens: {
      [ADMIN_TOKEN]: { user: 'admin', groups: ['system:masters'] },
      [VIEWER_TOKEN]: { user: 'viewer', groups: ['viewers'] },
    },
    ...overrides,
  });
  const dir = await mkdtemp(join(tmpdir(), 'kube-sim-test-'));
  const writeKubeconfig = async (token = ADMIN_TOKEN, fileName = `kubeconfig-${token}.yaml`): Promise<string> => {
    const path = join(dir, fileName);
    await writeFile(path, buildKubeconfig({ name: 'test-cluster', server: server.url, caPem: server.caPem, credential: { token } }));
    return path;
  };
  const kubectl = async (args: string[], options: { token?: string; timeoutMs?: number } = {}) => {
    const kubeconfig = await writeKubeconfig(options.token);
    try {
      const { stdout, stderr } = await execFileAsync('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], {
        env: { PATH: process.env.PATH ?? '/usr/bin', HOME: dir },
        timeout: options.timeoutMs ?? 20_000,
      });
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string; code?: number | string; killed?: boolean };
      if (typeof failure.code !== 'number' && !failure.killed) throw error;
      return { stdout: failure.stdout ?? '', stderr: failure.stderr ?? '', code: typeof failure.code === 'number' ? failure.code : -1 };
    }
  };
  const writeManifest = async (fileName: string, content: string): Promise<string> => {
    const path = join(dir, fileName);
    await writeFile(path, content);
    return path;
  };
  return {
    server,
    store,
    logs,
    ca,
    dir,
    writeKubeconfig,
    kubectl,
    writeManifest,
    async close() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `kubectl get kustomizations -n flux-system --watch` (plus `extraArgs`), creates the
 * Kustomization `late-arrival` once kubectl's watch is open (so its event must come from the
 * stream, not the initial list), and resolves with everything kubectl printed by then.
 */
export async function watchLateArrival(cluster: KubeTestCluster, extraArgs: string[] = []): Promise<{ output: string; errors: string }> {
  const kubeconfig = await cluster.writeKubeconfig();
  const child = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(cluster.dir, 'cache'), 'get', 'kustomizations', '-n', 'flux-system', '--watch', ...extraArgs], {
    env: { PATH: process.env.PATH ?? '/usr/bin', HOME: cluster.dir },
  });
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const sawLateArrival = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`watch output never showed the new object: ${output}${errors}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('late-arrival')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const resource = 'kustomizations.kustomize.toolkit.fluxcd.io';
  const watchesBefore = cluster.server.counters.get('watch', resource);
  try {
    while (cluster.server.counters.get('watch', resource) === watchesBefore) await new Promise((resolve) => setTimeout(resolve, 50));
    cluster.store.create('kustomize.toolkit.fluxcd.io/kustomizations', {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'late-arrival', namespace: 'flux-system' },
      spec: { path: './late', interval: '5m' },
    });
    await sawLateArrival;
  } finally {
    child.kill();
  }
  return { output, errors };
}

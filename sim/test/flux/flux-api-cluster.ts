import { afterEach } from 'vitest';
/**
 * Test fixture: a simulated API server with the simulated Flux controllers on the same store,
 * fast (10 ms reconciles, a minute of Flux time in 60 ms), and kubectl to drive it as a user.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FluxControllerSimulator } from '../../src/flux/flux-controller-simulator.js';
import type { LocalSource } from '../../src/flux/local-kustomize.js';
import { SimulatedNetwork } from '../../src/flux/simulated-network.js';
import type { KubeObject } from '../../src/store/types.js';
import { startKubeTestCluster } from '../kube/kube-test-cluster.js';
import type { KubeTestCluster } from '../kube/kube-test-cluster.js';

export interface FluxApiCluster extends KubeTestCluster {
  simulator: FluxControllerSimulator;
  network: SimulatedNetwork;
  /** `kubectl create -f` of a YAML document (validated as kubectl does); throws with kubectl's stderr on failure. */
  create(yaml: string): Promise<void>;
  /** `kubectl <args>`; throws with kubectl's stderr on failure. */
  run(args: string[]): Promise<string>;
  /** `kubectl get <resource> <name> -n <namespace> -o json`. */
  getJson(resource: string, namespace: string, name: string): Promise<KubeObject>;
  /** Repeats {@link getJson} until `accept` holds (a failing source flips to Progressing at each retry). */
  getJsonWhen(resource: string, namespace: string, name: string, accept: (object: KubeObject) => boolean): Promise<KubeObject>;
}

let files = 0;

export async function startFluxApiCluster(options: { network?: SimulatedNetwork; timeScale?: number; localSources?: readonly LocalSource[] } = {}): Promise<FluxApiCluster> {
  const cluster = await startKubeTestCluster({}, {
    populate: (store) => {
      for (const name of ['flux-system', 'apps', 'default']) store.create('/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      for (const app of ['source-controller', 'kustomize-controller', 'helm-controller', 'source-watcher', 'image-reflector-controller']) {
        store.create('/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${app}-7d9c8b6f5-abcde`, namespace: 'flux-system', labels: { app } } });
      }
    },
  });
  const network = options.network ?? new SimulatedNetwork();
  const simulator = new FluxControllerSimulator({ store: cluster.store, logs: cluster.logs, network, reconcileDelayMs: 10, seed: 5, timeScale: options.timeScale ?? 0.001, localSources: options.localSources });
  simulator.start();
  const run = async (args: string[]): Promise<string> => {
    const result = await cluster.kubectl(args);
    if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
  return {
    ...cluster,
    simulator,
    network,
    run,
    async create(yaml) {
      const path = join(cluster.dir, `manifest-${(files += 1)}.yaml`);
      await writeFile(path, yaml);
      await run(['create', '-f', path]);
    },
    async getJson(resource, namespace, name) {
      return JSON.parse(await run(['get', resource, name, '-n', namespace, '-o', 'json'])) as KubeObject;
    },
    async getJsonWhen(resource, namespace, name, accept) {
      let last: KubeObject | undefined;
      for (let attempt = 0; attempt < 20; attempt += 1) {
        last = JSON.parse(await run(['get', resource, name, '-n', namespace, '-o', 'json'])) as KubeObject;
        if (accept(last)) return last;
      }
      throw new Error(`kubectl never showed the expected ${resource}/${name}: ${JSON.stringify(last?.status)}`);
    },
    async close() {
      simulator.stop();
      await cluster.close();
    },
  };
}

/**
 * A test file's `cluster()`: each call starts a simulated cluster with the Flux controllers, and
 * every cluster a test started is closed after that test (call at the top level of the file).
 */
export function fluxApiClusterPerTest(): () => Promise<FluxApiCluster> {
  const started: FluxApiCluster[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((cluster) => cluster.close()));
  });
  return async () => {
    const cluster = await startFluxApiCluster();
    started.push(cluster);
    return cluster;
  };
}

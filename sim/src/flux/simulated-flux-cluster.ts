import { MemoryObjectStore } from '../store/memory-object-store.js';
import { MemoryPodLogStore } from '../store/memory-pod-log-store.js';
import { generateClusterObjects, seedCluster } from './fleet-generator.js';
import { FluxControllerSimulator } from './flux-controller-simulator.js';
import { DEFAULT_FLUX_RELEASE, findFluxRelease } from './flux-releases.js';
import { applyManifests } from './manifest-loader.js';
import type { LocalSource } from './local-kustomize.js';
import { SimulatedNetwork } from './simulated-network.js';

export interface SimulatedFluxClusterOptions {
  clusterName: string;
  /** Flux objects to generate (see generateClusterObjects). 0 → only flux-system's controllers. Default 0. */
  objects?: number;
  /** Generator seed. Default: the cluster name. */
  seed?: number | string;
  failingShare?: number;
  suspendedShare?: number;
  /** The cluster's Flux release (`2.6`, `v2.6.4`; default: the simulator's default release). */
  fluxVersion?: string;
  /** Multi-document YAML applied after the generated objects (e.g. a repository layout). */
  manifests?: string;
  /** See FluxControllerSimulatorOptions.reconcileDelayMs. Default 500 ms. */
  reconcileDelayMs?: number;
  /** Store history window (watch resume / 410 Expired). Default 1000 events. */
  historySize?: number;
  /** Log lines kept per container. Default 300. */
  logLinesPerContainer?: number;
  /** Events the controllers keep in the store. Default 200. */
  maxEvents?: number;
  /** Network the sources fetch through (share one across clusters for fleet-wide outages). Default: a new one. */
  network?: SimulatedNetwork;
  /** See FluxControllerSimulatorOptions.timeScale. Default 1 (real time). */
  timeScale?: number;
  /** See FluxControllerSimulatorOptions.requeueDependencyMs (`--requeue-dependency`). Default 30 s. */
  requeueDependencyMs?: number;
  /** GitRepository/OCIRepository URLs whose content is a local directory: Kustomizations build and apply it (see FluxControllerSimulatorOptions.localSources). */
  sources?: readonly LocalSource[];
}

/** One simulated cluster's state and its running Flux controllers. */
export interface SimulatedFluxCluster {
  name: string;
  store: MemoryObjectStore;
  logs: MemoryPodLogStore;
  simulator: FluxControllerSimulator;
  network: SimulatedNetwork;
  /** Makes a URL prefix or host unreachable for this cluster's sources (`false`: reachable again). */
  setUnreachable(urlOrHost: string, unreachable?: boolean): void;
  /** Stops the controllers (the state stays readable). */
  stop(): void;
}

/**
 * Builds a cluster's store and log store, seeds it (generated objects, then `manifests`) and
 * starts its Flux controllers. This is what a fleet creates per simulated API server.
 * Throws ManifestError when `manifests` is invalid.
 */
export function createSimulatedFluxCluster(options: SimulatedFluxClusterOptions): SimulatedFluxCluster {
  const store = new MemoryObjectStore({ historySize: options.historySize });
  const logs = new MemoryPodLogStore({ linesPerContainer: options.logLinesPerContainer });
  seedCluster(
    store,
    generateClusterObjects({
      clusterName: options.clusterName,
      objects: options.objects ?? 0,
      seed: options.seed ?? options.clusterName,
      failingShare: options.failingShare,
      suspendedShare: options.suspendedShare,
      fluxVersion: options.fluxVersion,
    }),
  );
  if (options.manifests) applyManifests(store, options.manifests, { fluxRelease: options.fluxVersion ? findFluxRelease(options.fluxVersion) : DEFAULT_FLUX_RELEASE });
  const network = options.network ?? new SimulatedNetwork();
  const simulator = new FluxControllerSimulator({
    store,
    logs,
    network,
    reconcileDelayMs: options.reconcileDelayMs,
    seed: options.seed ?? options.clusterName,
    maxEvents: options.maxEvents,
    timeScale: options.timeScale,
    requeueDependencyMs: options.requeueDependencyMs,
    localSources: options.sources,
  });
  simulator.start();
  return {
    name: options.clusterName,
    store,
    logs,
    simulator,
    network,
    setUnreachable: (urlOrHost, unreachable = true) => network.setUnreachable(urlOrHost, unreachable),
    stop: () => simulator.stop(),
  };
}

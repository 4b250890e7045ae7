/**
 * A whole simulated fleet in one process: one CA, N Kubernetes API servers (each with its own
 * object store, pod logs, Flux controllers and generated objects), optionally an Azure simulator
 * whose subscriptions hold AKS clusters backed by more API servers, and the files a user or a
 * script needs to reach them (kubeconfigs, `ca.pem`, `manifest.json`).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { TokenAuthenticator } from './contracts.js';
import { startAzureSimulator, type AzureSimulator, type ProvisionClusterRequest } from './azure/index.js';
import type { ProvisionedCluster } from './azure/index.js';
import { generateClusterObjects, seedCluster } from './flux/fleet-generator.js';
import { DEFAULT_REQUEUE_DEPENDENCY_MS, FluxControllerSimulator } from './flux/flux-controller-simulator.js';
import { goDurationOf } from './flux/flux-revisions.js';
import { DEFAULT_FLUX_RELEASE, findFluxRelease, type FluxRelease } from './flux/flux-releases.js';
import type { LocalSource } from './flux/local-kustomize.js';
import { applyManifests } from './flux/manifest-loader.js';
import { SimulatedNetwork } from './flux/simulated-network.js';
import { startKubeApiServer, type KubeApiServer } from './kube/kube-api-server.js';
import type { KubeFaults } from './kube/fault-controller.js';
import { buildKubeconfig } from './kube/kubeconfig.js';
import type { AuthorizationPolicy } from './kube/rule-authorizer.js';
import { CertificateAuthority } from './pki/certificate-authority.js';
import { MemoryObjectStore, MemoryPodLogStore } from './store/index.js';

/** Fills a new cluster's stores before its controllers start (default: the fleet generator). */
export type ClusterPopulator = (target: { name: string; index: number; objects: number; seed: number; store: MemoryObjectStore; logs: MemoryPodLogStore; fluxRelease: FluxRelease }) => void | Promise<void>;

export interface FleetClusterOptions {
  name: string;
  /** Flux objects to generate (default: the fleet's `objectsPerCluster`). */
  objects?: number;
  /** The cluster's Flux release (`2.2`, `v2.6.4`; default: the fleet's). */
  fluxVersion?: string;
  /** Served versions per Flux kind, replacing the release's for the kinds named (`{ FluxReport: [] }`). */
  fluxKindVersions?: Readonly<Record<string, readonly string[]>>;
  /** `/version` of the cluster (default `v1.31.4`). */
  kubernetesVersion?: string;
  authorization?: AuthorizationPolicy;
  /** Extra token authenticators (the admin token always works). */
  authenticators?: TokenAuthenticator[];
  /** Seed of the generated objects and of the fault PRNG (default: derived from the fleet seed and name). */
  seed?: number;
  /** Replaces the fleet's populator for this cluster. */
  populate?: ClusterPopulator;
  /** Multi-document YAML applied after the generated objects (e.g. a `clusters/`, `infrastructure/`, `apps/` layout). */
  manifests?: string;
}

export interface StartFleetOptions {
  /** Plain clusters to start (default 1), named `${namePrefix}-001`... */
  clusters?: number;
  /** Flux objects per cluster (default 50). */
  objectsPerCluster?: number;
  /** Azure subscriptions, each with `clustersPerSubscription` AKS clusters (default 0: no Azure simulator). */
  azureSubscriptions?: number;
  /** AKS clusters per subscription (default 3: one Entra ID, one local accounts, one Entra ID with local accounts disabled). */
  clustersPerSubscription?: number;
  /** Directory for `ca.pem`, `clusters/*.yaml` and `manifest.json` (nothing is written when absent). */
  outDir?: string;
  /** Seed of everything generated (default 1). */
  seed?: number;
  /** Name prefix of plain clusters (default `cluster`). */
  namePrefix?: string;
  /** Flux reconcile delay in ms (default 500). */
  reconcileDelayMs?: number;
  /**
   * The simulated kustomize-controller's and helm-controller's `--requeue-dependency` in ms: how
   * long an object whose `dependsOn` is not ready waits before its next attempt (default 30 s, as
   * in Flux). Tests that wait for a dependency chain to become ready want a short one.
   */
  requeueDependencyMs?: number;
  /** Store history window, i.e. how old a watch resourceVersion may be (default 1000). */
  historySize?: number;
  /** How often watches with bookmarks get one (default 60 s). */
  bookmarkIntervalMs?: number;
  /** Reuse a CA (default: a new one). */
  ca?: CertificateAuthority;
  /** Fills each new cluster (default: the fleet generator). */
  populate?: ClusterPopulator;
  /** Clusters started at the same time (default 8). */
  startConcurrency?: number;
  /** Multi-document YAML applied to every plain cluster after its generated objects. */
  manifests?: string;
  /** Share of generated Flux objects that fail (default: the generator's 0.1). */
  failingShare?: number;
  /** Share of generated Flux objects that are suspended (default: the generator's 0.05). */
  suspendedShare?: number;
  /** Flux release of every cluster (`2.6`, `v2.6.4`; default: the simulator's default release). */
  fluxVersion?: string;
  /** A mixed fleet: releases assigned to clusters round-robin in start order (wins over `fluxVersion`). */
  fluxVersions?: readonly string[];
  /**
   * Source URLs served from local directories, for every cluster (plain, added and AKS: like
   * unreachable hosts, what a URL serves is the same from every cluster). Kustomizations of a
   * GitRepository/OCIRepository with one of these URLs build `spec.path` there (see
   * `FluxControllerSimulatorOptions.localSources`). Relative directories are resolved now.
   */
  sources?: readonly LocalSource[];
  /**
   * Fixed ports: the cluster started i-th (0-based; plain clusters in name order, then AKS-backing
   * clusters, then added ones; a removed cluster's port is not reused) listens on
   * `127.0.0.1:basePort + i`. Default: each cluster on a random free port.
   */
  basePort?: number;
}

/** One simulated cluster of the fleet. */
export interface SimCluster {
  readonly name: string;
  /** `https://127.0.0.1:PORT` */
  readonly server: string;
  readonly api: KubeApiServer;
  readonly store: MemoryObjectStore;
  readonly logs: MemoryPodLogStore;
  readonly controllers: FluxControllerSimulator;
  /** The Flux release installed (what its API serves and its controllers run). */
  readonly fluxRelease: FluxRelease;
  readonly faults: KubeApiServer['faults'];
  /** Bearer token of the `admin` user (group `system:masters`). */
  readonly adminToken: string;
  /** Absolute path of the kubeconfig written for it (with `outDir`). */
  readonly kubeconfigPath?: string;
  /** ARM id when the cluster backs an AKS cluster. */
  readonly azureResourceId?: string;
  /** A self-contained kubeconfig with the admin token, or with `token`. */
  kubeconfig(token?: string): string;
}

export interface FleetSubscription {
  subscriptionId: string;
  name: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Object id of the service principal (for role assignments). */
  principalId: string;
  clusters: SimCluster[];
}

export interface FleetManifest {
  ca_file: string;
  /** `flux_version`: the cluster's Flux release, e.g. `v2.6.4`. */
  clusters: { name: string; server: string; kubeconfig: string; flux_version: string }[];
  /** Source URLs served from local directories (absolute), when the fleet has any. */
  sources?: { url: string; dir: string }[];
  /** The controllers' `--requeue-dependency`, as Go prints a duration (`30s`). */
  requeue_dependency: string;
  azure?: {
    authority_host: string;
    resource_manager_endpoint: string;
    resource_manager_audience: string;
    managed_identity_endpoint: string;
    subscriptions: {
      subscription_id: string;
      name: string;
      tenant_id: string;
      client_id: string;
      client_secret: string;
      cluster_count: number;
      clusters: { name: string; resource_group: string; resource_id: string; server: string; kubeconfig: string; flux_version: string }[];
    }[];
  };
}

export interface SimFleet {
  readonly ca: CertificateAuthority;
  /** Plain clusters and AKS-backing clusters, by name. */
  readonly clusters: ReadonlyMap<string, SimCluster>;
  /** The Azure simulator (with `azureSubscriptions` > 0). */
  readonly azure?: AzureSimulator;
  readonly subscriptions: readonly FleetSubscription[];
  /** Absolute output directory, when files were written. */
  readonly outDir?: string;
  /** Throws when no cluster has that name. */
  cluster(name: string): SimCluster;
  /** Starts one more plain cluster (and rewrites `manifest.json` with `outDir`). */
  addCluster(options: FleetClusterOptions): Promise<SimCluster>;
  /** Stops a cluster's controllers and API server and forgets it. */
  removeCluster(name: string): Promise<void>;
  /** The manifest as written to `manifest.json` (paths are absolute; empty when no `outDir`). */
  manifest(): FleetManifest;
  /** Sets faults on every cluster at once. */
  setFaults(faults: KubeFaults): Promise<void>;
  /** Makes a URL prefix or host unreachable for every cluster's Flux sources (`false`: reachable again). */
  setUnreachable(urlOrHost: string, unreachable?: boolean): void;
  stop(): Promise<void>;
}

/** The default: flux/'s generator (a realistic, seeded mix of Flux objects, workloads and controllers). */
function generatedCluster(shares: { failingShare?: number; suspendedShare?: number }): ClusterPopulator {
  return ({ name, objects, seed, store, fluxRelease }) => {
    seedCluster(store, generateClusterObjects({ clusterName: name, objects, seed, fluxVersion: fluxRelease.version, ...shares }));
  };
}

/** Deterministic 31-bit seed from the fleet seed and a name. */
function seedFor(seed: number, name: string): number {
  let hash = seed >>> 0 || 1;
  for (const char of name) hash = (Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0) % 0x7fffffff;
  return hash || 1;
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await Promise.all(items.slice(start, start + size).map(run));
}

/** Starts a fleet. Always `stop()` it. */
export async function startFleet(options: StartFleetOptions = {}): Promise<SimFleet> {
  const { requeueDependencyMs = DEFAULT_REQUEUE_DEPENDENCY_MS } = options;
  if (!(requeueDependencyMs > 0)) throw new Error(`requeueDependencyMs must be a positive number of milliseconds, got ${requeueDependencyMs}`);
  const ca = options.ca ?? (await CertificateAuthority.create('flux-orchestrator-sim-ca'));
  const fleetSeed = options.seed ?? 1;
  const objectsPerCluster = options.objectsPerCluster ?? 50;
  const outDir = options.outDir ? resolve(options.outDir) : undefined;
  const clusters = new Map<string, SimCluster>();
  const plainClusters: string[] = [];
  const subscriptions: FleetSubscription[] = [];
  const defaultPopulate =
    options.populate ??
    generatedCluster({
      ...(options.failingShare !== undefined ? { failingShare: options.failingShare } : {}),
      ...(options.suspendedShare !== undefined ? { suspendedShare: options.suspendedShare } : {}),
    });
  let azure: AzureSimulator | undefined;
  const network = new SimulatedNetwork();
  const sources = (options.sources ?? []).map((source) => ({ url: source.url, dir: resolve(source.dir) }));
  // Looked up now, so an unknown release fails before any cluster starts.
  const fleetReleases = (options.fluxVersions ?? (options.fluxVersion ? [options.fluxVersion] : [])).map(findFluxRelease);
  const releaseFor = (index: number, own?: string): FluxRelease => (own ? findFluxRelease(own) : (fleetReleases[index % fleetReleases.length] ?? DEFAULT_FLUX_RELEASE));
  const { basePort } = options;
  if (basePort !== undefined && (!Number.isInteger(basePort) || basePort < 1 || basePort > 65_535)) throw new Error(`basePort must be a port number (1-65535), got ${basePort}`);
  const plainCount = options.clusters ?? 1;
  // Port offsets: plain clusters take 0..plainCount-1 by name; later clusters the next free one.
  let nextPortOffset = plainCount;
  const portFor = (name: string, offset: number): number | undefined => {
    if (basePort === undefined) return undefined;
    const port = basePort + offset;
    if (port > 65_535) throw new Error(`cluster ${name} would listen on port ${port}: basePort ${basePort} leaves room for ${65_536 - basePort} clusters`);
    return port;
  };

  if (outDir) await mkdir(join(outDir, 'clusters'), { recursive: true });
  if (outDir) await writeFile(join(outDir, 'ca.pem'), ca.certPem);

  const startCluster = async (clusterOptions: FleetClusterOptions & { index: number; portOffset?: number; azureResourceId?: string }): Promise<SimCluster> => {
    const { name } = clusterOptions;
    if (clusters.has(name)) throw new Error(`a cluster named ${name} already exists in the fleet`);
    const port = portFor(name, clusterOptions.portOffset ?? nextPortOffset++);
    const seed = clusterOptions.seed ?? seedFor(fleetSeed, name);
    const fluxRelease = releaseFor(clusterOptions.index, clusterOptions.fluxVersion);
    const store = new MemoryObjectStore(options.historySize !== undefined ? { historySize: options.historySize } : {});
    const logs = new MemoryPodLogStore();
    await (clusterOptions.populate ?? defaultPopulate)({ name, index: clusterOptions.index, objects: clusterOptions.objects ?? objectsPerCluster, seed, store, logs, fluxRelease });
    if (clusterOptions.manifests) applyManifests(store, clusterOptions.manifests, { fluxRelease });
    const controllers = new FluxControllerSimulator({
      store,
      logs,
      seed,
      network,
      ...(options.reconcileDelayMs !== undefined ? { reconcileDelayMs: options.reconcileDelayMs } : {}),
      requeueDependencyMs,
      ...(sources.length > 0 ? { localSources: sources } : {}),
    });
    controllers.start();
    const adminToken = `sim-admin-${randomBytes(16).toString('hex')}`;
    let api: KubeApiServer;
    try {
      api = await startKubeApiServer({
        name,
        ca,
        store,
        logs,
        seed,
        staticTokens: { [adminToken]: { user: 'admin', groups: ['system:masters'] } },
        ...(clusterOptions.authenticators ? { authenticators: clusterOptions.authenticators } : {}),
        ...(clusterOptions.authorization ? { authorization: clusterOptions.authorization } : {}),
        ...(clusterOptions.kubernetesVersion ? { kubernetesVersion: clusterOptions.kubernetesVersion } : {}),
        fluxRelease,
        ...(clusterOptions.fluxKindVersions ? { fluxKindVersions: clusterOptions.fluxKindVersions } : {}),
        ...(options.bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs: options.bookmarkIntervalMs } : {}),
        ...(port !== undefined ? { port } : {}),
      });
    } catch (error) {
      controllers.stop();
      // A fixed port may be taken: say which cluster wanted which port.
      if (port !== undefined && (error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`cluster ${name} cannot listen on 127.0.0.1:${port}: the port is in use`, { cause: error });
      throw error;
    }
    const kubeconfig = (token = adminToken): string => buildKubeconfig({ name, server: api.url, caPem: ca.certPem, credential: { token } });
    const kubeconfigPath = outDir ? join(outDir, 'clusters', `${name}.yaml`) : undefined;
    if (kubeconfigPath) await writeFile(kubeconfigPath, kubeconfig(), { mode: 0o600 });
    const cluster: SimCluster = {
      name,
      server: api.url,
      api,
      store,
      logs,
      controllers,
      fluxRelease,
      faults: api.faults,
      adminToken,
      ...(kubeconfigPath ? { kubeconfigPath } : {}),
      ...(clusterOptions.azureResourceId ? { azureResourceId: clusterOptions.azureResourceId } : {}),
      kubeconfig,
    };
    clusters.set(name, cluster);
    return cluster;
  };

  const manifest = (): FleetManifest => {
    const path = (cluster: SimCluster): string => cluster.kubeconfigPath ?? '';
    return {
      ca_file: outDir ? join(outDir, 'ca.pem') : '',
      clusters: plainClusters.map((name) => clusters.get(name)).filter((cluster): cluster is SimCluster => cluster !== undefined).map((cluster) => ({ name: cluster.name, server: cluster.server, kubeconfig: path(cluster), flux_version: cluster.fluxRelease.version })),
      ...(sources.length > 0 ? { sources: sources.map((source) => ({ ...source })) } : {}),
      requeue_dependency: goDurationOf(requeueDependencyMs),
      ...(azure
        ? {
            azure: {
              authority_host: azure.authorityHost,
              resource_manager_endpoint: azure.resourceManagerEndpoint,
              resource_manager_audience: azure.resourceManagerAudience,
              managed_identity_endpoint: azure.managedIdentityEndpoint,
              subscriptions: subscriptions.map((subscription) => ({
                subscription_id: subscription.subscriptionId,
                name: subscription.name,
                tenant_id: subscription.tenantId,
                client_id: subscription.clientId,
                client_secret: subscription.clientSecret,
                cluster_count: subscription.clusters.length,
                clusters: subscription.clusters.map((cluster) => ({
                  name: cluster.name,
                  resource_group: resourceGroupOf(cluster.azureResourceId ?? ''),
                  resource_id: cluster.azureResourceId ?? '',
                  server: cluster.server,
                  kubeconfig: path(cluster),
                  flux_version: cluster.fluxRelease.version,
                })),
              })),
            },
          }
        : {}),
    };
  };
  const writeManifest = async (): Promise<void> => {
    if (outDir) await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest(), null, 2)}\n`, { mode: 0o600 });
  };

  const stopCluster = async (cluster: SimCluster): Promise<void> => {
    cluster.controllers.stop();
    await cluster.api.stop();
  };

  try {
    const prefix = options.namePrefix ?? 'cluster';
    const width = Math.max(3, String(plainCount).length);
    const names = Array.from({ length: plainCount }, (_, index) => `${prefix}-${String(index + 1).padStart(width, '0')}`);
    plainClusters.push(...names);
    await inBatches(names, options.startConcurrency ?? 8, async (name) => {
      const index = names.indexOf(name);
      await startCluster({ name, index, portOffset: index, ...(options.manifests ? { manifests: options.manifests } : {}) });
    });

    const subscriptionCount = options.azureSubscriptions ?? 0;
    if (subscriptionCount > 0) {
      const pending = new Map<string, SimCluster>();
      // AKS names are unique per resource group only; the fleet's cluster names must be unique.
      const backingNames = new Map<string, string>();
      const backingNameFor = (request: ProvisionClusterRequest): string => {
        let name = backingNames.get(request.resourceId.toLowerCase());
        if (!name) {
          name = clusters.has(request.name) ? `${request.name}.${request.resourceGroup}.${request.subscriptionId.slice(0, 8)}` : request.name;
          backingNames.set(request.resourceId.toLowerCase(), name);
        }
        return name;
      };
      azure = await startAzureSimulator({
        ca,
        provisionCluster: async (request: ProvisionClusterRequest): Promise<ProvisionedCluster> => {
          const cluster = await startCluster({
            name: backingNameFor(request),
            index: clusters.size,
            kubernetesVersion: `v${request.kubernetesVersion}`,
            azureResourceId: request.resourceId,
            // Entra ID clusters accept the simulator's tokens for the AKS server app of their tenant.
            ...(request.aadEnabled ? { authenticators: [azure!.authenticatorFor(request.tenantId)] } : {}),
          });
          pending.set(request.resourceId, cluster);
          const clientCertificate = request.localAccountsDisabled ? undefined : await ca.issueClientCertificate({ commonName: 'masterclient', organizations: ['system:masters'] });
          return { server: cluster.server, caPem: ca.certPem, ...(clientCertificate ? { clientCertificate } : {}), ...(request.localAccountsDisabled ? {} : { localAccountToken: cluster.adminToken }) };
        },
        deprovisionCluster: async (request) => {
          const name = backingNameFor(request);
          const cluster = clusters.get(name);
          if (cluster) {
            clusters.delete(name);
            backingNames.delete(request.resourceId.toLowerCase());
            await stopCluster(cluster);
          }
        },
      });
      const perSubscription = options.clustersPerSubscription ?? 3;
      for (let index = 1; index <= subscriptionCount; index += 1) {
        const tenant = azure.addTenant({ displayName: `Simulated tenant ${index}` });
        const subscription = azure.addSubscription({ tenantId: tenant.tenantId, name: `sim-subscription-${index}` });
        const principal = azure.addServicePrincipal({ tenantId: tenant.tenantId, displayName: `flux-orchestrator-${index}` });
        const scope = `/subscriptions/${subscription.subscriptionId}`;
        azure.assignRole({ principalId: principal.objectId, role: 'Reader', scope });
        azure.assignRole({ principalId: principal.objectId, role: 'Azure Kubernetes Service Cluster User Role', scope });
        const subscriptionClusters: SimCluster[] = [];
        for (let clusterIndex = 1; clusterIndex <= perSubscription; clusterIndex += 1) {
          // Rotate through the three AKS authentication set-ups the product must handle.
          const variant = (clusterIndex - 1) % 3;
          const managed = await azure.addManagedCluster({
            subscriptionId: subscription.subscriptionId,
            resourceGroup: `rg-fleet-${index}`,
            name: `aks-s${index}-${String(clusterIndex).padStart(2, '0')}`,
            aadEnabled: variant !== 1,
            localAccountsDisabled: variant === 2,
            tags: { environment: clusterIndex % 2 === 0 ? 'staging' : 'production' },
          });
          const cluster = pending.get(managed.id);
          if (cluster) subscriptionClusters.push(cluster);
        }
        subscriptions.push({
          subscriptionId: subscription.subscriptionId,
          name: subscription.displayName,
          tenantId: tenant.tenantId,
          clientId: principal.clientId,
          clientSecret: principal.clientSecret,
          principalId: principal.objectId,
          clusters: subscriptionClusters,
        });
      }
    }
    await writeManifest();
  } catch (error) {
    await Promise.all([...clusters.values()].map(stopCluster));
    await azure?.stop();
    throw error;
  }

  const fleet: SimFleet = {
    ca,
    clusters,
    ...(azure ? { azure } : {}),
    subscriptions,
    ...(outDir ? { outDir } : {}),
    cluster(name) {
      const cluster = clusters.get(name);
      if (!cluster) throw new Error(`no cluster named ${name} in the fleet (have: ${[...clusters.keys()].slice(0, 10).join(', ')}${clusters.size > 10 ? ', ...' : ''})`);
      return cluster;
    },
    async addCluster(clusterOptions) {
      const cluster = await startCluster({ ...clusterOptions, index: clusters.size });
      plainClusters.push(cluster.name);
      await writeManifest();
      return cluster;
    },
    async removeCluster(name) {
      const cluster = fleet.cluster(name);
      clusters.delete(name);
      const plainIndex = plainClusters.indexOf(name);
      if (plainIndex >= 0) plainClusters.splice(plainIndex, 1);
      await stopCluster(cluster);
      await writeManifest();
    },
    manifest,
    async setFaults(faults) {
      await Promise.all([...clusters.values()].map((cluster) => cluster.faults.set(faults)));
    },
    setUnreachable(urlOrHost, unreachable = true) {
      network.setUnreachable(urlOrHost, unreachable);
    },
    async stop() {
      await Promise.all([...clusters.values()].map(stopCluster));
      clusters.clear();
      await azure?.stop();
    },
  };
  return fleet;
}

function resourceGroupOf(resourceId: string): string {
  return /\/resourceGroups\/([^/]+)/i.exec(resourceId)?.[1] ?? '';
}

/**
 * Public API of the simulators, for tests, benchmarks and the demo: a whole fleet (`startFleet`),
 * or the parts (Kubernetes API server, object and log stores, Flux controllers, Azure).
 */
export { startFleet, type StartFleetOptions, type SimFleet, type SimCluster, type FleetClusterOptions, type FleetSubscription, type FleetManifest, type ClusterPopulator } from './fleet.js';
export * from './kube/index.js';
export { MemoryObjectStore, MemoryPodLogStore, type MemoryObjectStoreOptions, type MemoryPodLogStoreOptions } from './store/index.js';
export type { KubeObject, ObjectMeta, ObjectStore, ResourceType, StoreEvent, ListOptions, ListResult } from './store/types.js';
export { StoreError } from './store/types.js';
export { TokenRejectedError, type Identity, type TokenAuthenticator, type PodLogStore, type LogLine } from './contracts.js';
export { CertificateAuthority, type IssuedCertificate } from './pki/certificate-authority.js';
export { DEFAULT_REQUEUE_DEPENDENCY_MS, FluxControllerSimulator, type FluxControllerSimulatorOptions, type FluxObjectRef } from './flux/flux-controller-simulator.js';
export type { LocalSource } from './flux/local-kustomize.js';
export { FLUX_KINDS, fluxGroupResource, type FluxKindDefinition } from './flux/flux-kinds.js';
export {
  FLUX_RELEASES,
  DEFAULT_FLUX_RELEASE,
  MIXED_FLEET_FLUX_VERSIONS,
  NO_FLUX_KINDS,
  findFluxRelease,
  servedVersionsOf,
  storageApiVersion,
  type FluxRelease,
  type FluxComponent,
  type FluxOperatorInstall,
  type FluxReleaseFeatures,
} from './flux/flux-releases.js';
export * from './azure/index.js';

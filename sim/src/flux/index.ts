/** Simulated Flux: controllers, fleet generator and manifest loader for one cluster's store. */
export { FLUX_KINDS, fluxGroupResource, type FluxKindDefinition } from './flux-kinds.js';
export {
  FluxControllerSimulator,
  annotatedOutcome,
  needsReconcile,
  FAIL_MESSAGE_ANNOTATION,
  FAIL_REASON_ANNOTATION,
  FAIL_STALLED_ANNOTATION,
  type FluxControllerSimulatorOptions,
  type FluxObjectRef,
} from './flux-controller-simulator.js';
export { REQUESTED_AT_ANNOTATION, FORCE_AT_ANNOTATION, RESET_AT_ANNOTATION, type ReconcileOutcome } from './flux-status-builders.js';
export { generateClusterObjects, seedCluster, type GenerateClusterOptions } from './fleet-generator.js';
export { applyManifests, parseManifests, ManifestError, type LoadedManifest, type ManifestLoadOptions } from './manifest-loader.js';
export { resolveKind, type ResolvedKind } from './kind-resolver.js';
export { KUBE_BUILTIN_KINDS, type BuiltinKind } from './kube-builtin-kinds.js';
export { FLUX_CONTROLLER_DEPLOYMENTS } from './flux-controllers.js';
export {
  FLUX_RELEASES,
  DEFAULT_FLUX_RELEASE,
  MIXED_FLEET_FLUX_VERSIONS,
  NO_FLUX_KINDS,
  findFluxRelease,
  fluxDeploymentsOf,
  servedVersionsOf,
  storageApiVersion,
  type FluxRelease,
  type FluxComponent,
  type FluxOperatorInstall,
  type FluxReleaseFeatures,
} from './flux-releases.js';
export { FLUX_NAMESPACE, CONTROLLER_CONTAINER } from './flux-controller-logger.js';
export { SeededRandom } from './seeded-random.js';
export { createSimulatedFluxCluster, type SimulatedFluxCluster, type SimulatedFluxClusterOptions } from './simulated-flux-cluster.js';
export { SimulatedNetwork } from './simulated-network.js';
export { publishedChartVersions, publishedOciTags, publishedGitTags, publishedImageTags, resolveVersion, DEFAULT_VERSIONS, type VersionResolution } from './published-artifacts.js';

/**
 * Flux release profiles: what a cluster with a given Flux release installed looks like from the
 * API. Per release, the Flux kinds its CRDs serve and at which versions (storage version first),
 * the controllers it runs (names, images, versions), whether the Flux Operator manages it (and
 * which operator version, which decides FluxReport and ResourceSet), and the milestones clients
 * and the fleet generator care about (HelmRelease `chartRef`, ExternalArtifact, ...).
 *
 * One profile per minor release, each pinned to one patch release. The served versions follow
 * the controllers' CRDs: a version leaves a release only after a deprecation period, and every
 * Flux CRD uses conversion strategy None (the object is the same in every version).
 */
import { FLUX_KINDS as CATALOG } from '@flux-orchestrator/flux-model';

/** One controller Deployment of a Flux installation in `flux-system`. */
export interface FluxComponent {
  /** Deployment name and `app` label, e.g. `kustomize-controller`. */
  name: string;
  /** Image repository without tag. */
  image: string;
  /** Image tag, e.g. `v1.6.1`. */
  version: string;
}

/** The Flux Operator, on clusters whose Flux it installed and manages (FluxInstance). */
export interface FluxOperatorInstall extends FluxComponent {
  /** FluxReport (operator 0.6 and later). */
  reports: boolean;
  /** ResourceSet and ResourceSetInputProvider (operator 0.14 and later). */
  resourceSets: boolean;
}

/** What changed across releases that the simulator's objects must respect. */
export interface FluxReleaseFeatures {
  /** HelmRelease `reconcile.fluxcd.io/forceAt` and `resetAt` annotations (2.2). */
  helmReleaseForceAndReset: boolean;
  /** HelmRelease `spec.chartRef` to an OCIRepository or HelmChart (2.3). */
  helmReleaseChartRef: boolean;
  /** ExternalArtifact as a Kustomization source and HelmRelease chartRef, and ArtifactGenerator (2.7). */
  externalArtifacts: boolean;
  /** HelmRelease `status.inventory` (2.8). */
  helmReleaseInventory: boolean;
}

export interface FluxRelease {
  /** The distribution version, e.g. `v2.6.4`. */
  version: string;
  /** `2.6` */
  minor: string;
  /** Served versions per Flux kind, storage version first. Kinds not named are not served. */
  servedVersions: Readonly<Record<string, readonly string[]>>;
  /** The Flux controllers (toolkit controllers, and source-watcher from 2.7). */
  components: readonly FluxComponent[];
  /** Absent: installed without the operator (`flux bootstrap` / `flux install`). */
  operator?: FluxOperatorInstall;
  features: FluxReleaseFeatures;
}

const V1_BETA2_BETA1 = ['v1', 'v1beta2', 'v1beta1'];
const BETA2_BETA1 = ['v1beta2', 'v1beta1'];
const V1_BETA2 = ['v1', 'v1beta2'];
const V1 = ['v1'];

type Surface = Record<string, readonly string[]>;

/** 2.0 and 2.1: the GA Git, Kustomization and Receiver APIs; HelmRelease still v2beta1. */
const SURFACE_2_0: Surface = {
  GitRepository: V1_BETA2_BETA1,
  OCIRepository: ['v1beta2'],
  HelmRepository: BETA2_BETA1,
  HelmChart: BETA2_BETA1,
  Bucket: BETA2_BETA1,
  Kustomization: V1_BETA2_BETA1,
  HelmRelease: ['v2beta1'],
  Receiver: V1_BETA2_BETA1,
  Alert: BETA2_BETA1,
  Provider: BETA2_BETA1,
  ImageRepository: BETA2_BETA1,
  ImagePolicy: BETA2_BETA1,
  ImageUpdateAutomation: ['v1beta1'],
};
const SURFACE_2_2: Surface = { ...SURFACE_2_0, HelmRelease: ['v2beta2', 'v2beta1'], Alert: ['v1beta3', ...BETA2_BETA1], Provider: ['v1beta3', ...BETA2_BETA1] };
const SURFACE_2_3: Surface = { ...SURFACE_2_2, HelmRepository: V1_BETA2_BETA1, HelmChart: V1_BETA2_BETA1, HelmRelease: ['v2', 'v2beta2', 'v2beta1'], ImageUpdateAutomation: BETA2_BETA1 };
const SURFACE_2_4: Surface = { ...SURFACE_2_3, Bucket: V1_BETA2_BETA1 };
const SURFACE_2_6: Surface = { ...SURFACE_2_4, OCIRepository: V1_BETA2 };
/** 2.7 drops the v1beta1 APIs and ships source-watcher (ArtifactGenerator → ExternalArtifact). */
const SURFACE_2_7: Surface = {
  GitRepository: V1_BETA2,
  OCIRepository: V1_BETA2,
  HelmRepository: V1_BETA2,
  HelmChart: V1_BETA2,
  Bucket: V1_BETA2,
  ExternalArtifact: V1,
  ArtifactGenerator: ['v1beta1'],
  Kustomization: V1_BETA2,
  HelmRelease: ['v2', 'v2beta2'],
  Receiver: V1_BETA2,
  Alert: ['v1beta3', 'v1beta2'],
  Provider: ['v1beta3', 'v1beta2'],
  ImageRepository: V1_BETA2,
  ImagePolicy: V1_BETA2,
  ImageUpdateAutomation: V1_BETA2,
};
const SURFACE_2_8: Surface = { ...SURFACE_2_7, GitRepository: V1, OCIRepository: V1, HelmRepository: V1, HelmChart: V1, Bucket: V1, Kustomization: V1, HelmRelease: ['v2'] };
const SURFACE_2_9: Surface = { ...SURFACE_2_8, Alert: ['v1beta3'], Provider: ['v1beta3'], Receiver: V1, ImageRepository: V1, ImagePolicy: V1, ImageUpdateAutomation: V1 };

interface ControllerVersions {
  source: string;
  kustomize: string;
  helm: string;
  notification: string;
  imageReflector: string;
  imageAutomation: string;
  sourceWatcher?: string;
}

function componentsOf(versions: ControllerVersions): FluxComponent[] {
  const fluxcd = (name: string, version: string): FluxComponent => ({ name, image: `ghcr.io/fluxcd/${name}`, version });
  return [
    fluxcd('source-controller', versions.source),
    fluxcd('kustomize-controller', versions.kustomize),
    fluxcd('helm-controller', versions.helm),
    fluxcd('notification-controller', versions.notification),
    fluxcd('image-reflector-controller', versions.imageReflector),
    fluxcd('image-automation-controller', versions.imageAutomation),
    ...(versions.sourceWatcher ? [fluxcd('source-watcher', versions.sourceWatcher)] : []),
  ];
}

function operatorOf(version: string): FluxOperatorInstall {
  const [, minor] = /^v0\.(\d+)\./.exec(version) ?? [];
  return { name: 'flux-operator', image: 'ghcr.io/controlplaneio-fluxcd/flux-operator', version, reports: Number(minor) >= 6, resourceSets: Number(minor) >= 14 };
}

function defineRelease(version: string, surface: Surface, controllers: ControllerVersions, operatorVersion?: string): FluxRelease {
  const minor = /^v(\d+\.\d+)\./.exec(version)![1]!;
  const minorNumber = Number(minor.split('.')[1]);
  const operator = operatorVersion ? operatorOf(operatorVersion) : undefined;
  const served: Surface = { ...surface };
  if (operator) {
    served.FluxInstance = V1;
    if (operator.reports) served.FluxReport = V1;
    if (operator.resourceSets) {
      served.ResourceSet = V1;
      served.ResourceSetInputProvider = V1;
    }
  }
  for (const [kind, versions] of Object.entries(served)) {
    const known = CATALOG.find((entry) => entry.kind === kind);
    if (!known || versions.some((served) => !known.versions.includes(served))) throw new Error(`Flux ${version}: ${kind} ${versions.join(', ')} is not in the Flux kind catalog`);
  }
  return Object.freeze({
    version,
    minor,
    servedVersions: Object.freeze(Object.fromEntries(Object.entries(served).map(([kind, versions]) => [kind, Object.freeze([...versions])]))),
    components: Object.freeze(componentsOf(controllers).map((component) => Object.freeze(component))),
    ...(operator ? { operator: Object.freeze(operator) } : {}),
    features: Object.freeze({
      helmReleaseForceAndReset: minorNumber >= 2,
      helmReleaseChartRef: minorNumber >= 3,
      externalArtifacts: minorNumber >= 7,
      helmReleaseInventory: minorNumber >= 8,
    }),
  });
}

/**
 * Every simulated release, oldest first. Up to 2.2 Flux is installed by `flux bootstrap` (no
 * operator); from 2.3 the Flux Operator manages it, at an operator version of the same time.
 */
export const FLUX_RELEASES: readonly FluxRelease[] = Object.freeze([
  defineRelease('v2.0.1', SURFACE_2_0, { source: 'v1.0.1', kustomize: 'v1.0.1', helm: 'v0.35.0', notification: 'v1.0.0', imageReflector: 'v0.29.1', imageAutomation: 'v0.35.0' }),
  defineRelease('v2.1.2', SURFACE_2_0, { source: 'v1.1.2', kustomize: 'v1.1.1', helm: 'v0.36.2', notification: 'v1.1.0', imageReflector: 'v0.30.0', imageAutomation: 'v0.36.1' }),
  defineRelease('v2.2.3', SURFACE_2_2, { source: 'v1.2.5', kustomize: 'v1.2.2', helm: 'v0.37.4', notification: 'v1.2.4', imageReflector: 'v0.31.2', imageAutomation: 'v0.37.1' }),
  defineRelease('v2.3.0', SURFACE_2_3, { source: 'v1.3.0', kustomize: 'v1.3.0', helm: 'v1.0.1', notification: 'v1.3.0', imageReflector: 'v0.32.0', imageAutomation: 'v0.38.0' }, 'v0.8.0'),
  defineRelease('v2.4.0', SURFACE_2_4, { source: 'v1.4.1', kustomize: 'v1.4.0', helm: 'v1.1.0', notification: 'v1.4.0', imageReflector: 'v0.33.0', imageAutomation: 'v0.39.0' }, 'v0.12.0'),
  defineRelease('v2.5.1', SURFACE_2_4, { source: 'v1.5.0', kustomize: 'v1.5.1', helm: 'v1.2.0', notification: 'v1.5.0', imageReflector: 'v0.34.0', imageAutomation: 'v0.40.0' }, 'v0.17.0'),
  defineRelease('v2.6.4', SURFACE_2_6, { source: 'v1.6.2', kustomize: 'v1.6.1', helm: 'v1.3.0', notification: 'v1.6.0', imageReflector: 'v0.35.2', imageAutomation: 'v0.41.2' }, 'v0.24.1'),
  defineRelease('v2.7.0', SURFACE_2_7, { source: 'v1.7.0', kustomize: 'v1.7.0', helm: 'v1.4.0', notification: 'v1.7.1', imageReflector: 'v1.0.0', imageAutomation: 'v1.0.0', sourceWatcher: 'v2.0.1' }, 'v0.30.0'),
  defineRelease('v2.8.0', SURFACE_2_8, { source: 'v1.8.0', kustomize: 'v1.8.0', helm: 'v1.5.0', notification: 'v1.8.0', imageReflector: 'v1.1.0', imageAutomation: 'v1.1.0', sourceWatcher: 'v2.1.0' }, 'v0.36.0'),
  defineRelease('v2.9.0', SURFACE_2_9, { source: 'v1.9.1', kustomize: 'v1.9.1', helm: 'v1.6.1', notification: 'v1.9.1', imageReflector: 'v1.2.0', imageAutomation: 'v1.2.0', sourceWatcher: 'v2.2.0' }, 'v0.42.0'),
]);

/** Looks a release up by minor (`2.6`) or exact version (`2.6.4`, `v2.6.4`). Throws naming the known ones. */
export function findFluxRelease(version: string): FluxRelease {
  const wanted = version.trim().replace(/^v/, '');
  const found = FLUX_RELEASES.find((release) => release.minor === wanted || release.version === `v${wanted}`);
  if (found) return found;
  const known = FLUX_RELEASES.map((release) => `${release.minor} (${release.version})`).join(', ');
  throw new Error(`unknown Flux release "${version}": the simulator knows ${known}; give a minor (2.6) or one of those versions`);
}

/** What a simulated cluster runs unless told otherwise. */
export const DEFAULT_FLUX_RELEASE: FluxRelease = findFluxRelease('2.7');

/**
 * The release mix of a fleet that does not name one (`npm run sim`, the demo), assigned
 * round-robin: mostly recent releases, some older ones still in the field.
 */
export const MIXED_FLEET_FLUX_VERSIONS: readonly string[] = Object.freeze(['2.7', '2.2', '2.9', '2.6', '2.5', '2.7', '2.8', '2.3']);

/** Served versions per kind of a cluster without Flux: every catalog kind unserved. */
export const NO_FLUX_KINDS: Readonly<Record<string, readonly string[]>> = Object.freeze(Object.fromEntries(CATALOG.map((kind) => [kind.kind, []])));

/** Served versions of a kind in a release, storage version first (empty when not served). */
export function servedVersionsOf(release: FluxRelease, kind: string): readonly string[] {
  return release.servedVersions[kind] ?? [];
}

/** `group/version` objects of `kind` are stored at in a release (its storage version); undefined when not served. */
export function storageApiVersion(release: FluxRelease, kind: string): string | undefined {
  const version = servedVersionsOf(release, kind)[0];
  const group = CATALOG.find((entry) => entry.kind === kind)?.group;
  return version && group ? `${group}/${version}` : undefined;
}

/** The release's Deployments in `flux-system`: its controllers, then the operator when installed. */
export function fluxDeploymentsOf(release: FluxRelease): FluxComponent[] {
  return [...release.components, ...(release.operator ? [release.operator] : [])];
}

/**
 * The Flux kind catalog: every custom resource kind of Flux 2.0–2.9 (the toolkit controllers,
 * source-watcher) and of the Flux Operator, with the names Kubernetes serves them under, the API
 * versions any of those releases served, and what a user can do to them with the flux CLI.
 *
 * A cluster serves only some of `versions` (whatever its Flux release installs), so clients must
 * discover the served version rather than assume one.
 */

export type FluxCategory = 'source' | 'kustomize' | 'helm' | 'notification' | 'image' | 'operator';
export type FluxAction = 'reconcile' | 'suspend' | 'resume';
export type ReconcileOption = 'with_source' | 'force' | 'reset';

export interface FluxKind {
  group: string;
  kind: string;
  /** Lower-case plural resource name used in URLs. */
  plural: string;
  singular: string;
  /** Every version any Flux release (2.0–2.9) or the Flux Operator served, newest first. */
  versions: readonly string[];
  shortNames: readonly string[];
  category: FluxCategory;
  /** Actions the flux CLI offers for the kind (reconcile/suspend/resume). */
  actions: readonly FluxAction[];
  /** Options of reconcile the kind honours: with_source for kinds with a sourceRef, force+reset for HelmRelease only. */
  reconcileOptions: readonly ReconcileOption[];
  /** Whether a controller writes status conditions (Alert and Provider v1beta3 have none: they are static config). */
  hasConditions: boolean;
  /**
   * The Deployment that reconciles the kind, in the Flux namespace (`flux-system` by default); its
   * pods carry the label `app=<controller>` (the Flux Operator's: `app.kubernetes.io/name=flux-operator`).
   */
  controller: string;
}

const CONTROLLER_BY_CATEGORY: Record<FluxCategory, string> = {
  source: 'source-controller',
  kustomize: 'kustomize-controller',
  helm: 'helm-controller',
  notification: 'notification-controller',
  image: 'image-reflector-controller',
  operator: 'flux-operator',
};

const SOURCE = 'source.toolkit.fluxcd.io';
const SOURCE_EXTENSIONS = 'source.extensions.fluxcd.io';
const KUSTOMIZE = 'kustomize.toolkit.fluxcd.io';
const HELM = 'helm.toolkit.fluxcd.io';
const NOTIFICATION = 'notification.toolkit.fluxcd.io';
const IMAGE = 'image.toolkit.fluxcd.io';
const OPERATOR = 'fluxcd.controlplane.io';

const ALL_ACTIONS: readonly FluxAction[] = ['reconcile', 'suspend', 'resume'];
/** The Flux Operator and source-watcher honour the requestedAt annotation; they have no `spec.suspend`. */
const RECONCILE_ONLY: readonly FluxAction[] = ['reconcile'];
/** Static config since v1beta3: `spec.suspend` exists, but no controller reports a reconcile. */
const SUSPEND_ONLY: readonly FluxAction[] = ['suspend', 'resume'];

interface KindInput {
  group: string;
  kind: string;
  plural: string;
  versions: readonly string[];
  category: FluxCategory;
  shortNames?: readonly string[];
  actions?: readonly FluxAction[];
  reconcileOptions?: readonly ReconcileOption[];
  hasConditions?: boolean;
  controller?: string;
}

function define(input: KindInput): FluxKind {
  return {
    group: input.group,
    kind: input.kind,
    plural: input.plural,
    singular: input.kind.toLowerCase(),
    versions: Object.freeze([...input.versions]),
    shortNames: Object.freeze([...(input.shortNames ?? [])]),
    category: input.category,
    actions: Object.freeze([...(input.actions ?? ALL_ACTIONS)]),
    reconcileOptions: Object.freeze([...(input.reconcileOptions ?? [])]),
    hasConditions: input.hasConditions ?? true,
    controller: input.controller ?? CONTROLLER_BY_CATEGORY[input.category],
  };
}

// Short names are the CRDs' own (`spec.names.shortNames` in each controller's config/crd/bases).
export const FLUX_KINDS: readonly FluxKind[] = Object.freeze([
  define({ group: SOURCE, kind: 'GitRepository', plural: 'gitrepositories', versions: ['v1', 'v1beta2', 'v1beta1'], category: 'source', shortNames: ['gitrepo'] }),
  define({ group: SOURCE, kind: 'OCIRepository', plural: 'ocirepositories', versions: ['v1', 'v1beta2'], category: 'source', shortNames: ['ocirepo'] }),
  define({ group: SOURCE, kind: 'HelmRepository', plural: 'helmrepositories', versions: ['v1', 'v1beta2', 'v1beta1'], category: 'source', shortNames: ['helmrepo'] }),
  define({ group: SOURCE, kind: 'HelmChart', plural: 'helmcharts', versions: ['v1', 'v1beta2', 'v1beta1'], category: 'source', shortNames: ['hc'], reconcileOptions: ['with_source'] }),
  define({ group: SOURCE, kind: 'Bucket', plural: 'buckets', versions: ['v1', 'v1beta2', 'v1beta1'], category: 'source' }),
  // Written by a producer (ArtifactGenerator or a third-party controller); nothing to ask of it.
  define({ group: SOURCE, kind: 'ExternalArtifact', plural: 'externalartifacts', versions: ['v1'], category: 'source', actions: [] }),
  define({ group: SOURCE_EXTENSIONS, kind: 'ArtifactGenerator', plural: 'artifactgenerators', versions: ['v1beta1'], category: 'source', actions: RECONCILE_ONLY, controller: 'source-watcher' }),
  define({ group: KUSTOMIZE, kind: 'Kustomization', plural: 'kustomizations', versions: ['v1', 'v1beta2', 'v1beta1'], category: 'kustomize', shortNames: ['ks'], reconcileOptions: ['with_source'] }),
  define({ group: HELM, kind: 'HelmRelease', plural: 'helmreleases', versions: ['v2', 'v2beta2', 'v2beta1'], category: 'helm', shortNames: ['hr'], reconcileOptions: ['with_source', 'force', 'reset'] }),
  define({ group: NOTIFICATION, kind: 'Receiver', plural: 'receivers', versions: ['v1', 'v1beta2', 'v1beta1'], category: 'notification' }),
  define({ group: NOTIFICATION, kind: 'Alert', plural: 'alerts', versions: ['v1beta3', 'v1beta2', 'v1beta1'], category: 'notification', actions: SUSPEND_ONLY, hasConditions: false }),
  define({ group: NOTIFICATION, kind: 'Provider', plural: 'providers', versions: ['v1beta3', 'v1beta2', 'v1beta1'], category: 'notification', actions: SUSPEND_ONLY, hasConditions: false }),
  define({ group: IMAGE, kind: 'ImageRepository', plural: 'imagerepositories', versions: ['v1', 'v1beta2', 'v1beta1'], category: 'image', shortNames: ['imgrepo', 'imagerepo'] }),
  define({ group: IMAGE, kind: 'ImagePolicy', plural: 'imagepolicies', versions: ['v1', 'v1beta2', 'v1beta1'], category: 'image', shortNames: ['imgpol', 'imagepol'] }),
  define({ group: IMAGE, kind: 'ImageUpdateAutomation', plural: 'imageupdateautomations', versions: ['v1', 'v1beta2', 'v1beta1'], category: 'image', shortNames: ['iua', 'imgupd', 'imgauto'], reconcileOptions: ['with_source'], controller: 'image-automation-controller' }),
  define({ group: OPERATOR, kind: 'FluxInstance', plural: 'fluxinstances', versions: ['v1'], category: 'operator', actions: RECONCILE_ONLY }),
  define({ group: OPERATOR, kind: 'FluxReport', plural: 'fluxreports', versions: ['v1'], category: 'operator', actions: RECONCILE_ONLY }),
  define({ group: OPERATOR, kind: 'ResourceSet', plural: 'resourcesets', versions: ['v1'], category: 'operator', actions: RECONCILE_ONLY }),
  define({ group: OPERATOR, kind: 'ResourceSetInputProvider', plural: 'resourcesetinputproviders', versions: ['v1'], category: 'operator', actions: RECONCILE_ONLY }),
].map((kind) => Object.freeze(kind)));

const BY_NAME = new Map<string, FluxKind>();
for (const kind of FLUX_KINDS) {
  for (const name of [kind.kind, kind.plural, kind.singular, ...kind.shortNames]) {
    const key = name.toLowerCase();
    if (!BY_NAME.has(key)) BY_NAME.set(key, kind);
  }
}

const BY_GROUP_KIND = new Map(FLUX_KINDS.map((kind) => [`${kind.group}/${kind.kind}`, kind]));

/** Case-insensitive lookup by Kind, plural, singular or short name (`Kustomization`, `kustomizations`, `ks`). */
export function findFluxKind(name: string): FluxKind | undefined {
  if (typeof name !== 'string') return undefined;
  return BY_NAME.get(name.trim().toLowerCase());
}

/** The kind served as `group` + `kind` (exact, as in an object's apiVersion and kind). */
export function fluxKindOf(group: string, kind: string): FluxKind | undefined {
  return BY_GROUP_KIND.get(`${group}/${kind}`);
}

/** Kind names of the source category. */
export const FLUX_SOURCE_KINDS: readonly string[] = Object.freeze(FLUX_KINDS.filter((kind) => kind.category === 'source').map((kind) => kind.kind));

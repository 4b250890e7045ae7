import type { KubeObject, ResourceType } from '../store/types.js';
import { eventsV1View } from './event-views.js';
import { FLUX_KINDS } from '../flux/flux-kinds.js';
import { DEFAULT_FLUX_RELEASE, servedVersionsOf, type FluxRelease } from '../flux/flux-releases.js';
import { FLUX_KINDS as FLUX_CATALOG } from '@flux-orchestrator/flux-model';

/** Verbs the API server advertises for a plain resource (what a real kube-apiserver lists). */
export const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

/** A subresource the simulator implements for a type. */
export type SubresourceName = 'status' | 'scale' | 'log';

/**
 * A resource type as the simulated API server serves it: the store's `ResourceType` plus what
 * discovery advertises. Several entries may share a `groupResource` (one per served version);
 * they all read and write the same stored objects.
 */
export interface ServedResourceType extends ResourceType {
  singular: string;
  shortNames: string[];
  categories: string[];
  subresources: SubresourceName[];
  /** `group/resource` (`/pods` for core), the key objects are stored under. */
  groupResource: string;
  /** Verbs discovery advertises and the server accepts on the collection and its objects. */
  verbs: readonly string[];
  /**
   * For a type served as a view of another type's objects (events.k8s.io/v1 Events over core
   * Events, a CRD version over the storage version): converts a stored object to this type's
   * shape, and back for writes.
   */
  view?: StorageView;
}

export interface StorageView {
  fromStorage(object: KubeObject): KubeObject;
  toStorage(object: KubeObject): KubeObject;
}

/** A group and the versions of it that are served, newest (preferred) first. */
export interface ServedGroup {
  group: string;
  versions: string[];
}

export interface ResourceTypeRegistryOptions {
  /** The Flux release whose kinds and versions are served (default: the simulator's default release). */
  fluxRelease?: FluxRelease;
  /**
   * Served versions per Flux kind, storage version first, replacing the release's for the kinds
   * named: `{ HelmRelease: ['v2beta2'] }`; `[]` leaves a kind unserved (`NO_FLUX_KINDS`: no Flux).
   */
  fluxKindVersions?: Readonly<Record<string, readonly string[]>>;
}

/** What a caller must say to add a type; the rest is derived as Kubernetes would. */
export interface ResourceTypeInput {
  group: string;
  version: string;
  kind: string;
  namespaced?: boolean;
  resource?: string;
  singular?: string;
  shortNames?: string[];
  categories?: string[];
  subresources?: SubresourceName[];
  /** Default `STANDARD_VERBS`; `['create']` for review kinds that are answered, never stored. */
  verbs?: readonly string[];
  /** Serve another type's stored objects through a conversion (see `ServedResourceType.view`). */
  view?: StorageView & { groupResource: string };
}

/**
 * Kubernetes' version priority (what discovery orders by): GA before beta before alpha, then the
 * higher major, then the higher pre-release number; names of another form last, alphabetically.
 * Negative when `a` comes first.
 */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (version: string): [number, number, number] => {
    const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
    if (!match) return [0, 0, 0];
    return [match[2] === undefined ? 3 : match[2] === 'beta' ? 2 : 1, Number(match[1]), Number(match[3] ?? 0)];
  };
  const [stabilityA, majorA, preA] = rank(a);
  const [stabilityB, majorB, preB] = rank(b);
  return stabilityB - stabilityA || majorB - majorA || preB - preA || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Conversion strategy None, as every Flux CRD declares: a served version shows the stored object
 * with its own apiVersion (fields the version lacks are not dropped), and writes are stored at
 * the storage version.
 */
function sameObjectView(group: string, version: string, storageVersion: string): StorageView {
  const relabel = (object: KubeObject, to: string): KubeObject => {
    const apiVersion = apiVersionOf(group, to);
    return object.apiVersion === apiVersion ? object : { ...object, apiVersion };
  };
  return { fromStorage: (object) => relabel(object, version), toStorage: (object) => relabel(object, storageVersion) };
}

/** Lower-case plural the way Kubernetes' default RESTMapper guesses it. */
export function pluralize(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('s') || lower.endsWith('x') || lower.endsWith('ch') || lower.endsWith('sh')) return `${lower}es`;
  if (lower.endsWith('y') && !/[aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

export function groupResourceOf(group: string, resource: string): string {
  return `${group}/${resource}`;
}

/** `apiVersion` as written in objects: `v1` for core, `group/version` otherwise. */
export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/**
 * Every resource type one simulated cluster serves. Built-in kinds and the Flux CRDs are present
 * from the start; more can be added at run time (kinds that a Kustomization inventory names).
 */
export class ResourceTypeRegistry {
  /** key: `group/version/resource` */
  private readonly byPath = new Map<string, ServedResourceType>();
  /** Served versions per group, by Kubernetes version priority (the preferred one first). */
  private readonly groupVersions = new Map<string, string[]>();
  private readonly servedGroupResources = new Set<string>();
  /** CRD-backed groups (their CRD objects are served under apiextensions). */
  readonly customResourceGroups = new Set<string>();

  /** The Flux release this registry serves (before any per-kind override). */
  readonly fluxRelease: FluxRelease;

  constructor(options: ResourceTypeRegistryOptions = {}) {
    for (const input of BUILT_IN_TYPES) this.register(input);
    this.fluxRelease = options.fluxRelease ?? DEFAULT_FLUX_RELEASE;
    const overrides = options.fluxKindVersions ?? {};
    for (const [kind, versions] of Object.entries(overrides)) {
      const known = FLUX_CATALOG.find((entry) => entry.kind === kind);
      if (!known) throw new Error(`fluxKindVersions: ${kind} is not a Flux kind`);
      const unknown = versions.filter((version) => !known.versions.includes(version));
      if (unknown.length > 0) throw new Error(`fluxKindVersions: ${kind} was never served as ${unknown.join(', ')} (known: ${known.versions.join(', ')})`);
    }
    for (const definition of FLUX_KINDS) {
      const versions = overrides[definition.kind] ?? servedVersionsOf(this.fluxRelease, definition.kind);
      const storage = versions[0]!;
      // Storage version first: the CRD lists it first and marks it `storage: true`.
      for (const version of versions) {
        this.register({
          group: definition.group,
          version,
          kind: definition.kind,
          namespaced: true,
          resource: definition.plural,
          singular: definition.singular,
          shortNames: definition.shortNames,
          categories: ['all', 'flux'],
          subresources: ['status'],
          view: { groupResource: groupResourceOf(definition.group, definition.plural), ...sameObjectView(definition.group, version, storage) },
        });
      }
      this.customResourceGroups.add(definition.group);
    }
  }

  /** Adds (or replaces) a served type. Returns the entry as stored. */
  register(input: ResourceTypeInput): ServedResourceType {
    const resource = input.resource ?? pluralize(input.kind);
    const subresources = input.subresources ?? [];
    const type: ServedResourceType = {
      group: input.group,
      version: input.version,
      resource,
      kind: input.kind,
      namespaced: input.namespaced ?? true,
      hasStatusSubresource: subresources.includes('status'),
      singular: input.singular ?? input.kind.toLowerCase(),
      shortNames: input.shortNames ?? [],
      categories: input.categories ?? [],
      subresources,
      groupResource: input.view?.groupResource ?? groupResourceOf(input.group, resource),
      verbs: input.verbs ?? STANDARD_VERBS,
      ...(input.view ? { view: { fromStorage: input.view.fromStorage, toStorage: input.view.toStorage } } : {}),
    };
    this.byPath.set(`${input.group}/${input.version}/${resource}`, type);
    this.servedGroupResources.add(type.groupResource);
    const versions = this.groupVersions.get(input.group) ?? [];
    // Discovery lists a group's versions by priority (GA, beta, alpha; higher first), as kube-apiserver does.
    if (!versions.includes(input.version)) {
      const before = versions.findIndex((version) => compareKubeVersions(input.version, version) < 0);
      versions.splice(before < 0 ? versions.length : before, 0, input.version);
    }
    this.groupVersions.set(input.group, versions);
    return type;
  }

  /**
   * Makes sure a kind is served, e.g. one named by a Kustomization inventory entry
   * (`namespace_name_group_Kind`). Existing types are returned unchanged.
   */
  ensureKind(input: ResourceTypeInput): ServedResourceType {
    const existing = this.findByKind(input.group, input.kind, input.version);
    if (existing) return existing;
    return this.register({ subresources: ['status'], ...input });
  }

  /** Whether objects stored under `groupResource` (`group/plural`) are served by some type. */
  servesGroupResource(groupResource: string): boolean {
    return this.servedGroupResources.has(groupResource);
  }

  /**
   * Serves the kind of an object found in the store under an unknown `groupResource` (anything a
   * manifest or an inventory brought in), as a generic type with a status subresource.
   */
  registerFromObject(groupResource: string, object: KubeObject): ServedResourceType | undefined {
    if (this.servesGroupResource(groupResource)) return undefined;
    // Whether a Flux kind is served is the release's to say, not the store's.
    if (FLUX_KINDS.some((definition) => groupResourceOf(definition.group, definition.plural) === groupResource)) return undefined;
    const slash = groupResource.indexOf('/');
    const group = groupResource.slice(0, slash);
    const resource = groupResource.slice(slash + 1);
    const [apiGroup, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
    if (apiGroup !== group || !version || !resource) return undefined;
    return this.register({ group, version, kind: object.kind, resource, namespaced: object.metadata.namespace !== undefined, subresources: ['status'] });
  }

  find(group: string, version: string, resource: string): ServedResourceType | undefined {
    return this.byPath.get(`${group}/${version}/${resource}`);
  }

  /** The preferred served version of a kind (or a given version). */
  findByKind(group: string, kind: string, version?: string): ServedResourceType | undefined {
    for (const candidateVersion of this.groupVersions.get(group) ?? []) {
      if (version && candidateVersion !== version) continue;
      for (const type of this.resourcesOf(group, candidateVersion)) if (type.kind === kind) return type;
    }
    return undefined;
  }

  /** Served groups in a stable order: core first, then as registered. */
  groups(): ServedGroup[] {
    return [...this.groupVersions].map(([group, versions]) => ({ group, versions: [...versions] }));
  }

  /** Served versions of a group, preferred first. */
  versionsOf(group: string): string[] {
    return [...(this.groupVersions.get(group) ?? [])];
  }

  resourcesOf(group: string, version: string): ServedResourceType[] {
    const prefix = `${group}/${version}/`;
    return [...this.byPath].filter(([key]) => key.startsWith(prefix)).map(([, type]) => type);
  }

  all(): ServedResourceType[] {
    return [...this.byPath.values()];
  }
}

const BUILT_IN_TYPES: ResourceTypeInput[] = [
  { group: '', version: 'v1', kind: 'Namespace', namespaced: false, shortNames: ['ns'], subresources: ['status'] },
  { group: '', version: 'v1', kind: 'Pod', shortNames: ['po'], categories: ['all'], subresources: ['status', 'log'] },
  { group: '', version: 'v1', kind: 'Service', shortNames: ['svc'], categories: ['all'], subresources: ['status'] },
  { group: '', version: 'v1', kind: 'ConfigMap', shortNames: ['cm'] },
  { group: '', version: 'v1', kind: 'Secret' },
  { group: '', version: 'v1', kind: 'Event', shortNames: ['ev'] },
  { group: '', version: 'v1', kind: 'ServiceAccount', shortNames: ['sa'] },
  { group: '', version: 'v1', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: ['status'] },
  { group: 'apps', version: 'v1', kind: 'Deployment', shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'] },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', shortNames: ['sts'], categories: ['all'], subresources: ['status', 'scale'] },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', shortNames: ['ds'], categories: ['all'], subresources: ['status'] },
  // Same objects as core/v1 Events, as in kube-apiserver (flux/ records core Events).
  { group: 'events.k8s.io', version: 'v1', kind: 'Event', shortNames: ['ev'], view: { groupResource: '/events', ...eventsV1View } },
  { group: '', version: 'v1', kind: 'PersistentVolumeClaim', shortNames: ['pvc'], subresources: ['status'] },
  { group: 'apps', version: 'v1', kind: 'ReplicaSet', shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'] },
  { group: 'batch', version: 'v1', kind: 'Job', categories: ['all'], subresources: ['status'] },
  { group: 'batch', version: 'v1', kind: 'CronJob', shortNames: ['cj'], categories: ['all'], subresources: ['status'] },
  { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', shortNames: ['ing'], subresources: ['status'] },
  { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', shortNames: ['netpol'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', namespaced: false },
  { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', shortNames: ['pdb'], subresources: ['status'] },
  { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'], categories: ['all'], subresources: ['status'] },
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' },
  { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', namespaced: false, shortNames: ['sc'] },
  // Requests the server answers for the caller and never stores (`kubectl auth whoami`, `auth can-i`).
  { group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview', namespaced: false, verbs: ['create'] },
  { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] },
  { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectRulesReview', namespaced: false, verbs: ['create'] },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    subresources: ['status'],
  },
];

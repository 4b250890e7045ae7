import type { KubeObject, ObjectStore } from '../store/types.js';
import { CRD_GROUP_RESOURCE } from './custom-resource-definitions.js';

/**
 * How server-side apply merges and tracks the fields of one kind: which lists are maps keyed by
 * some of their items' fields, which are sets of scalars, and which objects are owned whole.
 * Paths here are field names from the object's root with list items left out, so
 * `['spec', 'template', 'spec', 'containers', 'ports']` names every container's ports.
 *
 * Built-in kinds use a small table of what Kubernetes' types declare (`+listType=map` and
 * friends); custom resources use their CRD's `x-kubernetes-list-type`, `-list-map-keys` and
 * `-map-type` where the schema has them. Everything else follows Kubernetes' defaults: lists are
 * atomic (replaced and owned as a whole), objects merge field by field.
 */
export type ListType =
  | { type: 'atomic' }
  | { type: 'set' }
  /** `defaults`: values of key fields an item may leave out (the schema's defaults). */
  | { type: 'map'; keys: readonly string[]; defaults?: Readonly<Record<string, unknown>> };

export interface MergeSchema {
  listType(path: readonly string[]): ListType;
  /** Whether the object at `path` is replaced and owned whole (`structType`/`mapType: atomic`). */
  isAtomicObject(path: readonly string[]): boolean;
}

const ATOMIC: ListType = { type: 'atomic' };
const SET: ListType = { type: 'set' };

function keyedBy(keys: string[], defaults?: Record<string, unknown>): ListType {
  return { type: 'map', keys, ...(defaults ? { defaults } : {}) };
}

/** ObjectMeta, the same for every kind. */
const METADATA_LISTS: Record<string, ListType> = {
  'metadata.finalizers': SET,
  'metadata.ownerReferences': keyedBy(['uid']),
};

const CONTAINER_LISTS: Record<string, ListType> = {
  ports: keyedBy(['containerPort', 'protocol'], { protocol: 'TCP' }),
  env: keyedBy(['name']),
  volumeMounts: keyedBy(['mountPath']),
  volumeDevices: keyedBy(['devicePath']),
  'resources.claims': keyedBy(['name']),
};

const POD_SPEC_LISTS: Record<string, ListType> = {
  containers: keyedBy(['name']),
  initContainers: keyedBy(['name']),
  ephemeralContainers: keyedBy(['name']),
  volumes: keyedBy(['name']),
  imagePullSecrets: keyedBy(['name']),
  hostAliases: keyedBy(['ip']),
  topologySpreadConstraints: keyedBy(['topologyKey', 'whenUnsatisfiable']),
  schedulingGates: keyedBy(['name']),
  resourceClaims: keyedBy(['name']),
  ...Object.fromEntries(
    ['containers', 'initContainers', 'ephemeralContainers'].flatMap((list) => Object.entries(CONTAINER_LISTS).map(([path, type]) => [`${list}.${path}`, type])),
  ),
};

const POD_SPEC_ATOMIC_OBJECTS = ['nodeSelector'];

/** Where a kind keeps its pod spec. */
const POD_SPEC_AT: Record<string, string> = {
  '/Pod': 'spec',
  'apps/Deployment': 'spec.template.spec',
  'apps/ReplicaSet': 'spec.template.spec',
  'apps/StatefulSet': 'spec.template.spec',
  'apps/DaemonSet': 'spec.template.spec',
  'batch/Job': 'spec.template.spec',
  'batch/CronJob': 'spec.jobTemplate.spec.template.spec',
};

/** Lists and atomic objects of built-in kinds beyond their pod spec. */
const KIND_LISTS: Record<string, Record<string, ListType>> = {
  '/Service': { 'spec.ports': keyedBy(['port', 'protocol'], { protocol: 'TCP' }) },
  '/Node': { 'status.addresses': keyedBy(['type']) },
};

const KIND_ATOMIC_OBJECTS: Record<string, string[]> = {
  '/Service': ['spec.selector'],
  // LabelSelector is an atomic struct.
  'apps/Deployment': ['spec.selector'],
  'apps/ReplicaSet': ['spec.selector'],
  'apps/StatefulSet': ['spec.selector'],
  'apps/DaemonSet': ['spec.selector'],
  'batch/Job': ['spec.selector'],
};

class TableSchema implements MergeSchema {
  constructor(
    private readonly lists: ReadonlyMap<string, ListType>,
    private readonly atomicObjects: ReadonlySet<string>,
  ) {}

  listType(path: readonly string[]): ListType {
    return this.lists.get(path.join('.')) ?? ATOMIC;
  }

  isAtomicObject(path: readonly string[]): boolean {
    return this.atomicObjects.has(path.join('.'));
  }
}

function builtInSchema(group: string, kind: string): TableSchema {
  const key = `${group}/${kind}`;
  const lists = new Map<string, ListType>(Object.entries(METADATA_LISTS));
  const atomicObjects = new Set<string>(KIND_ATOMIC_OBJECTS[key] ?? []);
  const podSpec = POD_SPEC_AT[key];
  if (podSpec) {
    for (const [path, type] of Object.entries(POD_SPEC_LISTS)) lists.set(`${podSpec}.${path}`, type);
    for (const path of POD_SPEC_ATOMIC_OBJECTS) atomicObjects.add(`${podSpec}.${path}`);
  }
  for (const [path, type] of Object.entries(KIND_LISTS[key] ?? {})) lists.set(path, type);
  // Built-in conditions are maps keyed by type (`+listType=map +listMapKey=type`).
  lists.set('status.conditions', keyedBy(['type']));
  return new TableSchema(lists, atomicObjects);
}

type OpenApiSchema = Record<string, unknown>;

function asSchema(value: unknown): OpenApiSchema | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as OpenApiSchema) : undefined;
}

/** A CRD version's structural schema; paths it does not describe fall back to `fallback`. */
class CrdSchema implements MergeSchema {
  constructor(
    private readonly root: OpenApiSchema,
    private readonly fallback: MergeSchema,
  ) {}

  /** The schema node at a path (descending through array items), if the schema describes it. */
  private nodeAt(path: readonly string[]): OpenApiSchema | undefined {
    let node: OpenApiSchema | undefined = this.root;
    for (const name of path) {
      while (node && node.type === 'array') node = asSchema(node.items);
      if (!node) return undefined;
      node = asSchema(asSchema(node.properties)?.[name]) ?? asSchema(node.additionalProperties);
    }
    return node;
  }

  listType(path: readonly string[]): ListType {
    const node = this.nodeAt(path);
    switch (node?.['x-kubernetes-list-type']) {
      case 'set':
        return SET;
      case 'map': {
        const keys = Array.isArray(node['x-kubernetes-list-map-keys']) ? node['x-kubernetes-list-map-keys'].filter((key): key is string => typeof key === 'string') : [];
        const properties = asSchema(asSchema(node.items)?.properties) ?? {};
        const defaults = Object.fromEntries(keys.flatMap((key) => (asSchema(properties[key])?.default !== undefined ? [[key, asSchema(properties[key])!.default]] : [])));
        return keys.length > 0 ? keyedBy(keys, Object.keys(defaults).length > 0 ? defaults : undefined) : ATOMIC;
      }
      case 'atomic':
        return ATOMIC;
      default:
        return this.fallback.listType(path);
    }
  }

  isAtomicObject(path: readonly string[]): boolean {
    const node = this.nodeAt(path);
    if (node?.['x-kubernetes-map-type'] === 'atomic') return true;
    return this.fallback.isAtomicObject(path);
  }
}

/** The version's `openAPIV3Schema` of a CRD, when it describes more than "anything goes". */
function crdVersionSchema(crd: KubeObject | undefined, version: string): OpenApiSchema | undefined {
  const versions = crd?.spec?.versions;
  if (!Array.isArray(versions)) return undefined;
  const served = versions.map(asSchema).find((entry) => entry?.name === version);
  const schema = asSchema(asSchema(served?.schema)?.openAPIV3Schema);
  return schema?.properties !== undefined ? schema : undefined;
}

export interface KindOfType {
  group: string;
  version: string;
  kind: string;
  resource: string;
}

const METADATA_ONLY = new TableSchema(new Map(Object.entries(METADATA_LISTS)), new Set());
const builtInSchemas = new Map<string, MergeSchema>();
// Stored objects are immutable snapshots, so a CRD's schemas can be kept for as long as it is stored.
const crdSchemas = new WeakMap<KubeObject, Map<string, MergeSchema>>();

/** The merge schema of a served type: from its CRD when the cluster holds one, else the built-in table. */
export function mergeSchemaFor(type: KindOfType, store: Pick<ObjectStore, 'get'>): MergeSchema {
  const crd = store.get(CRD_GROUP_RESOURCE, undefined, `${type.resource}.${type.group}`);
  if (!crd) {
    const key = `${type.group}/${type.kind}`;
    let schema = builtInSchemas.get(key);
    if (!schema) builtInSchemas.set(key, (schema = builtInSchema(type.group, type.kind)));
    return schema;
  }
  let byVersion = crdSchemas.get(crd);
  if (!byVersion) crdSchemas.set(crd, (byVersion = new Map()));
  let schema = byVersion.get(type.version);
  if (!schema) {
    // Custom resources have ObjectMeta too, and no declared list types beyond what the CRD says.
    const declared = crdVersionSchema(crd, type.version);
    byVersion.set(type.version, (schema = declared ? new CrdSchema(declared, METADATA_ONLY) : METADATA_ONLY));
  }
  return schema;
}

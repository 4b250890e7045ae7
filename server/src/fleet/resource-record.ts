import {
  computeFluxStatus,
  dependsOnOf,
  generatedRefsOf,
  inputRefsOf,
  inputSelectorsOf,
  labelsOf,
  sourceRefOf,
  type FluxKind,
  type FluxObjectLike,
  type FluxObjectStatus,
  type FluxRef,
  type FluxSelectorRef,
  type FluxStatus,
} from '@flux-orchestrator/flux-model';

/**
 * What the fleet index keeps of one Flux object: its compact status, never the whole object
 * (50,000 objects fit in tens of MB this way). The live object is read from the cluster on demand.
 */
export interface ResourceRecord {
  /** `cluster_id/Kind/namespace/name` */
  key: string;
  clusterId: string;
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  status: FluxStatus;
  reason: string;
  message: string;
  revision: string | null;
  attemptedRevision: string | null;
  suspended: boolean;
  /** When the object entered `status` (ISO). Kept across updates that do not change the status. */
  statusSince: string;
  lastHandledReconcileAt: string | null;
  generation: number | null;
  observedGeneration: number | null;
  source: FluxRef | null;
  dependsOn: FluxRef[];
  /** What it reads besides its source (an ArtifactGenerator's sources, a ResourceSet's input providers). */
  inputs: readonly FluxRef[];
  /** Flux objects it produces (an ArtifactGenerator's ExternalArtifacts, a ResourceSet's applied objects). */
  generates: readonly FluxRef[];
  /** Inputs picked by label (a ResourceSet's `inputsFrom` selectors), resolved against `labels` of the candidates. */
  inputSelectors: readonly FluxSelectorRef[];
  /** Labels, kept only for kinds that selectors pick (SELECTABLE_KINDS); empty for the rest. */
  labels: Readonly<Record<string, string>>;
  /** The object's resourceVersion when last seen (not persisted): orders reads against the watch. */
  resourceVersion: string | null;
  /** Lower-cased name, namespace, reason and message: what `q` searches. */
  search: string;
  updatedAt: string;
}

/**
 * Condition messages can be whole build logs; the index keeps the start (what a list shows) and
 * the detail view reads the full text from the live object.
 */
export const MAX_MESSAGE = 4000;

export function recordKey(clusterId: string, kind: string, namespace: string, name: string): string {
  return `${clusterId}/${kind}/${namespace}/${name}`;
}

export function searchText(record: Pick<ResourceRecord, 'name' | 'namespace' | 'reason' | 'message' | 'kind'>): string {
  return `${record.namespace}/${record.name}\n${record.kind}\n${record.reason}\n${record.message}`.toLowerCase();
}

/**
 * One copy of each frequent value (API versions, namespaces, reasons, source kinds): every parsed
 * object brings its own copies, and 50,000 records of a fleet repeat a few dozen values. Bounded,
 * so names and messages that happen to pass through never grow it without limit.
 */
const sharedStrings = new Map<string, string>();
const MAX_SHARED_STRINGS = 20_000;

function shared<T extends string | null>(value: T): T {
  if (value === null) return value;
  const known = sharedStrings.get(value);
  if (known !== undefined) return known as T;
  if (sharedStrings.size < MAX_SHARED_STRINGS) sharedStrings.set(value, value);
  return value;
}

/** Most objects read and produce nothing else: one empty list for all of them. */
export const NO_REFS: readonly FluxRef[] = Object.freeze([]);
export const NO_SELECTORS: readonly FluxSelectorRef[] = Object.freeze([]);
export const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** Kinds that other objects pick by label: only their labels are kept (the rest would cost memory for nothing). */
const SELECTABLE_KINDS = new Set(['ResourceSetInputProvider']);

function sharedRefs(refs: FluxRef[]): readonly FluxRef[] {
  return refs.length === 0 ? NO_REFS : refs.map((ref) => sharedRef(ref)!);
}

function sharedRef(ref: FluxRef | null): FluxRef | null {
  if (!ref) return ref;
  return { ...ref, kind: shared(ref.kind), namespace: shared(ref.namespace), ...(ref.apiVersion !== undefined ? { apiVersion: shared(ref.apiVersion) } : {}) };
}

/**
 * What a record needs of a live object, computed without the index: the status and the refs,
 * but no cluster, no previous record. Lists are digested on a worker thread (list-decoder.ts), so
 * the whole objects never reach the main thread's heap; watch events are digested where they land.
 */
export interface ObjectDigest {
  namespace: string;
  name: string;
  apiVersion: string;
  resourceVersion: string | null;
  suspended: boolean;
  computed: FluxObjectStatus;
  source: FluxRef | null;
  dependsOn: FluxRef[];
  inputs: FluxRef[];
  generates: FluxRef[];
  inputSelectors: FluxSelectorRef[];
  labels: Record<string, string>;
}

export function digestOf(kind: FluxKind, object: FluxObjectLike): ObjectDigest {
  return {
    namespace: object.metadata?.namespace ?? '',
    name: object.metadata?.name ?? '',
    apiVersion: object.apiVersion ?? `${kind.group}/${kind.versions[0]}`,
    resourceVersion: (object.metadata as { resourceVersion?: string } | undefined)?.resourceVersion ?? null,
    suspended: object.spec?.suspend === true,
    computed: computeFluxStatus(object, kind),
    source: sourceRefOf(object),
    dependsOn: dependsOnOf(object),
    inputs: inputRefsOf(object),
    generates: generatedRefsOf(object),
    inputSelectors: inputSelectorsOf(object),
    labels: SELECTABLE_KINDS.has(kind.kind) ? labelsOf(object) : {},
  };
}

/** Compacts a live object into a record (see recordOf). */
export function toRecord(clusterId: string, kind: FluxKind, object: FluxObjectLike, previous: ResourceRecord | undefined, now: string): ResourceRecord {
  return recordOf(clusterId, kind, digestOf(kind, object), previous, now);
}

/**
 * A digested object as a record. `previous` keeps `statusSince` when the status did not change; a
 * new status takes the deciding condition's transition time, else `now`.
 */
export function recordOf(clusterId: string, kind: FluxKind, digest: ObjectDigest, previous: ResourceRecord | undefined, now: string): ResourceRecord {
  const { computed, namespace, name } = digest;
  const sameStatus = previous !== undefined && previous.status === computed.status;
  const record: ResourceRecord = {
    key: recordKey(clusterId, kind.kind, namespace, name),
    clusterId,
    kind: kind.kind,
    apiVersion: shared(digest.apiVersion),
    namespace: shared(namespace),
    name,
    status: computed.status,
    reason: shared(computed.reason),
    message: computed.message.length > MAX_MESSAGE ? `${computed.message.slice(0, MAX_MESSAGE - 1)}…` : computed.message,
    revision: shared(computed.revision),
    attemptedRevision: shared(computed.attemptedRevision),
    suspended: digest.suspended,
    statusSince: sameStatus ? previous.statusSince : (computed.since ?? now),
    lastHandledReconcileAt: computed.lastHandledReconcileAt,
    generation: computed.generation,
    observedGeneration: computed.observedGeneration,
    source: sharedRef(digest.source),
    dependsOn: digest.dependsOn.map((ref) => sharedRef(ref)!),
    inputs: sharedRefs(digest.inputs),
    generates: sharedRefs(digest.generates),
    inputSelectors: digest.inputSelectors.length === 0 ? NO_SELECTORS : digest.inputSelectors,
    labels: Object.keys(digest.labels).length === 0 ? NO_LABELS : digest.labels,
    resourceVersion: digest.resourceVersion,
    search: '',
    updatedAt: now,
  };
  record.search = searchText(record);
  return record;
}

/**
 * Whether `candidate` is a newer version of the object than `current`. resourceVersions are opaque
 * by contract, but every API server in practice issues increasing integers (etcd revisions);
 * anything else is treated as not newer, so the watch stays the authority.
 */
export function isNewerVersion(candidate: string | null, current: string | null): boolean {
  if (current === null) return true;
  if (candidate === null || !/^\d+$/.test(candidate) || !/^\d+$/.test(current)) return false;
  return BigInt(candidate) > BigInt(current);
}

/** Whether a new record differs from the old one in anything a reader sees. */
export function recordChanged(previous: ResourceRecord | undefined, next: ResourceRecord): boolean {
  if (!previous) return true;
  return (
    previous.status !== next.status ||
    previous.reason !== next.reason ||
    previous.message !== next.message ||
    previous.revision !== next.revision ||
    previous.attemptedRevision !== next.attemptedRevision ||
    previous.suspended !== next.suspended ||
    previous.statusSince !== next.statusSince ||
    previous.lastHandledReconcileAt !== next.lastHandledReconcileAt ||
    previous.generation !== next.generation ||
    previous.observedGeneration !== next.observedGeneration ||
    previous.apiVersion !== next.apiVersion ||
    JSON.stringify(previous.source) !== JSON.stringify(next.source) ||
    JSON.stringify(previous.dependsOn) !== JSON.stringify(next.dependsOn) ||
    JSON.stringify(previous.inputs) !== JSON.stringify(next.inputs) ||
    JSON.stringify(previous.generates) !== JSON.stringify(next.generates) ||
    JSON.stringify(previous.inputSelectors) !== JSON.stringify(next.inputSelectors) ||
    JSON.stringify(previous.labels) !== JSON.stringify(next.labels)
  );
}

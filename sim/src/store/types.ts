/**
 * Contract of one simulated cluster's object store: the only state a simulated Kubernetes API
 * server has. The HTTP layer (`kube/`) translates REST verbs into these calls; the Flux
 * controllers (`flux/`) read and write through the same calls, so every change they make is seen
 * by watchers exactly as a real API server would show it.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: unknown[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Identifies a resource type the way URLs do: group ('' for core), version and plural name. */
export interface ResourceType {
  group: string;
  version: string;
  /** Plural lower-case name used in URLs, e.g. `kustomizations`. */
  resource: string;
  kind: string;
  namespaced: boolean;
  /** Whether `status` is a subresource (writes to the main resource then ignore status). */
  hasStatusSubresource?: boolean;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  /** The object after the change (for DELETED: the last state, with a new resourceVersion). */
  object: KubeObject;
  /** `group/resource`, e.g. `kustomize.toolkit.fluxcd.io/kustomizations`, `/pods` for core. */
  groupResource: string;
  /** The store-wide resourceVersion this event produced. */
  resourceVersion: number;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ListResult {
  items: KubeObject[];
  /** Store-wide resourceVersion at the time of the list. */
  resourceVersion: number;
}

/** Thrown by store operations; the HTTP layer maps `code`/`reason` to a Kubernetes `Status`. */
export class StoreError extends Error {
  constructor(
    readonly code: 404 | 409 | 410 | 422,
    readonly reason: 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired' | 'Invalid',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface ObjectStore {
  /** Objects are keyed by group/resource + namespace + name; the version in apiVersion is kept as written. */
  get(groupResource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(groupResource: string, options?: ListOptions): ListResult;
  /** Assigns uid, resourceVersion, generation 1, creationTimestamp. 409 AlreadyExists. */
  create(groupResource: string, object: KubeObject): KubeObject;
  /**
   * Replaces the object. Bumps metadata.generation when `spec` (or any top-level field other
   * than metadata/status) changed. If `object.metadata.resourceVersion` is set and stale: 409 Conflict.
   * With `preserveStatus` (main resource of a kind with a status subresource) the stored status is kept.
   */
  update(groupResource: string, object: KubeObject, options?: { preserveStatus?: boolean }): KubeObject;
  /** Replaces only `status`; never bumps generation. */
  updateStatus(groupResource: string, object: KubeObject): KubeObject;
  /**
   * 404 NotFound when absent. An object with `metadata.finalizers` is only marked
   * (`deletionTimestamp`); with `specFinalizers`, a non-empty `spec.finalizers` holds it too (how
   * kube-apiserver deletes a Namespace: it stays, Terminating, until its `kubernetes` finalizer is
   * removed). A marked object goes away when an update leaves it without either.
   */
  delete(groupResource: string, namespace: string | undefined, name: string, options?: { specFinalizers?: boolean }): KubeObject;
  /** Current store-wide resourceVersion. */
  currentResourceVersion(): number;
  /**
   * Events after `sinceResourceVersion` still held in the history window (oldest first), or
   * throws StoreError 410 Expired when that version is older than the window.
   */
  eventsSince(sinceResourceVersion: number, groupResource?: string): StoreEvent[];
  /** Live events, in order. Returns an unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void;
  /** Number of objects held (for memory benchmarks). */
  size(): number;
}

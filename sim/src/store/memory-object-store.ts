import { randomUUID, randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { tracksGeneration } from './generation-policy.js';
import { compileSelectors } from './selectors.js';
import { StoreError } from './types.js';
import type { KubeObject, ListOptions, ListResult, ObjectStore, StoreEvent, WatchEventType } from './types.js';

export interface MemoryObjectStoreOptions {
  /** How many recent events `eventsSince` can replay before answering 410 Expired. Default 1000. */
  historySize?: number;
  /** Clock for creationTimestamp/deletionTimestamp (tests). Default `() => new Date()`. */
  now?: () => Date;
}

interface ResourceBucket {
  objects: Map<string, KubeObject>;
  /** Objects ordered by namespace/name; rebuilt lazily after a write. */
  sorted: KubeObject[] | undefined;
}

/** Fields the server owns: a client's values are ignored on update (as kube-apiserver does). */
const SERVER_OWNED_METADATA = ['uid', 'creationTimestamp', 'generation', 'deletionTimestamp'] as const;

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function compareByNamespaceAndName(a: KubeObject, b: KubeObject): number {
  const namespaceA = a.metadata.namespace ?? '';
  const namespaceB = b.metadata.namespace ?? '';
  if (namespaceA !== namespaceB) return namespaceA < namespaceB ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** Objects are JSON by contract; a JSON round trip copies them faster than structuredClone and drops `undefined`s. */
function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** `spec.finalizers` (a Namespace's `kubernetes` finalizer). */
function specFinalizers(object: KubeObject): unknown[] {
  const finalizers = (object.spec as { finalizers?: unknown } | undefined)?.finalizers;
  return Array.isArray(finalizers) ? finalizers : [];
}

/** Everything but metadata and status: a change here is a new generation. */
function specPart(object: KubeObject): Record<string, unknown> {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return rest;
}

/** `kustomizations.kustomize.toolkit.fluxcd.io "name"`, the way kube-apiserver names an object in errors. */
function describe(groupResource: string, name: string): string {
  const slash = groupResource.indexOf('/');
  const group = groupResource.slice(0, slash);
  const resource = groupResource.slice(slash + 1);
  return `${group ? `${resource}.${group}` : resource} "${name}"`;
}

function notFound(groupResource: string, name: string): StoreError {
  return new StoreError(404, 'NotFound', `${describe(groupResource, name)} not found`);
}

/**
 * In-memory {@link ObjectStore} for one simulated cluster.
 *
 * What callers can rely on:
 * - One store-wide, monotonically increasing resourceVersion (a number; the API server renders it
 *   as a string). Every create/update/delete that changes something bumps it and emits one event.
 *   A write that changes nothing is a no-op: same resourceVersion, no event (as kube-apiserver).
 * - **Objects handed out (get, list, events) are deep-frozen snapshots shared with the store**:
 *   reading is free, mutating throws a TypeError. Copy (`structuredClone`, or a spread of the
 *   parts you change) before modifying. Objects passed in are copied, so callers may keep them.
 * - `create` assigns uid, creationTimestamp, generation 1 (for kinds that have one, see
 *   generation-policy.ts) and resourceVersion; supports
 *   `metadata.generateName` when `name` is empty.
 * - `update`/`updateStatus` check `metadata.resourceVersion` when given (stale → 409 Conflict);
 *   server-owned metadata (uid, creationTimestamp, generation, deletionTimestamp) is kept.
 * - `delete` of an object with finalizers only sets `deletionTimestamp` (MODIFIED); the object
 *   goes away (DELETED) when an update empties its finalizers — Kubernetes' finalizer protocol.
 *   With `specFinalizers`, a Namespace's `spec.finalizers` hold it the same way.
 * - Lists are sorted by namespace, then name.
 * - Listeners run synchronously after each change, in resourceVersion order, even when a listener
 *   writes to the store itself (such writes are queued until the current dispatch finishes).
 */
export class MemoryObjectStore implements ObjectStore {
  private readonly buckets = new Map<string, ResourceBucket>();
  private readonly history: StoreEvent[] = [];
  private historyStart = 0;
  /** Highest resourceVersion that has fallen out of the history window. */
  private evictedUpTo = 0;
  private resourceVersion = 0;
  private objectCount = 0;
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private readonly pending: StoreEvent[] = [];
  private dispatching = false;
  private readonly historySize: number;
  private readonly now: () => Date;

  constructor(options: MemoryObjectStoreOptions = {}) {
    this.historySize = Math.max(1, options.historySize ?? 1000);
    this.now = options.now ?? (() => new Date());
  }

  get(groupResource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.buckets.get(groupResource)?.objects.get(objectKey(namespace, name));
  }

  /** Throws {@link SelectorParseError} (→ 400) for a malformed label or field selector. */
  list(groupResource: string, options: ListOptions = {}): ListResult {
    const predicate = compileSelectors(options.labelSelector, options.fieldSelector);
    const bucket = this.buckets.get(groupResource);
    const resourceVersion = this.resourceVersion;
    if (!bucket) return { items: [], resourceVersion };
    bucket.sorted ??= [...bucket.objects.values()].sort(compareByNamespaceAndName);
    const { namespace } = options;
    if (!namespace && !predicate) return { items: bucket.sorted.slice(), resourceVersion };
    const items = bucket.sorted.filter(
      (object) => (!namespace || object.metadata.namespace === namespace) && (!predicate || predicate(object)),
    );
    return { items, resourceVersion };
  }

  create(groupResource: string, object: KubeObject): KubeObject {
    // A frozen spec cannot change: it is kept, not copied (CRD schemas shared by every cluster).
    const { spec, ...rest } = object;
    const copy = spec !== undefined && Object.isFrozen(spec) ? { ...cloneJson(rest), spec } : cloneJson(object);
    const metadata = { ...(copy.metadata ?? {}) };
    if (!metadata.name && typeof metadata.generateName === 'string' && metadata.generateName) {
      metadata.name = `${metadata.generateName}${randomBytes(4).toString('hex').slice(0, 5)}`;
    }
    if (!metadata.name) throw new StoreError(422, 'Invalid', 'metadata.name: Required value: name or generateName is required');
    const bucket = this.bucket(groupResource);
    const key = objectKey(metadata.namespace, metadata.name);
    if (bucket.objects.has(key)) {
      throw new StoreError(409, 'AlreadyExists', `${describe(groupResource, metadata.name)} already exists`);
    }
    const resourceVersion = this.resourceVersion + 1;
    copy.metadata = {
      ...metadata,
      uid: randomUUID(),
      resourceVersion: String(resourceVersion),
      ...(tracksGeneration(groupResource) ? { generation: 1 } : {}),
      creationTimestamp: this.timestamp(),
    };
    if (!tracksGeneration(groupResource)) delete copy.metadata.generation;
    delete copy.metadata.deletionTimestamp;
    return this.commit('ADDED', groupResource, bucket, key, copy);
  }

  update(groupResource: string, object: KubeObject, options: { preserveStatus?: boolean } = {}): KubeObject {
    const { bucket, key, stored } = this.current(groupResource, object);
    const copy = cloneJson(object);
    copy.metadata = { ...copy.metadata };
    for (const field of SERVER_OWNED_METADATA) {
      if (stored.metadata[field] === undefined) delete copy.metadata[field];
      else (copy.metadata as Record<string, unknown>)[field] = stored.metadata[field];
    }
    if (options.preserveStatus) {
      if (stored.status === undefined) delete copy.status;
      else copy.status = stored.status;
    }
    if (tracksGeneration(groupResource) && !isDeepStrictEqual(specPart(copy), specPart(stored))) copy.metadata.generation = (stored.metadata.generation ?? 0) + 1;
    if (stored.metadata.deletionTimestamp && (copy.metadata.finalizers ?? []).length === 0 && specFinalizers(copy).length === 0) {
      delete copy.metadata.finalizers;
      return this.remove(groupResource, bucket, key, copy);
    }
    return this.commitIfChanged(groupResource, bucket, key, stored, copy);
  }

  updateStatus(groupResource: string, object: KubeObject): KubeObject {
    const { bucket, key, stored } = this.current(groupResource, object);
    const next: KubeObject = { ...stored, metadata: { ...stored.metadata } };
    if (object.status === undefined) delete next.status;
    else next.status = cloneJson(object.status);
    return this.commitIfChanged(groupResource, bucket, key, stored, next);
  }

  delete(groupResource: string, namespace: string | undefined, name: string, options: { specFinalizers?: boolean } = {}): KubeObject {
    const bucket = this.buckets.get(groupResource);
    const key = objectKey(namespace, name);
    const stored = bucket?.objects.get(key);
    if (!bucket || !stored) throw notFound(groupResource, name);
    if ((stored.metadata.finalizers ?? []).length > 0 || (options.specFinalizers === true && specFinalizers(stored).length > 0)) {
      if (stored.metadata.deletionTimestamp) return stored;
      const marked = { ...stored, metadata: { ...stored.metadata, deletionTimestamp: this.timestamp() } };
      return this.commit('MODIFIED', groupResource, bucket, key, marked);
    }
    return this.remove(groupResource, bucket, key, stored);
  }

  currentResourceVersion(): number {
    return this.resourceVersion;
  }

  eventsSince(sinceResourceVersion: number, groupResource?: string): StoreEvent[] {
    if (sinceResourceVersion < this.evictedUpTo) {
      throw new StoreError(410, 'Expired', `too old resource version: ${sinceResourceVersion} (${this.evictedUpTo + 1})`);
    }
    const events: StoreEvent[] = [];
    // History is ordered by resourceVersion; scan from the end back to the first newer event.
    let index = this.history.length;
    while (index > this.historyStart && (this.history[index - 1]?.resourceVersion ?? 0) > sinceResourceVersion) index -= 1;
    for (let i = index; i < this.history.length; i += 1) {
      const event = this.history[i];
      if (event && (!groupResource || event.groupResource === groupResource)) events.push(event);
    }
    return events;
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  size(): number {
    return this.objectCount;
  }

  /** Resource types (`group/plural`) that currently hold at least one object. */
  groupResources(): string[] {
    return [...this.buckets.entries()].filter(([, bucket]) => bucket.objects.size > 0).map(([groupResource]) => groupResource);
  }

  private bucket(groupResource: string): ResourceBucket {
    let bucket = this.buckets.get(groupResource);
    if (!bucket) {
      bucket = { objects: new Map(), sorted: undefined };
      this.buckets.set(groupResource, bucket);
    }
    return bucket;
  }

  private current(groupResource: string, object: KubeObject): { bucket: ResourceBucket; key: string; stored: KubeObject } {
    const name = object.metadata?.name;
    if (!name) throw new StoreError(422, 'Invalid', 'metadata.name: Required value: name is required');
    const bucket = this.buckets.get(groupResource);
    const key = objectKey(object.metadata.namespace, name);
    const stored = bucket?.objects.get(key);
    if (!bucket || !stored) throw notFound(groupResource, name);
    const expected = object.metadata.resourceVersion;
    if (expected !== undefined && expected !== '' && expected !== stored.metadata.resourceVersion) {
      throw new StoreError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${describe(groupResource, name)}: the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    return { bucket, key, stored };
  }

  private commitIfChanged(groupResource: string, bucket: ResourceBucket, key: string, stored: KubeObject, next: KubeObject): KubeObject {
    next.metadata.resourceVersion = stored.metadata.resourceVersion;
    if (isDeepStrictEqual(next, stored)) return stored;
    return this.commit('MODIFIED', groupResource, bucket, key, next);
  }

  private remove(groupResource: string, bucket: ResourceBucket, key: string, last: KubeObject): KubeObject {
    bucket.objects.delete(key);
    bucket.sorted = undefined;
    this.objectCount -= 1;
    this.resourceVersion += 1;
    const object: KubeObject = { ...last, metadata: { ...last.metadata, resourceVersion: String(this.resourceVersion) } };
    if (object.metadata.finalizers === undefined) delete object.metadata.finalizers;
    deepFreeze(object);
    this.emit({ type: 'DELETED', object, groupResource, resourceVersion: this.resourceVersion });
    return object;
  }

  private commit(type: WatchEventType, groupResource: string, bucket: ResourceBucket, key: string, object: KubeObject): KubeObject {
    this.resourceVersion += 1;
    object.metadata = { ...object.metadata, resourceVersion: String(this.resourceVersion) };
    deepFreeze(object);
    if (!bucket.objects.has(key)) this.objectCount += 1;
    bucket.objects.set(key, object);
    bucket.sorted = undefined;
    this.emit({ type, object, groupResource, resourceVersion: this.resourceVersion });
    return object;
  }

  private emit(event: StoreEvent): void {
    Object.freeze(event);
    this.history.push(event);
    if (this.history.length - this.historyStart > this.historySize) {
      this.evictedUpTo = this.history[this.historyStart]?.resourceVersion ?? this.evictedUpTo;
      this.historyStart += 1;
      // Compact occasionally instead of shifting on every write.
      if (this.historyStart >= this.historySize) {
        this.history.splice(0, this.historyStart);
        this.historyStart = 0;
      }
    }
    this.pending.push(event);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let next = this.pending.shift(); next; next = this.pending.shift()) {
        for (const listener of [...this.listeners]) {
          try {
            listener(next);
          } catch (error) {
            // One broken watcher must not break the write or the other watchers.
            process.emitWarning(`object store listener failed: ${String(error)}`);
          }
        }
      }
    } finally {
      this.dispatching = false;
    }
  }

  private timestamp(): string {
    // Kubernetes timestamps are RFC 3339 with second precision.
    return this.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

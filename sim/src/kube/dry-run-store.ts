import { randomUUID } from 'node:crypto';
import type { KubeObject, ObjectStore } from '../store/types.js';
import { tracksGeneration } from '../store/generation-policy.js';
import { StoreError } from '../store/types.js';

/**
 * A view of a store for `?dryRun=All` requests: reads go through, writes are validated as the
 * real ones would be (existence, resourceVersion preconditions) and return the would-be object,
 * but nothing is stored and no watch event is sent.
 */
export function dryRunStore(store: ObjectStore): ObjectStore {
  const current = (groupResource: string, object: KubeObject): KubeObject => {
    const stored = store.get(groupResource, object.metadata.namespace, object.metadata.name);
    if (!stored) throw new StoreError(404, 'NotFound', `${object.metadata.name} not found`);
    const expected = object.metadata.resourceVersion;
    if (expected && expected !== stored.metadata.resourceVersion) throw new StoreError(409, 'Conflict', 'the object has been modified');
    return stored;
  };
  return {
    get: (groupResource, namespace, name) => store.get(groupResource, namespace, name),
    list: (groupResource, options) => store.list(groupResource, options),
    create(groupResource, object) {
      if (store.get(groupResource, object.metadata.namespace, object.metadata.name)) throw new StoreError(409, 'AlreadyExists', 'already exists');
      const metadata = { ...object.metadata, uid: randomUUID(), ...(tracksGeneration(groupResource) ? { generation: 1 } : {}), creationTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
      if (!tracksGeneration(groupResource)) delete metadata.generation;
      return { ...object, metadata };
    },
    update(groupResource, object, options) {
      const stored = current(groupResource, object);
      const next: KubeObject = { ...object, metadata: { ...object.metadata, uid: stored.metadata.uid, creationTimestamp: stored.metadata.creationTimestamp, resourceVersion: stored.metadata.resourceVersion } };
      if (options?.preserveStatus) {
        if (stored.status === undefined) delete next.status;
        else next.status = stored.status;
      }
      return next;
    },
    updateStatus(groupResource, object) {
      const stored = current(groupResource, object);
      return { ...stored, status: object.status ?? {} };
    },
    delete(groupResource, namespace, name) {
      // Options (spec finalizers) only decide whether the real delete marks or removes; nothing is written here.
      const stored = store.get(groupResource, namespace, name);
      if (!stored) throw new StoreError(404, 'NotFound', `${name} not found`);
      return stored;
    },
    currentResourceVersion: () => store.currentResourceVersion(),
    eventsSince: (since, groupResource) => store.eventsSince(since, groupResource),
    subscribe: (listener) => store.subscribe(listener),
    size: () => store.size(),
  };
}

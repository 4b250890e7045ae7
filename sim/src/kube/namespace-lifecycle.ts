/**
 * Namespace deletion as kube-apiserver and kube-controller-manager's namespace controller do it:
 * `DELETE /api/v1/namespaces/x` marks the namespace (`deletionTimestamp`, `status.phase:
 * Terminating`, its `kubernetes` finalizer in `spec.finalizers`) instead of removing it; the
 * controller then deletes every namespaced object in it, and once none is left (objects with
 * finalizers go when those are removed) it drops the finalizer and the namespace disappears.
 * While it terminates, nothing new can be created in it (403 Forbidden, see
 * {@link namespaceTerminating}). A namespace removed from the store directly (no API call) takes
 * its leftover contents with it too.
 */
import type { KubeObject, ObjectStore, StoreEvent } from '../store/types.js';
import { KubeApiError, qualifiedResource } from './kube-status.js';
import type { ResourceTypeRegistry } from './resource-types.js';

export const NAMESPACES = '/namespaces';
const NAMESPACE_FINALIZER = 'kubernetes';

/** Whether a namespace is being deleted. */
export function isTerminating(namespace: KubeObject | undefined): boolean {
  return namespace?.metadata.deletionTimestamp !== undefined;
}

/** NamespaceLifecycle admission's answer to a create in a terminating namespace. */
export function namespaceTerminating(group: string, resource: string, name: string, namespace: string): KubeApiError {
  const message = `unable to create new content in namespace ${namespace} because it is being terminated`;
  return new KubeApiError(403, 'Forbidden', `${qualifiedResource(group, resource)} "${name}" is forbidden: ${message}`, {
    name,
    group,
    kind: resource,
    causes: [{ reason: 'NamespaceTerminating', message, field: 'metadata.namespace' }],
  });
}

/**
 * The API's delete of a namespace: gives it the `kubernetes` finalizer if it lacks one (as the
 * API server defaults every namespace), marks it for deletion and Terminating. Returns it.
 */
export function beginNamespaceDeletion(store: ObjectStore, name: string): KubeObject {
  let namespace = store.get(NAMESPACES, undefined, name)!;
  if (isTerminating(namespace)) return namespace;
  const finalizers = Array.isArray(namespace.spec?.finalizers) ? (namespace.spec.finalizers as string[]) : [];
  if (!finalizers.includes(NAMESPACE_FINALIZER)) {
    namespace = store.update(NAMESPACES, { ...namespace, metadata: { ...namespace.metadata, resourceVersion: undefined }, spec: { ...namespace.spec, finalizers: [...finalizers, NAMESPACE_FINALIZER] } }, { preserveStatus: true });
  }
  const marked = store.delete(NAMESPACES, undefined, name, { specFinalizers: true });
  return store.updateStatus(NAMESPACES, { ...marked, metadata: { ...marked.metadata, resourceVersion: undefined }, status: { ...marked.status, phase: 'Terminating' } });
}

/** Runs the namespace controller on `store` until the returned function is called. */
export function startNamespaceController(store: ObjectStore, registry: ResourceTypeRegistry): () => void {
  const scheduled = new Set<string>();
  let stopped = false;

  const namespacedResources = (): string[] => [...new Set(registry.all().filter((type) => type.namespaced).map((type) => type.groupResource))];

  /** Deletes what is left in `namespace`; true when nothing is left. */
  const purge = (namespace: string): boolean => {
    let remaining = 0;
    for (const groupResource of namespacedResources()) {
      for (const object of store.list(groupResource, { namespace }).items) {
        remaining += 1;
        if (object.metadata.deletionTimestamp) continue;
        try {
          const deleted = store.delete(groupResource, namespace, object.metadata.name);
          if (!deleted.metadata.deletionTimestamp) remaining -= 1;
        } catch {
          remaining -= 1; // Gone meanwhile.
        }
      }
    }
    return remaining === 0;
  };

  const reconcile = (name: string): void => {
    scheduled.delete(name);
    if (stopped) return;
    const namespace = store.get(NAMESPACES, undefined, name);
    if (!namespace) {
      purge(name);
      return;
    }
    if (!isTerminating(namespace) || !purge(name)) return;
    const finalizers = (Array.isArray(namespace.spec?.finalizers) ? (namespace.spec.finalizers as string[]) : []).filter((finalizer) => finalizer !== NAMESPACE_FINALIZER);
    try {
      store.update(NAMESPACES, { ...namespace, metadata: { ...namespace.metadata, resourceVersion: undefined }, spec: { ...namespace.spec, finalizers } }, { preserveStatus: true });
    } catch {
      // Changed meanwhile: the next event reconciles again.
    }
  };

  const schedule = (name: string): void => {
    if (scheduled.has(name)) return;
    scheduled.add(name);
    setImmediate(() => reconcile(name));
  };

  const onEvent = (event: StoreEvent): void => {
    const { object } = event;
    if (event.groupResource === NAMESPACES) {
      if (event.type === 'DELETED' || isTerminating(object)) schedule(object.metadata.name);
      return;
    }
    // Something left a terminating namespace: it may be empty now.
    const namespace = object.metadata.namespace;
    if (event.type === 'DELETED' && namespace && isTerminating(store.get(NAMESPACES, undefined, namespace))) schedule(namespace);
  };

  const unsubscribe = store.subscribe(onEvent);
  for (const namespace of store.list(NAMESPACES).items) if (isTerminating(namespace)) schedule(namespace.metadata.name);
  return () => {
    stopped = true;
    unsubscribe();
  };
}

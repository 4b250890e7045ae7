import { randomBytes } from 'node:crypto';
import type { KubeObject, ObjectStore } from '../store/types.js';
import { kubeTime } from './flux-conditions.js';

export interface FluxEventRecorderOptions {
  store: ObjectStore;
  now?: () => Date;
  /** Events this recorder keeps in the store before deleting its oldest (kube-apiserver expires events after 1h). Default 200. */
  maxEvents?: number;
}

export interface RecordedEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** `source.component`, the controller Deployment name, e.g. `kustomize-controller`. */
  component: string;
  /** Extra annotations Flux puts on events, e.g. `kustomize.toolkit.fluxcd.io/revision`. */
  annotations?: Record<string, string>;
}

/**
 * Writes core/v1 Events for Flux objects into the store, as client-go's event recorder does:
 * `<name>.<hex>` names in the involved object's namespace, and a repeat of the same
 * type/reason/message/source for the same object bumps `count` and `lastTimestamp` instead of
 * creating a new Event. Serve `events.k8s.io/v1` as a view of the same objects.
 */
export class FluxEventRecorder {
  private readonly store: ObjectStore;
  private readonly now: () => Date;
  private readonly maxEvents: number;
  /** Aggregation key → event name, in creation order (oldest first) for expiry. */
  private readonly recorded = new Map<string, { namespace: string; name: string }>();

  constructor(options: FluxEventRecorderOptions) {
    this.store = options.store;
    this.now = options.now ?? (() => new Date());
    this.maxEvents = Math.max(1, options.maxEvents ?? 200);
  }

  record(involved: KubeObject, event: RecordedEvent): KubeObject {
    const namespace = involved.metadata.namespace ?? 'default';
    const key = `${involved.metadata.uid ?? `${namespace}/${involved.metadata.name}`}|${event.type}|${event.reason}|${event.component}|${event.message}`;
    const time = kubeTime(this.now());
    const existingRef = this.recorded.get(key);
    const existing = existingRef ? this.store.get('/events', existingRef.namespace, existingRef.name) : undefined;
    if (existingRef && existing) {
      // Refresh the aggregation key's position so repeated events are not the first to expire.
      this.recorded.delete(key);
      this.recorded.set(key, existingRef);
      const { resourceVersion: _rv, ...metadata } = existing.metadata;
      return this.store.update('/events', { ...existing, metadata, count: Number(existing.count ?? 1) + 1, lastTimestamp: time });
    }
    const name = `${involved.metadata.name}.${randomBytes(8).toString('hex')}`;
    const created = this.store.create('/events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, ...(event.annotations ? { annotations: event.annotations } : {}) },
      involvedObject: {
        apiVersion: involved.apiVersion,
        kind: involved.kind,
        name: involved.metadata.name,
        namespace: involved.metadata.namespace,
        uid: involved.metadata.uid,
        resourceVersion: involved.metadata.resourceVersion,
      },
      reason: event.reason,
      message: event.message,
      type: event.type,
      source: { component: event.component },
      reportingComponent: event.component,
      reportingInstance: '',
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
      eventTime: null,
    });
    this.recorded.set(key, { namespace, name });
    this.expireOldest();
    return created;
  }

  private expireOldest(): void {
    while (this.recorded.size > this.maxEvents) {
      const [key, ref] = this.recorded.entries().next().value as [string, { namespace: string; name: string }];
      this.recorded.delete(key);
      if (this.store.get('/events', ref.namespace, ref.name)) this.store.delete('/events', ref.namespace, ref.name);
    }
  }
}

import { EventEmitter } from 'node:events';

/**
 * Cross-feature state changes go through here: the health checker, the fleet engine and the live
 * stream (SSE) subscribe. Flux object changes are too many for a bus; they come from the fleet
 * engine's own listeners.
 */
export type FleetEvent =
  | { type: 'cluster.created' | 'cluster.updated'; clusterId: string }
  | { type: 'cluster.deleted'; clusterId: string }
  | { type: 'cluster.health'; clusterId: string; status: string; previousStatus: string | null }
  | { type: 'job.progress'; jobId: string; jobType: string; done: number; total: number }
  | { type: 'job.finished'; jobId: string; status: string }
  /** One object's result in a bulk action job (what it was, how it went). */
  | { type: 'job.item'; jobId: string; item: { cluster_id: string; kind: string; namespace: string; name: string; outcome: string; error: string | null } & Record<string, unknown> }
  | { type: 'azure.subscription.changed'; subscriptionId: string }
  /** An audit entry was written (what it is stays in the database: readers ask with their scope). */
  | { type: 'audit.recorded'; clusterId: string | null };

export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: FleetEvent): void {
    this.emitter.emit('event', event);
  }

  /** Returns an unsubscribe function. Listeners must not throw. */
  subscribe(listener: (event: FleetEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}

import { EventEmitter } from 'node:events';

/**
 * Every state change the UI may want to see live goes through here. Today the in-process
 * listeners are the metrics; the live stream (SSE) and cross-replica fan-out subscribe later.
 */
export type FleetEvent =
  | { type: 'cluster.created' | 'cluster.updated'; clusterId: string }
  | { type: 'cluster.deleted'; clusterId: string }
  | { type: 'cluster.health'; clusterId: string; status: string; previousStatus: string | null }
  | { type: 'job.finished'; jobId: string; status: string }
  | { type: 'azure.subscription.changed'; subscriptionId: string };

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

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics. HTTP labels use the route template, never the raw URL (bounded cardinality). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'fluxo_http_requests_total',
    help: 'HTTP requests by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'fluxo_http_request_duration_seconds',
    help: 'HTTP request duration by method and route template.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly clustersByHealth: Gauge<'status'>;

  /** `countClustersByHealth` is read at scrape time, so the gauge is never stale. */
  constructor(countClustersByHealth: () => Promise<Record<string, number>> = async () => ({})) {
    this.clustersByHealth = new Gauge({
      name: 'fluxo_clusters',
      help: 'Registered clusters by last health status (unknown = not checked yet).',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const counts = await countClustersByHealth();
        this.reset();
        for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'fluxo_' });
  }
}

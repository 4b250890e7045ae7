import { FLUX_STATUSES } from '@flux-orchestrator/flux-model';
import type { EventBus } from '../events/index.js';
import type { ClustersRepo } from '../store/index.js';
import type { FleetEngine } from './fleet-engine.js';
import type { StatusCounts } from './fleet-index.js';

export interface ClusterRollupView {
  cluster_id: string;
  cluster: string;
  connection: string | null;
  sync: string;
  stale_kinds: string[];
  objects: number;
  by_status: StatusCounts;
}

/** A cluster's two facts side by side: its connection (health checks) and its Flux roll-up (the index). */
export class ClusterRollups {
  private readonly health = new Map<string, string>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly engine: FleetEngine,
    private readonly repo: ClustersRepo,
    private readonly events: EventBus,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = this.events.subscribe((event) => {
      if (event.type === 'cluster.health') this.health.set(event.clusterId, event.status);
      if (event.type === 'cluster.deleted') this.health.delete(event.clusterId);
    });
    for (const row of await this.repo.listHealth()) this.health.set(row.cluster_id, row.status);
  }

  stop(): void {
    this.unsubscribe?.();
  }

  of(clusterId: string): ClusterRollupView {
    const counts = this.engine.index.countsOfCluster(clusterId);
    return {
      cluster_id: clusterId,
      cluster: this.engine.clusterName(clusterId),
      connection: this.health.get(clusterId) ?? null,
      sync: this.engine.syncStatus(clusterId).state,
      stale_kinds: this.engine.staleKinds(clusterId),
      objects: counts.total,
      by_status: counts,
    };
  }

  /** Every cluster, problems first: connection down (nothing is known), then most failing objects, then by name. */
  all(): ClusterRollupView[] {
    return this.engine
      .clusterList()
      .map((cluster) => this.of(cluster.id))
      .sort((a, b) => connectionRank(a.connection) - connectionRank(b.connection) || b.by_status.failed - a.by_status.failed || a.cluster.localeCompare(b.cluster));
  }

  /** Kinds with failing objects first. */
  kinds(): Array<{ kind: string; by_status: StatusCounts }> {
    return [...this.engine.index.countsByKind()]
      .filter(([, counts]) => counts.total > 0)
      .map(([kind, counts]) => ({ kind, by_status: counts }))
      .sort((a, b) => FLUX_STATUSES.reduce((order, status) => order || b.by_status[status] - a.by_status[status], 0) || a.kind.localeCompare(b.kind));
  }
}

function connectionRank(connection: string | null): number {
  return connection === 'unreachable' || connection === 'unauthorized' ? 0 : connection === 'degraded' ? 1 : 2;
}

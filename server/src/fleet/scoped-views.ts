import { FLUX_STATUSES } from '@flux-orchestrator/flux-model';
import type { ClusterRollups, ClusterRollupView } from './cluster-rollups.js';
import type { FleetEngine } from './fleet-engine.js';
import { emptyCounts, type StatusCounts } from './fleet-index.js';

/** What a caller limited to some clusters or namespaces may see (auth's Access fits this). */
export interface Visibility {
  cluster(clusterId: string): boolean;
  object(clusterId: string, namespace: string): boolean;
  wholeCluster(clusterId: string): boolean;
}

/**
 * The fleet roll-up counted over what the caller may see only: visible clusters, and within a
 * cluster limited to some namespaces, only those objects. Scoped callers see few clusters, so
 * counting their records is cheap.
 */
export function scopedSummary(engine: FleetEngine, rollups: ClusterRollups, visibility: Visibility): { totals: StatusCounts; clusters: ClusterRollupView[]; kinds: Array<{ kind: string; by_status: StatusCounts }> } {
  const totals = emptyCounts();
  const kinds = new Map<string, StatusCounts>();
  const clusters = rollups
    .all()
    .filter((rollup) => visibility.cluster(rollup.cluster_id))
    .map((rollup) => {
      const whole = visibility.wholeCluster(rollup.cluster_id);
      const counts = emptyCounts();
      for (const record of engine.index.ofCluster(rollup.cluster_id)) {
        if (!whole && !visibility.object(record.clusterId, record.namespace)) continue;
        const kind = kinds.get(record.kind) ?? emptyCounts();
        kinds.set(record.kind, kind);
        for (const target of [counts, totals, kind]) {
          target.total += 1;
          target[record.status] += 1;
        }
      }
      return { ...rollup, objects: counts.total, by_status: counts };
    });
  return {
    totals,
    clusters,
    kinds: [...kinds]
      .map(([kind, by_status]) => ({ kind, by_status }))
      .sort((a, b) => FLUX_STATUSES.reduce((order, status) => order || b.by_status[status] - a.by_status[status], 0) || a.kind.localeCompare(b.kind)),
  };
}

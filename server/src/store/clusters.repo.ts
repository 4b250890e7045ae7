import type { Kysely, Selectable, Insertable, Updateable } from 'kysely';
import type { ClusterHealthTable, ClustersTable, Database } from './tables/index.js';

export type ClusterRow = Selectable<ClustersTable>;
export type NewClusterRow = Insertable<ClustersTable>;
export type ClusterRowUpdate = Updateable<Omit<ClustersTable, 'id' | 'created_at'>>;
export type ClusterHealthRow = Selectable<ClusterHealthTable>;

export interface HealthHistoryEntry {
  status: string;
  reason: string;
  checked_at: string;
}

/** The only code that reads or writes the clusters tables. */
export class ClustersRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<ClusterRow[]> {
    return this.db.selectFrom('clusters').selectAll().orderBy('name_key').execute();
  }

  async findById(id: string): Promise<ClusterRow | undefined> {
    return this.db.selectFrom('clusters').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByNameKey(nameKey: string): Promise<ClusterRow | undefined> {
    return this.db.selectFrom('clusters').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
  }

  async insert(row: NewClusterRow): Promise<void> {
    await this.db.insertInto('clusters').values(row).execute();
  }

  async update(id: string, changes: ClusterRowUpdate): Promise<boolean> {
    const result = await this.db.updateTable('clusters').set(changes).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Deletes the cluster and everything cached about it, atomically. */
  async delete(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('flux_object_transitions').where('cluster_id', '=', id).execute();
      await trx.deleteFrom('flux_objects').where('cluster_id', '=', id).execute();
      await trx.deleteFrom('cluster_health_history').where('cluster_id', '=', id).execute();
      await trx.deleteFrom('cluster_health').where('cluster_id', '=', id).execute();
      const result = await trx.deleteFrom('clusters').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  /** Cluster counts by last health status; clusters never checked count under null. */
  async countByHealth(): Promise<Array<{ status: string | null; count: number }>> {
    const rows = await this.db
      .selectFrom('clusters')
      .leftJoin('cluster_health', 'cluster_health.cluster_id', 'clusters.id')
      .select(['cluster_health.status as status', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('cluster_health.status')
      .execute();
    return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
  }

  async listHealth(): Promise<ClusterHealthRow[]> {
    return this.db.selectFrom('cluster_health').selectAll().execute();
  }

  async findHealth(clusterId: string): Promise<ClusterHealthRow | undefined> {
    return this.db.selectFrom('cluster_health').selectAll().where('cluster_id', '=', clusterId).executeTakeFirst();
  }

  /**
   * Stores the latest health and appends to the history when the status or reason changed.
   * Returns the previous status (null when first checked), or false when the cluster no longer
   * exists (deleted while it was being checked).
   */
  async recordHealth(health: ClusterHealthRow): Promise<{ previousStatus: string | null } | false> {
    return this.db.transaction().execute(async (trx) => {
      // One read for both questions: does the cluster still exist, and what was its last health?
      const current = await trx
        .selectFrom('clusters')
        .leftJoin('cluster_health', 'cluster_health.cluster_id', 'clusters.id')
        .select(['cluster_health.status', 'cluster_health.reason'])
        .where('clusters.id', '=', health.cluster_id)
        .executeTakeFirst();
      if (!current) return false;
      const previous = current.status !== null && current.reason !== null ? { status: current.status, reason: current.reason } : undefined;
      if (previous) {
        const { cluster_id: _id, ...changes } = health;
        await trx.updateTable('cluster_health').set(changes).where('cluster_id', '=', health.cluster_id).execute();
      } else {
        await trx.insertInto('cluster_health').values(health).execute();
      }
      if (!previous || previous.status !== health.status || previous.reason !== health.reason) {
        await trx
          .insertInto('cluster_health_history')
          .values({ cluster_id: health.cluster_id, status: health.status, reason: health.reason, checked_at: health.checked_at })
          .execute();
      }
      return { previousStatus: previous?.status ?? null };
    });
  }

  async healthHistory(clusterId: string, limit: number): Promise<HealthHistoryEntry[]> {
    return this.db
      .selectFrom('cluster_health_history')
      .select(['status', 'reason', 'checked_at'])
      .where('cluster_id', '=', clusterId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** The fleet's latest health changes (any cluster), newest first, with the cluster's name. */
  async recentHealthChanges(limit: number): Promise<Array<HealthHistoryEntry & { cluster_id: string; cluster: string }>> {
    return this.db
      .selectFrom('cluster_health_history')
      .innerJoin('clusters', 'clusters.id', 'cluster_health_history.cluster_id')
      .select(['cluster_health_history.cluster_id', 'clusters.name as cluster', 'cluster_health_history.status', 'cluster_health_history.reason', 'cluster_health_history.checked_at'])
      .orderBy('cluster_health_history.id', 'desc')
      .limit(limit)
      .execute();
  }

  async findBySourceRef(sourceRef: string): Promise<ClusterRow | undefined> {
    return this.db.selectFrom('clusters').selectAll().where('source_ref', '=', sourceRef).executeTakeFirst();
  }

  async listByAzureSubscription(subscriptionId: string): Promise<ClusterRow[]> {
    return this.db.selectFrom('clusters').selectAll().where('azure_subscription_id', '=', subscriptionId).execute();
  }


  /** Every sealed value, for key rotation. */
  async listSealed(): Promise<Array<{ id: string; kubeconfig_sealed: string }>> {
    return this.db.selectFrom('clusters').select(['id', 'kubeconfig_sealed']).execute();
  }
}

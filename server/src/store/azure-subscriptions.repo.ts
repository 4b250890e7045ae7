import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { AzureSubscriptionsTable, Database } from './tables/index.js';

export type AzureSubscriptionRow = Selectable<AzureSubscriptionsTable>;
export type NewAzureSubscriptionRow = Insertable<AzureSubscriptionsTable>;
export type AzureSubscriptionRowUpdate = Updateable<Omit<AzureSubscriptionsTable, 'subscription_id' | 'created_at'>>;

/** The only code that reads or writes `azure_subscriptions`. Ids are stored lower-case. */
export class AzureSubscriptionsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<AzureSubscriptionRow[]> {
    return this.db.selectFrom('azure_subscriptions').selectAll().orderBy('name').execute();
  }

  async find(subscriptionId: string): Promise<AzureSubscriptionRow | undefined> {
    return this.db.selectFrom('azure_subscriptions').selectAll().where('subscription_id', '=', subscriptionId.toLowerCase()).executeTakeFirst();
  }

  async insert(row: NewAzureSubscriptionRow): Promise<void> {
    await this.db.insertInto('azure_subscriptions').values({ ...row, subscription_id: row.subscription_id.toLowerCase() }).execute();
  }

  async update(subscriptionId: string, changes: AzureSubscriptionRowUpdate): Promise<boolean> {
    const result = await this.db.updateTable('azure_subscriptions').set(changes).where('subscription_id', '=', subscriptionId.toLowerCase()).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Deletes the subscription; with `removeClusters` its clusters (and their health) go too, atomically. */
  async delete(subscriptionId: string, removeClusters: boolean): Promise<{ deleted: boolean; clusterIds: string[] }> {
    const id = subscriptionId.toLowerCase();
    return this.db.transaction().execute(async (trx) => {
      const clusters = await trx.selectFrom('clusters').select('id').where('azure_subscription_id', '=', id).execute();
      const clusterIds = clusters.map((c) => c.id);
      if (removeClusters && clusterIds.length > 0) {
        await trx.deleteFrom('cluster_health_history').where('cluster_id', 'in', clusterIds).execute();
        await trx.deleteFrom('cluster_health').where('cluster_id', 'in', clusterIds).execute();
        await trx.deleteFrom('clusters').where('id', 'in', clusterIds).execute();
      } else if (clusterIds.length > 0) {
        // Kept clusters become ordinary ones: nothing refers to the removed subscription.
        await trx.updateTable('clusters').set({ azure_subscription_id: null }).where('azure_subscription_id', '=', id).execute();
      }
      const result = await trx.deleteFrom('azure_subscriptions').where('subscription_id', '=', id).executeTakeFirst();
      return { deleted: Number(result.numDeletedRows) > 0, clusterIds };
    });
  }

  async clusterCounts(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('clusters')
      .select(['azure_subscription_id', (eb) => eb.fn.countAll<number>().as('count')])
      .where('azure_subscription_id', 'is not', null)
      .groupBy('azure_subscription_id')
      .execute();
    return new Map(rows.map((row) => [row.azure_subscription_id as string, Number(row.count)]));
  }

  async listSealed(): Promise<Array<{ subscription_id: string; client_secret_sealed: string }>> {
    const rows = await this.db.selectFrom('azure_subscriptions').select(['subscription_id', 'client_secret_sealed']).where('client_secret_sealed', 'is not', null).execute();
    return rows as Array<{ subscription_id: string; client_secret_sealed: string }>;
  }
}

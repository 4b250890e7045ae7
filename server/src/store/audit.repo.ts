import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from './tables/index.js';

export type AuditRow = Selectable<AuditLogTable>;

/** Append-only audit trail. */
export class AuditRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async append(entry: Omit<AuditRow, 'id'>): Promise<void> {
    await this.db.insertInto('audit_log').values(entry).execute();
  }

  /** Newest first; with `clusterIds`, only the entries about those clusters. */
  async recent(limit: number, clusterIds?: readonly string[]): Promise<AuditRow[]> {
    if (clusterIds && clusterIds.length === 0) return [];
    let query = this.db.selectFrom('audit_log').selectAll();
    if (clusterIds) query = query.where('cluster_id', 'in', clusterIds);
    return query.orderBy('id', 'desc').limit(limit).execute();
  }
}

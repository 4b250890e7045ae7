import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditLogTable, Database } from './tables/index.js';

export type AuditRow = Selectable<AuditLogTable>;

export interface AuditFilter {
  clusterIds?: readonly string[];
  actions?: readonly string[];
  actors?: readonly string[];
  beforeId?: number;
}

/** Append-only audit trail. */
export class AuditRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async append(entry: Omit<AuditRow, 'id'>): Promise<void> {
    await this.db.insertInto('audit_log').values(entry).execute();
  }

  /**
   * Newest first, older than `beforeId` when given. Each filter given narrows: `clusterIds` to
   * entries about those clusters, `actions` to those actions (`prefix.*` for a family), `actors`
   * to those actors.
   */
  async recent(limit: number, filter: AuditFilter = {}): Promise<AuditRow[]> {
    const { clusterIds, actions, actors, beforeId } = filter;
    if ((clusterIds && clusterIds.length === 0) || (actions && actions.length === 0) || (actors && actors.length === 0)) return [];
    let query = this.db.selectFrom('audit_log').selectAll();
    if (clusterIds) query = query.where('cluster_id', 'in', clusterIds);
    if (actors) query = query.where('actor', 'in', actors);
    if (actions) {
      const exact = actions.filter((action) => !action.endsWith('.*'));
      const families = actions.filter((action) => action.endsWith('.*')).map((action) => action.slice(0, -1));
      query = query.where((eb) =>
        eb.or([
          ...(exact.length > 0 ? [eb('action', 'in', exact)] : []),
          // substr, not LIKE: action names hold `_`, a LIKE wildcard.
          ...families.map((prefix) => eb(eb.fn<string>('substr', ['action', sql.lit(1), sql.lit(prefix.length)]), '=', prefix)),
        ]),
      );
    }
    if (beforeId !== undefined) query = query.where('id', '<', beforeId);
    return query.orderBy('id', 'desc').limit(limit).execute();
  }
}

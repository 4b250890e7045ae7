import { sql, type Kysely, type Selectable } from 'kysely';
import type { DialectName } from './database.js';
import type { Database, KubeEventsTable } from './tables/index.js';

export type KubeEventRow = Selectable<KubeEventsTable>;

/** Where a page ends: the newest-first order is last_seen, then cluster id, then uid, all descending. */
export interface KubeEventPosition {
  last_seen: string;
  cluster_id: string;
  uid: string;
}

/** Filters combine with AND; values within one filter with OR. Absent: no restriction. */
export interface KubeEventFilter {
  clusterIds?: readonly string[];
  kinds?: readonly string[];
  /** The involved object's namespace. */
  namespaces?: readonly string[];
  names?: readonly string[];
  types?: readonly string[];
  reasons?: readonly string[];
  /** Text in the message, reason or involved object's name (case-insensitive). */
  text?: string;
  /** ISO times, inclusive, on last_seen. */
  since?: string;
  until?: string;
}

/** Rows per statement: well under every dialect's bound-parameter limit (13 columns a row). */
const CHUNK = 200;

/** What an upsert of an existing event replaces: everything but its key. */
const UPDATED_COLUMNS = [
  'namespace',
  'involved_kind',
  'involved_namespace',
  'involved_name',
  'type',
  'reason',
  'message',
  'count',
  'source',
  'first_seen',
  'last_seen',
] as const satisfies ReadonlyArray<Exclude<keyof KubeEventsTable, 'cluster_id' | 'uid'>>;
// A column added to the table and not here fails the typecheck (it would never be updated).
const everyColumnUpdated: Exclude<keyof KubeEventsTable, 'cluster_id' | 'uid' | (typeof UPDATED_COLUMNS)[number]> extends never ? true : never = true;
void everyColumnUpdated;

/** LIKE pattern for "contains", with `!` as the escape character (the same on every dialect). */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, (char) => `!${char}`)}%`;
}

/** The only code that reads or writes the kept Kubernetes events. */
export class KubeEventsRepo {
  constructor(
    private readonly db: Kysely<Database>,
    /** Which upsert to write: `ON CONFLICT` (SQLite, PostgreSQL) or `ON DUPLICATE KEY` (MySQL/MariaDB). */
    private readonly dialect: DialectName,
  ) {}

  /**
   * Inserts events, or updates the stored row of the same cluster and uid, in one transaction.
   * Rows of clusters deleted in the meantime are skipped, not an error. Returns the rows written.
   */
  async upsert(rows: readonly KubeEventRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    // One row per key: an upsert statement may not touch the same row twice (the last one wins).
    const unique = [...new Map(rows.map((row) => [`${row.cluster_id}/${row.uid}`, row])).values()];
    return this.db.transaction().execute(async (trx) => {
      const clusterIds = [...new Set(unique.map((row) => row.cluster_id))];
      const existing = new Set((await trx.selectFrom('clusters').select('id').where('id', 'in', clusterIds).execute()).map((row) => row.id));
      const kept = unique.filter((row) => existing.has(row.cluster_id));
      for (let start = 0; start < kept.length; start += CHUNK) {
        const insert = trx.insertInto('kube_events').values(kept.slice(start, start + CHUNK));
        if (this.dialect === 'mysql') {
          await insert.onDuplicateKeyUpdate(Object.fromEntries(UPDATED_COLUMNS.map((column) => [column, sql`values(${sql.ref(column)})`]))).execute();
        } else {
          await insert
            .onConflict((conflict) => conflict.columns(['cluster_id', 'uid']).doUpdateSet((eb) => Object.fromEntries(UPDATED_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)]))))
            .execute();
        }
      }
      return kept.length;
    });
  }

  /** A page, newest first (last_seen), after `after` when given. */
  async page(filter: KubeEventFilter, after: KubeEventPosition | undefined, limit: number): Promise<KubeEventRow[]> {
    if ([filter.clusterIds, filter.kinds, filter.namespaces, filter.names, filter.types, filter.reasons].some((values) => values !== undefined && values.length === 0)) return [];
    let query = this.db.selectFrom('kube_events').selectAll();
    if (filter.clusterIds) query = query.where('cluster_id', 'in', filter.clusterIds);
    if (filter.kinds) query = query.where('involved_kind', 'in', filter.kinds);
    if (filter.namespaces) query = query.where('involved_namespace', 'in', filter.namespaces);
    if (filter.names) query = query.where('involved_name', 'in', filter.names);
    if (filter.types) query = query.where('type', 'in', filter.types);
    if (filter.reasons) query = query.where('reason', 'in', filter.reasons);
    if (filter.since) query = query.where('last_seen', '>=', filter.since);
    if (filter.until) query = query.where('last_seen', '<=', filter.until);
    if (filter.text) {
      const pattern = containsPattern(filter.text);
      query = query.where((eb) =>
        eb.or((['message', 'reason', 'involved_name'] as const).map((column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '!'`)),
      );
    }
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('last_seen', '<', after.last_seen),
          eb.and([eb('last_seen', '=', after.last_seen), eb.or([eb('cluster_id', '<', after.cluster_id), eb.and([eb('cluster_id', '=', after.cluster_id), eb('uid', '<', after.uid)])])]),
        ]),
      );
    }
    return query.orderBy('last_seen', 'desc').orderBy('cluster_id', 'desc').orderBy('uid', 'desc').limit(limit).execute();
  }

  /** One object's events, newest first. */
  async ofObject(clusterId: string, kind: string, namespace: string, name: string, limit: number): Promise<KubeEventRow[]> {
    return this.db
      .selectFrom('kube_events')
      .selectAll()
      .where('cluster_id', '=', clusterId)
      .where('involved_kind', '=', kind)
      .where('involved_namespace', '=', namespace)
      .where('involved_name', '=', name)
      .orderBy('last_seen', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * Deletes up to about `batch` of the oldest events last seen before `before` (ISO time): every
   * row up to the batch's newest last_seen, so ties go together. `more` says whether older rows
   * may remain. Batches keep each statement short (SQLite writes block every other write).
   */
  async purgeBatch(before: string, batch: number): Promise<{ deleted: number; more: boolean }> {
    const edge = await this.db.selectFrom('kube_events').select('last_seen').where('last_seen', '<', before).orderBy('last_seen').limit(1).offset(batch - 1).executeTakeFirst();
    const result = await this.db
      .deleteFrom('kube_events')
      .where('last_seen', '<', before)
      .$if(edge !== undefined, (query) => query.where('last_seen', '<=', edge!.last_seen))
      .executeTakeFirst();
    return { deleted: Number(result.numDeletedRows), more: edge !== undefined };
  }
}

import type { Kysely, Selectable, Insertable } from 'kysely';
import type { Database, FluxObjectsTable, FluxObjectTransitionsTable } from './tables/index.js';

export type FluxObjectRow = Selectable<FluxObjectsTable>;
export type FluxObjectTransitionRow = Insertable<FluxObjectTransitionsTable>;
export type FluxObjectTransition = Selectable<FluxObjectTransitionsTable>;

/** Rows per statement: well under every dialect's bound-parameter limit (19 columns a row). */
const CHUNK = 200;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

/** The only code that reads or writes the fleet index's persisted compact status. */
export class FluxObjectsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async listAll(): Promise<FluxObjectRow[]> {
    return this.db.selectFrom('flux_objects').selectAll().execute();
  }

  /**
   * Writes a batch of changes in one transaction: rows to store (replacing the old ones; delete +
   * insert is the one upsert every dialect shares), ids to delete, and transitions to append.
   * Rows of clusters deleted in the meantime are skipped, not an error.
   */
  async applyChanges(changes: { upserts: FluxObjectRow[]; deletes: string[]; transitions: FluxObjectTransitionRow[] }): Promise<void> {
    if (changes.upserts.length === 0 && changes.deletes.length === 0 && changes.transitions.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      const clusterIds = [...new Set([...changes.upserts.map((row) => row.cluster_id), ...changes.transitions.map((row) => row.cluster_id)])];
      const existing = new Set<string>();
      for (const ids of chunks(clusterIds, 500)) {
        for (const row of await trx.selectFrom('clusters').select('id').where('id', 'in', ids).execute()) existing.add(row.id);
      }
      const replaced = [...changes.deletes, ...changes.upserts.map((row) => row.id)];
      for (const ids of chunks(replaced, 500)) await trx.deleteFrom('flux_objects').where('id', 'in', ids).execute();
      const upserts = changes.upserts.filter((row) => existing.has(row.cluster_id));
      for (const rows of chunks(upserts)) await trx.insertInto('flux_objects').values(rows).execute();
      const transitions = changes.transitions.filter((row) => existing.has(row.cluster_id));
      for (const rows of chunks(transitions)) await trx.insertInto('flux_object_transitions').values(rows).execute();
    });
  }

  /** Newest first. */
  async transitionsOf(objectId: string, limit: number): Promise<FluxObjectTransition[]> {
    return this.db.selectFrom('flux_object_transitions').selectAll().where('object_id', '=', objectId).orderBy('id', 'desc').limit(limit).execute();
  }

  /** Drops transitions older than `before` (ISO time). Returns how many went. */
  async pruneTransitions(before: string): Promise<number> {
    const result = await this.db.deleteFrom('flux_object_transitions').where('at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

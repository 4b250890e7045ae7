import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DialectName } from './database.js';
import type { Database, FluxObjectsTable, FluxObjectTransitionsTable } from './tables/index.js';
import { notifyAll } from './replicas.repo.js';

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

/** Every column but the key: what an upsert of an existing row replaces. */
const UPDATED_COLUMNS = [
  'cluster_id',
  'kind',
  'api_version',
  'namespace',
  'name',
  'status',
  'reason',
  'message',
  'revision',
  'attempted_revision',
  'suspended',
  'status_since',
  'last_handled_reconcile_at',
  'generation',
  'observed_generation',
  'source_json',
  'depends_on_json',
  'links_json',
  'updated_at',
] as const satisfies ReadonlyArray<Exclude<keyof FluxObjectsTable, 'id'>>;
// A column added to the table and not here fails the typecheck (it would never be updated).
const everyColumnUpdated: Exclude<keyof FluxObjectsTable, 'id' | (typeof UPDATED_COLUMNS)[number]> extends never ? true : never = true;
void everyColumnUpdated;

/** The only code that reads or writes the fleet index's persisted compact status. */
export class FluxObjectsRepo {
  constructor(
    private readonly db: Kysely<Database>,
    /** Which upsert to write: `ON CONFLICT` (SQLite, PostgreSQL) or `ON DUPLICATE KEY` (MySQL/MariaDB). */
    private readonly dialect: DialectName,
  ) {}

  /**
   * Rows the write-behind queue should put in one applyChanges call. SQLite's driver is
   * synchronous: a transaction holds the event loop (and every request) until it commits, about
   * 80 ms for 1,000 rows; 200 keeps that near 15 ms. The others' drivers wait on the network.
   */
  get writeBatchRows(): number {
    return this.dialect === 'sqlite' ? 200 : 1000;
  }

  async listAll(): Promise<FluxObjectRow[]> {
    return this.db.selectFrom('flux_objects').selectAll().execute();
  }

  /**
   * Writes a batch of changes in one transaction: rows to store (inserted, or replacing the row of
   * the same id), ids to delete, and transitions to append. Rows of clusters deleted in the
   * meantime are skipped, not an error.
   */
  /**
   * With `replica` (PostgreSQL replicas): only rows of clusters whose lease `holder` holds are
   * written (the lease rows are locked for the transaction, so none changes hands meanwhile): a
   * replica that was paused past its lease never overwrites what the next holder wrote. Then
   * `announce` runs last in the same transaction with what was written: replicas send it to each
   * other there (PostgreSQL delivers a NOTIFY on commit), so a replica that loads the table after
   * it started listening misses nothing.
   */
  async applyChanges(
    changes: { upserts: FluxObjectRow[]; deletes: string[]; transitions: FluxObjectTransitionRow[] },
    replica?: { holder: string; announce: (written: { upserts: FluxObjectRow[]; deletes: string[] }) => { channel: string; payloads: string[] } },
  ): Promise<void> {
    if (changes.upserts.length === 0 && changes.deletes.length === 0 && changes.transitions.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      const clusterOfKey = (key: string): string => key.slice(0, key.indexOf('/'));
      const clusterIds = [...new Set([...changes.upserts.map((row) => row.cluster_id), ...changes.transitions.map((row) => row.cluster_id)])];
      const existing = new Set<string>();
      for (const ids of chunks(clusterIds, 500)) {
        for (const row of await trx.selectFrom('clusters').select('id').where('id', 'in', ids).execute()) existing.add(row.id);
      }
      let deletes = changes.deletes;
      if (replica) {
        const held = new Set<string>();
        // Locked in name order, as every statement on lease rows locks them: no deadlock.
        const named = [...new Set([...clusterIds, ...deletes.map(clusterOfKey)])].sort();
        for (const names of chunks(named, 500)) {
          const rows = await trx.selectFrom('leases').select('name').where('holder', '=', replica.holder).where('name', 'in', names).orderBy('name').forShare().execute();
          for (const row of rows) held.add(row.name);
        }
        for (const id of existing) if (!held.has(id)) existing.delete(id);
        deletes = deletes.filter((key) => held.has(clusterOfKey(key)));
      }
      for (const ids of chunks(deletes, 500)) await trx.deleteFrom('flux_objects').where('id', 'in', ids).execute();
      const upserts = changes.upserts.filter((row) => existing.has(row.cluster_id));
      for (const rows of chunks(upserts)) await this.upsert(trx, rows);
      const transitions = changes.transitions.filter((row) => existing.has(row.cluster_id));
      for (const rows of chunks(transitions)) await trx.insertInto('flux_object_transitions').values(rows).execute();
      if (replica) {
        const { channel, payloads } = replica.announce({ upserts, deletes });
        await notifyAll(trx, channel, payloads);
      }
    });
  }

  async findByIds(ids: string[]): Promise<FluxObjectRow[]> {
    const rows: FluxObjectRow[] = [];
    for (const part of chunks(ids, 500)) rows.push(...(await this.db.selectFrom('flux_objects').selectAll().where('id', 'in', part).execute()));
    return rows;
  }

  /**
   * One statement per chunk, whatever is already stored: a cold sync's rows are all new, and the
   * delete-then-insert this replaced doubled the database's share of it (50,000 lookups for nothing).
   */
  private async upsert(trx: Kysely<Database>, rows: FluxObjectRow[]): Promise<void> {
    const insert = trx.insertInto('flux_objects').values(rows);
    if (this.dialect === 'mysql') {
      const fromInsert = Object.fromEntries(UPDATED_COLUMNS.map((column) => [column, sql`values(${sql.ref(column)})`]));
      await insert.onDuplicateKeyUpdate(fromInsert).execute();
      return;
    }
    await insert.onConflict((conflict) => conflict.column('id').doUpdateSet((eb) => Object.fromEntries(UPDATED_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)])))).execute();
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

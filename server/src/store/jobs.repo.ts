import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, JobsTable } from './tables/index.js';

export type JobRow = Selectable<JobsTable>;

/** The only code that reads or writes `jobs`. */
export class JobsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: JobRow): Promise<void> {
    await this.db.insertInto('jobs').values(row).execute();
  }

  async update(id: string, changes: Updateable<Omit<JobsTable, 'id' | 'created_at'>>): Promise<void> {
    await this.db.updateTable('jobs').set(changes).where('id', '=', id).execute();
  }

  async find(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async recent(limit: number): Promise<JobRow[]> {
    return this.db.selectFrom('jobs').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
  }

  /** Jobs left running by a process that stopped are failed on start (they will not finish). */
  async failUnfinished(message: string, now: string): Promise<number> {
    const result = await this.db
      .updateTable('jobs')
      .set({ status: 'failed', error: message, updated_at: now })
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, JobsTable } from './tables/index.js';

export type JobRow = Selectable<JobsTable>;
export type JobChanges = Updateable<Omit<JobsTable, 'id' | 'created_at'>>;

/**
 * The only code that reads or writes `jobs`. State changes that several replicas may attempt at
 * once (claiming a job, taking over a dead replica's) are conditional updates: exactly one wins.
 */
export class JobsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: JobRow): Promise<void> {
    await this.db.insertInto('jobs').values(row).execute();
  }

  async update(id: string, changes: JobChanges): Promise<void> {
    await this.db.updateTable('jobs').set(changes).where('id', '=', id).execute();
  }

  async find(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async recent(limit: number): Promise<JobRow[]> {
    return this.db.selectFrom('jobs').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
  }

  /** Marks a queued job as running on `replicaId`; false when it is not queued (another replica has it, or it finished). */
  async claim(id: string, replicaId: string, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', replica_id: replicaId, attempts: eb('attempts', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Changes a job only while `replicaId` runs it: a replica presumed dead that was only slow must
   * not overwrite what the replica that took over records.
   */
  async updateRunning(id: string, replicaId: string, changes: JobChanges): Promise<boolean> {
    const result = await this.db.updateTable('jobs').set(changes).where('id', '=', id).where('replica_id', '=', replicaId).where('status', '=', 'running').executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Jobs a replica was running. */
  async runningOn(replicaId: string): Promise<JobRow[]> {
    return this.db.selectFrom('jobs').selectAll().where('status', '=', 'running').where('replica_id', '=', replicaId).execute();
  }

  /** Replicas that have running jobs. */
  async replicasWithRunningJobs(): Promise<string[]> {
    const rows = await this.db.selectFrom('jobs').select('replica_id').distinct().where('status', '=', 'running').where('replica_id', 'is not', null).execute();
    return rows.map((row) => row.replica_id).filter((id): id is string => id !== null);
  }

  /** Puts a dead replica's running job back in the queue; false when another replica already did something with it. */
  async requeueFrom(id: string, replicaId: string, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set({ status: 'queued', replica_id: null, updated_at: now })
      .where('id', '=', id)
      .where('replica_id', '=', replicaId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Fails a queued job (it could not be handed to the queue). */
  async failQueued(id: string, message: string, now: string): Promise<boolean> {
    const result = await this.db.updateTable('jobs').set({ status: 'failed', error: message, updated_at: now }).where('id', '=', id).where('status', '=', 'queued').executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Whether a job of one of `types` about `subject` is queued or running. */
  async hasUnfinished(types: string[], subject: string): Promise<boolean> {
    const row = await this.db.selectFrom('jobs').select('id').where('status', 'in', ['queued', 'running']).where('type', 'in', types).where('subject', '=', subject).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Deletes up to about `batch` finished jobs (succeeded or failed) last updated before `before`,
   * oldest first (rows tied at the batch's edge go together); `more` when there may be others.
   * Queued and running jobs are never deleted.
   */
  async purgeFinishedBatch(before: string, batch: number): Promise<{ deleted: number; more: boolean }> {
    const finished = ['succeeded', 'failed'];
    const edge = await this.db
      .selectFrom('jobs')
      .select('updated_at')
      .where('status', 'in', finished)
      .where('updated_at', '<', before)
      .orderBy('updated_at')
      .limit(1)
      .offset(batch - 1)
      .executeTakeFirst();
    const result = await this.db
      .deleteFrom('jobs')
      .where('status', 'in', finished)
      .where('updated_at', '<', before)
      .$if(edge !== undefined, (query) => query.where('updated_at', '<=', edge!.updated_at))
      .executeTakeFirst();
    return { deleted: Number(result.numDeletedRows), more: edge !== undefined };
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

import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DialectName } from './database.js';
import type { ApiTokensTable, Database, RoleBindingsTable, SessionsTable, UsersTable } from './tables/index.js';

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type RoleBindingRow = Selectable<RoleBindingsTable>;

/** Users, sessions, API tokens and role bindings. Only hashes of secrets pass through here. */
export class IdentityRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /**
   * Runs a check-then-write on users and bindings (the last-admin guard) so that no other such
   * change interleaves: two admins removing each other at the same moment must not both pass the
   * check. On PostgreSQL and MariaDB the transaction first locks every user row, which every
   * guarded change on any replica takes in the same order; SQLite runs one transaction at a time
   * on its single connection (and one process per file).
   */
  async withAccessGuard<T>(work: (repo: IdentityRepo) => Promise<T>): Promise<T> {
    return this.inTransaction(async (trx) => {
      if (this.dialect !== 'sqlite') await trx.selectFrom('users').select('id').orderBy('id').forUpdate().execute();
      return work(new IdentityRepo(trx, this.dialect));
    });
  }

  /** In the caller's transaction when there is one (see withAccessGuard), else in a new one. */
  private inTransaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this.db as Transaction<Database>);
    return this.db.transaction().execute(work);
  }

  async countUsers(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async insertUser(user: Insertable<UsersTable>, bindings: Array<Insertable<RoleBindingsTable>> = []): Promise<void> {
    await this.inTransaction(async (trx) => {
      await trx.insertInto('users').values(user).execute();
      if (bindings.length > 0) await trx.insertInto('role_bindings').values(bindings).execute();
    });
  }

  async userById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async userByName(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username_key', '=', username.toLowerCase()).executeTakeFirst();
  }

  async userByExternalId(externalId: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('external_id', '=', externalId).executeTakeFirst();
  }

  async listUsers(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('username_key').execute();
  }

  async updateUser(id: string, changes: Partial<Omit<UserRow, 'id'>>): Promise<void> {
    await this.db.updateTable('users').set(changes).where('id', '=', id).execute();
  }

  /** Removes the user, their sessions and tokens, and every binding naming them or their tokens. */
  async deleteUser(id: string): Promise<boolean> {
    return this.inTransaction(async (trx) => {
      const tokens = await trx.selectFrom('api_tokens').select('id').where('user_id', '=', id).execute();
      if (tokens.length > 0) {
        await trx.deleteFrom('role_bindings').where('subject_type', '=', 'token').where('subject', 'in', tokens.map((token) => token.id)).execute();
      }
      await trx.deleteFrom('role_bindings').where('subject_type', '=', 'user').where('subject', '=', id).execute();
      await trx.deleteFrom('api_tokens').where('user_id', '=', id).execute();
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      const result = await trx.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async insertSession(session: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(session).execute();
  }

  async sessionById(id: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async touchSession(id: string, at: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Ends every session of the user but `keep` (the one that asked). */
  async deleteSessionsOfUser(userId: string, keep?: string): Promise<void> {
    let query = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keep !== undefined) query = query.where('id', '!=', keep);
    await query.execute();
  }

  /** Drops sessions past their absolute expiry or idle since before `idleSince`. */
  async deleteExpiredSessions(now: string, idleSince: string): Promise<void> {
    await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleSince)]))
      .execute();
  }

  async insertToken(token: ApiTokenRow, bindings: Array<Insertable<RoleBindingsTable>>): Promise<void> {
    await this.inTransaction(async (trx) => {
      await trx.insertInto('api_tokens').values(token).execute();
      if (bindings.length > 0) await trx.insertInto('role_bindings').values(bindings).execute();
    });
  }

  async tokenByHash(hash: string): Promise<ApiTokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  async tokenById(id: string): Promise<ApiTokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Tokens of one user, or of everyone. */
  async listTokens(userId?: string): Promise<ApiTokenRow[]> {
    let query = this.db.selectFrom('api_tokens').selectAll();
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    return query.orderBy('created_at', 'desc').execute();
  }

  async touchToken(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async deleteToken(id: string): Promise<boolean> {
    return this.inTransaction(async (trx) => {
      await trx.deleteFrom('role_bindings').where('subject_type', '=', 'token').where('subject', '=', id).execute();
      const result = await trx.deleteFrom('api_tokens').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async bindingsOf(subjects: Array<{ type: string; subject: string }>): Promise<RoleBindingRow[]> {
    if (subjects.length === 0) return [];
    return this.db
      .selectFrom('role_bindings')
      .selectAll()
      .where((eb) => eb.or(subjects.map(({ type, subject }) => eb.and([eb('subject_type', '=', type), eb('subject', '=', subject)]))))
      .execute();
  }

  async listBindings(): Promise<RoleBindingRow[]> {
    return this.db.selectFrom('role_bindings').selectAll().orderBy('created_at').execute();
  }

  async insertBinding(binding: RoleBindingRow): Promise<void> {
    await this.db.insertInto('role_bindings').values(binding).execute();
  }

  /** Replaces a binding's role and scope; false when it is gone. */
  async updateBinding(binding: RoleBindingRow): Promise<boolean> {
    const result = await this.db
      .updateTable('role_bindings')
      .set({ role: binding.role, cluster_ids_json: binding.cluster_ids_json, cluster_selector: binding.cluster_selector, namespaces_json: binding.namespaces_json })
      .where('id', '=', binding.id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async deleteBinding(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('role_bindings').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

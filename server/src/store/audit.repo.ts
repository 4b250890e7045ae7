import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from './tables/index.js';

export type AuditRow = Selectable<AuditLogTable>;

/** Append-only audit trail. */
export class AuditRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async append(entry: Omit<AuditRow, 'id'>): Promise<void> {
    await this.db.insertInto('audit_log').values(entry).execute();
  }

  async recent(limit: number): Promise<AuditRow[]> {
    return this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
  }
}

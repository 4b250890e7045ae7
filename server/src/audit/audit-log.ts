import type { Logger } from 'pino';
import type { AuditRepo } from '../store/index.js';
import type { AuditEntry as AuditListEntry } from './audit.schemas.js';

export interface AuditEntry {
  /** Who: the signed-in user once login exists; `anonymous` until then. */
  actor: string;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

/** Who did what, appended to the database. Details must never contain secrets. */
export class AuditLog {
  constructor(
    private readonly repo: AuditRepo,
    private readonly logger: Logger,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const row = { at: new Date().toISOString(), actor: entry.actor, action: entry.action, target: entry.target, detail_json: JSON.stringify(entry.detail ?? {}) };
    await this.repo.append(row);
    this.logger.info({ audit: { actor: row.actor, action: row.action, target: row.target } }, 'audit');
  }

  async recent(limit = 100): Promise<AuditListEntry[]> {
    return (await this.repo.recent(limit)).map(({ detail_json, ...row }) => ({ ...row, detail: JSON.parse(detail_json) as Record<string, unknown> }));
  }
}

import type { Logger } from 'pino';
import type { EventBus } from '../events/index.js';
import type { AuditFilter, AuditRepo } from '../store/index.js';
import type { AuditEntry as AuditListEntry } from './audit.schemas.js';

export interface AuditEntry {
  /**
   * Who, for work outside a request (background jobs). Inside a request the signed-in caller
   * (username or `token:<owner>/<name>`) is recorded, whatever is passed here.
   */
  actor?: string;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

/** The caller of the current request, if there is one. */
export type CallerLookup = () => { actor: string; source: string } | undefined;

/**
 * The cluster an entry is about, so callers scoped to clusters see only those entries:
 * `cluster.*` entries target the cluster, `flux.*` and `workload.*` ones `clusterId/Kind/namespace/name`.
 */
function clusterOf(entry: AuditEntry): string | null {
  if (entry.action.startsWith('cluster.')) return entry.target;
  if (entry.action.startsWith('flux.') || entry.action.startsWith('workload.')) return entry.target.split('/')[0] ?? null;
  return null;
}

/** Who did what, from where, appended to the database. Details must never contain secrets. */
export class AuditLog {
  constructor(
    private readonly repo: AuditRepo,
    private readonly logger: Logger,
    private readonly caller: CallerLookup = () => undefined,
    /** Told of every entry written, so open Activity pages read again (the live stream's `audit` event). */
    private readonly events?: EventBus,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const caller = this.caller();
    const row = {
      at: new Date().toISOString(),
      actor: caller?.actor ?? entry.actor ?? 'system',
      action: entry.action,
      target: entry.target,
      detail_json: JSON.stringify(entry.detail ?? {}),
      source: caller?.source ?? null,
      cluster_id: clusterOf(entry),
    };
    await this.repo.append(row);
    this.events?.publish({ type: 'audit.recorded', clusterId: row.cluster_id });
    this.logger.info({ audit: { actor: row.actor, action: row.action, target: row.target, source: row.source } }, 'audit');
  }

  /** Newest first (see AuditRepo.recent for the filter). */
  async recent(limit = 100, filter: AuditFilter = {}): Promise<AuditListEntry[]> {
    return (await this.repo.recent(limit, filter)).map(({ detail_json, ...row }) => ({ ...row, detail: JSON.parse(detail_json) as Record<string, unknown> }));
  }
}

import { useQuery } from '@tanstack/react-query';
import type { AuditList } from '../../../server/src/audit/audit.schemas.js';
import { apiRequest } from './request.js';

export type { AuditEntry } from '../../../server/src/audit/audit.schemas.js';

export const auditKeys = { list: () => ['audit', 'list'] as const };

/** Recent changes (the audit trail), newest first. */
export function useAudit(limit = 50) {
  return useQuery({
    queryKey: auditKeys.list(),
    queryFn: () => apiRequest<AuditList>('GET', '/audit', { query: { limit } }),
  });
}

import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap, type Schema } from './client.js';

export type AuditEntry = Schema<'AuditEntry'>;

export const auditKeys = { all: ['audit'] as const, list: () => ['audit', 'list'] as const };

/** Recent changes (the audit trail), newest first, a page at a time: older ones on `fetchNextPage` ("Load older"). */
export function useAudit(limit = 50) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(),
    queryFn: ({ pageParam, signal }) => unwrap(api.GET('/api/v1/audit', { params: { query: { limit, cursor: pageParam } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

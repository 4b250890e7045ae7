import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AuditLog } from './audit-log.js';
import { ErrorResponse } from '../http/common.schemas.js';
import { AuditList, AuditQuery } from './audit.schemas.js';

function splitList(value: string | undefined): string[] | undefined {
  return value?.split(',').map((part) => part.trim()).filter(Boolean);
}

/** `/api/v1/audit`: who changed what, newest first. */
export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditLog }> = async (app, { audit }) => {
  app.get('/audit', {
    // Callers scoped to some clusters see only the entries about those clusters.
    config: { permission: 'audit:read', scope: 'filtered' },
    schema: {
      summary: 'Changes and sign-ins (audit trail), newest first, in pages',
      description: 'Filters narrow each other; `next_cursor` pages back through older entries.',
      tags: ['audit'],
      querystring: AuditQuery,
      response: { 200: AuditList, 400: ErrorResponse },
    },
    handler: async (request) => {
      const { limit = 100, cursor, action, actor, cluster_id } = request.query;
      const visible = request.access?.visibleClusterIds();
      const wanted = splitList(cluster_id);
      const clusterIds = visible && wanted ? wanted.filter((id) => visible.has(id)) : visible ? [...visible] : wanted;
      const items = await audit.recent(limit, {
        ...(clusterIds ? { clusterIds } : {}),
        ...(action ? { actions: splitList(action) } : {}),
        ...(actor ? { actors: splitList(actor) } : {}),
        ...(cursor ? { beforeId: Number(cursor) } : {}),
      });
      return { items, next_cursor: items.length === limit ? String(items[items.length - 1]!.id) : null };
    },
  });
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AuditLog } from './audit-log.js';
import { AuditList, AuditQuery } from './audit.schemas.js';

/** `/api/v1/audit`: who changed what, newest first. */
export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditLog }> = async (app, { audit }) => {
  app.get('/audit', {
    // Callers scoped to some clusters see only the entries about those clusters.
    config: { permission: 'audit:read', scope: 'filtered' },
    schema: { summary: 'Recent changes (audit trail), newest first', tags: ['audit'], querystring: AuditQuery, response: { 200: AuditList } },
    handler: async (request) => {
      const visible = request.access?.visibleClusterIds();
      return { items: await audit.recent(request.query.limit ?? 100, visible ? [...visible] : undefined) };
    },
  });
};

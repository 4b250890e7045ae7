import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Access } from '../auth/index.js';
import type { AuditLog } from './audit-log.js';
import { ErrorResponse } from '../http/common.schemas.js';
import { AuditList, AuditQuery } from './audit.schemas.js';

function splitList(value: string | undefined): string[] | undefined {
  return value?.split(',').map((part) => part.trim()).filter(Boolean);
}

/** `/api/v1/audit`: who changed what, newest first. */
export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditLog }> = async (app, { audit }) => {
  app.get('/audit', {
    // Callers scoped to some clusters see only the entries about those clusters; limited to some
    // namespaces of a cluster, only its entries about objects in those namespaces.
    config: { permission: 'audit:read', scope: 'filtered' },
    schema: {
      summary: 'Changes and sign-ins (audit trail), newest first, in pages',
      description: 'Filters narrow each other; `next_cursor` pages back through older entries. A caller limited to some namespaces of a cluster sees only its entries about objects in them, so a page may hold fewer than `limit` entries: follow `next_cursor`.',
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
      // The page is cut from every visible cluster's entries; the cursor follows the last row read.
      const next_cursor = items.length === limit ? String(items[items.length - 1]!.id) : null;
      const access = request.access;
      if (!access || access.unscoped) return { items, next_cursor };
      return { items: items.filter((item) => shownToScoped(access, item)), next_cursor };
    },
  });
};

/**
 * An entry about a cluster the caller sees only in part (some namespaces): shown when it is about
 * an object in one of those namespaces, not when it is about the cluster itself or elsewhere.
 */
function shownToScoped(access: Access, item: { cluster_id: string | null; detail: Record<string, unknown> }): boolean {
  if (item.cluster_id === null) return false;
  if (access.wholeCluster(item.cluster_id)) return true;
  const namespace = item.detail.namespace;
  return typeof namespace === 'string' && access.object(item.cluster_id, namespace);
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { exportFileName, tabularStream } from '../export/index.js';
import { ErrorResponse } from '../http/common.schemas.js';
import type { FleetEngine } from '../fleet/index.js';
import type { KubeEventsRepo } from '../store/index.js';
import { decodeCursor, encodeCursor, pageOfEvents, toEventFilter, toEventItem } from './event-views.js';
import { EVENT_COLUMNS, exportedEvents } from './events-export.js';
import { KubeEventExportQuery, KubeEventItem, KubeEventList, KubeEventListQuery } from './events.schemas.js';

export interface KubeEventsRoutesOptions {
  engine: FleetEngine;
  repo: KubeEventsRepo;
}

/** `GET /api/v1/events` and its export: the kept Kubernetes events of Flux objects (and workload warnings). */
export const kubeEventsRoutes: FastifyPluginAsyncTypebox<KubeEventsRoutesOptions> = async (app, { engine, repo }) => {
  for (const schema of [KubeEventItem, KubeEventList]) app.addSchema(schema);

  app.get('/events', {
    // A caller scoped to some clusters/namespaces sees only their events (auth/).
    config: { permission: 'resources:read', scope: 'filtered' },
    schema: {
      summary: 'Kubernetes events of Flux objects across the fleet, kept past the clusters’ TTL',
      description:
        'Every event of a Flux object and Warning events of workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job, CronJob), as the clusters’ event watches delivered them, kept for EVENT_RETENTION_DAYS. Newest first (last_seen). Filters combine with AND; values within one filter with OR.',
      tags: ['events'],
      querystring: KubeEventListQuery,
      response: { 200: Type.Ref(KubeEventList), 400: ErrorResponse },
    },
    handler: async (request) => {
      const { limit = 100, cursor, ...filters } = request.query;
      const access = request.access;
      const scoped = access?.unscoped === false;
      const filter = toEventFilter(engine, filters, scoped ? access.visibleClusterIds() : undefined);
      const after = cursor ? decodeCursor(cursor) : undefined;
      const page = await pageOfEvents(repo, filter, after, limit, scoped ? access : undefined);
      return { items: page.rows.map((row) => toEventItem(row, (id) => engine.clusterName(id))), next_cursor: page.next ? encodeCursor(page.next) : null };
    },
  });

  app.get('/events/export', {
    config: { permission: 'resources:read', scope: 'filtered' },
    schema: {
      summary: 'Every matching Kubernetes event as CSV or JSON, streamed',
      description: 'Same filters as `GET /api/v1/events`, newest first, without paging. CSV has a header row; JSON is an array of KubeEventItem.',
      tags: ['events'],
      querystring: KubeEventExportQuery,
      produces: ['text/csv', 'application/json'],
      response: { 200: Type.String({ description: 'The file.' }), 400: ErrorResponse },
    },
    handler: async (request, reply) => {
      const { format = 'csv', ...filters } = request.query;
      const access = request.access;
      const scoped = access?.unscoped === false;
      // A bad filter is a 400 here, before streaming starts.
      const filter = toEventFilter(engine, filters, scoped ? access.visibleClusterIds() : undefined);
      const items = exportedEvents(repo, filter, (id) => engine.clusterName(id), scoped ? access : undefined);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${exportFileName('flux-events', format)}"`)
        .header('cache-control', 'no-store')
        // A stream goes out as is (no serializer); the schema's string only documents the body.
        .send(tabularStream(items, format, EVENT_COLUMNS) as unknown as string);
    },
  });
};

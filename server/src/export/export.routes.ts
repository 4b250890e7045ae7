import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../common/api-error.js';
import { ErrorResponse } from '../http/common.schemas.js';
import { type FleetEngine, InvalidCursorError, toResourceQuery, ResourceListQuery } from '../fleet/index.js';
import { exportedItems, exportStream } from './resource-export.js';
import { exportFileName } from './tabular-stream.js';

// The list's filters and sort; no paging: the export is every matching object.
const { limit: _limit, cursor: _cursor, ...filters } = ResourceListQuery.properties;
const ExportQuery = Type.Object(
  { ...filters, format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json')], { description: 'Default csv.' })) },
  { additionalProperties: false },
);

export interface ExportRoutesOptions {
  engine: FleetEngine;
}

/** `GET /api/v1/resources/export`: the list's answer as a CSV or JSON download, streamed. */
export const exportRoutes: FastifyPluginAsyncTypebox<ExportRoutesOptions> = async (app, { engine }) => {
  app.get('/resources/export', {
    config: { permission: 'resources:read', scope: 'filtered' },
    schema: {
      summary: 'Every matching Flux object as CSV or JSON, streamed',
      description: 'Same filters and sort as `GET /api/v1/resources`, without paging. CSV has a header row; JSON is an array of ResourceItem.',
      tags: ['resources'],
      querystring: ExportQuery,
      produces: ['text/csv', 'application/json'],
      response: { 200: Type.String({ description: 'The file.' }), 400: ErrorResponse },
    },
    handler: async (request, reply) => {
      const { format = 'csv', ...filter } = request.query;
      const query = toResourceQuery(engine, filter);
      const access = request.access;
      if (access?.unscoped === false) query.visible = (clusterId, namespace) => access.object(clusterId, namespace);
      // Check the filters (a bad cursor cannot occur here, but a bad value must be a 400 before streaming starts).
      try {
        engine.index.query({ ...query, limit: 1 }, (id) => engine.clusterName(id));
      } catch (error) {
        if (error instanceof InvalidCursorError) throw ApiError.validation([{ field: 'querystring', message: error.message }]);
        throw error;
      }
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${exportFileName('flux-resources', format)}"`)
        .header('cache-control', 'no-store')
        // A stream goes out as is (no serializer); the schema's string only documents the body.
        .send(exportStream(exportedItems(engine, query), format) as unknown as string);
    },
  });
};

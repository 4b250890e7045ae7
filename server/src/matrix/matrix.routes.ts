import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '../http/common.schemas.js';
import { type FleetEngine, StatusCountsSchema } from '../fleet/index.js';
import type { ClustersRepo } from '../store/index.js';
import { buildFleetMatrix, type ClusterFacts } from './fleet-matrix.js';
import { FleetMatrix, MatrixQuery } from './matrix.schemas.js';

export interface MatrixRoutesOptions {
  engine: FleetEngine;
  clustersRepo: ClustersRepo;
}

/** `GET /api/v1/matrix`: one object (or kind) across every cluster. */
export const matrixRoutes: FastifyPluginAsyncTypebox<MatrixRoutesOptions> = async (app, { engine, clustersRepo }) => {
  // Plugins are encapsulated: the shared StatusCounts schema is added here too.
  for (const schema of [StatusCountsSchema, FleetMatrix]) app.addSchema(schema);
  app.get('/matrix', {
    config: { permission: 'resources:read', scope: 'filtered' },
    schema: {
      summary: 'Fleet matrix: one Flux object (or every object of a kind) per cluster',
      description:
        'One row per cluster with the matching objects’ revision (chart version for a HelmRelease), status, and the cluster’s Flux version; counts per revision and per Flux version. `?kind=HelmRelease&name=podinfo&revision=6.5` answers “which clusters still run podinfo 6.5”, `&flux_version=2.5` “which clusters are on Flux 2.5”.',
      tags: ['resources'],
      querystring: MatrixQuery,
      response: { 200: Type.Ref(FleetMatrix), 400: ErrorResponse },
    },
    handler: async (request) => {
      const facts = new Map<string, ClusterFacts>();
      for (const row of await clustersRepo.listHealth()) facts.set(row.cluster_id, { connection: row.status, fluxVersion: row.flux_version });
      const access = request.access;
      return buildFleetMatrix(engine, facts, request.query, access?.unscoped === false ? access : undefined);
    },
  });
};

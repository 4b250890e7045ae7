import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse, IdParams } from '../http/common.schemas.js';
import type { AuditLog } from '../audit/index.js';
import type { ClusterHealthChecker } from '../health/index.js';
import { Cluster, ClusterCreateBody, ClusterHealthDetail, ClusterList, ClusterPatchBody, ClusterSummary, HealthChangeList, HealthChangesQuery, HealthQuery } from './clusters.schemas.js';
import type { Access } from '../auth/index.js';
import type { ClustersService, PartialVisibility } from './clusters.service.js';

export interface ClustersRoutesOptions {
  service: ClustersService;
  checker: ClusterHealthChecker;
  audit: AuditLog;
}

const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** `/api/v1/clusters`: register clusters by kubeconfig, edit, remove, and read their health. */
export const clustersRoutes: FastifyPluginAsyncTypebox<ClustersRoutesOptions> = async (app, { service, checker, audit }) => {
  // Lists show a caller scoped to some clusters only those (request.access, see auth/).
  app.get('/clusters', {
    config: { permission: 'clusters:read', scope: 'filtered' },
    schema: { summary: 'List clusters', tags: ['clusters'], response: { 200: ClusterList } },
    handler: async (request) => {
      const access = request.access;
      if (access?.unscoped !== false) return { items: await service.list() };
      return { items: (await service.list(partialVisibility(access))).filter((cluster) => access.cluster(cluster.id)) };
    },
  });

  app.get('/clusters/health-changes', {
    config: { permission: 'clusters:read', scope: 'filtered' },
    schema: { summary: 'Health changes across the fleet, newest first', tags: ['clusters'], querystring: HealthChangesQuery, response: { 200: HealthChangeList, 400: ErrorResponse } },
    handler: async (request) => {
      const access = request.access;
      return service.healthChanges(request.query.limit ?? 50, access?.unscoped === false ? (clusterId) => access.cluster(clusterId) : undefined);
    },
  });

  app.get('/clusters/summary', {
    config: { permission: 'clusters:read', scope: 'filtered' },
    schema: { summary: 'Cluster counts by health', tags: ['clusters'], response: { 200: ClusterSummary } },
    handler: async (request) => {
      const access = request.access;
      if (access?.unscoped !== false) return service.summary();
      const by_status = { healthy: 0, degraded: 0, unauthorized: 0, unreachable: 0, unknown: 0 };
      const visible = (await service.list()).filter((cluster) => access.cluster(cluster.id));
      for (const cluster of visible) by_status[cluster.health?.status ?? 'unknown'] += 1;
      return { total: visible.length, by_status };
    },
  });

  app.post('/clusters', {
    config: { permission: 'clusters:write' },
    schema: {
      summary: 'Register a cluster from a kubeconfig',
      description: 'The kubeconfig is validated, reduced to the chosen context, sealed and never returned.',
      tags: ['clusters'],
      body: ClusterCreateBody,
      response: { 201: Cluster, ...errors },
    },
    handler: async (request, reply) => {
      const cluster = await service.create(request.body);
      await audit.record({ action: 'cluster.create', target: cluster.id, detail: { name: cluster.name, server: cluster.server, auth: cluster.auth } });
      return reply.code(201).header('location', `/api/v1/clusters/${cluster.id}`).send(cluster);
    },
  });

  app.get('/clusters/:id', {
    config: { permission: 'clusters:read' },
    schema: { summary: 'Get a cluster', tags: ['clusters'], params: IdParams, response: { 200: Cluster, 404: ErrorResponse } },
    handler: async (request) => service.get(request.params.id, request.access?.unscoped === false ? partialVisibility(request.access) : undefined),
  });

  app.patch('/clusters/:id', {
    config: { permission: 'clusters:write' },
    schema: {
      summary: 'Change a cluster (name, description, favorite, labels, kubeconfig)',
      tags: ['clusters'],
      params: IdParams,
      body: ClusterPatchBody,
      response: { 200: Cluster, ...errors },
    },
    handler: async (request) => {
      const { cluster, changed } = await service.updateReporting(request.params.id, request.body);
      // Field names only: a replaced kubeconfig is recorded as such, never its content.
      await audit.record({ action: 'cluster.update', target: cluster.id, detail: { name: cluster.name, fields: changed } });
      return cluster;
    },
  });

  app.delete('/clusters/:id', {
    config: { permission: 'clusters:write' },
    schema: { summary: 'Remove a cluster and its cached state', tags: ['clusters'], params: IdParams, response: { 204: Type.Null(), 404: ErrorResponse } },
    handler: async (request, reply) => {
      const { name } = await service.get(request.params.id);
      await service.delete(request.params.id);
      await audit.record({ action: 'cluster.delete', target: request.params.id, detail: { name } });
      return reply.code(204).send(null);
    },
  });

  app.get('/clusters/:id/health', {
    config: { permission: 'clusters:read' },
    schema: {
      summary: 'Latest health of a cluster, with recent changes',
      description: 'With `refresh=true` the cluster is checked now (joining a check already running).',
      tags: ['clusters'],
      params: IdParams,
      querystring: HealthQuery,
      response: { 200: ClusterHealthDetail, 404: ErrorResponse },
    },
    handler: async (request) => {
      if (request.query.refresh) {
        await service.get(request.params.id);
        await checker.check(request.params.id);
      }
      return service.healthDetail(request.params.id);
    },
  });
};

/** A caller limited to some namespaces of a cluster sees the roll-up of those namespaces only. */
function partialVisibility(access: Access): PartialVisibility {
  return (clusterId) => (access.wholeCluster(clusterId) ? undefined : (namespace) => access.object(clusterId, namespace));
}

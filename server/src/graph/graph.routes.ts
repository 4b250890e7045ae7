import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { FLUX_STATUSES } from '@flux-orchestrator/flux-model';
import { ApiError } from '../common/api-error.js';
import { ErrorResponse, IdParams } from '../http/common.schemas.js';
import { type FleetEngine, recordKey, resolveKinds, ResourceParams, type FluxResourceService } from '../fleet/index.js';
import { ClusterReferences, nodeId } from './dependency-graph.js';
import { ClusterGraphQuery, DependencyGraph } from './graph.schemas.js';

export interface GraphRoutesOptions {
  engine: FleetEngine;
  resources: FluxResourceService;
}

/** Objects of one object's graph: enough for any real layout, bounded for a pathological one. */
const OBJECT_GRAPH_LIMIT = 500;

function splitList(value: string | undefined): string[] | undefined {
  const parts = value?.split(',').map((part) => part.trim()).filter(Boolean);
  return parts && parts.length > 0 ? parts : undefined;
}

/** Dependency graphs from the index: one object's, or a slice of one cluster's. */
export const graphRoutes: FastifyPluginAsyncTypebox<GraphRoutesOptions> = async (app, { engine, resources }) => {
  app.addSchema(DependencyGraph);

  const referencesOf = (clusterId: string, visible?: (namespace: string) => boolean): ClusterReferences => {
    if (!engine.cluster(clusterId)) throw ApiError.notFound(`Cluster ${clusterId}`);
    return new ClusterReferences(engine.index.ofCluster(clusterId), visible);
  };

  app.get('/clusters/:id/resources/:kind/:namespace/:name/graph', {
    config: { permission: 'resources:read' },
    schema: {
      summary: 'Dependency graph of one Flux object',
      description: 'What it uses (source, HelmChart, dependsOn), transitively, and what uses it, transitively, with every node’s status. References to objects that do not exist are `missing` nodes.',
      tags: ['resources'],
      params: ResourceParams,
      response: { 200: Type.Ref(DependencyGraph), 404: ErrorResponse },
    },
    handler: async (request) => {
      const { id, namespace, name } = request.params;
      const kind = resources.kindOf(request.params.kind);
      const access = request.access;
      const references = referencesOf(id, access?.unscoped === false ? (ns) => access.object(id, ns) : undefined);
      const root = nodeId(kind.kind, namespace, name);
      if (!references.get(root) || !engine.index.get(recordKey(id, kind.kind, namespace, name))) throw ApiError.notFound(`${kind.kind} ${namespace}/${name} in cluster ${engine.clusterName(id)}`);
      return references.graph(id, [root], { withUsers: true, limit: OBJECT_GRAPH_LIMIT, root });
    },
  });

  app.get('/clusters/:id/graph', {
    config: { permission: 'resources:read' },
    schema: {
      summary: 'Dependency graph of a cluster’s Flux objects (or a filtered slice)',
      description: 'The objects matching the filters and everything they use, transitively. Without filters: the whole cluster.',
      tags: ['resources'],
      params: IdParams,
      querystring: ClusterGraphQuery,
      response: { 200: Type.Ref(DependencyGraph), 400: ErrorResponse, 404: ErrorResponse },
    },
    handler: async (request) => {
      const { id } = request.params;
      const kinds = splitList(request.query.kind);
      const wantedKinds = kinds ? resolveKinds(kinds, 'querystring.kind') : undefined;
      const namespaces = splitList(request.query.namespace);
      const statuses = splitList(request.query.status);
      for (const status of statuses ?? []) {
        if (!(FLUX_STATUSES as readonly string[]).includes(status)) throw ApiError.validation([{ field: 'querystring.status', message: `"${status}" is not a status; use ${FLUX_STATUSES.join(', ')}` }]);
      }
      const access = request.access;
      const references = referencesOf(id, access?.unscoped === false ? (ns) => access.object(id, ns) : undefined);
      const seeds = [...references.all()]
        .filter((record) => (wantedKinds ? wantedKinds.has(record.kind) : true) && (namespaces ? namespaces.includes(record.namespace) : true) && (statuses ? statuses.includes(record.status) : true))
        .sort((a, b) => a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))
        .map((record) => nodeId(record.kind, record.namespace, record.name));
      return references.graph(id, seeds, { withUsers: false, limit: request.query.limit ?? 500, root: null });
    },
  });
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../common/api-error.js';
import type { AuditLog } from '../audit/index.js';
import { ErrorResponse, IdParams } from '../http/common.schemas.js';
import type { ClusterRollups } from './cluster-rollups.js';
import type { FleetEngine } from './fleet-engine.js';
import { InvalidCursorError } from './fleet-index.js';
import { ListAnswerCache } from './list-answer-cache.js';
import type { FleetStream, StreamFilter } from './fleet-stream.js';
import { scopedSummary } from './scoped-views.js';
import type { FluxResourceService, NamespaceScope, ResourceAddress } from './flux-resource.service.js';
import { ItemJsonCache, resolveClusters, resolveKinds, toResourceQuery } from './resource-views.js';
import {
  ActionBody,
  ActionResult,
  ClusterRollup,
  ClusterSyncStatusSchema,
  FluxRefSchema,
  ReconcileBody,
  ResourceDetail,
  ResourceFacets,
  ResourceItem,
  ResourceList,
  ResourceListQuery,
  ResourceParams,
  ResourceSummary,
  StatusCountsSchema,
  StreamQuery,
} from './resources.schemas.js';

export interface ResourcesRoutesOptions {
  engine: FleetEngine;
  rollups: ClusterRollups;
  resources: FluxResourceService;
  stream: FleetStream;
  audit: AuditLog;
}

/**
 * Sends JSON already serialised by the route's own response serializer (a string payload with a
 * JSON content type goes out as is); the type provider only knows the schema's object shape.
 */
function sendSerialized(reply: FastifyReply, body: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(body);
}

// 403: the cluster's identity lacks a permission on the object (`cluster_forbidden`, naming it).
const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 502: ErrorResponse };

/** `/api/v1/resources`, one object's detail and actions, cluster sync state, and `/api/v1/stream`. */
export const resourcesRoutes: FastifyPluginAsyncTypebox<ResourcesRoutesOptions> = async (app, { engine, rollups, resources, stream, audit }) => {
  for (const schema of [FluxRefSchema, ResourceItem, ResourceFacets, ResourceList, StatusCountsSchema, ClusterRollup, ResourceSummary, ClusterSyncStatusSchema, ResourceDetail, ActionResult]) {
    app.addSchema(schema);
  }

  const listAnswers = new ListAnswerCache();
  const itemJson = new ItemJsonCache(engine);

  // Lists and the stream show a caller scoped to some clusters/namespaces only those (auth/).
  app.get('/resources', {
    config: { permission: 'resources:read', scope: 'filtered' },
    schema: {
      summary: 'Every Flux object in the fleet: filter, sort, page',
      description: 'Answers from the live index. Filters combine with AND; values within one filter with OR. `facets` count, per filter, what each value would give.',
      tags: ['resources'],
      querystring: ResourceListQuery,
      response: { 200: Type.Ref(ResourceList), 400: ErrorResponse },
    },
    handler: async (request, reply) => {
      const access = request.access;
      const scoped = access?.unscoped === false;
      // A scoped caller's answer depends on their bindings too: built for them every time.
      const version = engine.viewVersion;
      const cached = scoped ? undefined : listAnswers.get(request.url, version);
      if (cached !== undefined) return sendSerialized(reply, cached);
      const query = toResourceQuery(engine, request.query);
      if (scoped) query.visible = (clusterId, namespace) => access.object(clusterId, namespace);
      let page;
      try {
        page = engine.index.query(query, (id) => engine.clusterName(id));
      } catch (error) {
        if (error instanceof InvalidCursorError) throw ApiError.validation([{ field: 'querystring.cursor', message: error.message }]);
        throw error;
      }
      // The ResourceList schema's shape, joined from each item's ready JSON (see ItemJsonCache).
      const items = page.items.map((record) => itemJson.of(record)).join(',');
      const body = `{"items":[${items}],"next_cursor":${JSON.stringify(page.nextCursor)},"total":${page.total},"facets":${JSON.stringify(page.facets)}}`;
      if (!scoped) listAnswers.set(request.url, version, body);
      return sendSerialized(reply, body);
    },
  });

  app.get('/resources/summary', {
    config: { permission: 'resources:read', scope: 'filtered' },
    schema: { summary: 'Fleet roll-up per cluster and per kind, failures first', tags: ['resources'], response: { 200: Type.Ref(ResourceSummary) } },
    handler: async (request) => {
      const access = request.access;
      if (access?.unscoped === false) return scopedSummary(engine, rollups, access);
      return { totals: engine.index.totals(), clusters: rollups.all(), kinds: rollups.kinds() };
    },
  });

  app.get('/clusters/:id/sync', {
    config: { permission: 'resources:read' },
    schema: {
      summary: 'Where the sync of one cluster’s Flux objects stands, per kind',
      tags: ['resources'],
      params: IdParams,
      response: { 200: Type.Ref(ClusterSyncStatusSchema), 404: ErrorResponse },
    },
    handler: async (request) => {
      if (!engine.cluster(request.params.id)) throw ApiError.notFound(`Cluster ${request.params.id}`);
      return engine.syncStatus(request.params.id);
    },
  });

  // `curl -X POST …/suspend` sends no body: treat it as `{}` so the body schema still applies.
  const emptyBodyIsObject = async (request: { body: unknown }): Promise<void> => {
    request.body ??= {};
  };
  const addressOf = (params: ResourceParams): ResourceAddress => ({ clusterId: params.id, kind: params.kind, namespace: params.namespace, name: params.name });
  const objectPath = '/clusters/:id/resources/:kind/:namespace/:name';

  app.get(objectPath, {
    config: { permission: 'resources:read' },
    schema: {
      summary: 'One Flux object, live from its cluster',
      description:
        'Full object and YAML, computed status, conditions, recent Kubernetes events, recorded status changes, its source, what it depends on and what depends on it. `kind` is the Kind or its plural, any case. While the cluster cannot be reached the answer is still 200, with `live: false`, `unavailable_reason` and the last known state (no object, YAML or conditions); 404 when neither the cluster nor the index knows the object, 403 when the cluster refuses to show it.',
      tags: ['resources'],
      params: ResourceParams,
      response: { 200: Type.Ref(ResourceDetail), ...errors },
    },
    handler: async (request) => resources.detail(addressOf(request.params), namespacesOf(request, request.params.id)),
  });

  const audited = async (action: string, address: ResourceAddress, detail: Record<string, unknown>): Promise<void> => {
    const kind = resources.kindOf(address.kind).kind;
    await audit.record({
      action: `flux.${action}`,
      target: `${address.clusterId}/${kind}/${address.namespace}/${address.name}`,
      detail: { cluster: engine.clusterName(address.clusterId), kind, namespace: address.namespace, name: address.name, ...detail },
    });
  };

  app.post(`${objectPath}/reconcile`, {
    config: { permission: 'resources:act' },
    preValidation: emptyBodyIsObject,
    schema: {
      summary: 'Reconcile now (as `flux reconcile`)',
      description: 'Annotates `reconcile.fluxcd.io/requestedAt` (the source first with `with_source`). With `wait_seconds` the answer comes when the controller has handled it (ready or failed) or the time is up.',
      tags: ['resources'],
      params: ResourceParams,
      body: ReconcileBody,
      response: { 200: Type.Ref(ActionResult), ...errors },
    },
    handler: async (request) => {
      const address = addressOf(request.params);
      const body = request.body;
      const result = await resources.reconcile(address, body, namespacesOf(request, address.clusterId));
      await audited('reconcile', address, { with_source: body.with_source === true, force: body.force === true, reset: body.reset === true, requested_at: result.requested_at, outcome: result.outcome });
      return result;
    },
  });

  app.post(`${objectPath}/suspend`, {
    config: { permission: 'resources:act' },
    preValidation: emptyBodyIsObject,
    schema: { summary: 'Suspend (as `flux suspend`): sets spec.suspend', tags: ['resources'], params: ResourceParams, body: ActionBody, response: { 200: Type.Ref(ActionResult), ...errors } },
    handler: async (request) => {
      const address = addressOf(request.params);
      const result = await resources.suspend(address);
      await audited('suspend', address, {});
      return result;
    },
  });

  app.post(`${objectPath}/resume`, {
    config: { permission: 'resources:act' },
    preValidation: emptyBodyIsObject,
    schema: {
      summary: 'Resume (as `flux resume`): clears spec.suspend and requests a reconcile',
      tags: ['resources'],
      params: ResourceParams,
      body: ActionBody,
      response: { 200: Type.Ref(ActionResult), ...errors },
    },
    handler: async (request) => {
      const address = addressOf(request.params);
      const result = await resources.resume(address, request.body.wait_seconds ?? 0);
      await audited('resume', address, { requested_at: result.requested_at, outcome: result.outcome });
      return result;
    },
  });

  app.get('/stream', {
    config: { permission: 'resources:read', scope: 'filtered' },
    schema: {
      summary: 'Live stream (Server-Sent Events)',
      description:
        'Events: `resource` (an object changed; data is a ResourceItem with `type: "upsert"` and `previous_status`, null for a new object), `resource.deleted`, `event` (a new or repeated Kubernetes event of a Flux object, or a workload’s Warning; data is a KubeEventItem, scoped and filtered by its object’s cluster, kind and namespace), `cluster` (connection, sync or roll-up changed; or `type: "deleted"`), `job` (progress, finished), `audit` (an entry was added to the audit trail: `{cluster_id}`, null when it is about no cluster; read `GET /api/v1/audit` again), `resync` (reload: events were missed), `hello`, and `unauthorized` (the credential behind the stream was revoked or its roles changed; the stream ends). Resume with `Last-Event-ID`. Comments (`: ping`) are heartbeats.',
      tags: ['resources'],
      querystring: StreamQuery,
    },
    handler: async (request, reply) => {
      const clusters = request.query.cluster?.split(',').map((value) => value.trim()).filter(Boolean);
      const kinds = request.query.kind?.split(',').map((value) => value.trim()).filter(Boolean);
      const namespaces = request.query.namespace?.split(',').map((value) => value.trim()).filter(Boolean);
      const access = request.access;
      const filter: StreamFilter = {
        // Events about no cluster (jobs) are fleet-wide: only for callers not limited to a scope.
        ...(access?.unscoped === false
          ? {
              visible: (clusterId: string | undefined, namespace: string | undefined) => (clusterId === undefined ? false : namespace === undefined ? access.cluster(clusterId) : access.object(clusterId, namespace)),
              partly: (clusterId: string) => (access.wholeCluster(clusterId) ? undefined : (namespace: string) => access.object(clusterId, namespace)),
            }
          : {}),
        ...(clusters?.length ? { clusterIds: resolveClusters(engine, clusters) } : {}),
        ...(kinds?.length ? { kinds: resolveKinds(kinds, 'querystring.kind') } : {}),
        ...(namespaces?.length ? { namespaces: new Set(namespaces) } : {}),
      };
      const lastEventId = request.headers['last-event-id'];
      reply.hijack();
      stream.subscribe(reply.raw, filter, Array.isArray(lastEventId) ? lastEventId[0] : lastEventId, request.reauthorize);
    },
  });
};

/** The namespaces of the route's cluster the caller may see or act in (every one when unscoped). */
function namespacesOf(request: FastifyRequest, clusterId: string): NamespaceScope {
  const access = request.access;
  if (!access || access.unscoped) return () => true;
  return (namespace) => access.object(clusterId, namespace);
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { ApiError } from '../common/api-error.js';
import { httpStatusOf, type ClusterConnection, type ClusterConnections } from '../connections/index.js';
import { ErrorResponse } from '../http/common.schemas.js';
import { clusterUnavailable, type FleetEngine, type FluxResourceService, recordKey, ResourceParams } from '../fleet/index.js';
import { atLeast, isAbout } from './log-entry.js';
import { streamLogs, type LogSource } from './log-stream.js';
import { ObjectLogsQuery, PodLogsQuery, PodParams } from './logs.schemas.js';

/** How long a read or change on a cluster may take before it counts as unreachable. */
const LOG_TIMEOUT_MS = 15_000;

export interface LogsRoutesOptions {
  engine: FleetEngine;
  connections: ClusterConnections;
  resources: FluxResourceService;
}

interface PodSummary {
  metadata: { name: string; namespace: string };
  spec?: { containers?: Array<{ name: string }>; initContainers?: Array<{ name: string }> };
  status?: { phase?: string };
}

/** Lines read from the end of each controller log to find an object's last `tail` lines. */
function scanLinesFor(tail: number): number {
  return Math.min(20_000, Math.max(2_000, tail * 20));
}


/** The Flux Operator's pods are labelled the Kubernetes way; the toolkit controllers' with `app`. */
function controllerSelector(controller: string): string {
  return controller === 'flux-operator' ? 'app.kubernetes.io/name=flux-operator' : `app=${controller}`;
}

function openNdjson(reply: FastifyReply): void {
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
  reply.raw.flushHeaders();
}

/** Flux controller logs about one object (as `flux logs --kind --name --namespace`), and pod logs. */
export const logsRoutes: FastifyPluginAsyncTypebox<LogsRoutesOptions> = async (app, { engine, connections, resources }) => {
  const connectionOf = async (clusterId: string): Promise<ClusterConnection> => {
    if (!engine.cluster(clusterId)) throw ApiError.notFound(`Cluster ${clusterId}`);
    try {
      return await connections.get(clusterId);
    } catch {
      throw ApiError.notFound(`Cluster ${clusterId}`);
    }
  };

  app.get('/clusters/:id/resources/:kind/:namespace/:name/logs', {
    config: { permission: 'logs:read' },
    schema: {
      summary: 'Flux controller logs about one object',
      description:
        'The lines of the controller that reconciles the kind (its pods by label in the Flux namespace) that are about this object, as NDJSON (`application/x-ndjson`, one LogEntry per line): the last `tail`, then new ones with `follow`. A followed log that ends (pod deleted or restarted) says so in a last `error` entry. 404 names the controller when no pod of it runs.',
      tags: ['logs'],
      params: ResourceParams,
      querystring: ObjectLogsQuery,
      response: { 200: Type.String({ description: 'NDJSON of LogEntry.' }), 404: ErrorResponse, 502: ErrorResponse },
    },
    handler: async (request, reply) => {
      const { id, namespace, name } = request.params;
      const kind = resources.kindOf(request.params.kind);
      if (!engine.index.get(recordKey(id, kind.kind, namespace, name)) && engine.cluster(id)) throw ApiError.notFound(`${kind.kind} ${namespace}/${name} in cluster ${engine.clusterName(id)}`);
      const connection = await connectionOf(id);
      const fluxNamespace = request.query.flux_namespace ?? 'flux-system';
      const selector = controllerSelector(kind.controller);
      let pods: PodSummary[];
      try {
        pods = (await connection.getJson<{ items?: PodSummary[] }>(`/api/v1/namespaces/${encodeURIComponent(fluxNamespace)}/pods`, { labelSelector: selector }, AbortSignal.timeout(LOG_TIMEOUT_MS))).items ?? [];
      } catch (error) {
        throw clusterUnavailable(engine.clusterName(id), error, LOG_TIMEOUT_MS);
      }
      if (pods.length === 0) {
        throw ApiError.notFound(`No pod of ${kind.controller} (label ${selector}) in namespace ${fluxNamespace}: the controller that reconciles ${kind.kind} is not installed there, or is not running`);
      }
      const sources: LogSource[] = pods.map((pod) => ({
        namespace: pod.metadata.namespace,
        pod: pod.metadata.name,
        container: pod.spec?.containers?.find((container) => container.name === 'manager')?.name ?? pod.spec?.containers?.[0]?.name ?? 'manager',
      }));
      const tail = request.query.tail ?? 100;
      const level = request.query.level ?? 'info';
      openNdjson(reply);
      await streamLogs(
        connection,
        sources,
        {
          tail,
          scanLines: scanLinesFor(tail),
          follow: request.query.follow === true,
          ...(request.query.since_seconds !== undefined ? { sinceSeconds: request.query.since_seconds } : {}),
          keep: (entry) => isAbout(entry, kind.kind, namespace, name) && atLeast(entry, level),
        },
        reply.raw,
      );
    },
  });

  app.get('/clusters/:id/pods/:namespace/:name/logs', {
    config: { permission: 'logs:read' },
    schema: {
      summary: 'Logs of one pod (e.g. a workload of an inventory tree)',
      description: 'NDJSON (`application/x-ndjson`), one LogEntry per line: the last `tail` lines, then new ones with `follow`. `container` is required when the pod has several (400 lists them).',
      tags: ['logs'],
      params: PodParams,
      querystring: PodLogsQuery,
      response: { 200: Type.String({ description: 'NDJSON of LogEntry.' }), 400: ErrorResponse, 404: ErrorResponse, 502: ErrorResponse },
    },
    handler: async (request, reply) => {
      const { id, namespace, name } = request.params;
      const connection = await connectionOf(id);
      let pod: PodSummary;
      try {
        pod = await connection.getJson<PodSummary>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`, {}, AbortSignal.timeout(LOG_TIMEOUT_MS));
      } catch (error) {
        if (httpStatusOf(error) === 404) throw ApiError.notFound(`Pod ${namespace}/${name} (it may have been deleted or replaced)`);
        throw clusterUnavailable(engine.clusterName(id), error, LOG_TIMEOUT_MS);
      }
      const containers = (pod.spec?.containers ?? []).map((container) => container.name);
      // Init containers have logs too (often the reason a pod never started), as `kubectl logs -c` reads them.
      const all = [...containers, ...(pod.spec?.initContainers ?? []).map((container) => container.name)];
      let container = request.query.container;
      if (container === undefined) {
        if (containers.length !== 1) throw ApiError.validation([{ field: 'querystring.container', message: `pod ${namespace}/${name} has containers ${all.join(', ')}: choose one` }]);
        container = containers[0]!;
      } else if (!all.includes(container)) {
        throw ApiError.validation([{ field: 'querystring.container', message: `pod ${namespace}/${name} has no container "${container}"; it has ${all.join(', ')}` }]);
      }
      const tail = request.query.tail ?? 100;
      openNdjson(reply);
      await streamLogs(
        connection,
        [{ namespace, pod: name, container }],
        { tail, scanLines: tail, follow: request.query.follow === true, ...(request.query.since_seconds !== undefined ? { sinceSeconds: request.query.since_seconds } : {}), keep: () => true },
        reply.raw,
      );
    },
  });
};

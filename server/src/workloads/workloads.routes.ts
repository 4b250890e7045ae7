import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AuditLog } from '../audit/index.js';
import { ErrorResponse } from '../http/common.schemas.js';
import type { FleetEngine } from '../fleet/index.js';
import { PodParams } from '../logs/index.js';
import { workloadKind, type WorkloadActions } from './workload-actions.js';
import { AcknowledgeBody, ScaleBody, WorkloadActionResult, WorkloadParams } from './workloads.schemas.js';

export interface WorkloadsRoutesOptions {
  engine: FleetEngine;
  actions: WorkloadActions;
  audit: AuditLog;
}

const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 502: ErrorResponse };

/** Scale, rollout restart and pod deletion on the workloads of an inventory tree; each its own permission, each audited. */
export const workloadsRoutes: FastifyPluginAsyncTypebox<WorkloadsRoutesOptions> = async (app, { engine, actions, audit }) => {
  app.addSchema(WorkloadActionResult);
  const emptyBodyIsObject = async (request: { body: unknown }): Promise<void> => {
    request.body ??= {};
  };
  const audited = async (clusterId: string, action: string, result: WorkloadActionResult): Promise<void> => {
    await audit.record({
      action: `workload.${action}`,
      target: `${clusterId}/${result.kind}/${result.namespace}/${result.name}`,
      detail: { cluster: engine.clusterName(clusterId), kind: result.kind, namespace: result.namespace, name: result.name, flux_owner: result.flux_owner, ...(result.replicas !== undefined ? { replicas: result.replicas } : {}) },
    });
  };

  app.post('/clusters/:id/workloads/:kind/:namespace/:name/scale', {
    config: { permission: 'workloads:scale' },
    schema: {
      summary: 'Scale a Deployment or StatefulSet (as `kubectl scale`)',
      description: '409 `flux_owned` when a Kustomization or HelmRelease applied it (Flux may put the replicas back) unless `acknowledge_flux_owner` is true.',
      tags: ['workloads'],
      params: WorkloadParams,
      body: ScaleBody,
      response: { 200: Type.Ref(WorkloadActionResult), ...errors },
    },
    handler: async (request) => {
      const { id, namespace, name } = request.params;
      const kind = workloadKind(request.params.kind, ['Deployment', 'StatefulSet']);
      const result = await actions.scale(id, kind, namespace, name, request.body.replicas, request.body.acknowledge_flux_owner === true);
      await audited(id, 'scale', result);
      return result;
    },
  });

  app.post('/clusters/:id/workloads/:kind/:namespace/:name/restart', {
    config: { permission: 'workloads:restart' },
    preValidation: emptyBodyIsObject,
    schema: {
      summary: 'Rollout restart of a Deployment, StatefulSet or DaemonSet (as `kubectl rollout restart`)',
      description: 'Writes `kubectl.kubernetes.io/restartedAt` into the pod template; Flux leaves that annotation alone, so no acknowledgement is needed.',
      tags: ['workloads'],
      params: WorkloadParams,
      body: AcknowledgeBody,
      response: { 200: Type.Ref(WorkloadActionResult), ...errors },
    },
    handler: async (request) => {
      const { id, namespace, name } = request.params;
      const kind = workloadKind(request.params.kind, ['Deployment', 'StatefulSet', 'DaemonSet']);
      const result = await actions.restart(id, kind, namespace, name);
      await audited(id, 'restart', result);
      return result;
    },
  });

  app.post('/clusters/:id/pods/:namespace/:name/delete', {
    config: { permission: 'pods:delete' },
    preValidation: emptyBodyIsObject,
    schema: {
      summary: 'Delete a pod (its controller starts a new one)',
      description: '409 `flux_owned` for a pod Flux applied itself (it comes back at the next reconcile) unless `acknowledge_flux_owner` is true.',
      tags: ['workloads'],
      params: PodParams,
      body: AcknowledgeBody,
      response: { 200: Type.Ref(WorkloadActionResult), ...errors },
    },
    handler: async (request) => {
      const { id, namespace, name } = request.params;
      const result = await actions.deletePod(id, namespace, name, request.body.acknowledge_flux_owner === true);
      await audited(id, 'delete_pod', result);
      return result;
    },
  });
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../common/api-error.js';
import type { AuditLog } from '../audit/index.js';
import type { ClustersService } from '../clusters/index.js';
import { ErrorResponse, IdParams } from '../http/common.schemas.js';
import type { JobRunner } from '../jobs/index.js';
import {
  AzureCredentialBody,
  AzureSubscription,
  AzureSubscriptionBulkCreateBody,
  BulkCreateResult,
  AzureSubscriptionCreateBody,
  AzureSubscriptionList,
  AzureSubscriptionPatchBody,
  ConnectionTestResult,
  CreateQuery,
  DeleteQuery,
  DiscoveredClusterList,
  JobAccepted,
  SubscriptionParams,
  SyncBody,
  SyncResult,
  VisibleSubscriptionList,
} from './azure.schemas.js';
import { AZURE_SYNC_JOB, type AzureSyncPayload } from './azure-jobs.js';
import type { AzureSubscriptionsService } from './azure-subscriptions.service.js';

export interface AzureRoutesOptions {
  service: AzureSubscriptionsService;
  clusters: ClustersService;
  jobs: JobRunner;
  audit: AuditLog;
  /** How long a sync request waits before answering 202 with a job (it keeps running). */
  syncWaitMs: number;
}

const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 502: ErrorResponse, 503: ErrorResponse };
const base = '/azure/subscriptions';

/** The seed's Azure endpoints (same paths and snake_case fields), plus what it lacked. */
export const azureRoutes: FastifyPluginAsyncTypebox<AzureRoutesOptions> = async (app, { service, clusters, jobs, audit, syncWaitMs }) => {
  app.get(base, {
    config: { permission: 'azure:read' },
    schema: { summary: 'List Azure subscriptions', tags: ['azure'], response: { 200: AzureSubscriptionList } },
    handler: async () => ({ items: await service.list() }),
  });

  app.post(base, {
    config: { permission: 'azure:write' },
    schema: {
      summary: 'Add an Azure subscription',
      description: 'With `?test=true` the connection is tested first and nothing is saved if it fails. The client secret is sealed and never returned.',
      tags: ['azure'],
      querystring: CreateQuery,
      body: AzureSubscriptionCreateBody,
      response: { 201: AzureSubscription, ...errors },
    },
    handler: async (request, reply) => {
      const created = await service.create(request.body, request.query.test === true);
      await audit.record({ action: 'azure.subscription.create', target: created.subscription_id, detail: { name: created.name, auth_method: created.auth_method } });
      return reply.code(201).header('location', `/api/v1${base}/${created.subscription_id}`).send(created);
    },
  });

  app.post(`${base}/test`, {
    config: { permission: 'azure:write' },
    schema: {
      summary: 'Test subscription settings without saving them (the form\'s Test Connection)',
      tags: ['azure'],
      body: AzureSubscriptionCreateBody,
      response: { 200: ConnectionTestResult, ...errors },
    },
    handler: async (request) => service.testUnsaved(request.body),
  });

  app.post(`${base}/visible`, {
    config: { permission: 'azure:write' },
    schema: {
      summary: 'List the subscriptions a credential can see',
      description: 'The body is a subscription\'s credential (tenant_id, client_id, client_secret, auth_method, environment, …) without subscription_id and name.',
      tags: ['azure'],
      body: AzureCredentialBody,
      response: { 200: VisibleSubscriptionList, ...errors },
    },
    handler: async (request) => ({ items: await service.visibleSubscriptions(request.body) }),
  });

  app.post(`${base}/bulk`, {
    config: { permission: 'azure:write' },
    schema: {
      summary: 'Add several subscriptions that share one credential',
      description: 'Each is added on its own; the result says per subscription whether it was created, already there, or failed.',
      tags: ['azure'],
      body: AzureSubscriptionBulkCreateBody,
      response: { 200: BulkCreateResult, ...errors },
    },
    handler: async (request) => {
      const result = await service.createMany(request.body);
      const created = result.results.filter((r) => r.action === 'created').map((r) => r.subscription_id);
      await audit.record({ action: 'azure.subscription.bulk-create', target: created.join(',') || 'none', detail: { created: created.length } });
      return result;
    },
  });

  app.get(`${base}/:subscription_id`, {
    config: { permission: 'azure:read' },
    schema: { summary: 'Get an Azure subscription', tags: ['azure'], params: SubscriptionParams, response: { 200: AzureSubscription, 404: ErrorResponse } },
    handler: async (request) => service.get(request.params.subscription_id),
  });

  app.patch(`${base}/:subscription_id`, {
    config: { permission: 'azure:write' },
    schema: {
      summary: 'Rename, rotate the client secret, or change auto-sync',
      tags: ['azure'],
      params: SubscriptionParams,
      body: AzureSubscriptionPatchBody,
      response: { 200: AzureSubscription, ...errors },
    },
    handler: async (request) => {
      const updated = await service.update(request.params.subscription_id, request.body);
      await audit.record({
        action: 'azure.subscription.update',
        target: updated.subscription_id,
        detail: { fields: Object.keys(request.body).map((field) => (field === 'client_secret' ? 'client_secret (rotated)' : field)) },
      });
      return updated;
    },
  });

  app.delete(`${base}/:subscription_id`, {
    config: { permission: 'azure:write' },
    schema: {
      summary: 'Remove an Azure subscription',
      description: '`clusters=keep` keeps its clusters as ordinary clusters; `clusters=remove` deletes them too.',
      tags: ['azure'],
      params: SubscriptionParams,
      querystring: DeleteQuery,
      response: { 200: Type.Object({ removed_clusters: Type.Integer(), kept_clusters: Type.Integer() }), ...errors },
    },
    handler: async (request) => {
      const result = await service.delete(request.params.subscription_id, request.query.clusters);
      await audit.record({ action: 'azure.subscription.delete', target: request.params.subscription_id, detail: { clusters: request.query.clusters, ...result } });
      return result;
    },
  });

  app.post(`${base}/:subscription_id/test`, {
    config: { permission: 'azure:write' },
    schema: { summary: 'Test Azure connection', tags: ['azure'], params: SubscriptionParams, response: { 200: ConnectionTestResult, ...errors } },
    handler: async (request) => service.test(request.params.subscription_id),
  });

  app.get(`${base}/:subscription_id/clusters`, {
    config: { permission: 'azure:read' },
    schema: { summary: 'Discover AKS clusters (and Azure Arc clusters)', tags: ['azure'], params: SubscriptionParams, response: { 200: DiscoveredClusterList, ...errors } },
    handler: async (request) => ({ items: await service.discover(request.params.subscription_id) }),
  });

  app.post(`${base}/:subscription_id/sync`, {
    config: { permission: 'azure:write' },
    schema: {
      summary: 'Sync AKS clusters',
      description: `Runs as a job. Answers 200 with the result when it finishes within ${syncWaitMs / 1000} s, else 202 with the job to follow at GET /api/v1/jobs/{id}.`,
      tags: ['azure'],
      params: SubscriptionParams,
      body: SyncBody,
      response: { 200: SyncResult, 202: JobAccepted, ...errors },
    },
    // The body is optional: `curl -X POST …/sync` syncs every cluster.
    preValidation: async (request) => {
      request.body ??= {};
    },
    handler: async (request, reply) => {
      const subscription = await service.get(request.params.subscription_id);
      const payload: AzureSyncPayload = { subscriptionId: subscription.subscription_id, ...(request.body.cluster_ids ? { clusterIds: request.body.cluster_ids } : {}) };
      const jobId = await jobs.enqueue(AZURE_SYNC_JOB, subscription.subscription_id, payload);
      const job = await jobs.waitFor(jobId, syncWaitMs);
      // A sync that failed at once changed no cluster: the failed job is its record, not the audit trail.
      if (job.status === 'failed') throw (await jobs.failure(jobId)) ?? new ApiError(502, 'sync_failed', job.error ?? 'sync failed');
      await audit.record({ action: 'azure.subscription.sync', target: subscription.subscription_id, detail: { job_id: jobId, cluster_ids: request.body.cluster_ids ?? 'all' } });
      if (job.status === 'succeeded') return reply.code(200).send(job.result as SyncResult);
      return reply.code(202).header('location', `/api/v1/jobs/${jobId}`).send({ job_id: jobId, status_url: `/api/v1/jobs/${jobId}` });
    },
  });

  app.get('/clusters/:id/kubeconfig', {
    config: { permission: 'clusters:kubeconfig' },
    schema: {
      summary: 'Download a kubeconfig for a cluster synced from Azure (kubelogin format)',
      description:
        'Credentials are left out unless `include_secret=true`: the client secret of kubelogin clusters, and the certificate, key and token of clusters with local accounts. Every download is audited, with whether it carried a credential.',
      tags: ['clusters'],
      params: IdParams,
      querystring: Type.Object({ include_secret: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: {
        200: { description: 'The kubeconfig file', content: { 'application/yaml': { schema: Type.String({ description: 'kubeconfig (YAML)' }) } } },
        404: ErrorResponse,
        409: ErrorResponse,
      },
    },
    handler: async (request, reply) => {
      const { row, kubeconfig } = await clusters.openKubeconfig(request.params.id);
      const includeSecret = request.query.include_secret === true;
      const download = await service.downloadableKubeconfig(row, kubeconfig, includeSecret);
      await audit.record({
        action: 'cluster.kubeconfig.download',
        target: row.id,
        detail: { name: row.name, include_secret: includeSecret, credential_included: download.credentialIncluded },
      });
      const filename = `${row.name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.kubeconfig.yaml`;
      return reply.header('content-type', 'application/yaml; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(download.text);
    },
  });
};

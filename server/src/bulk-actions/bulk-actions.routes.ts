import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AuditLog } from '../audit/index.js';
import { ErrorResponse } from '../http/common.schemas.js';
import type { FleetEngine } from '../fleet/index.js';
import type { JobRunner } from '../jobs/index.js';
import type { Access } from '../auth/index.js';
import { ApiError } from '../common/api-error.js';
import { planBulkAction, type BulkPlan } from './bulk-action-plan.js';
import { bulkActionJobType, bulkActionPayload } from './bulk-action-jobs.js';
import { BulkActionAccepted, BulkActionBody, BulkActionPlan } from './bulk-actions.schemas.js';

export interface BulkActionsRoutesOptions {
  engine: FleetEngine;
  /** Runs `flux.bulk-*` jobs (see defineBulkActionJobs). */
  jobs: JobRunner;
  audit: AuditLog;
}

/** `POST /api/v1/actions`: reconcile, suspend or resume a selection across the fleet, as a job. */
export const bulkActionsRoutes: FastifyPluginAsyncTypebox<BulkActionsRoutesOptions> = async (app, { engine, jobs, audit }) => {
  app.addSchema(BulkActionPlan);
  app.post('/actions', {
    config: { permission: 'resources:act', scope: 'filtered' },
    schema: {
      summary: 'Bulk action: reconcile, suspend or resume every object a selector matches',
      description:
        'Within a cluster in dependency order (sources before what uses them, `dependsOn` honoured), clusters side by side. `dry_run` answers the plan and touches nothing; otherwise 202 with a job whose progress and per-object results are at `status_url` and on the live stream (`job` events). A selector that matches nothing is an empty plan (or a job with no items), not an error. Every object touched is audited with the job id.',
      tags: ['resources'],
      body: BulkActionBody,
      response: { 200: Type.Ref(BulkActionPlan), 202: BulkActionAccepted, 400: ErrorResponse, 403: ErrorResponse },
    },
    handler: async (request, reply) => {
      const body = request.body;
      const access = request.access;
      const plan = planBulkAction(engine, body.action, body.selector, access?.unscoped === false ? access : undefined);
      if (body.action === 'reconcile' && body.options?.with_source && access?.unscoped === false) refuseSourcesOutOfScope(plan, access);
      if (body.dry_run) {
        return reply.code(200).send({
          dry_run: true as const,
          action: body.action,
          total: plan.total,
          clusters: plan.clusters.map((cluster) => ({
            cluster_id: cluster.clusterId,
            cluster: cluster.cluster,
            objects: cluster.steps.flatMap((records, step) => records.map((record) => ({ kind: record.kind, namespace: record.namespace, name: record.name, status: record.status, step }))),
          })),
          skipped_kinds: plan.skippedKinds,
        });
      }
      const jobId = await jobs.enqueue(bulkActionJobType(body.action), `${plan.total} objects in ${plan.clusters.length} clusters`, bulkActionPayload(plan, body));
      await audit.record({ action: 'bulk.action', target: jobId, detail: { job_id: jobId, action: body.action, selector: body.selector, options: body.options ?? {}, total: plan.total, clusters: plan.clusters.length } });
      return reply.code(202).header('location', `/api/v1/jobs/${jobId}`).send({ job_id: jobId, status_url: `/api/v1/jobs/${jobId}`, total: plan.total });
    },
  });
};

/**
 * `with_source` reconciles each object's source too: a caller limited to some namespaces may not
 * reach a source outside them that way (the single-object reconcile refuses it the same way).
 */
function refuseSourcesOutOfScope(plan: BulkPlan, access: Access): void {
  const outside = plan.clusters.flatMap((cluster) =>
    cluster.steps.flat().flatMap((record) => (record.source && !access.object(cluster.clusterId, record.source.namespace) ? [`${record.source.kind} ${record.source.namespace}/${record.source.name} (${cluster.cluster})`] : [])),
  );
  if (outside.length === 0) return;
  const named = [...new Set(outside)];
  throw new ApiError(
    403,
    'forbidden',
    `with_source would reconcile sources in namespaces outside your role bindings: ${named.slice(0, 3).join(', ')}${named.length > 3 ? ` and ${named.length - 3} more` : ''}. Reconcile without with_source, or narrow the selector`,
  );
}

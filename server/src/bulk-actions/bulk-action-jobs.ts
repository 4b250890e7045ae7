import type { JobRunner } from '../jobs/index.js';
import type { BulkPlan } from './bulk-action-plan.js';
import type { BulkActionRunner, BulkJobPlan } from './bulk-action-runner.js';
import type { BulkActionBody } from './bulk-actions.schemas.js';

/** What a bulk action job carries: the plan made at request time (objects by address) and the request. */
export interface BulkActionPayload {
  plan: BulkJobPlan;
  body: BulkActionBody;
}

export const BULK_ACTIONS = ['reconcile', 'suspend', 'resume'] as const;

export function bulkActionJobType(action: BulkActionBody['action']): string {
  return `flux.bulk-${action}`;
}

/** The payload of a plan: objects by address only (the status they had is the dry run's business). */
export function bulkActionPayload(plan: BulkPlan, body: BulkActionBody): BulkActionPayload {
  return {
    plan: {
      total: plan.total,
      clusters: plan.clusters.map((cluster) => ({
        clusterId: cluster.clusterId,
        cluster: cluster.cluster,
        steps: cluster.steps.map((records) => records.map(({ kind, namespace, name }) => ({ kind, namespace, name }))),
      })),
    },
    body,
  };
}

/**
 * Bulk action handlers. Acting on objects is not idempotent from the caller's point of view (a
 * reconcile twice, a suspend after someone resumed): when the replica running one dies, the job
 * fails saying how far it got instead of being run again.
 */
export function defineBulkActionJobs(jobs: JobRunner, runner: BulkActionRunner): void {
  for (const action of BULK_ACTIONS) {
    jobs.define<BulkActionPayload, unknown>(bulkActionJobType(action), ({ payload, progress, jobId }) => runner.run(jobId, payload.plan, payload.body, progress), {
      whenReplicaGone: 'fail',
      goneMessage: (done, total) =>
        `the server replica running this bulk action stopped before it finished: ${done} of ${total} objects were done when its progress was last recorded (the audit log names each one, with this job's id); the rest were not acted on. Run the action again for them`,
    });
  }
}

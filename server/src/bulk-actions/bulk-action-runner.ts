import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/index.js';
import { ApiError } from '../common/api-error.js';
import type { EventBus } from '../events/index.js';
import type { FluxResourceService, ResourceAddress, ActionResult } from '../fleet/index.js';
import type { JobProgress } from '../jobs/index.js';
import type { BulkActionBody, BulkActionResult, BulkItemResult } from './bulk-actions.schemas.js';

/** Clusters worked on at once, and objects of one step within a cluster at once. */
const CLUSTER_CONCURRENCY = 8;
const OBJECT_CONCURRENCY = 4;

export interface BulkActionRunnerOptions {
  resources: FluxResourceService;
  audit: AuditLog;
  events: EventBus;
  logger: Logger;
}

/** A planned cluster as a job carries it: objects by address, step by step. */
export interface BulkJobCluster {
  clusterId: string;
  cluster: string;
  steps: Array<Array<{ kind: string; namespace: string; name: string }>>;
}

/** A plan as a job carries it (JSON): see bulkActionPayload. */
export interface BulkJobPlan {
  total: number;
  clusters: BulkJobCluster[];
}

/**
 * Runs a planned bulk action: clusters side by side (bounded), each cluster step by step so
 * sources come before what uses them. Every object gets a result, and an audit entry with the
 * job id. When a cluster stops answering, its remaining objects fail at once instead of each
 * waiting for its own timeout; other clusters go on.
 */
export class BulkActionRunner {
  constructor(private readonly options: BulkActionRunnerOptions) {}

  async run(jobId: string, plan: BulkJobPlan, body: BulkActionBody, progress: JobProgress): Promise<BulkActionResult> {
    const items: BulkItemResult[] = [];
    const limitClusters = pLimit(CLUSTER_CONCURRENCY);
    progress.update(0, plan.total);
    const record = (item: BulkItemResult): void => {
      items.push(item);
      progress.update(items.length, plan.total);
      this.options.events.publish({ type: 'job.item', jobId, item });
    };
    await Promise.all(plan.clusters.map((cluster) => limitClusters(() => this.runCluster(jobId, cluster, body, record))));
    const by_outcome: Record<string, number> = {};
    for (const item of items) by_outcome[item.outcome] = (by_outcome[item.outcome] ?? 0) + 1;
    return { action: body.action, total: plan.total, by_outcome, items };
  }

  private async runCluster(jobId: string, cluster: BulkJobCluster, body: BulkActionBody, record: (item: BulkItemResult) => void): Promise<void> {
    let unavailable: string | undefined;
    const limitObjects = pLimit(OBJECT_CONCURRENCY);
    for (const [step, objects] of cluster.steps.entries()) {
      await Promise.all(
        objects.map((object) =>
          limitObjects(async () => {
            const base = { cluster_id: cluster.clusterId, cluster: cluster.cluster, kind: object.kind, namespace: object.namespace, name: object.name, step };
            if (unavailable !== undefined) {
              record({ ...base, outcome: 'error', error: unavailable, reason: null, message: null, requested_at: null, finished_at: new Date().toISOString() });
              return;
            }
            const address: ResourceAddress = { clusterId: cluster.clusterId, kind: object.kind, namespace: object.namespace, name: object.name };
            try {
              const result = await this.act(address, body);
              record({ ...base, outcome: result.outcome, error: null, reason: result.resource.reason, message: result.resource.message, requested_at: result.requested_at, finished_at: new Date().toISOString() });
              await this.audited(jobId, body, address, cluster.cluster, { outcome: result.outcome, requested_at: result.requested_at });
            } catch (error) {
              const message = error instanceof ApiError ? error.message : ((error as Error)?.message ?? String(error));
              if (error instanceof ApiError && error.code === 'cluster_unavailable') unavailable = `not attempted: ${message}`;
              record({ ...base, outcome: 'error', error: message, reason: null, message: null, requested_at: null, finished_at: new Date().toISOString() });
              await this.audited(jobId, body, address, cluster.cluster, { outcome: 'error', error: message });
            }
          }),
        ),
      );
    }
  }

  private act(address: ResourceAddress, body: BulkActionBody): Promise<ActionResult> {
    const options = body.options ?? {};
    switch (body.action) {
      case 'reconcile':
        return this.options.resources.reconcile(address, {
          ...(options.with_source !== undefined ? { with_source: options.with_source } : {}),
          // force/reset exist on HelmReleases only: asked of a mixed selection, they apply where they can.
          ...(address.kind === 'HelmRelease' && options.force !== undefined ? { force: options.force } : {}),
          ...(address.kind === 'HelmRelease' && options.reset !== undefined ? { reset: options.reset } : {}),
          ...(options.wait_seconds !== undefined ? { wait_seconds: options.wait_seconds } : {}),
        });
      case 'suspend':
        return this.options.resources.suspend(address);
      case 'resume':
        return this.options.resources.resume(address, options.wait_seconds ?? 0);
    }
  }

  private async audited(jobId: string, body: BulkActionBody, address: ResourceAddress, cluster: string, detail: Record<string, unknown>): Promise<void> {
    await this.options.audit
      .record({
        action: `flux.${body.action}`,
        target: `${address.clusterId}/${address.kind}/${address.namespace}/${address.name}`,
        detail: { cluster, kind: address.kind, namespace: address.namespace, name: address.name, job_id: jobId, ...detail },
      })
      // The action happened; a lost audit write must not turn it into a failure, but is reported.
      .catch((error: unknown) => this.options.logger.error({ err: error, jobId, target: `${address.clusterId}/${address.kind}/${address.namespace}/${address.name}` }, 'could not audit a bulk action item'));
  }
}

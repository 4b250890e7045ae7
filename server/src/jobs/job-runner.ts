import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ApiError } from '../common/api-error.js';
import type { EventBus } from '../events/index.js';
import type { JobRow, JobsRepo } from '../store/index.js';
import type { Job, JobStatus } from './jobs.schemas.js';

export interface JobProgress {
  /** Report progress; writes are coalesced so a fast loop does not hammer the database. */
  update(done: number, total: number): void;
}

const PROGRESS_WRITE_INTERVAL_MS = 250;

/**
 * Runs long operations in the background and records them in the `jobs` table, so an HTTP
 * request never waits past a proxy's timeout: callers wait a little, then answer 202 with the
 * job id. Jobs are in-process today; the table is what a multi-replica queue will build on.
 */
export class JobRunner {
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly repo: JobsRepo,
    private readonly events: EventBus,
    private readonly logger: Logger,
  ) {}

  /** Marks jobs a previous process left unfinished as failed. */
  async recover(): Promise<void> {
    const count = await this.repo.failUnfinished('the server stopped before the job finished; run it again', new Date().toISOString());
    if (count > 0) this.logger.warn({ count }, 'failed jobs left unfinished by a previous run');
  }

  async start<T>(type: string, subject: string, work: (progress: JobProgress, jobId: string) => Promise<T>): Promise<string> {
    const now = new Date().toISOString();
    const id = randomUUID();
    await this.repo.insert({ id, type, subject, status: 'running', progress_done: 0, progress_total: 0, result_json: null, error: null, created_at: now, updated_at: now });
    let lastWrite = 0;
    let pending: { done: number; total: number } | undefined;
    const flush = async () => {
      if (!pending) return;
      const { done, total } = pending;
      pending = undefined;
      lastWrite = Date.now();
      await this.repo.update(id, { progress_done: done, progress_total: total, updated_at: new Date().toISOString() });
      this.events.publish({ type: 'job.progress', jobId: id, jobType: type, done, total });
    };
    const progress: JobProgress = {
      update: (done, total) => {
        pending = { done, total };
        if (Date.now() - lastWrite >= PROGRESS_WRITE_INTERVAL_MS) void flush().catch(() => undefined);
      },
    };
    const run = (async () => {
      try {
        const result = await work(progress, id);
        await flush();
        await this.finish(id, 'succeeded', { result_json: JSON.stringify(result) });
        return result;
      } catch (error) {
        this.logger.warn({ jobId: id, type, err: error }, 'job failed');
        // Recording the failure can fail too (the database went away): nobody may be waiting
        // for this promise, so it must not reject.
        await this.finish(id, 'failed', { error: (error as Error).message ?? String(error) }).catch((finishError: unknown) =>
          this.logger.error({ jobId: id, err: finishError }, 'could not record the job\'s failure'),
        );
        return undefined;
      } finally {
        this.running.delete(id);
      }
    })();
    this.running.set(id, run);
    return id;
  }

  /** Waits up to `ms` for the job to finish; returns the job as it is then. */
  async waitFor(id: string, ms: number): Promise<Job> {
    const run = this.running.get(id);
    if (run) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([run, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
      clearTimeout(timer);
    }
    return this.get(id);
  }

  async get(id: string): Promise<Job> {
    const row = await this.repo.find(id);
    if (!row) throw ApiError.notFound(`Job ${id}`);
    return toJob(row);
  }

  async recent(limit = 50): Promise<Job[]> {
    return (await this.repo.recent(limit)).map(toJob);
  }

  /** Waits for every running job (shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  private async finish(id: string, status: JobStatus, changes: { result_json?: string; error?: string }): Promise<void> {
    await this.repo.update(id, { status, ...changes, updated_at: new Date().toISOString() });
    this.events.publish({ type: 'job.finished', jobId: id, status });
  }
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    type: row.type,
    subject: row.subject,
    status: row.status as JobStatus,
    progress: { done: row.progress_done, total: row.progress_total },
    result: row.result_json ? (JSON.parse(row.result_json) as unknown) : null,
    error: row.error,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

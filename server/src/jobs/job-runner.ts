import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ApiError } from '../common/api-error.js';
import type { EventBus } from '../events/index.js';
import type { JobRow, JobsRepo } from '../store/index.js';
import type { JobQueue } from './job-queue.js';
import type { Job, JobStatus } from './jobs.schemas.js';
import type { ReplicaMembership } from './replica-membership.js';

export interface JobProgress {
  /** Report progress; writes are coalesced so a fast loop does not hammer the database. */
  update(done: number, total: number): void;
}

export interface JobContext<P> {
  payload: P;
  progress: JobProgress;
  jobId: string;
  /** 1 on the first run; more when a replica running it died and another took it over. */
  attempt: number;
}

export type JobHandler<P, R> = (context: JobContext<P>) => Promise<R>;

export interface JobDefinition {
  /**
   * What happens to the job when the replica running it dies: `resume` runs it again on another
   * replica (the handler must be idempotent), `fail` records a failure with `goneMessage`.
   */
  whenReplicaGone: 'resume' | 'fail';
  /** The failure recorded for `fail` (default: a generic one), given the progress reached. */
  goneMessage?: (done: number, total: number) => string;
}

/**
 * Carries who asked for a job (the request's caller) to the handler, which may run later or on
 * another replica, so that what it audits names them.
 */
export interface JobCallerContext {
  /** Plain JSON: it is stored with the job. */
  capture(): object | undefined;
  runWith<T>(captured: object, work: () => Promise<T>): Promise<T>;
}

export interface JobRunnerOptions {
  repo: JobsRepo;
  queue: JobQueue;
  events: EventBus;
  logger: Logger;
  membership: ReplicaMembership;
  caller?: JobCallerContext;
  /**
   * No other replica shares the database (the membership is `localMembership()`): at start, the
   * running jobs other processes left are theirs to handle as if those replicas had gone.
   */
  soleReplica?: boolean;
}

const PROGRESS_WRITE_INTERVAL_MS = 250;
/** `waitFor` re-reads the row this often, so a lost `job.finished` event never costs the whole wait. */
const WAIT_RECHECK_MS = 500;
/** A job whose replica died this many times is failed rather than resumed (it may be what kills them). */
const MAX_ATTEMPTS = 3;
const STOPPED_MESSAGE = 'the server stopped before the job finished; run it again';

interface Handler {
  run: JobHandler<unknown, unknown>;
  definition: JobDefinition;
}

/**
 * Runs long operations in the background and records them in the `jobs` table, so an HTTP
 * request never waits past a proxy's timeout: callers wait a little, then answer 202 with the
 * job id. A job is a named handler and a JSON payload, so the replica that runs it need not be
 * the one that enqueued it (see JobQueue). The row is the record every replica reads.
 */
export class JobRunner {
  private readonly handlers = new Map<string, Handler>();
  /** Jobs this replica is running. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly unsubscribeGone: () => void;
  private started = false;

  constructor(private readonly options: JobRunnerOptions) {
    this.unsubscribeGone = options.membership.onReplicaGone((replicaId) => {
      void this.replicaGone(replicaId).catch((error: unknown) => this.options.logger.error({ err: error, replicaId }, 'could not take over the jobs of a replica that stopped'));
    });
  }

  get replicaId(): string {
    return this.options.membership.replicaId;
  }

  /** Whether this replica enqueues fleet-wide periodic work (auto-sync, retention) now. */
  isLeader(): boolean {
    return this.options.membership.isLeader();
  }

  /** Registers the handler of a job type. Every replica defines the same ones, before `start`. */
  define<P, R>(type: string, handler: JobHandler<P, R>, definition: JobDefinition): void {
    if (this.handlers.has(type)) throw new Error(`job type ${type} is defined twice`);
    this.handlers.set(type, { run: handler as JobHandler<unknown, unknown>, definition });
  }

  /** Handles jobs earlier processes left unfinished. */
  async recover(): Promise<void> {
    if (this.options.queue.kind === 'in-process') {
      // The in-process queue died with its process: nothing will run them.
      const count = await this.options.repo.failUnfinished(STOPPED_MESSAGE, new Date().toISOString());
      if (count > 0) this.options.logger.warn({ count }, 'failed jobs left unfinished by a previous run');
      return;
    }
    // Queued jobs wait in pg-boss. Running ones belong to replicas that the membership reports when
    // they stop heartbeating; with no other replica, every one of them has stopped.
    if (!this.options.soleReplica) return;
    for (const replicaId of await this.options.repo.replicasWithRunningJobs()) {
      if (replicaId !== this.replicaId) await this.replicaGone(replicaId);
    }
  }

  /** Starts running jobs (after every handler is defined). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.options.queue.start((jobId) => this.execute(jobId));
  }

  /** Records a job and queues it; returns its id. Any replica may run it. */
  async enqueue<P>(type: string, subject: string, payload: P): Promise<string> {
    const handler = this.handlers.get(type);
    if (!handler) throw new Error(`job type ${type} is not defined`);
    const now = new Date().toISOString();
    const id = randomUUID();
    const context = this.options.caller?.capture();
    await this.options.repo.insert({
      id,
      type,
      subject,
      status: 'queued',
      progress_done: 0,
      progress_total: 0,
      result_json: null,
      error: null,
      created_at: now,
      updated_at: now,
      replica_id: null,
      payload_json: JSON.stringify(payload ?? null),
      context_json: context ? JSON.stringify(context) : null,
      attempts: 0,
      error_status: null,
      error_code: null,
    });
    try {
      await this.options.queue.send(id, { resumable: handler.definition.whenReplicaGone === 'resume' });
    } catch (error) {
      await this.options.repo.failQueued(id, `the job could not be queued: ${(error as Error).message}`, new Date().toISOString());
      throw error;
    }
    return id;
  }

  /** Whether a job of one of `types` about `subject` is queued or running (on any replica). */
  async hasUnfinished(types: string[], subject: string): Promise<boolean> {
    return this.options.repo.hasUnfinished(types, subject);
  }

  /**
   * Waits up to `ms` for the job to finish, wherever it runs; returns the job as it is then. The
   * `job.finished` event wakes it; the row is re-read now and then in case an event was lost.
   */
  async waitFor(id: string, ms: number): Promise<Job> {
    const deadline = Date.now() + ms;
    let finished = false;
    let wake: () => void = () => undefined;
    const unsubscribe = this.options.events.subscribe((event) => {
      if (event.type === 'job.finished' && event.jobId === id) {
        finished = true;
        wake();
      }
    });
    try {
      for (;;) {
        finished = false;
        const job = await this.get(id);
        const left = deadline - Date.now();
        if (isFinished(job.status) || left <= 0) return job;
        if (finished) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, WAIT_RECHECK_MS));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = () => undefined;
      }
    } finally {
      unsubscribe();
    }
  }

  async get(id: string): Promise<Job> {
    const row = await this.options.repo.find(id);
    if (!row) throw ApiError.notFound(`Job ${id}`);
    return toJob(row);
  }

  /** A failed job's error as the API error the handler threw (same status and code), for callers that answer with it. */
  async failure(id: string): Promise<ApiError | undefined> {
    const row = await this.options.repo.find(id);
    if (!row || row.status !== 'failed') return undefined;
    if (row.error_status !== null && row.error_code !== null) return new ApiError(row.error_status, row.error_code, row.error ?? 'the job failed');
    return undefined;
  }

  async recent(limit = 50): Promise<Job[]> {
    return (await this.options.repo.recent(limit)).map(toJob);
  }

  /** Shutdown: stops taking jobs, waits for the ones running here, releases the queue. */
  async drain(): Promise<void> {
    this.unsubscribeGone();
    await this.options.queue.pause();
    await Promise.allSettled([...this.running.values()]);
    await this.options.queue.close();
  }

  /** Claims and runs one job (the queue's worker calls this); never throws. */
  private async execute(id: string): Promise<void> {
    const run = this.claimAndRun(id).catch((error: unknown) => this.options.logger.error({ jobId: id, err: error }, 'could not run a job'));
    this.running.set(id, run);
    try {
      await run;
    } finally {
      if (this.running.get(id) === run) this.running.delete(id);
    }
  }

  private async claimAndRun(id: string): Promise<void> {
    const replicaId = this.replicaId;
    // Queued → running here, or nothing: another replica has it (a pg-boss expiry handed it out
    // again while it still runs), or it finished.
    if (!(await this.options.repo.claim(id, replicaId, new Date().toISOString()))) return;
    const row = await this.options.repo.find(id);
    if (!row) return;
    const handler = this.handlers.get(row.type);
    if (!handler) {
      await this.finish(row, { status: 'failed', error: `no handler for job type ${row.type} on this server` });
      return;
    }
    let lastWrite = 0;
    let pending: { done: number; total: number } | undefined;
    let latest: { progress_done: number; progress_total: number } = { progress_done: row.progress_done, progress_total: row.progress_total };
    // One progress write at a time: two on different pooled connections could land in either order
    // and leave an older figure last.
    let writing: Promise<void> = Promise.resolve();
    const write = async () => {
      if (!pending) return;
      const { done, total } = pending;
      pending = undefined;
      lastWrite = Date.now();
      if (await this.options.repo.updateRunning(id, replicaId, { progress_done: done, progress_total: total, updated_at: new Date().toISOString() })) {
        this.options.events.publish({ type: 'job.progress', jobId: id, jobType: row.type, done, total });
      }
    };
    const flush = (): Promise<void> => (writing = writing.catch(() => undefined).then(write));
    const progress: JobProgress = {
      update: (done, total) => {
        pending = { done, total };
        latest = { progress_done: done, progress_total: total };
        if (Date.now() - lastWrite >= PROGRESS_WRITE_INTERVAL_MS) void flush().catch(() => undefined);
      },
    };
    const context: JobContext<unknown> = { payload: row.payload_json ? (JSON.parse(row.payload_json) as unknown) : null, progress, jobId: id, attempt: row.attempts };
    const captured = row.context_json ? (JSON.parse(row.context_json) as object) : undefined;
    const caller = this.options.caller;
    try {
      const result = caller && captured ? await caller.runWith(captured, () => handler.run(context)) : await handler.run(context);
      await flush();
      // The outcome carries the last progress reported, whatever a progress write did meanwhile.
      await this.finish(row, { status: 'succeeded', result_json: JSON.stringify(result ?? null), ...latest });
    } catch (error) {
      this.options.logger.warn({ jobId: id, type: row.type, err: error }, 'job failed');
      const apiError = error instanceof ApiError ? { error_status: error.statusCode, error_code: error.code } : {};
      // Recording the failure can fail too (the database went away): logged, never thrown.
      await writing.catch(() => undefined);
      await this.finish(row, { status: 'failed', error: (error as Error)?.message ?? String(error), ...apiError, ...latest }).catch((finishError: unknown) =>
        this.options.logger.error({ jobId: id, err: finishError }, "could not record the job's failure"),
      );
    }
  }

  /** Records the outcome, unless this replica lost the job meanwhile (presumed dead, taken over). */
  private async finish(row: JobRow, changes: { status: JobStatus; result_json?: string; error?: string; error_status?: number; error_code?: string; progress_done?: number; progress_total?: number }): Promise<void> {
    const recorded = await this.options.repo.updateRunning(row.id, this.replicaId, { ...changes, updated_at: new Date().toISOString() });
    if (recorded) this.options.events.publish({ type: 'job.finished', jobId: row.id, status: changes.status });
    else this.options.logger.warn({ jobId: row.id }, 'a job finished here after another replica took it over; its outcome here is not recorded');
  }

  /**
   * A replica stopped: its running jobs are resumed or failed, each by exactly one surviving
   * replica (every one is told; the conditional update picks one).
   */
  async replicaGone(goneId: string): Promise<void> {
    const rows = await this.options.repo.runningOn(goneId);
    for (const row of rows) {
      const definition = this.handlers.get(row.type)?.definition;
      const now = new Date().toISOString();
      if (definition?.whenReplicaGone === 'resume' && row.attempts < MAX_ATTEMPTS) {
        if (!(await this.options.repo.requeueFrom(row.id, goneId, now))) continue;
        this.options.logger.warn({ jobId: row.id, type: row.type, replicaId: goneId }, 'resuming a job whose replica stopped');
        await this.options.queue.send(row.id, { resumable: true }).catch(async (error: unknown) => {
          await this.options.repo.failQueued(row.id, `the replica running the job stopped, and it could not be queued again: ${(error as Error).message}`, new Date().toISOString());
          this.options.events.publish({ type: 'job.finished', jobId: row.id, status: 'failed' });
        });
        continue;
      }
      const message =
        definition?.whenReplicaGone === 'resume'
          ? `the server replicas running this job stopped ${row.attempts} times before it finished; run it again`
          : (definition?.goneMessage?.(row.progress_done, row.progress_total) ?? `the server replica running this job stopped before it finished; run it again`);
      if (!(await this.options.repo.updateRunning(row.id, goneId, { status: 'failed', error: message, updated_at: now }))) continue;
      this.options.logger.warn({ jobId: row.id, type: row.type, replicaId: goneId }, 'failed a job whose replica stopped');
      this.options.events.publish({ type: 'job.finished', jobId: row.id, status: 'failed' });
    }
  }
}

function isFinished(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed';
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
    started_by: startedBy(row.context_json),
  };
}

/** The `actor` of the caller context stored with the job (the request's caller), if any. */
function startedBy(contextJson: string | null): string | null {
  if (!contextJson) return null;
  const actor = (JSON.parse(contextJson) as { actor?: unknown }).actor;
  return typeof actor === 'string' ? actor : null;
}

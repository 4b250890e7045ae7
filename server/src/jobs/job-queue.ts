/**
 * Where recorded jobs wait for a replica to run them. The `jobs` row is the record (status,
 * progress, result); a queue only decides which replica runs a job and when.
 */
export interface JobQueue {
  readonly kind: 'in-process' | 'pg-boss';
  /** Starts taking jobs; `execute` claims a job's row and runs it (never throws). */
  start(execute: (jobId: string) => Promise<void>): Promise<void>;
  /** Hands a queued job (its row written) to a replica. */
  send(jobId: string, options: SendOptions): Promise<void>;
  /** Stops taking new jobs (shutdown); jobs already taken go on. */
  pause(): Promise<void>;
  /** Releases the queue's resources, once the jobs taken have finished. */
  close(): Promise<void>;
}

export interface SendOptions {
  /** Whether the queue may hand the job out again when its replica seems gone without a word (queue expiry). */
  resumable: boolean;
}

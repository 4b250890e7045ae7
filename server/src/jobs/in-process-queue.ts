import type { JobQueue } from './job-queue.js';

/**
 * SQLite and MariaDB: one server process, so a job runs in the process that enqueued it, at once
 * (the behaviour before the queue). A process that stops leaves nothing to resume: its unfinished
 * jobs are failed at the next start (JobRunner.recover).
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private execute: ((jobId: string) => Promise<void>) | undefined;
  /** Sent before start (while the server is still wiring itself): run when it starts. */
  private readonly early: string[] = [];

  async start(execute: (jobId: string) => Promise<void>): Promise<void> {
    this.execute = execute;
    for (const jobId of this.early.splice(0)) void execute(jobId);
  }

  async send(jobId: string): Promise<void> {
    if (this.execute) void this.execute(jobId);
    else this.early.push(jobId);
  }

  async pause(): Promise<void> {}

  async close(): Promise<void> {}
}

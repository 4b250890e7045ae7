import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/common/api-error.js';
import { captureCaller, currentCaller, runAsCaller } from '../../src/auth/index.js';
import { JobRunner, InProcessQueue } from '../../src/jobs/index.js';
import { JobsRepo } from '../../src/store/index.js';
import pino from 'pino';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-databases.js';
import { waitUntil } from '../support/wait-until.js';
import { gate, startReplica, type Replica } from './support/replicas.js';

/** SQLite and MariaDB: one process, jobs run in it at once (the behaviour before the queue). */
describe.each(testDatabaseKinds().filter((kind) => kind !== 'postgres'))('in-process jobs on %s', (kind) => {
  let database: TestDatabase;
  let replica: Replica;
  const gates = new Map<string, ReturnType<typeof gate>>();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    replica = await startReplica(database.url, 'only', {
      define: (runner) => {
        runner.define<{ n: number }, { doubled: number }>(
          'test.double',
          async ({ payload, progress }) => {
            progress.update(1, 2);
            await gates.get(String(payload.n))?.wait;
            progress.update(2, 2);
            return { doubled: payload.n * 2 };
          },
          { whenReplicaGone: 'resume' },
        );
        runner.define('test.refuse', async () => Promise.reject(new ApiError(409, 'not_now', 'the subscription is busy')), { whenReplicaGone: 'fail' });
      },
    });
  });
  afterAll(async () => {
    await replica?.stop();
    await database?.drop();
  });

  it('runs a named handler with its payload and records result and progress', async () => {
    const id = await replica.runner.enqueue('test.double', 'seven', { n: 7 });
    const job = await replica.runner.waitFor(id, 5_000);
    expect(job).toMatchObject({ id, type: 'test.double', subject: 'seven', status: 'succeeded', result: { doubled: 14 }, progress: { done: 2, total: 2 }, error: null });
    expect(replica.published).toContainEqual({ type: 'job.finished', jobId: id, status: 'succeeded' });
    const row = await new JobsRepo(replica.database.db).find(id);
    expect(row).toMatchObject({ replica_id: 'only', attempts: 1, payload_json: '{"n":7}' });
  });

  it('waitFor answers the job as it is when the time is up, then the finished one', async () => {
    gates.set('8', gate());
    const id = await replica.runner.enqueue('test.double', 'eight', { n: 8 });
    expect((await replica.runner.waitFor(id, 100)).status).toBe('running');
    gates.get('8')!.release();
    expect(await replica.runner.waitFor(id, 5_000)).toMatchObject({ status: 'succeeded', result: { doubled: 16 } });
  });

  it("keeps a handler's API error (status and code) for the caller that answers with it", async () => {
    const id = await replica.runner.enqueue('test.refuse', 'busy', {});
    expect(await replica.runner.waitFor(id, 5_000)).toMatchObject({ status: 'failed', error: 'the subscription is busy' });
    const failure = await replica.runner.failure(id);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ statusCode: 409, code: 'not_now' });
  });

  it('runs the handler as the caller who enqueued it (its audit entries name them)', async () => {
    const runner = new JobRunner({
      repo: new JobsRepo(replica.database.db),
      queue: new InProcessQueue(),
      events: replica.events,
      logger: pino({ level: 'silent' }),
      membership: replica.membership,
      caller: { capture: captureCaller, runWith: runAsCaller },
    });
    runner.define('test.whoami', async () => ({ actor: currentCaller()?.actor ?? null }), { whenReplicaGone: 'fail' });
    await runner.start();
    const id = await runAsCaller({ actor: 'alice', source: '10.0.0.1' }, () => runner.enqueue('test.whoami', 'me', {}));
    expect((await runner.waitFor(id, 5_000)).result).toEqual({ actor: 'alice' });
    await runner.drain();
  });

  it('fails at start the jobs a stopped process left unfinished', async () => {
    gates.set('9', gate());
    const id = await replica.runner.enqueue('test.double', 'nine', { n: 9 });
    await waitUntil('the job to run', async () => (await replica.runner.get(id)).status === 'running');
    // A new process on the same database: the old one's in-process queue is gone.
    const next = await startReplica(database.url, 'next', { start: false });
    await next.runner.recover();
    expect(await next.runner.get(id)).toMatchObject({ status: 'failed', error: 'the server stopped before the job finished; run it again' });
    // The old process's late outcome is not recorded over it.
    gates.get('9')!.release();
    await replica.runner.waitFor(id, 1_000);
    expect((await next.runner.get(id)).status).toBe('failed');
    await next.stop();
  });
});

import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventRetention } from '../../src/kube-events/index.js';
import type { JobRunner } from '../../src/jobs/index.js';
import { KubeEventsRepo } from '../../src/store/index.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-databases.js';
import { waitUntil } from '../support/wait-until.js';
import { gate, startReplica, type Replica } from './support/replicas.js';

interface Invocation {
  jobId: string;
  replica: string;
  at: number;
}

/** Two replicas ("server processes") on one PostgreSQL database, each with its own pg-boss workers and event bus. */
describe.runIf(testDatabaseKinds().includes('postgres'))('jobs across replicas on PostgreSQL (pg-boss)', () => {
  let database: TestDatabase;
  let a: Replica;
  let b: Replica;
  let invocations: Invocation[] = [];
  /** Handlers of `test.held` wait for their job's gate; a gate left closed is a handler that never ends. */
  const gates = new Map<string, ReturnType<typeof gate>>();
  const extra: Replica[] = [];

  const define = (runner: JobRunner, replica: string): void => {
    runner.define<{ n: number }, { n: number; by: string }>(
      'test.count',
      async ({ payload, progress, jobId }) => {
        invocations.push({ jobId, replica, at: Date.now() });
        progress.update(1, 3);
        await new Promise((resolve) => setTimeout(resolve, 20 + (payload.n % 5) * 10));
        progress.update(3, 3);
        return { n: payload.n, by: replica };
      },
      { whenReplicaGone: 'resume' },
    );
    for (const [type, whenReplicaGone] of [
      ['test.held', 'resume'],
      ['test.held-once', 'fail'],
    ] as const) {
      runner.define<{ key: string }, { by: string }>(
        type,
        async ({ payload, progress, jobId }) => {
          invocations.push({ jobId, replica, at: Date.now() });
          progress.update(1, 4);
          if (!gates.has(`${payload.key}:${replica}`)) gates.set(`${payload.key}:${replica}`, gate());
          await gates.get(`${payload.key}:${replica}`)!.wait;
          return { by: replica };
        },
        { whenReplicaGone, ...(whenReplicaGone === 'fail' ? { goneMessage: (done: number, total: number) => `replica gone after ${done} of ${total}` } : {}) },
      );
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    [a, b] = await Promise.all([startReplica(database.url, 'A', { define }), startReplica(database.url, 'B', { define })]);
  });
  afterEach(() => {
    invocations = [];
  });
  afterAll(async () => {
    for (const open of gates.values()) open.release();
    for (const replica of [a, b, ...extra]) await replica?.stop().catch(() => undefined);
    await database?.drop();
  });

  /** The replica the row says runs (or ran) the job. */
  const runnerOf = async (jobId: string): Promise<string | null> => (await a.database.db.selectFrom('jobs').select('replica_id').where('id', '=', jobId).executeTakeFirstOrThrow()).replica_id;

  it('runs each of 20 jobs enqueued from both replicas exactly once, and both see results and progress', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? a : b).runner.enqueue('test.count', `job ${n}`, { n })));
    // Each waits for the other's jobs too: wherever a job runs, its row is the record.
    const finished = await Promise.all(ids.map((id, n) => (n % 2 === 0 ? b : a).runner.waitFor(id, 20_000)));
    expect(finished.map((job) => job.status)).toEqual(ids.map(() => 'succeeded'));
    expect(invocations).toHaveLength(20);
    expect(new Set(invocations.map((call) => call.jobId))).toEqual(new Set(ids));
    for (const [n, id] of ids.entries()) {
      const [fromA, fromB] = [await a.runner.get(id), await b.runner.get(id)];
      expect(fromA).toEqual(fromB);
      const ranOn = invocations.find((call) => call.jobId === id)!.replica;
      expect(fromA).toMatchObject({ progress: { done: 3, total: 3 }, result: { n, by: ranOn } });
      expect(await runnerOf(id)).toBe(ranOn);
      // Its replica announced it on its own bus (the cross-replica bridge carries it to the others).
      const bus = ranOn === 'A' ? a.published : b.published;
      expect(bus).toContainEqual({ type: 'job.finished', jobId: id, status: 'succeeded' });
      expect(bus.some((event) => event.type === 'job.progress' && event.jobId === id)).toBe(true);
    }
    expect((await a.runner.recent(100)).filter((job) => job.type === 'test.count')).toHaveLength(20);
  });

  it('waitFor on one replica returns the job another replica finished, without that replica\'s events', async () => {
    const id = await a.runner.enqueue('test.held', 'wait across', { key: 'wait' });
    const ranOn = await waitUntil('a replica to run the job', () => runnerOf(id));
    const other = ranOn === 'A' ? b : a;
    const waiting = other.runner.waitFor(id, 15_000);
    await waitUntil('the handler to start', () => gates.get(`wait:${ranOn}`));
    gates.get(`wait:${ranOn}`)!.release();
    const started = Date.now();
    expect(await waiting).toMatchObject({ status: 'succeeded', result: { by: ranOn } });
    // Found by re-reading the row (no bridge between these buses), not by waiting out the 15 s.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(other.published.some((event) => event.type === 'job.finished' && event.jobId === id)).toBe(false);
  });

  /** A third replica that takes jobs, and is then "killed": its pg-boss stops and its handler never ends. */
  const startDoomed = async (name: string): Promise<Replica> => {
    const doomed = await startReplica(database.url, name, { define });
    extra.push(doomed);
    return doomed;
  };

  it('resumes an idempotent job on another replica when the one running it dies, never running it twice at once', async () => {
    // Only the doomed replica takes jobs until it dies.
    await Promise.all([a.queue.pause(), b.queue.pause()]);
    const c = await startDoomed('C');
    const id = await c.runner.enqueue('test.held', 'resumed', { key: 'resume' });
    await waitUntil('C to run the job', async () => (await runnerOf(id)) === 'C' && gates.has('resume:C'));
    await c.kill();
    openGates('resume', ['A', 'B']);
    // A and B work again; C's job stays C's (running there, as far as anyone knows) until C is reported gone.
    a = await replaceWorkers(a);
    b = await replaceWorkers(b);
    const goneAt = Date.now();
    a.membership.gone('C');
    b.membership.gone('C');
    const job = await a.runner.waitFor(id, 10_000);
    expect(job.status).toBe('succeeded');
    const [first, second, ...more] = invocations.filter((call) => call.jobId === id);
    expect(first!.replica).toBe('C');
    expect(second!.at).toBeGreaterThanOrEqual(goneAt);
    expect(more).toEqual([]);
    expect(job.result).toEqual({ by: second!.replica });
    const row = await a.database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 2, replica_id: second!.replica, status: 'succeeded' });
  }, 30_000);

  it('fails a non-idempotent job cleanly when the replica running it dies', async () => {
    await Promise.all([a.queue.pause(), b.queue.pause()]);
    const d = await startDoomed('D');
    const id = await d.runner.enqueue('test.held-once', 'failed cleanly', { key: 'once' });
    await waitUntil('D to run the job', async () => (await runnerOf(id)) === 'D' && gates.has('once:D'));
    await waitUntil('its progress to be recorded', async () => (await a.runner.get(id)).progress.done === 1);
    await d.kill();
    a = await replaceWorkers(a);
    b = await replaceWorkers(b);
    a.membership.gone('D');
    b.membership.gone('D');
    const job = await a.runner.waitFor(id, 5_000);
    expect(job).toMatchObject({ status: 'failed', error: 'replica gone after 1 of 4' });
    // Exactly one replica recorded the failure and said so (its announcement follows its write:
    // waitFor may have read the failed row just before it).
    const announcers = () => [a, b].filter((replica) => replica.published.some((event) => event.type === 'job.finished' && event.jobId === id));
    await waitUntil('the failure announced', () => announcers().length > 0, 5_000);
    expect(announcers()).toHaveLength(1);
    expect(invocations.filter((call) => call.jobId === id).map((call) => call.replica)).toEqual(['D']);
  });

  it('does not record the outcome of a replica presumed dead that was only slow', async () => {
    const id = await a.runner.enqueue('test.held', 'slow not dead', { key: 'slow' });
    const first = await waitUntil('a replica to run the job', () => runnerOf(id));
    const survivor = first === 'A' ? b : a;
    await waitUntil('the handler to start', () => gates.get(`slow:${first}`));
    survivor.membership.gone(first);
    await waitUntil('the survivor to take it over', async () => (await runnerOf(id)) === survivor.name && gates.has(`slow:${survivor.name}`));
    // The "dead" one finishes first: ignored; the survivor's outcome is the record.
    gates.get(`slow:${first}`)!.release();
    gates.get(`slow:${survivor.name}`)!.release();
    expect(await survivor.runner.waitFor(id, 5_000)).toMatchObject({ status: 'succeeded', result: { by: survivor.name } });
  });

  it('queues the periodic retention purge on the leader only, once while one is pending', async () => {
    const retention = (replica: Replica) => new EventRetention({ repo: new KubeEventsRepo(replica.database.db, 'postgres'), logger: pino({ level: 'silent' }), retentionDays: 14, jobs: replica.runner });
    // Defining the retention handler needs runners that have not started: fresh replicas.
    const [leader, follower] = await Promise.all([
      startReplica(database.url, 'L', { start: false }),
      startReplica(database.url, 'F', { start: false }),
    ]);
    extra.push(leader, follower);
    follower.membership.leader = false;
    const [onLeader, onFollower] = [retention(leader), retention(follower)];
    await Promise.all([leader.runner.start(), follower.runner.start()]);
    await Promise.all([a.queue.pause(), b.queue.pause(), leader.queue.pause(), follower.queue.pause()]);
    let taker: Replica | undefined;
    try {
      expect(await onFollower.schedule()).toBeUndefined();
      const id = await onLeader.schedule();
      expect(id).toBeDefined();
      // Nobody takes jobs now, so it is still queued: not queued again.
      expect(await onLeader.schedule()).toBeUndefined();
      taker = await startReplica(database.url, 'T', { start: false });
      extra.push(taker);
      retention(taker);
      await taker.runner.start();
      expect(await taker.runner.waitFor(id!, 10_000)).toMatchObject({ status: 'succeeded', result: { deleted: 0 } });
    } finally {
      // As the other tests expect to find them: A and B taking jobs, no other replica doing so.
      await Promise.all([leader.stop(), follower.stop(), taker?.stop()]);
      a = await replaceWorkers(a);
      b = await replaceWorkers(b);
    }
  });

  /** Handlers of `key` on these replicas finish at once. */
  function openGates(key: string, replicas: string[]): void {
    for (const replica of replicas) {
      const open = gate();
      open.release();
      gates.set(`${key}:${replica}`, open);
    }
  }

  /** A replica whose workers were paused gets new ones (same id, same database): like a restart without dying. */
  async function replaceWorkers(replica: Replica): Promise<Replica> {
    await replica.stop();
    const next = await startReplica(database.url, replica.name, { define });
    return next;
  }
});

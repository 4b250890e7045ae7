import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JobRetention } from '../../src/jobs/index.js';
import { JobsRepo, openDatabase, type JobRow } from '../../src/store/index.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-databases.js';
import { startTestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';
import { gate, startReplica, type Replica } from './support/replicas.js';

const DAY = 86_400_000;

function jobRow(id: string, status: string, updatedAt: Date): JobRow {
  const at = updatedAt.toISOString();
  return {
    id,
    type: 'test.old',
    subject: id,
    status,
    progress_done: 0,
    progress_total: 0,
    result_json: null,
    error: null,
    created_at: at,
    updated_at: at,
    replica_id: status === 'running' ? 'some-replica' : null,
    payload_json: null,
    context_json: null,
    attempts: 0,
    error_status: null,
    error_code: null,
  };
}

/** Finished jobs older than JOB_RETENTION_DAYS are deleted; queued and running ones never. */
describe.each(testDatabaseKinds())('job retention on %s', (kind) => {
  let database: TestDatabase;
  let replica: Replica;
  let repo: JobsRepo;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  beforeEach(async () => {
    // Handlers are defined before a runner starts: a fresh one per test.
    replica = await startReplica(database.url, 'R', { start: false });
    repo = new JobsRepo(replica.database.db);
    await replica.database.db.deleteFrom('jobs').execute();
  });
  afterEach(async () => {
    await replica?.stop();
  });
  afterAll(async () => {
    await database?.drop();
  });

  const ids = async () => (await replica.database.db.selectFrom('jobs').select('id').orderBy('id').execute()).map((row) => row.id);

  it('deletes finished jobs older than the retention, keeps recent ones, and never queued or running ones', async () => {
    let now = new Date('2024-06-01T12:00:00.000Z');
    const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
    for (const row of [
      jobRow('a-succeeded-old', 'succeeded', daysAgo(14.1)),
      jobRow('b-failed-ancient', 'failed', daysAgo(300)),
      jobRow('c-succeeded-edge', 'succeeded', daysAgo(13.9)),
      jobRow('d-failed-recent', 'failed', daysAgo(1)),
      jobRow('e-queued-ancient', 'queued', daysAgo(300)),
      jobRow('f-running-ancient', 'running', daysAgo(300)),
    ]) {
      await repo.insert(row);
    }
    const retention = new JobRetention({ repo, jobs: replica.runner, logger: pino({ level: 'silent' }), retentionDays: 14, now: () => now });
    expect(await retention.purge()).toBe(2);
    expect(await ids()).toEqual(['c-succeeded-edge', 'd-failed-recent', 'e-queued-ancient', 'f-running-ancient']);
    // A day later the job at the edge has aged out too; the unfinished ones stay whatever their age.
    now = new Date(now.getTime() + DAY);
    expect(await retention.purge()).toBe(1);
    expect(await ids()).toEqual(['d-failed-recent', 'e-queued-ancient', 'f-running-ancient']);
  });

  it('deletes in batches until none is left past the retention', async () => {
    const now = new Date('2024-06-01T12:00:00.000Z');
    for (let i = 0; i < 25; i++) await repo.insert(jobRow(`old-${String(i).padStart(2, '0')}`, i % 2 ? 'failed' : 'succeeded', new Date(now.getTime() - (20 * DAY + i * 1000))));
    // Two at the same instant across a batch edge go together.
    await repo.insert(jobRow('old-tie', 'succeeded', new Date(now.getTime() - (20 * DAY + 15 * 1000))));
    await repo.insert(jobRow('recent', 'succeeded', now));
    const retention = new JobRetention({ repo, jobs: replica.runner, logger: pino({ level: 'silent' }), retentionDays: 14, batchSize: 10, now: () => now });
    expect(await retention.purge()).toBe(26);
    expect(await ids()).toEqual(['recent']);
  });

  it('runs as a job queued by the leader only, which deletes the old jobs and not itself', async () => {
    await repo.insert(jobRow('old-finished', 'succeeded', new Date(Date.now() - 30 * DAY)));
    const retention = new JobRetention({ repo, jobs: replica.runner, logger: pino({ level: 'silent' }), retentionDays: 14 });
    await replica.runner.start();
    replica.membership.leader = false;
    expect(await retention.schedule()).toBeUndefined();
    replica.membership.leader = true;
    const id = await retention.schedule();
    expect(id).toBeDefined();
    expect(await replica.runner.waitFor(id!, 10_000)).toMatchObject({ type: 'jobs.retention', status: 'succeeded', result: { deleted: 1 } });
    expect(await ids()).toEqual([id]);
  });
});

/**
 * pg-boss's own entries of finished jobs: its maintenance archives them and deletes them from the
 * archive JOB_RETENTION_DAYS later; an entry of a running job stays.
 */
describe.runIf(testDatabaseKinds().includes('postgres'))('pg-boss entries past the job retention', () => {
  let database: TestDatabase;
  let replica: Replica;
  const held = gate();

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    replica = await startReplica(database.url, 'P', {
      // Maintenance every second, so the test waits seconds, not pg-boss's default two minutes.
      pgBoss: { retentionDays: 1, maintenanceIntervalSeconds: 1 },
      define: (runner) => {
        runner.define('test.quick', async () => ({ done: true }), { whenReplicaGone: 'resume' });
        runner.define('test.held', async () => held.wait, { whenReplicaGone: 'resume' });
      },
    });
  }, 60_000);
  afterAll(async () => {
    held.release();
    await replica?.stop();
    await database?.drop();
  });

  it('deletes archived entries older than the retention and keeps the archive of newer ones and running jobs', async () => {
    const db = replica.database.db;
    const [old, recent] = [await replica.runner.enqueue('test.quick', 'old', {}), await replica.runner.enqueue('test.quick', 'recent', {})];
    for (const id of [old, recent]) expect(await replica.runner.waitFor(id, 10_000)).toMatchObject({ status: 'succeeded' });
    const running = await replica.runner.enqueue('test.held', 'running', {});
    await waitUntil('the held job to run', async () => (await replica.runner.get(running)).status === 'running');
    const entry = async (table: 'job' | 'archive', jobId: string) =>
      (await sql<{ state: string }>`select state from ${sql.table(`pgboss.${table}`)} where data->>'jobId' = ${jobId}`.execute(db)).rows[0]?.state;
    await waitUntil('both finished entries completed in pg-boss', async () => (await entry('job', old)) === 'completed' && (await entry('job', recent)) === 'completed');

    // Finished 13 hours ago: pg-boss archives them (after 12 hours).
    await sql`update pgboss.job set completed_on = now() - interval '13 hours' where data->>'jobId' in (${old}, ${recent})`.execute(db);
    await waitUntil('both archived', async () => (await entry('archive', old)) === 'completed' && (await entry('archive', recent)) === 'completed', 20_000);
    // One was archived longer ago than the retention (1 day): deleted; the other stays.
    await sql`update pgboss.archive set archived_on = now() - interval '25 hours' where data->>'jobId' = ${old}`.execute(db);
    await waitUntil('the old entry deleted', async () => (await entry('archive', old)) === undefined, 20_000);
    expect(await entry('archive', recent)).toBe('completed');
    expect(await entry('job', running)).toBe('active');
    expect((await replica.runner.get(running)).status).toBe('running');
  }, 60_000);
});

describe('the server', () => {
  it('purges finished jobs past JOB_RETENTION_DAYS at start, as a jobs.retention job', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fo-job-retention-'));
    try {
      // A database that already holds a job finished 3 days ago, and one finished an hour ago.
      const before = await openDatabase(`sqlite:${path.join(dataDir, 'flux-orchestrator.db')}`);
      await new JobsRepo(before.db).insert(jobRow('finished-3-days-ago', 'succeeded', new Date(Date.now() - 3 * DAY)));
      await new JobsRepo(before.db).insert(jobRow('finished-an-hour-ago', 'failed', new Date(Date.now() - 3_600_000)));
      await before.close();
      const t = await startTestServer({ JOB_RETENTION_DAYS: '2' }, { dataDir });
      try {
        const purge = await waitUntil('the purge job at start to finish', async () => {
          const { json } = await t.request('GET', '/api/v1/jobs');
          return (json.items as Array<{ type: string; status: string; result: unknown }>).find((job) => job.type === 'jobs.retention' && job.status === 'succeeded');
        });
        expect(purge.result).toEqual({ deleted: 1 });
        const left = (await t.request('GET', '/api/v1/jobs')).json.items.map((job: { id: string }) => job.id);
        expect(left).toContain('finished-an-hour-ago');
        expect(left).not.toContain('finished-3-days-ago');
      } finally {
        await t.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-databases.js';
import { waitUntil } from '../support/wait-until.js';
import { startReplica, type Replica } from './support/replicas.js';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'replica-process.ts');

/** A real replica process killed with SIGKILL while it runs jobs: nothing of it says goodbye. */
describe.runIf(testDatabaseKinds().includes('postgres'))('a replica killed with kill -9 (PostgreSQL)', () => {
  let database: TestDatabase;
  let child: ChildProcess | undefined;
  let survivor: Replica | undefined;
  const ranBySurvivor: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await survivor?.stop();
    await database?.drop();
  });

  it('leaves its jobs running until it is reported gone; then the idempotent one is resumed elsewhere and the other failed with a clear error', async () => {
    // node itself, not npx: SIGKILL must reach the process that runs the jobs.
    child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, DATABASE_URL: database.url, REPLICA_ID: 'doomed', JOB_TYPES: 'test.sync,test.bulk-once' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new Map<string, string>();
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += String(chunk);
      for (const [, type, id] of output.matchAll(/started (\S+) (\S+)\n/g)) started.set(type!, id!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += String(chunk)));
    await waitUntil(`both jobs to start in the child (output: ${output})`, () => started.size === 2, 30_000);
    const [syncId, bulkId] = [started.get('test.sync')!, started.get('test.bulk-once')!];

    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    survivor = await startReplica(database.url, 'survivor', {
      define: (runner) => {
        runner.define('test.sync', async ({ jobId }) => (ranBySurvivor.push(jobId), { by: 'survivor' }), { whenReplicaGone: 'resume' });
        runner.define('test.bulk-once', async ({ jobId }) => (ranBySurvivor.push(jobId), { by: 'survivor' }), { whenReplicaGone: 'fail' });
      },
    });
    // pg-boss still has them active (its expiry is hours away), the rows say "running on doomed".
    const active = await sql<{ state: string }>`select state from pgboss.job where data->>'jobId' in (${syncId}, ${bulkId})`.execute(survivor.database.db);
    expect(active.rows.map((row) => row.state)).toEqual(['active', 'active']);
    expect(await survivor.runner.get(syncId)).toMatchObject({ status: 'running' });
    expect(ranBySurvivor).toEqual([]);

    const goneAt = Date.now();
    survivor.membership.gone('doomed');
    const [sync, bulk] = await Promise.all([survivor.runner.waitFor(syncId, 10_000), survivor.runner.waitFor(bulkId, 10_000)]);
    expect(Date.now() - goneAt).toBeLessThan(5_000);
    expect(sync).toMatchObject({ status: 'succeeded', result: { by: 'survivor' } });
    expect(bulk).toMatchObject({ status: 'failed', error: 'the server replica running this job stopped before it finished; run it again' });
    expect(ranBySurvivor).toEqual([syncId]);
  }, 60_000);
});

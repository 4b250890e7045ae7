import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureAutoSync, defineAzureJobs, type AzureSubscriptionsService } from '../../src/azure/index.js';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';
import { gate, startReplica, type Replica } from './support/replicas.js';

/** Auto-sync enqueues on the leader only, and never a second sync of a subscription with one pending. */
describe('automatic Azure sync as jobs', () => {
  let database: TestDatabase;
  let replica: Replica;
  const syncs: string[] = [];
  const release = gate();
  // Only what AzureAutoSync and the sync handler use: both subscriptions are always due.
  const service = {
    dueForAutoSync: async () => ['sub-1', 'sub-2'],
    sync: async (subscriptionId: string) => {
      syncs.push(subscriptionId);
      await release.wait;
      return { subscriptionId };
    },
  } as unknown as AzureSubscriptionsService;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    replica = await startReplica(database.url, 'only', { define: (runner) => defineAzureJobs(runner, service) });
  });
  afterAll(async () => {
    release.release();
    await replica?.stop();
    await database?.drop();
  });

  it('queues nothing on a replica that is not the leader', async () => {
    // The jobs there are before (the other test's): none is added.
    const jobIds = async () => (await replica.runner.recent()).map((job) => job.id).sort();
    const before = await jobIds();
    replica.membership.leader = false;
    try {
      expect(await new AzureAutoSync(service, replica.runner, pino({ level: 'silent' })).tick()).toEqual([]);
      expect(await jobIds()).toEqual(before);
    } finally {
      replica.membership.leader = true;
    }
  });

  it('queues each due subscription once, and not again while its sync is queued or running', async () => {
    const autoSync = new AzureAutoSync(service, replica.runner, pino({ level: 'silent' }));
    expect(await autoSync.tick()).toEqual(['sub-1', 'sub-2']);
    expect(await autoSync.tick()).toEqual([]);
    release.release();
    const jobs = await replica.runner.recent();
    await Promise.all(jobs.map((job) => replica.runner.waitFor(job.id, 5_000)));
    expect(syncs.sort()).toEqual(['sub-1', 'sub-2']);
    expect((await replica.runner.recent()).map((job) => [job.type, job.subject, job.status]).sort()).toEqual([
      ['azure.auto-sync', 'sub-1', 'succeeded'],
      ['azure.auto-sync', 'sub-2', 'succeeded'],
    ]);
    expect(await autoSync.tick()).toEqual(['sub-1', 'sub-2']);
  });
});

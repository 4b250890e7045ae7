/**
 * A replica as its own process, for the kill -9 test: runs pg-boss workers on DATABASE_URL as
 * replica REPLICA_ID, enqueues one job of each type in JOB_TYPES, and prints `started <type> <id>`
 * when a handler starts. Handlers never finish: the test kills the process while they run.
 */
import pino from 'pino';
import { EventBus } from '../../../src/events/index.js';
import { JobRunner, localMembership, PgBossQueue } from '../../../src/jobs/index.js';
import { JobsRepo, openDatabase } from '../../../src/store/index.js';

const url = process.env.DATABASE_URL!;
const database = await openDatabase(url);
const logger = pino({ level: 'silent' });
const runner = new JobRunner({
  repo: new JobsRepo(database.db),
  queue: new PgBossQueue({ connectionString: url, logger, workers: 2, pollingIntervalSeconds: 0.5 }),
  events: new EventBus(),
  logger,
  membership: localMembership(process.env.REPLICA_ID!),
});
const types = process.env.JOB_TYPES!.split(',');
for (const type of types) {
  runner.define(
    type,
    async ({ jobId, progress }) => {
      progress.update(1, 10);
      process.stdout.write(`started ${type} ${jobId}\n`);
      await new Promise(() => undefined);
    },
    { whenReplicaGone: type.endsWith('-once') ? 'fail' : 'resume' },
  );
}
await runner.start();
for (const type of types) await runner.enqueue(type, `killed ${type}`, {});
// Keeps the process alive whatever pg-boss does with its timers.
setInterval(() => undefined, 60_000);

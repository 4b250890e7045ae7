import pino from 'pino';
import { EventBus, type FleetEvent } from '../../../src/events/index.js';
import { InProcessQueue, JobRunner, PgBossQueue, type JobQueue, type PgBossQueueOptions, type ReplicaMembership } from '../../../src/jobs/index.js';
import { JobsRepo, openDatabase, type OpenDatabase } from '../../../src/store/index.js';

/** A membership the test controls: says when another replica is gone, and who leads. */
export class FakeMembership implements ReplicaMembership {
  private readonly listeners = new Set<(replicaId: string) => void>();
  leader = true;

  constructor(readonly replicaId: string) {}

  onReplicaGone(listener: (replicaId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  isLeader(): boolean {
    return this.leader;
  }

  /** As the real service would on every surviving replica when `replicaId` stops heartbeating. */
  gone(replicaId: string): void {
    for (const listener of this.listeners) listener(replicaId);
  }
}

/** One "server process": its own database connections, event bus, queue and runner. */
export interface Replica {
  name: string;
  database: OpenDatabase;
  events: EventBus;
  /** Every event published on this replica's bus. */
  published: FleetEvent[];
  membership: FakeMembership;
  queue: JobQueue;
  runner: JobRunner;
  /** Stops it properly (drain). */
  stop(): Promise<void>;
  /** "kill -9": stops fetching and drops its connections without waiting for its handlers (which go on forever, unseen). */
  kill(): Promise<void>;
}

export async function startReplica(
  url: string,
  name: string,
  options: { define?: (runner: JobRunner, replica: string) => void; start?: boolean; pgBoss?: Partial<Pick<PgBossQueueOptions, 'retentionDays' | 'maintenanceIntervalSeconds'>> } = {},
): Promise<Replica> {
  const database = await openDatabase(url);
  const events = new EventBus();
  const published: FleetEvent[] = [];
  events.subscribe((event) => published.push(event));
  const logger = pino({ level: process.env.TEST_JOBS_LOG ?? 'silent' }).child({ replica: name });
  const membership = new FakeMembership(name);
  const queue: JobQueue = database.dialect === 'postgres' ? new PgBossQueue({ connectionString: url, logger, workers: 3, pollingIntervalSeconds: 0.5, ...options.pgBoss }) : new InProcessQueue();
  const runner = new JobRunner({ repo: new JobsRepo(database.db), queue, events, logger, membership });
  options.define?.(runner, name);
  if (options.start !== false) await runner.start();
  let stopped = false;
  return {
    name,
    database,
    events,
    published,
    membership,
    queue,
    runner,
    async stop() {
      if (stopped) return;
      stopped = true;
      await runner.drain();
      await database.close();
    },
    async kill() {
      if (stopped) return;
      stopped = true;
      if (queue instanceof PgBossQueue) await queue.abandon();
    },
  };
}

/** Resolves when `release` is called: a handler that runs until the test lets it finish. */
export function gate(): { wait: Promise<void>; release: () => void } {
  let release: () => void = () => undefined;
  const wait = new Promise<void>((resolve) => (release = resolve));
  return { wait, release };
}

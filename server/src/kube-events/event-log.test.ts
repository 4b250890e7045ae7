import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../events/index.js';
import type { KubeEventRow, KubeEventsRepo } from '../store/index.js';
import { KubeEventLog } from './event-log.js';
import { keptEventRow } from './kept-events.js';

/** A repo that keeps rows in memory (keyed as the table is), counts writes, and can be made to fail. */
class MemoryRepo {
  readonly rows = new Map<string, KubeEventRow>();
  writes = 0;
  failing = false;

  async upsert(rows: readonly KubeEventRow[]): Promise<number> {
    if (this.failing) throw new Error('database away');
    this.writes += rows.length;
    for (const row of rows) this.rows.set(`${row.cluster_id}/${row.uid}`, row);
    return rows.length;
  }
}

function coreEvent(uid: string, overrides: { kind?: string; apiVersion?: string; type?: string; count?: number; lastTimestamp?: string; message?: string } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { uid, name: `apps.${uid}`, namespace: 'flux-system' },
    involvedObject: { apiVersion: overrides.apiVersion ?? 'kustomize.toolkit.fluxcd.io/v1', kind: overrides.kind ?? 'Kustomization', namespace: 'flux-system', name: 'apps' },
    type: overrides.type ?? 'Normal',
    reason: 'ReconciliationSucceeded',
    message: overrides.message ?? 'Reconciliation finished',
    count: overrides.count ?? 1,
    source: { component: 'kustomize-controller' },
    firstTimestamp: '2026-01-01T00:00:00Z',
    lastTimestamp: overrides.lastTimestamp ?? '2026-01-01T00:00:00Z',
  };
}

function newLog(repo: MemoryRepo, maxPending?: number): { log: KubeEventLog; announced: KubeEventRow[]; warnings: string[] } {
  const warnings: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
  const log = new KubeEventLog({ repo: repo as unknown as KubeEventsRepo, bus: new EventBus(), logger, ...(maxPending ? { maxPending } : {}) });
  const announced: KubeEventRow[] = [];
  log.onRecorded((row) => announced.push(row));
  return { log, announced, warnings };
}

describe('keptEventRow', () => {
  it('keeps every event of a Flux object and Warning events of workloads, nothing else', () => {
    expect(keptEventRow('c', coreEvent('a'))).toMatchObject({ involved_kind: 'Kustomization', type: 'Normal', last_seen: '2026-01-01T00:00:00.000Z', source: 'kustomize-controller' });
    expect(keptEventRow('c', coreEvent('b', { kind: 'Deployment', apiVersion: 'apps/v1', type: 'Warning' }))).toMatchObject({ involved_kind: 'Deployment' });
    expect(keptEventRow('c', coreEvent('c', { kind: 'Pod', apiVersion: 'v1', type: 'Warning' }))).toMatchObject({ involved_kind: 'Pod' });
    // Routine pod churn, a kind of another API group with a Flux kind's name, and other kinds: left out.
    expect(keptEventRow('c', coreEvent('d', { kind: 'Pod', apiVersion: 'v1', type: 'Normal' }))).toBeUndefined();
    expect(keptEventRow('c', coreEvent('e', { kind: 'Kustomization', apiVersion: 'example.com/v1', type: 'Warning' }))).toBeUndefined();
    expect(keptEventRow('c', coreEvent('f', { kind: 'ConfigMap', apiVersion: 'v1', type: 'Warning' }))).toBeUndefined();
    expect(keptEventRow('c', coreEvent('g', { kind: 'Job', apiVersion: 'example.com/v1', type: 'Warning' }))).toBeUndefined();
  });
});

describe('KubeEventLog', () => {
  it('writes an event that repeats many times in a second once, as it last was, and announces each change', async () => {
    const repo = new MemoryRepo();
    const { log, announced } = newLog(repo);
    log.listed('c1', []);
    for (let count = 1; count <= 10; count += 1) log.changed('c1', coreEvent('u1', { count, lastTimestamp: `2026-01-01T00:00:${String(count).padStart(2, '0')}Z` }));
    // The same version again (a resumed watch replays it): nothing new.
    log.changed('c1', coreEvent('u1', { count: 10, lastTimestamp: '2026-01-01T00:00:10Z' }));
    expect(announced).toHaveLength(10);
    await log.flush();
    expect(repo.writes).toBe(1);
    expect(repo.rows.get('c1/u1')).toMatchObject({ count: 10, last_seen: '2026-01-01T00:00:10.000Z' });
  });

  it('writes a cluster’s first list without announcing it; a relist writes and announces only what changed', async () => {
    const repo = new MemoryRepo();
    const { log, announced } = newLog(repo);
    const listed = [coreEvent('u1'), coreEvent('u2'), coreEvent('pod', { kind: 'Pod', apiVersion: 'v1' })];
    log.listed('c1', listed);
    await log.flush();
    expect([...repo.rows.keys()].sort()).toEqual(['c1/u1', 'c1/u2']);
    expect(announced).toEqual([]);

    // A relist (410): u1 repeated meanwhile, u2 expired from the cluster, u3 is new.
    log.listed('c1', [coreEvent('u1', { count: 2, lastTimestamp: '2026-01-01T00:05:00Z' }), coreEvent('u3')]);
    expect(announced.map((row) => row.uid)).toEqual(['u1', 'u3']);
    await log.flush();
    expect(repo.writes).toBe(4);
    // The expired event stays written: outliving the cluster's TTL is the point.
    expect([...repo.rows.keys()].sort()).toEqual(['c1/u1', 'c1/u2', 'c1/u3']);

    // After a restart (a new log), the first list writes again without duplicates, and is not announced.
    const restarted = newLog(repo);
    restarted.log.listed('c1', [coreEvent('u1', { count: 2, lastTimestamp: '2026-01-01T00:05:00Z' }), coreEvent('u3')]);
    await restarted.log.flush();
    expect(repo.rows.size).toBe(3);
    expect(restarted.announced).toEqual([]);
  });

  it('keeps what it could not write for the next flush, up to its bound, dropping the oldest', async () => {
    const repo = new MemoryRepo();
    const { log, warnings } = newLog(repo, 3);
    log.listed('c1', []);
    repo.failing = true;
    log.changed('c1', coreEvent('u1'));
    log.changed('c1', coreEvent('u2'));
    await log.flush();
    expect(log.pendingCount).toBe(2);
    log.changed('c1', coreEvent('u3'));
    log.changed('c1', coreEvent('u4'));
    expect(log.pendingCount).toBe(3);
    repo.failing = false;
    await log.flush();
    expect([...repo.rows.keys()].sort()).toEqual(['c1/u2', 'c1/u3', 'c1/u4']);
    expect(warnings.join('')).toMatch(/"dropped":1/);
  });

  it('forgets a deleted cluster’s pending events', async () => {
    const repo = new MemoryRepo();
    const bus = new EventBus();
    const log = new KubeEventLog({ repo: repo as unknown as KubeEventsRepo, bus, logger: pino({ level: 'silent' }) });
    log.start();
    log.listed('c1', [coreEvent('u1')]);
    bus.publish({ type: 'cluster.deleted', clusterId: 'c1' });
    await log.stop();
    expect(repo.rows.size).toBe(0);
  });
});

import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../events/index.js';
import type { ClusterRollups } from './cluster-rollups.js';
import type { FleetEngine, ResourceChange } from './fleet-engine.js';
import { FleetStream, type FleetStreamOptions, type StreamFilter } from './fleet-stream.js';
import type { ResourceRecord } from './resource-record.js';

/** The engine as the stream sees it: change listeners and cluster names. */
class FakeEngine {
  private readonly listeners = new Set<(change: ResourceChange) => void>();

  onChange(listener: (change: ResourceChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onSyncChange(): () => void {
    return () => undefined;
  }

  cluster(id: string): { id: string; name: string; labels: Record<string, string> } {
    return { id, name: id, labels: {} };
  }

  clusterName(id: string): string {
    return id;
  }

  isLive(): boolean {
    return true;
  }

  change(where: { cluster?: string; kind?: string; namespace?: string; name?: string; message?: string } = {}, type: 'upsert' | 'delete' = 'upsert'): void {
    const record = recordOf(where);
    for (const listener of this.listeners) listener({ type, record, previous: record });
  }
}

function recordOf({ cluster = 'c1', kind = 'Kustomization', namespace = 'apps', name = 'app', message = '' }: { cluster?: string; kind?: string; namespace?: string; name?: string; message?: string }): ResourceRecord {
  return {
    key: `${cluster}/${kind}/${namespace}/${name}`,
    clusterId: cluster,
    kind,
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    namespace,
    name,
    status: 'ready',
    reason: 'ReconciliationSucceeded',
    message,
    revision: null,
    attemptedRevision: null,
    suspended: false,
    statusSince: '2025-01-01T00:00:00.000Z',
    lastHandledReconcileAt: null,
    generation: 1,
    observedGeneration: 1,
    source: null,
    dependsOn: [],
    inputs: [],
    generates: [],
    search: '',
    updatedAt: '2025-01-01T00:00:00.000Z',
  } as unknown as ResourceRecord;
}

interface ParsedEvent {
  id: number;
  event: string;
  data: Record<string, unknown>;
}

/**
 * A ServerResponse that never sends: what is written stays buffered (writableLength) until the
 * test drains it, like a socket whose client stopped reading.
 */
class FakeResponse extends EventEmitter {
  writableLength = 0;
  writableEnded = false;
  destroyed = false;
  readonly written: string[] = [];

  writeHead(): this {
    return this;
  }

  write(text: string): boolean {
    this.written.push(text);
    this.writableLength += Buffer.byteLength(text);
    return this.writableLength < 16 * 1024;
  }

  end(): void {
    this.writableEnded = true;
  }

  /** The client read everything. */
  drain(): void {
    this.writableLength = 0;
    this.emit('drain');
  }

  events(): ParsedEvent[] {
    return this.written
      .join('')
      .split('\n\n')
      .filter((block) => block.includes('data: '))
      .map((block) => {
        const line = (prefix: string): string => block.split('\n').find((entry) => entry.startsWith(prefix))?.slice(prefix.length) ?? '';
        return { id: Number(line('id: ')), event: line('event: '), data: JSON.parse(line('data: ')) as Record<string, unknown> };
      });
  }
}

describe('FleetStream', () => {
  let stream: FleetStream | undefined;
  afterEach(() => stream?.stop());

  function start(options: FleetStreamOptions = {}): { engine: FakeEngine; events: EventBus; stream: FleetStream } {
    const engine = new FakeEngine();
    const events = new EventBus();
    const rollups = { of: (clusterId: string) => ({ cluster_id: clusterId }) } as unknown as ClusterRollups;
    stream = new FleetStream(engine as unknown as FleetEngine, rollups, events, pino({ level: 'silent' }), { rollupDelayMs: 60_000, ...options });
    stream.start();
    return { engine, events, stream };
  }

  function subscribe(target: FleetStream, filter: StreamFilter = {}, lastEventId?: string): FakeResponse {
    const response = new FakeResponse();
    target.subscribe(response as unknown as ServerResponse, filter, lastEventId);
    return response;
  }

  it('replays the events after Last-Event-ID that match the filter, in order, without a hello', () => {
    const { engine, stream } = start();
    const first = subscribe(stream);
    engine.change({ name: 'one' });
    engine.change({ name: 'two', cluster: 'c2' });
    engine.change({ name: 'three' });
    engine.change({ name: 'four', kind: 'HelmRelease' });
    const seen = first.events();
    expect(seen.map((event) => event.event)).toEqual(['hello', 'resource', 'resource', 'resource', 'resource']);

    const resumed = subscribe(stream, { clusterIds: new Set(['c1']), kinds: new Set(['Kustomization']) }, String(seen[1]!.id));
    expect(resumed.events().map((event) => [event.event, event.data.name])).toEqual([['resource', 'three']]);
    engine.change({ name: 'five' });
    expect(resumed.events().map((event) => event.data.name)).toEqual(['three', 'five']);
  });

  it('answers resync when Last-Event-ID is older than the history it keeps, and replays when it is not', () => {
    const { engine, stream } = start({ historySize: 5 });
    const all = subscribe(stream);
    for (let index = 1; index <= 10; index += 1) engine.change({ name: `object-${index}` });
    const ids = all.events().filter((event) => event.event === 'resource').map((event) => event.id);
    expect(ids.every((id, index) => index === 0 || id === ids[index - 1]! + 1)).toBe(true);
    // History holds the last five: a client that saw the fifth misses nothing; one that saw the fourth missed one.
    const upToDate = subscribe(stream, {}, String(ids[4]));
    expect(upToDate.events().map((event) => event.id)).toEqual(ids.slice(5));
    const tooOld = subscribe(stream, {}, String(ids[3]));
    expect(tooOld.events()).toEqual([{ id: ids[9], event: 'resync', data: { reason: 'the stream cannot resume from Last-Event-ID' } }]);
    engine.change({ name: 'after' });
    expect(tooOld.events().map((event) => event.event)).toEqual(['resync', 'resource']);
  });

  it('stops queueing for a subscriber past maxBufferedBytes, and sends it one resync once it drains; others get everything', () => {
    const { engine, stream } = start({ maxBufferedBytes: 4_000 });
    const slow = subscribe(stream);
    const fast = subscribe(stream);
    const message = 'm'.repeat(1_000);
    let largest = 0;
    for (let index = 1; index <= 50; index += 1) {
      engine.change({ name: `object-${index}`, message });
      largest = Math.max(largest, slow.writableLength);
      fast.drain();
    }
    const oneEvent = Math.max(...slow.written.map((text) => Buffer.byteLength(text)));
    expect(largest).toBeLessThanOrEqual(4_000 + oneEvent);
    expect(fast.events().filter((event) => event.event === 'resource')).toHaveLength(50);
    const received = slow.events().filter((event) => event.event === 'resource').length;
    expect(received).toBeLessThan(10);

    slow.drain();
    engine.change({ name: 'after-drain' });
    const after = slow.events().slice(received + 1);
    expect(after.map((event) => event.event)).toEqual(['resync', 'resource']);
    expect(after[0]!.id).toBe(fast.events().filter((event) => event.event === 'resource')[49]!.id);
    expect(after[0]!.data).toEqual({ reason: 'the client fell behind' });
    // Draining again without having lagged sends no second resync.
    slow.drain();
    expect(slow.events().filter((event) => event.event === 'resync')).toHaveLength(1);
  });

  it('sends cluster events by cluster only (kind and namespace filters do not apply) and job events to everyone', () => {
    const { events, stream } = start();
    const filtered = subscribe(stream, { clusterIds: new Set(['c1']), kinds: new Set(['HelmRelease']), namespaces: new Set(['other']) });
    events.publish({ type: 'cluster.deleted', clusterId: 'c1' });
    events.publish({ type: 'cluster.deleted', clusterId: 'c2' });
    events.publish({ type: 'job.finished', jobId: 'j1', status: 'succeeded' });
    expect(filtered.events().map((event) => [event.event, event.data.cluster_id ?? event.data.job_id])).toEqual([
      ['hello', undefined],
      ['cluster', 'c1'],
      ['job', 'j1'],
    ]);
  });

  // Ids start at the process's start time in microseconds: an id this process never issued (from
  // before a restart, or another process) gets resync, never a silent gap.
  it('answers resync to a Last-Event-ID this process never issued (one from before a restart)', () => {
    const { engine, stream } = start();
    engine.change({ name: 'one' });
    const fromBefore = subscribe(stream, {}, '5000');
    expect(fromBefore.events().map((event) => event.event)).toEqual(['resync']);
  });
});

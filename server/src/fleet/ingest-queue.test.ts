import { describe, expect, it } from 'vitest';
import { IngestQueue } from './ingest-queue.js';

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // burn the slice
  }
}

describe('IngestQueue', () => {
  it('runs items in order, and lets other callbacks run between slices', async () => {
    const errors: unknown[] = [];
    const queue = new IngestQueue((error) => errors.push(error), 2);
    const trace: string[] = [];
    for (let i = 0; i < 6; i++) queue.push(() => {
      trace.push(`item ${i}`);
      busyFor(1.5);
    });
    // Queued after the items: a request arriving meanwhile must not wait for all six.
    setImmediate(() => trace.push('other'));
    await new Promise<void>((resolve) => {
      const check = (): void => (queue.size === 0 ? resolve() : void setImmediate(check));
      setImmediate(check);
    });
    expect(trace.filter((entry) => entry.startsWith('item'))).toEqual(['item 0', 'item 1', 'item 2', 'item 3', 'item 4', 'item 5']);
    expect(trace.indexOf('other')).toBeGreaterThan(0);
    expect(trace.indexOf('other')).toBeLessThan(trace.length - 1);
    expect(errors).toEqual([]);
  });

  it('reports a failing item and goes on with the rest; drainAll runs what is left at once', () => {
    const errors: unknown[] = [];
    const queue = new IngestQueue((error) => errors.push(error));
    const ran: number[] = [];
    queue.push(() => ran.push(1));
    queue.push(() => {
      throw new Error('bad object');
    });
    queue.push(() => ran.push(3));
    queue.drainAll();
    expect(ran).toEqual([1, 3]);
    expect(errors).toHaveLength(1);
    expect(queue.size).toBe(0);
  });

  it('barrier resolves after everything queued before it, not before', async () => {
    const queue = new IngestQueue(() => undefined, 1);
    const ran: number[] = [];
    for (let i = 0; i < 5; i++) queue.push(() => {
      ran.push(i);
      busyFor(0.6);
    });
    const barrier = queue.barrier();
    queue.push(() => ran.push(99));
    await barrier;
    expect(ran.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
  });
});

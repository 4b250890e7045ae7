import { describe, expect, it } from 'vitest';
import { SlotGate } from './slot-gate.js';

/** A request that finishes when the test says so. */
function controlled(): { request: () => Promise<string>; started: Promise<void>; finish: (value: string) => void } {
  let finish!: (value: string) => void;
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const done = new Promise<string>((resolve) => (finish = resolve));
  return {
    request: () => {
      markStarted();
      return done;
    },
    started,
    finish,
  };
}

describe('SlotGate', () => {
  it('runs at most `slots` requests at once, the rest in the order they came', async () => {
    const gate = new SlotGate(2, 60_000);
    const requests = [controlled(), controlled(), controlled(), controlled()];
    const order: number[] = [];
    const results = requests.map((entry, index) => gate.run(() => (order.push(index), entry.request())));
    await Promise.all([requests[0]!.started, requests[1]!.started]);
    expect(order).toEqual([0, 1]);
    expect(gate.pending).toBe(4);

    requests[1]!.finish('b');
    await requests[2]!.started;
    expect(order).toEqual([0, 1, 2]);
    requests[0]!.finish('a');
    await requests[3]!.started;
    expect(order).toEqual([0, 1, 2, 3]);
    requests[2]!.finish('c');
    requests[3]!.finish('d');
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(gate.pending).toBe(0);
  });

  it('gives the slot of a request that hangs back after maxHoldMs, and still returns its answer', async () => {
    const gate = new SlotGate(1, 20);
    const hanging = controlled();
    const next = controlled();
    const first = gate.run(hanging.request);
    const second = gate.run(next.request);
    // The hanging request keeps running outside the gate; the next one starts without waiting for it.
    await next.started;
    next.finish('next');
    expect(await second).toBe('next');
    hanging.finish('late');
    expect(await first).toBe('late');
    expect(gate.pending).toBe(0);
  });

  it('keeps the slot of slow work while this process is too busy to have read its answer', async () => {
    const gate = new SlotGate(1, 20);
    const first = controlled();
    const next = controlled();
    let nextStarted = false;
    void next.started.then(() => (nextStarted = true));
    const results = [gate.run(first.request), gate.run(next.request)];
    await first.started;
    // Ten hold periods of a saturated event loop: busy slices of 5 ms back to back.
    const busyUntil = performance.now() + 200;
    await new Promise<void>((resolve) => {
      const slice = (): void => {
        const end = performance.now() + 5;
        while (performance.now() < end) {
          // burn: the loop is saturated, as during a cold sync
        }
        if (performance.now() < busyUntil) setImmediate(slice);
        else resolve();
      };
      setImmediate(slice);
    });
    expect(nextStarted).toBe(false);
    // Once the loop idles, the next hold period ends with the slot given back.
    await next.started;
    first.finish('first');
    next.finish('next');
    expect(await Promise.all(results)).toEqual(['first', 'next']);
  });

  it('frees the slot of a request that fails', async () => {
    const gate = new SlotGate(1, 60_000);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(() => Promise.resolve('after'))).toBe('after');
    expect(gate.pending).toBe(0);
  });
});

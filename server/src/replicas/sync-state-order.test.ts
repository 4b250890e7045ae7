import { describe, expect, it } from 'vitest';
import { SyncStateOrder } from './sync-state-order.js';

describe('sync state order', () => {
  it('admits a holder\'s states in the order it read them, and drops one that arrives after a newer one', () => {
    const order = new SyncStateOrder();
    expect(order.admit('c1', { epoch: 1, seq: 1 })).toBe(true);
    expect(order.admit('c1', { epoch: 1, seq: 3 })).toBe(true);
    expect(order.admit('c1', { epoch: 1, seq: 2 })).toBe(false);
    expect(order.admit('c1', { epoch: 1, seq: 3 })).toBe(false);
    expect(order.admit('c1', { epoch: 1, seq: 4 })).toBe(true);
  });

  it('lets the next holder\'s states win over the last one\'s, whatever their counts', () => {
    const order = new SyncStateOrder();
    expect(order.admit('c1', { epoch: 1, seq: 900 })).toBe(true);
    expect(order.admit('c1', { epoch: 2, seq: 5 })).toBe(true);
    // The previous holder's hand-over, landing late.
    expect(order.admit('c1', { epoch: 1, seq: 901 })).toBe(false);
    expect(order.admit('c1', { epoch: 2, seq: 6 })).toBe(true);
  });

  it('keeps clusters apart and starts afresh for one deleted and registered again', () => {
    const order = new SyncStateOrder();
    expect(order.admit('c1', { epoch: 3, seq: 10 })).toBe(true);
    expect(order.admit('c2', { epoch: 1, seq: 1 })).toBe(true);
    order.forgetAllBut(new Set(['c2']));
    expect(order.admit('c1', { epoch: 1, seq: 1 })).toBe(true);
  });
});

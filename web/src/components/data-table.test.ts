import { describe, expect, it } from 'vitest';
import { assignRowSlots } from './data-table.js';

const ids = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => `row-${from + i}`);

describe('row slots of the virtualized table', () => {
  it('keeps the slot of every row that stays in view, and gives rows coming in the slots of rows that left', () => {
    const first = assignRowSlots(new Map(), ids(0, 5));
    expect([...first.values()]).toEqual([0, 1, 2, 3, 4]);
    // Scrolled down two rows: rows 2–4 keep 2–4; rows 5 and 6 take 0 and 1.
    const next = assignRowSlots(first, ids(2, 5));
    expect(ids(2, 5).map((id) => next.get(id))).toEqual([2, 3, 4, 0, 1]);
  });

  it('reuses every slot when the whole view changes (a fast scroll), never more slots than rows', () => {
    const before = assignRowSlots(new Map(), ids(0, 20));
    const after = assignRowSlots(before, ids(5000, 20));
    expect(new Set(after.values())).toEqual(new Set(before.values()));
  });

  it('gives distinct slots to distinct rows, and the same answer for the same input', () => {
    const previous = new Map([
      ['a', 3],
      ['b', 3],
    ]);
    const next = assignRowSlots(previous, ['a', 'b', 'c']);
    expect(new Set(next.values()).size).toBe(3);
    expect(assignRowSlots(previous, ['a', 'b', 'c'])).toEqual(next);
  });
});

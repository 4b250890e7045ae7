import { describe, expect, it } from 'vitest';
import { FirstPerWindow } from './first-per-window.js';

describe('FirstPerWindow', () => {
  it('says yes once per key and window, and again when the window has passed', () => {
    let now = 1_000;
    const gate = new FirstPerWindow(60_000, 100, () => now);
    expect([gate.first('a'), gate.first('a'), gate.first('b')]).toEqual([true, false, true]);
    now += 59_999;
    expect(gate.first('a')).toBe(false);
    now += 1;
    expect(gate.first('a')).toBe(true);
    expect(gate.first('a')).toBe(false);
  });

  it('holds at most maxKeys keys, dropping expired ones first, then the oldest', () => {
    let now = 0;
    const gate = new FirstPerWindow(1_000, 3, () => now);
    for (const key of ['a', 'b', 'c']) expect(gate.first(key)).toBe(true);
    // Full of live windows: the oldest (a) is forgotten, so it counts as new again later.
    expect(gate.first('d')).toBe(true);
    expect(gate.first('b')).toBe(false);
    expect(gate.first('a')).toBe(true);
    now = 5_000;
    // Every window has passed: all expired keys go, none is refused.
    for (const key of ['b', 'c', 'd']) expect(gate.first(key)).toBe(true);
  });
});

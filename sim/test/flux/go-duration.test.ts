import { describe, expect, it } from 'vitest';
import { durationMs, goDurationOf } from '../../src/flux/flux-revisions.js';

describe('goDurationOf', () => {
  it('prints milliseconds as Go prints a time.Duration', () => {
    expect([30_000, 60_000, 90_000, 3_600_000, 5_430_500, 500, 1500, 1, 0.25, 0].map(goDurationOf)).toEqual(['30s', '1m0s', '1m30s', '1h0m0s', '1h30m30.5s', '500ms', '1.5s', '1ms', '250µs', '0s']);
  });

  it('round-trips the durations Flux flags take', () => {
    for (const text of ['30s', '5s', '500ms', '1m0s', '2h0m0s']) expect(goDurationOf(durationMs(text)!)).toBe(text);
  });
});

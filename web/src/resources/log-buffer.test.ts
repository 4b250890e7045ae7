import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../api/logs.js';
import { appendLines, clockOf, isAtEnd, notableFields } from './log-buffer.js';

const entry = (message: string, fields: Record<string, unknown> = {}): LogEntry => ({ time: '2026-02-01T10:00:00Z', level: 'info', message, pod: 'p', container: 'manager', fields });

describe('the log view', () => {
  it('keeps the newest lines up to the cap, oldest dropped first', () => {
    const first = appendLines([], [entry('a'), entry('b')], 3);
    expect(first.map((line) => line.message)).toEqual(['a', 'b']);
    const next = appendLines(first, [entry('c'), entry('d')], 3);
    expect(next.map((line) => line.message)).toEqual(['b', 'c', 'd']);
  });

  it('follows while the box shows its end, and stops once the user scrolled up', () => {
    expect(isAtEnd({ scrollTop: 600, scrollHeight: 1000, clientHeight: 400 })).toBe(true);
    expect(isAtEnd({ scrollTop: 590, scrollHeight: 1000, clientHeight: 400 })).toBe(true);
    expect(isAtEnd({ scrollTop: 300, scrollHeight: 1000, clientHeight: 400 })).toBe(false);
    // Less than a box of lines: always at the end.
    expect(isAtEnd({ scrollTop: 0, scrollHeight: 200, clientHeight: 400 })).toBe(true);
  });

  it('shows revision and error beside the message, objects as JSON, and the time of day', () => {
    expect(notableFields(entry('m', { revision: 'main@sha1:abc', error: { reason: 'x' }, name: 'apps', output: '' }))).toEqual([
      ['revision', 'main@sha1:abc'],
      ['error', '{"reason":"x"}'],
    ]);
    expect(clockOf(null)).toBe('');
    expect(clockOf('not a time')).toBe('');
    expect(clockOf('2026-02-01T10:00:00.045Z')).toMatch(/^\d\d:\d\d:\d\d\.045$/);
  });
});

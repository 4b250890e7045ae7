import { describe, expect, it } from 'vitest';
import { toLogEntry } from './logs.js';
import { NdjsonSplitter, readNdjson } from './ndjson.js';

/** A byte stream delivering exactly these chunks. */
function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

const line = (message: string, extra: Record<string, unknown> = {}) => JSON.stringify({ time: '2026-02-01T10:00:00.123Z', level: 'info', message, pod: 'kustomize-controller-abc', container: 'manager', fields: { name: 'apps' }, ...extra });

describe('NDJSON read as it arrives', () => {
  it('splits lines across chunk boundaries, drops blank lines and CRs, keeps an unfinished line for later', () => {
    const splitter = new NdjsonSplitter();
    expect(splitter.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(splitter.push(':2}\r\n\n')).toEqual(['{"b":2}']);
    expect(splitter.push('{"c":3}')).toEqual([]);
    expect(splitter.flush()).toEqual(['{"c":3}']);
    expect(splitter.flush()).toEqual([]);
  });

  it('reads a byte stream whose chunks cut a line and a UTF-8 character in half, one batch per chunk', async () => {
    const bytes = new TextEncoder().encode(`${line('first')}\n${line('größe ✓ reconciled')}\n${line('last, no newline')}`);
    // Cut inside the multi-byte "ö" and inside the second line.
    const cut = bytes.indexOf(0xc3) + 1;
    const batches: string[][] = [];
    const result = await readNdjson(streamOf([bytes.slice(0, 20), bytes.slice(20, cut), bytes.slice(cut)]), toLogEntry, (entries) => batches.push(entries.map((entry) => entry.message)));
    expect(batches.flat()).toEqual(['first', 'größe ✓ reconciled', 'last, no newline']);
    expect(result.skipped).toBe(0);
  });

  it('skips lines that are not JSON or not log entries, and goes on', async () => {
    const text = `${line('one')}\nnot json at all\n{"level":"info"}\n${line('two')}\n`;
    const seen: string[] = [];
    const result = await readNdjson(streamOf([new TextEncoder().encode(text)]), toLogEntry, (entries) => seen.push(...entries.map((entry) => entry.message)));
    expect(seen).toEqual(['one', 'two']);
    expect(result.skipped).toBe(2);
  });

  it('accepts a log entry of the documented shape only', () => {
    expect(toLogEntry(JSON.parse(line('x')))).toMatchObject({ message: 'x', level: 'info', time: '2026-02-01T10:00:00.123Z' });
    expect(toLogEntry({ time: null, level: 'error', message: 'm', pod: 'p', container: 'c', fields: { stream_ended: true } })).toMatchObject({ time: null, fields: { stream_ended: true } });
    expect(toLogEntry({ time: 5, level: 'info', message: 'm', pod: 'p' })).toBeUndefined();
    expect(toLogEntry([1, 2])).toBeUndefined();
    // Missing container or fields are tolerated (older servers), as empty.
    expect(toLogEntry({ time: null, level: 'info', message: 'm', pod: 'p' })).toEqual({ time: null, level: 'info', message: 'm', pod: 'p', container: '', fields: {} });
  });
});

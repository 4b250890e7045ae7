/**
 * Newline-delimited JSON read as it arrives: a chunk may end in the middle of a line (or of a
 * UTF-8 character), so the unfinished tail waits for the next chunk.
 */
export class NdjsonSplitter {
  private rest = '';

  /** The complete lines in `text` (plus what was left over before), without blank ones. */
  push(text: string): string[] {
    const joined = this.rest + text;
    const lines = joined.split('\n');
    this.rest = lines.pop() ?? '';
    return lines.map((line) => line.replace(/\r$/, '')).filter((line) => line.trim() !== '');
  }

  /** The last line when the stream ended without a newline. */
  flush(): string[] {
    const last = this.rest.replace(/\r$/, '');
    this.rest = '';
    return last.trim() ? [last] : [];
  }
}

/**
 * Reads an NDJSON byte stream to its end, handing over the values `parse` accepts, a chunk's
 * worth at a time (one render per chunk, not per line). Lines that are not JSON, or that `parse`
 * refuses, are counted and skipped: one bad line must not end a log.
 */
export async function readNdjson<T>(stream: ReadableStream<Uint8Array>, parse: (value: unknown) => T | undefined, onValues: (values: T[]) => void): Promise<{ skipped: number }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const splitter = new NdjsonSplitter();
  let skipped = 0;
  const take = (lines: string[]) => {
    const values: T[] = [];
    for (const line of lines) {
      let value: T | undefined;
      try {
        value = parse(JSON.parse(line));
      } catch {
        value = undefined;
      }
      if (value === undefined) skipped += 1;
      else values.push(value);
    }
    if (values.length > 0) onValues(values);
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      take(splitter.push(decoder.decode(value, { stream: true })));
    }
    take(splitter.push(decoder.decode()));
    take(splitter.flush());
  } finally {
    reader.releaseLock();
  }
  return { skipped };
}

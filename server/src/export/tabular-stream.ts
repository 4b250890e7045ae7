import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';

export type ExportFormat = 'csv' | 'json';

/** One CSV column: its header and how an item gives its value. */
export type ExportColumn<T> = [header: string, value: (item: T) => string | number | boolean | null];

/**
 * Items as a download, streamed: CSV with a header row (RFC 4180 quoting by csv-stringify), or a
 * JSON array of the items. Shared by every export (resources, events).
 */
export function tabularStream<T>(items: AsyncIterable<T>, format: ExportFormat, columns: ReadonlyArray<ExportColumn<T>>): Readable {
  if (format === 'csv') {
    const rows = Readable.from(
      (async function* () {
        for await (const item of items) yield columns.map(([, value]) => value(item));
      })(),
    );
    const csv = stringify({ header: true, columns: columns.map(([header]) => header), cast: { boolean: (value) => String(value) } });
    // pipeline (not pipe): a failure reading rows destroys the CSV stream, so the answer ends.
    pipeline(rows, csv, () => undefined);
    return csv;
  }
  return Readable.from(
    (async function* () {
      let first = true;
      yield '[';
      for await (const item of items) {
        yield `${first ? '\n' : ',\n'}${JSON.stringify(item)}`;
        first = false;
      }
      yield first ? ']\n' : '\n]\n';
    })(),
  );
}

/** A download's file name: `<prefix>-<time>.<format>`. */
export function exportFileName(prefix: string, format: ExportFormat): string {
  return `${prefix}-${new Date().toISOString().replace(/[:.]/g, '-')}.${format}`;
}

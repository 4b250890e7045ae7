import type { ServerResponse } from 'node:http';
import type { ClusterConnection } from '../connections/index.js';
import { parseLogLine, type LogEntry } from './log-entry.js';

export interface LogSource {
  namespace: string;
  pod: string;
  container: string;
}

export interface LogStreamOptions {
  /** Matching lines to show from before now (the rest of the backlog is dropped). */
  tail: number;
  /** Lines of each pod's log read from its end to find them (filtering happens here, not in the cluster). */
  scanLines: number;
  sinceSeconds?: number;
  follow: boolean;
  /** Which lines to keep. */
  keep: (entry: LogEntry) => boolean;
}

/** With follow, the backlog arrives in one burst: once nothing came for this long, it is over. */
const BACKLOG_QUIET_MS = 250;

/**
 * Streams pod logs to an HTTP response as NDJSON (one LogEntry per line): the last `tail`
 * matching lines of every source, in time order, then (with `follow`) new matching lines as the
 * cluster sends them, until the client goes away. A followed log that ends (the pod was deleted
 * or restarted) is said so in a last entry for that pod; when every log has ended, so does the
 * answer.
 */
export async function streamLogs(connection: ClusterConnection, sources: LogSource[], options: LogStreamOptions, response: ServerResponse): Promise<void> {
  const controllers: AbortController[] = [];
  let backlog: LogEntry[] | undefined = [];
  let open = sources.length;
  let quiet: NodeJS.Timeout | undefined;
  const write = (entry: LogEntry): void => {
    if (!response.writableEnded && !response.destroyed) response.write(`${JSON.stringify(entry)}\n`);
  };
  const flushBacklog = (): void => {
    if (!backlog) return;
    clearTimeout(quiet);
    const lines = backlog.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? '')).slice(-options.tail);
    backlog = undefined;
    for (const entry of lines) write(entry);
  };
  const finishOne = (): void => {
    open -= 1;
    if (open > 0) return;
    flushBacklog();
    if (!response.writableEnded) response.end();
  };
  response.on('close', () => {
    clearTimeout(quiet);
    for (const controller of controllers) controller.abort();
  });
  for (const source of sources) {
    const path = `/api/v1/namespaces/${encodeURIComponent(source.namespace)}/pods/${encodeURIComponent(source.pod)}/log`;
    const query = { container: source.container, timestamps: true, tailLines: options.scanLines, follow: options.follow || undefined, sinceSeconds: options.sinceSeconds };
    try {
      const controller = await connection.streamLines(
        path,
        query,
        (line) => {
          const entry = parseLogLine(line, source.pod, source.container);
          if (!options.keep(entry)) return;
          if (!backlog) return write(entry);
          backlog.push(entry);
          // Bounded: a pod that logs faster than the backlog settles cannot grow it without end.
          if (backlog.length > options.tail * 4) backlog = backlog.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? '')).slice(-options.tail);
          if (options.follow) {
            clearTimeout(quiet);
            quiet = setTimeout(flushBacklog, BACKLOG_QUIET_MS);
          }
        },
        (error) => {
          if (options.follow && !response.destroyed) {
            flushBacklog();
            const why = error ? `: ${(error as Error).message ?? String(error)}` : ' (the pod was deleted, restarted or the cluster ended the stream)';
            write({ time: new Date().toISOString(), level: 'error', message: `the log of ${source.namespace}/${source.pod} ended${why}`, pod: source.pod, container: source.container, fields: { stream_ended: true } });
          }
          finishOne();
        },
        { trailingLine: true },
      );
      controllers.push(controller);
      if (response.destroyed) controller.abort();
    } catch (error) {
      write({ time: new Date().toISOString(), level: 'error', message: `could not read the log of ${source.namespace}/${source.pod}: ${(error as Error).message ?? String(error)}`, pod: source.pod, container: source.container, fields: {} });
      finishOne();
    }
  }
  // Follow with an empty backlog: nothing will arrive to start the quiet timer.
  if (options.follow && backlog && backlog.length === 0) quiet = setTimeout(flushBacklog, BACKLOG_QUIET_MS);
}

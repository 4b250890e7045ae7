/**
 * A minimal Server-Sent Events client over Node `http` (no dependency): parses `event:`, `data:`
 * and `id:` lines, ignores comments (`: ping`), and hands each event to `onEvent` with the
 * monotonic time (`process.hrtime.bigint()`) its last chunk arrived.
 */
import { request, type ClientRequest } from 'node:http';

export interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
}

export interface SseConnection {
  /** Resolves once the response headers arrived (the stream is open). */
  opened: Promise<void>;
  /** Events seen so far, by `event` name. */
  counts: Map<string, number>;
  close(): void;
}

export function openStream(url: string, onEvent: (event: SseEvent, receivedAt: bigint) => void, onError: (error: Error) => void = () => undefined): SseConnection {
  const counts = new Map<string, number>();
  let req: ClientRequest | undefined;
  let closed = false;
  const opened = new Promise<void>((resolve, reject) => {
    req = request(url, { headers: { accept: 'text/event-stream', 'cache-control': 'no-cache' } }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`GET ${url} → HTTP ${response.statusCode}`));
        response.resume();
        return;
      }
      resolve();
      response.setEncoding('utf8');
      let buffer = '';
      let event = '';
      let data: string[] = [];
      let id: string | undefined;
      response.on('data', (chunk: string) => {
        const receivedAt = process.hrtime.bigint();
        buffer += chunk;
        let newline: number;
        while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            if (data.length > 0 || event) {
              const name = event || 'message';
              counts.set(name, (counts.get(name) ?? 0) + 1);
              onEvent({ event: name, data: data.join('\n'), id }, receivedAt);
            }
            event = '';
            data = [];
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let value = colon < 0 ? '' : line.slice(colon + 1);
          if (value.startsWith(' ')) value = value.slice(1);
          if (field === 'event') event = value;
          else if (field === 'data') data.push(value);
          else if (field === 'id') id = value;
        }
      });
      response.on('error', (error) => {
        if (!closed) onError(error);
      });
      response.on('end', () => {
        if (!closed) onError(new Error('the stream ended'));
      });
    });
    req.on('error', (error) => {
      if (!closed) {
        reject(error);
        onError(error);
      }
    });
    req.end();
  });
  return {
    opened,
    counts,
    close: () => {
      closed = true;
      req?.destroy();
    },
  };
}

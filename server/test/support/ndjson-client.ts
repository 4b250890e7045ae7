import http from 'node:http';

/** Reads an NDJSON answer as it streams (logs with `follow`): collects lines, waits for one that matches. */
export class NdjsonClient {
  readonly lines: Array<Record<string, unknown>> = [];
  status = 0;
  ended = false;
  private request: http.ClientRequest | undefined;
  private waiters: Array<{ match: (line: Record<string, unknown>) => boolean; resolve: () => void }> = [];
  private endWaiters: Array<() => void> = [];

  static open(url: string, headers: Record<string, string> = {}): Promise<NdjsonClient> {
    const client = new NdjsonClient();
    return new Promise((resolve, reject) => {
      client.request = http.get(url, { headers }, (response) => {
        client.status = response.statusCode ?? 0;
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, end);
            buffer = buffer.slice(end + 1);
            if (line.trim()) client.push(JSON.parse(line) as Record<string, unknown>);
          }
        });
        response.on('end', () => {
          client.ended = true;
          for (const waiter of client.endWaiters.splice(0)) waiter();
        });
        resolve(client);
      });
      client.request.on('error', reject);
    });
  }

  private push(line: Record<string, unknown>): void {
    this.lines.push(line);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(line)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** Resolves once a line (already received or to come) matches. */
  next(match: (line: Record<string, unknown>) => boolean, timeoutMs = 15_000): Promise<void> {
    if (this.lines.some(match)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching line within ${timeoutMs} ms (got ${this.lines.length})`)), timeoutMs);
      this.waiters.push({ match, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** Resolves when the server ends the answer. */
  end(timeoutMs = 15_000): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the answer did not end within ${timeoutMs} ms`)), timeoutMs);
      this.endWaiters.push(() => (clearTimeout(timer), resolve()));
    });
  }

  close(): void {
    this.request?.destroy();
  }
}

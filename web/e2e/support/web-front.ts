import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

/**
 * A stand-in for the server's static file serving: serves the built app (SPA fallback) and
 * proxies `/api` to the real server. Used only when E2E_WEB_FRONT=proxy, for a server whose
 * static serving is broken; by default the tests use the server's own.
 */
export async function startWebFront(webDir: string, apiUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://front');
    if (url.pathname.startsWith('/api/')) {
      const upstream = httpRequest(`${apiUrl}${url.pathname}${url.search}`, { method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      request.pipe(upstream);
      return;
    }
    const candidate = path.join(webDir, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
    const file = existsSync(candidate) && statSync(candidate).isFile() ? candidate : path.join(webDir, 'index.html');
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

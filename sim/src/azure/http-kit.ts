import type { IncomingMessage, ServerResponse } from 'node:http';

/** One routed request: path parameters come from the route's named regex groups. */
export interface RoutedRequest {
  method: string;
  url: URL;
  params: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface HttpReply {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless it is already a string. */
  body?: unknown;
}

export type RouteHandler = (request: RoutedRequest) => HttpReply | Promise<HttpReply>;

export interface Route {
  method: string;
  /** Matched case-insensitively against the path, because ARM paths are case-insensitive. */
  pattern: RegExp;
  handler: RouteHandler;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function writeReply(response: ServerResponse, reply: HttpReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (reply.body !== undefined) {
    payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  response.writeHead(reply.status, headers);
  response.end(payload);
}

/** Finds the route for a request; `undefined` when nothing matches (the caller answers 404). */
export function matchRoute(routes: Route[], method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, params: { ...match.groups } };
  }
  return undefined;
}

export function jsonReply(status: number, body: unknown, headers?: Record<string, string>): HttpReply {
  return headers ? { status, body, headers } : { status, body };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

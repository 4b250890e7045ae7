import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestServer } from '../support/test-server.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response JSON
export type Response = { status: number; text: string; json: any; headers: Headers };

/** One caller of the API: a signed-in browser (cookie + CSRF token), an API token, or nobody. */
export interface Caller {
  request(method: string, urlPath: string, body?: unknown): Promise<Response>;
  headers: Record<string, string>;
}

export function anonymous(t: TestServer): Caller {
  return { headers: {}, request: (method, urlPath, body) => t.request(method, urlPath, body) };
}

export function withBearer(t: TestServer, token: string): Caller {
  const headers = { authorization: `Bearer ${token}` };
  return { headers, request: (method, urlPath, body) => t.request(method, urlPath, body, headers) };
}

/** Signs in with a password; the caller then sends the session cookie and the CSRF header. */
export async function signIn(t: TestServer, username: string, password: string): Promise<Caller & { cookie: string; csrf: string }> {
  const response = await t.request('POST', '/api/v1/auth/login', { username, password });
  if (response.status !== 200) throw new Error(`sign-in of ${username} answered ${response.status}: ${response.text}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = response.json.csrf_token as string;
  const headers = { cookie, 'x-csrf-token': csrf };
  return { cookie, csrf, headers, request: (method, urlPath, body) => t.request(method, urlPath, body, headers) };
}

export function initialAdminPassword(t: TestServer): string {
  return readFileSync(path.join(t.dataDir, 'initial-admin-password'), 'utf8').trim();
}

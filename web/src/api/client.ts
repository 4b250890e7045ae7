import createClient from 'openapi-fetch';
import type { components, paths } from './generated/schema.js';
import { ApiRequestError, type FieldProblem } from './request.js';
import { csrfHeaders, notifyUnauthenticated } from '../auth/session.js';

/**
 * The typed API client: paths, parameters and bodies come from the server's OpenAPI document
 * (`npm run generate-api -w web` writes `generated/schema.d.ts`), so a renamed route or field
 * fails the typecheck. Every failure becomes an {@link ApiRequestError}.
 */
export const api = createClient<paths>({ baseUrl: '' });
/**
 * Answers about signing in itself. A 401 from "who am I" is its answer (nobody is signed in), and
 * one from the sign-in form is a wrong password: neither says that a session just ended. Taken as
 * such, the 401 of the check made "check again" ask /auth/me again, forever.
 */
const SIGN_IN_PATHS: ReadonlySet<string> = new Set(['/api/v1/auth/me', '/api/v1/auth/login']);

/** Whether a 401 answer to this URL means the session ended (so the app checks who is signed in). */
export const endsSession = (url: string): boolean => !SIGN_IN_PATHS.has(new URL(url, 'http://app').pathname);

// The session's CSRF token on every state change; a 401 sends the app back to sign-in.
api.use({
  onRequest({ request }) {
    for (const [name, value] of Object.entries(csrfHeaders(request.method))) request.headers.set(name, value);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && endsSession(request.url)) notifyUnauthenticated();
    return response;
  },
});

/** Schemas of the API by name, e.g. `Schema<'ResourceItem'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

type ErrorBody = { error?: { code?: string; message?: string; details?: FieldProblem[] } };

/** Awaits an openapi-fetch call and returns its data, or throws the server's error as an ApiRequestError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  return (await unwrapAnswer(call)).data;
}

/** {@link unwrap} with the HTTP status, for routes whose answer depends on it (200 done, 202 a job). */
export async function unwrapAnswer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<{ status: number; data: T }> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiRequestError(0, 'network', 'Cannot reach the Flux Orchestrator server. Check that it is running, then try again.');
  }
  const { data, error, response } = result;
  if (!response.ok) {
    const body = (error ?? undefined) as ErrorBody | undefined;
    throw new ApiRequestError(response.status, body?.error?.code ?? `http_${response.status}`, body?.error?.message ?? `The server answered ${response.status} ${response.statusText}`, body?.error?.details ?? []);
  }
  return { status: response.status, data: data as T };
}

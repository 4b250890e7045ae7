/**
 * The one place that talks HTTP to the server. Resource modules (`clusters.ts`, `azure.ts`,
 * `jobs.ts`) build paths and call {@link apiRequest}; components only use their hooks.
 */

import { csrfHeaders, notifyUnauthenticated } from '../auth/session.js';

const API_BASE = '/api/v1';

/** One field problem as the server reports it, e.g. `{field: 'body.kubeconfig', message}`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A failed API call, with the server's `{error: {code, message, details}}` parsed out. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }

  /**
   * Problems keyed by the form field they belong to: `body.kubeconfig` → `kubeconfig`,
   * `body.labels.team` → `labels`. Several problems on one field are joined.
   */
  fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const problem of this.details) {
      const field = problem.field.replace(/^(body|query|params)\./, '').split(/[./]/)[0] ?? '';
      if (!field) continue;
      byField[field] = byField[field] ? `${byField[field]}; ${problem.message}` : problem.message;
    }
    return byField;
  }

  /** Problems that belong to no field of the given form (shown above the form). */
  unplacedMessage(knownFields: readonly string[]): string | undefined {
    const fields = this.fieldErrors();
    const placed = Object.keys(fields).some((field) => knownFields.includes(field));
    if (placed && Object.keys(fields).every((field) => knownFields.includes(field))) return undefined;
    return this.message;
  }
}

type Query = Record<string, string | number | boolean | undefined>;

/** Builds `/api/v1/<path>?<query>`; path segments given by callers must already be encoded. */
export function apiPath(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

/** Encodes one path segment (ids come from the server but may hold any character). */
export const segment = (value: string): string => encodeURIComponent(value);

/**
 * Calls the API and returns the HTTP status with the parsed JSON body (undefined for 204).
 * Throws {@link ApiRequestError} for any non-2xx answer, and for a network failure (status 0).
 */
export async function apiSend<T>(method: string, path: string, options: { body?: unknown; query?: Query } = {}): Promise<{ status: number; body: T }> {
  let response: Response;
  try {
    response = await fetch(apiPath(path, options.query), {
      method,
      headers: { accept: 'application/json', ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...csrfHeaders(method) },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiRequestError(0, 'network', 'Cannot reach the Flux Orchestrator server. Check that it is running, then try again.');
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (response.status === 401) notifyUnauthenticated();
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: FieldProblem[] } } | undefined)?.error;
    throw new ApiRequestError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `The server answered ${response.status} ${response.statusText}`, error?.details ?? []);
  }
  return { status: response.status, body: json as T };
}

/** {@link apiSend} for callers that only need the body. */
export async function apiRequest<T>(method: string, path: string, options: { body?: unknown; query?: Query } = {}): Promise<T> {
  return (await apiSend<T>(method, path, options)).body;
}

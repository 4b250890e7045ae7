/**
 * The browser side of the session: the CSRF token every state change must carry (the session
 * cookie itself is HttpOnly, out of reach of scripts), and a signal when the server says the
 * session is gone, so the app shows the sign-in page again.
 */
let csrfToken: string | null = null;
const signedOutListeners = new Set<() => void>();

export const CSRF_HEADER = 'x-csrf-token';

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Headers a request with this method needs (reads need none). */
export function csrfHeaders(method: string): Record<string, string> {
  return csrfToken && !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) ? { [CSRF_HEADER]: csrfToken } : {};
}

/** Any API answer 401: the session expired or was revoked. */
export function notifyUnauthenticated(): void {
  for (const listener of signedOutListeners) listener();
}

export function onUnauthenticated(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/**
 * What source-controller makes of the Secret a GitRepository's `secretRef` names, by the URL's
 * transport (fluxcd/pkg git.NewAuthOptions, then the clone):
 *
 * - ssh: `identity` and `known_hosts` are required, else the auth options are refused
 *   (AuthenticationFailed: `invalid 'ssh' auth option: 'identity' is required`);
 * - http(s): `bearerToken`, or `username` (with or without `password`); a `password` without a
 *   `username` is refused the same way. With none of them the clone goes out anonymously, and a
 *   repository that needs a Secret is private: the server answers `authentication required`
 *   (GitOperationFailed, after the network is reached).
 *
 * Credentials in the URL (`https://user:token@host/...`) count as they do for Flux.
 */
import type { KubeObject } from '../store/types.js';

export type GitCredentials =
  | { usable: true }
  /** Refused before any fetch: `message` is what follows `failed to configure authentication options: `. */
  | { usable: false; refused: string }
  /** Nothing to authenticate with: the clone is anonymous and the server refuses it. */
  | { usable: false; anonymous: true };

/** The Secret's keys with a non-empty value, as the API server stores them (`stringData` merged into `data`). */
function secretKeys(secret: KubeObject): Set<string> {
  const keys = new Set<string>();
  const data = (secret.data ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(data)) if (typeof value === 'string' && Buffer.from(value, 'base64').length > 0) keys.add(key);
  const stringData = (secret.stringData ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(stringData)) if (typeof value === 'string' && value !== '') keys.add(key);
  return keys;
}

/** `bearerToken` counts when present at all: source-controller then uses it, empty or not. */
function hasKey(secret: KubeObject, key: string): boolean {
  return Object.hasOwn((secret.data ?? {}) as object, key) || Object.hasOwn((secret.stringData ?? {}) as object, key);
}

export function gitCredentials(url: string, secret: KubeObject): GitCredentials {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { usable: true };
  }
  const transport = parsed.protocol.replace(/:$/, '');
  const keys = secretKeys(secret);
  if (transport === 'ssh') {
    for (const key of ['identity', 'known_hosts']) if (!keys.has(key)) return { usable: false, refused: `invalid 'ssh' auth option: '${key}' is required` };
    return { usable: true };
  }
  if (transport !== 'http' && transport !== 'https') return { usable: true };
  if (hasKey(secret, 'bearerToken')) return { usable: true };
  const username = keys.has('username') || parsed.username !== '';
  const password = keys.has('password') || parsed.password !== '';
  if (!username && password) return { usable: false, refused: `invalid '${transport}' auth option: 'password' requires 'username' to be set` };
  return username ? { usable: true } : { usable: false, anonymous: true };
}

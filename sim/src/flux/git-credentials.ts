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
import { secretBytes } from '../kube/secret-data.js';

export type GitCredentials =
  | { usable: true }
  /** Refused before any fetch: `message` is what follows `failed to configure authentication options: `. */
  | { usable: false; refused: string }
  /** Nothing to authenticate with: the clone is anonymous and the server refuses it. */
  | { usable: false; anonymous: true };

/** The Secret's `data` keys with a non-empty value (the API server has already merged any `stringData` into `data`). */
function secretKeys(secret: KubeObject): Set<string> {
  return new Set([...secretBytes(secret)].filter(([, value]) => value.length > 0).map(([key]) => key));
}

/** `bearerToken` counts when present at all: source-controller then uses it, empty or not. */
function hasKey(secret: KubeObject, key: string): boolean {
  return secretBytes(secret).has(key);
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

import type { Binding } from './access.js';

/** Who is calling, as the auth hook resolved it. */
export interface Principal {
  /** `anonymous` only in AUTH_MODE=none (loopback), where it holds the admin role. */
  kind: 'user' | 'token' | 'anonymous';
  /** What the audit trail records: the username, or `token:<owner>/<name>` for an API token. */
  actor: string;
  userId?: string;
  username?: string;
  displayName?: string;
  /** How the user signs in (a token's principal: its owner's). */
  userKind?: 'local' | 'oidc' | 'service';
  tokenId?: string;
  /** Set when signed in with the session cookie: state changes must carry `csrfToken`. */
  sessionId?: string;
  csrfToken?: string;
  groups: readonly string[];
  bindings: readonly Binding[];
}

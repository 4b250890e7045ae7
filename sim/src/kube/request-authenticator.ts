import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Identity, TokenAuthenticator } from '../contracts.js';
import { TokenRejectedError } from '../contracts.js';

export interface RequestAuthenticatorOptions {
  /** Bearer token → identity. */
  staticTokens?: Record<string, Identity>;
  /** Tried in order after the static tokens (e.g. the Entra ID JWT authenticator). */
  authenticators?: TokenAuthenticator[];
  /** When true every bearer token is refused (the `expiredTokens` fault). */
  rejectAllTokens?: () => boolean;
}

/**
 * Who sent a request: a verified client certificate (CN = user, O = groups, as kube-apiserver's
 * x509 authenticator reads them) or a bearer token. `undefined` means 401.
 */
export class RequestAuthenticator {
  private readonly staticTokens: Map<string, Identity>;

  constructor(private readonly options: RequestAuthenticatorOptions) {
    this.staticTokens = new Map(Object.entries(options.staticTokens ?? {}));
  }

  /** Adds or replaces a static token at run time. */
  addStaticToken(token: string, identity: Identity): void {
    this.staticTokens.set(token, identity);
  }

  /** Revokes a static token (a rotated ServiceAccount token that expired). */
  removeStaticToken(token: string): void {
    this.staticTokens.delete(token);
  }

  async authenticate(request: IncomingMessage): Promise<Identity | undefined> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match?.[1]) return undefined;
      return this.authenticateToken(match[1]);
    }
    // The certificate is fixed for the connection's life: read it once per socket, not per request.
    // Over HTTP/2 `request.socket` is a per-stream proxy: key by the session's socket instead.
    const socket = ((request as IncomingMessage & { stream?: { session?: { socket?: unknown } } }).stream?.session?.socket ?? request.socket) as TLSSocket;
    if (!certificateIdentities.has(socket)) certificateIdentities.set(socket, identityFromClientCertificate(socket));
    return certificateIdentities.get(socket);
  }

  private async authenticateToken(token: string): Promise<Identity | undefined> {
    if (this.options.rejectAllTokens?.()) return undefined;
    const identity = this.staticTokens.get(token);
    if (identity) return addAuthenticatedGroup(identity);
    for (const authenticator of this.options.authenticators ?? []) {
      try {
        const result = await authenticator(token);
        if (result) return addAuthenticatedGroup(result);
      } catch (error) {
        if (error instanceof TokenRejectedError) return undefined;
        throw error;
      }
    }
    return undefined;
  }
}

const certificateIdentities = new WeakMap<TLSSocket, Identity | undefined>();

function identityFromClientCertificate(socket: TLSSocket): Identity | undefined {
  // `authorized` is true only when the peer certificate chains to the CA the server trusts.
  if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return undefined;
  const certificate = socket.getPeerCertificate();
  const subject = certificate?.subject as Record<string, string | string[] | undefined> | undefined;
  const user = subject?.CN;
  if (typeof user !== 'string' || user === '') return undefined;
  const organizations = subject?.O;
  const groups = organizations === undefined ? [] : Array.isArray(organizations) ? organizations : [organizations];
  return addAuthenticatedGroup({ user, groups });
}

/** kube-apiserver adds `system:authenticated` to every authenticated identity. */
function addAuthenticatedGroup(identity: Identity): Identity {
  return identity.groups.includes('system:authenticated') ? identity : { user: identity.user, groups: [...identity.groups, 'system:authenticated'] };
}

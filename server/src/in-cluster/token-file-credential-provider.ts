import { readFile } from 'node:fs/promises';
import { CredentialError, type ClusterCredential, type CredentialProvider } from '../connections/index.js';

/** How long a read token is used before the file is read again (client-go re-reads each minute too). */
const DEFAULT_REREAD_MS = 60_000;

/**
 * A bearer token read from a file that someone else rotates: the kubelet replaces a projected
 * ServiceAccount token well before it expires. The file is read again after `rereadMs` and at
 * once after a 401, so a rotation is picked up without a restart. The token stays in memory only.
 */
export class TokenFileCredentialProvider implements CredentialProvider {
  private cached: { token: string; readAt: number } | undefined;

  constructor(
    private readonly tokenFile: string,
    private readonly rereadMs = DEFAULT_REREAD_MS,
  ) {}

  async getCredential(): Promise<ClusterCredential> {
    if (this.cached && Date.now() - this.cached.readAt < this.rereadMs) return { type: 'bearer-token', token: this.cached.token };
    let token: string;
    try {
      token = (await readFile(this.tokenFile, 'utf8')).trim();
    } catch (error) {
      throw new CredentialError(`could not read the ServiceAccount token file ${this.tokenFile} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
    if (!token) throw new CredentialError(`the ServiceAccount token file ${this.tokenFile} is empty`);
    this.cached = { token, readAt: Date.now() };
    return { type: 'bearer-token', token };
  }

  invalidate(): void {
    this.cached = undefined;
  }

  describe(): string {
    return 'ServiceAccount token (in-cluster)';
  }
}

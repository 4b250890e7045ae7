export interface ExpiringToken {
  token: string;
  expiresAt: Date;
}

export interface RefreshingTokenOptions {
  /** Fetches a fresh token. */
  fetch: () => Promise<ExpiringToken>;
  /** Refresh this long before expiry (default 5 minutes, capped at half the token's life). */
  refreshMarginMs?: number;
  now?: () => number;
}

/**
 * Caches one token: refreshes it early, shares a single refresh among all concurrent callers,
 * and keeps serving the old token while a refresh fails as long as the old one is still valid.
 */
export class RefreshingToken {
  private current: ExpiringToken | undefined;
  private issuedAt = 0;
  private inFlight: Promise<ExpiringToken> | undefined;
  private readonly margin: number;
  private readonly now: () => number;

  constructor(private readonly options: RefreshingTokenOptions) {
    this.margin = options.refreshMarginMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async get(): Promise<ExpiringToken> {
    const now = this.now();
    const current = this.current;
    if (current && now < this.refreshAt(current)) return current;
    const refresh = this.refresh();
    if (current && now < current.expiresAt.getTime()) {
      // Still valid: answer at once and let the refresh finish in the background.
      refresh.catch(() => undefined);
      return current;
    }
    return refresh;
  }

  /** Drops the cached token (e.g. after a 401), so the next get() fetches a new one. */
  invalidate(): void {
    this.current = undefined;
  }

  private refreshAt(token: ExpiringToken): number {
    const life = token.expiresAt.getTime() - this.issuedAt;
    return token.expiresAt.getTime() - Math.min(this.margin, Math.max(0, life / 2));
  }

  private refresh(): Promise<ExpiringToken> {
    if (!this.inFlight) {
      const issuedAt = this.now();
      this.inFlight = this.options
        .fetch()
        .then((token) => {
          this.current = token;
          this.issuedAt = issuedAt;
          return token;
        })
        .finally(() => {
          this.inFlight = undefined;
        });
    }
    return this.inFlight;
  }
}

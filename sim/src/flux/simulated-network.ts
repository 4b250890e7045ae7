/**
 * The simulated network the Flux controllers fetch through: every URL is reachable until it (or
 * its host) is declared unreachable. One instance can be shared by the clusters of a fleet, so
 * "github.com is down" holds everywhere at once.
 */

export type ReachabilityListener = (entry: string, unreachable: boolean) => void;

/**
 * The host a source URL points at: `https://host:443/x` → `host`, `oci://ghcr.io/a/b` →
 * `ghcr.io`, `ssh://git@host/x` and scp-like `git@host:org/repo` → `host`, a bare
 * `minio.example.com:9000` (Bucket endpoint) → `minio.example.com`.
 */
export function hostOf(url: string): string {
  const trimmed = url.trim();
  const scpLike = /^[^/@:]+@([^/:]+):(?!\d+\/)/.exec(trimmed);
  if (scpLike) return scpLike[1]!.toLowerCase();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    return new URL(withScheme).hostname.toLowerCase();
  } catch {
    return trimmed.split('/')[0]!.split(':')[0]!.toLowerCase();
  }
}

function normalize(urlOrHost: string): string {
  return urlOrHost.trim().replace(/\/+$/, '').toLowerCase();
}

/** A URL prefix stays a URL; anything else counts as a host (port and user dropped). */
function entryOf(urlOrHost: string): string {
  return urlOrHost.includes('://') ? normalize(urlOrHost) : urlOrHost.trim() ? hostOf(urlOrHost) : '';
}

/** Go's error for a name that does not resolve, as the controllers' HTTP and Git clients report it. */
export function dialError(url: string): string {
  return `dial tcp: lookup ${hostOf(url)}: no such host`;
}

export class SimulatedNetwork {
  private readonly unreachable = new Set<string>();
  private readonly listeners = new Set<ReachabilityListener>();

  /**
   * Declares a URL prefix (`https://github.com/acme/app`, `oci://ghcr.io/acme`) or a host
   * (`github.com`) unreachable, or reachable again with `unreachable: false`.
   */
  setUnreachable(urlOrHost: string, unreachable = true): void {
    const entry = entryOf(urlOrHost);
    if (!entry) return;
    const changed = unreachable ? !this.unreachable.has(entry) : this.unreachable.has(entry);
    if (!changed) return;
    if (unreachable) this.unreachable.add(entry);
    else this.unreachable.delete(entry);
    for (const listener of this.listeners) listener(entry, unreachable);
  }

  /** URL prefixes and hosts currently unreachable. */
  unreachableEntries(): string[] {
    return [...this.unreachable];
  }

  /** True when `url` falls under an unreachable URL prefix or host. */
  isUnreachable(url: string): boolean {
    if (this.unreachable.size === 0) return false;
    return [...this.unreachable].some((entry) => matches(entry, url));
  }

  /** Called with each change; returns an unsubscribe function. */
  subscribe(listener: ReachabilityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Whether an unreachable `entry` (URL prefix or host) covers `url`. */
export function matches(entry: string, url: string): boolean {
  const target = normalize(url);
  if (entry.includes('://')) return target === entry || target.startsWith(`${entry}/`) || target.startsWith(`${entry}?`);
  return hostOf(url) === entry;
}

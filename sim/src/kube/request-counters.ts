/**
 * Requests served per verb and resource, for tests ("the product listed Kustomizations once,
 * then watched") and benchmarks. Keys are `verb resource`, where resource is qualified like
 * kube-apiserver's audit log: `list kustomizations.kustomize.toolkit.fluxcd.io`, `get pods/log`,
 * and non-resource requests use their path: `get /version`.
 */
export class RequestCounters {
  private readonly counts = new Map<string, number>();

  record(verb: string, resource: string): void {
    const key = `${verb} ${resource}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Count for one verb and resource (resource as in the key, e.g. `kustomizations.kustomize.toolkit.fluxcd.io`). */
  get(verb: string, resource: string): number {
    return this.counts.get(`${verb} ${resource}`) ?? 0;
  }

  total(): number {
    let sum = 0;
    for (const value of this.counts.values()) sum += value;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}

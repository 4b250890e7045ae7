/** ARM throttling: the next `count` matching ARM requests answer 429 with `Retry-After`. */
export interface ThrottleFault {
  retryAfterSeconds: number;
  count: number;
  /** Only throttle this operation id (e.g. `ManagedClusters_List`); all ARM operations when omitted. */
  operation?: string;
}

export interface AzureFaultSettings {
  throttle?: ThrottleFault | null;
  /** Added to every Entra ID and ARM response. */
  latencyMs?: number;
}

/** Faults switchable at run time. `set` merges; pass `throttle: null` to clear throttling. */
export class AzureFaults {
  private throttle: ThrottleFault | null = null;
  latencyMs: number;

  constructor(latencyMs = 0) {
    this.latencyMs = latencyMs;
  }

  set(settings: AzureFaultSettings): void {
    if (settings.throttle !== undefined) this.throttle = settings.throttle ? { ...settings.throttle } : null;
    if (settings.latencyMs !== undefined) this.latencyMs = settings.latencyMs;
  }

  clear(): void {
    this.throttle = null;
    this.latencyMs = 0;
  }

  /** Consumes one throttled response for this operation; returns its Retry-After, or undefined. */
  takeThrottle(operation: string): number | undefined {
    const throttle = this.throttle;
    if (!throttle || throttle.count <= 0) return undefined;
    if (throttle.operation && throttle.operation !== operation) return undefined;
    throttle.count -= 1;
    return throttle.retryAfterSeconds;
  }
}

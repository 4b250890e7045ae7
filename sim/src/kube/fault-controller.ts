/**
 * Run-time switchable faults of one simulated API server. Random choices come from a seeded PRNG
 * so a test that sets `errorRate: 0.5` sees the same sequence on every run.
 */

export interface KubeFaults {
  /** Delay added before every request is handled. */
  latencyMs?: number;
  /** Share (0..1) of requests answered with `errorCode` instead of being served. */
  errorRate?: number;
  /** Status code of injected errors (default 500). 429 carries `Retry-After: 1`. */
  errorCode?: 500 | 503 | 429;
  /** Share (0..1) of requests whose connection is destroyed without an answer. */
  dropConnectionRate?: number;
  /** Watch and log-follow streams end (cleanly) after this long; streams already open end this long after `set`. */
  endWatchesAfterMs?: number;
  /** Serve a certificate signed by a different CA (clients must refuse it). */
  wrongCertificate?: boolean;
  /** Every bearer token is rejected with 401 (client certificates still work). */
  expiredTokens?: boolean;
}

/** Decides, per request, which fault (if any) applies. */
export type FaultDecision = { kind: 'none' } | { kind: 'drop' } | { kind: 'error'; code: 500 | 503 | 429 };

/** mulberry32: tiny, fast and good enough to spread injected faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultController {
  private current: KubeFaults = {};
  private random: () => number;

  /**
   * @param onCertificateChange called when `wrongCertificate` flips; the server swaps its TLS
   *   context and the returned promise settles once new connections see the change.
   */
  constructor(
    private readonly seed: number,
    private readonly onCertificateChange: (wrong: boolean) => Promise<void>,
    /** Called after every `set`, e.g. to end the streams already open when `endWatchesAfterMs` is set. */
    private readonly onSet: (faults: KubeFaults) => void = () => undefined,
  ) {
    this.random = seededRandom(seed);
  }

  /** The faults in force (a copy). */
  get(): KubeFaults {
    return { ...this.current };
  }

  /**
   * Merges `faults` into the current set (pass `undefined` for a field to clear it). Resolves when
   * every fault is in force (a certificate swap takes a few milliseconds).
   */
  async set(faults: KubeFaults): Promise<void> {
    const wasWrong = this.current.wrongCertificate === true;
    const next: KubeFaults = { ...this.current, ...faults };
    for (const key of Object.keys(next) as (keyof KubeFaults)[]) if (next[key] === undefined) delete next[key];
    this.current = next;
    this.onSet(this.get());
    if ((next.wrongCertificate === true) !== wasWrong) await this.onCertificateChange(next.wrongCertificate === true);
  }

  /** Removes every fault and restarts the PRNG from its seed. */
  async clear(): Promise<void> {
    const wasWrong = this.current.wrongCertificate === true;
    this.current = {};
    this.random = seededRandom(this.seed);
    if (wasWrong) await this.onCertificateChange(false);
  }

  /** Rolls the dice for one request. */
  decide(): FaultDecision {
    const { dropConnectionRate = 0, errorRate = 0, errorCode = 500 } = this.current;
    if (dropConnectionRate > 0 && this.random() < dropConnectionRate) return { kind: 'drop' };
    if (errorRate > 0 && this.random() < errorRate) return { kind: 'error', code: errorCode };
    return { kind: 'none' };
  }
}

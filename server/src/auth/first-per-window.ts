/**
 * Says yes to the first occurrence of a key in each window of `windowMs`, no to the rest: for
 * audit entries that an outsider can trigger at any rate (throttled sign-ins), so the trail
 * records that it happened without being flooded. Bounded: at most `maxKeys` keys are held, and
 * keys whose window has passed are dropped as new ones come.
 */
export class FirstPerWindow {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  first(key: string): boolean {
    const at = this.now();
    const since = this.seen.get(key);
    if (since !== undefined && at - since < this.windowMs) return false;
    this.seen.delete(key);
    if (this.seen.size >= this.maxKeys) this.dropExpired(at);
    // Still full of live windows (a spread-out flood): forget the oldest rather than grow.
    if (this.seen.size >= this.maxKeys) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(key, at);
    return true;
  }

  private dropExpired(at: number): void {
    // Insertion order is time order, so the expired keys are at the front.
    for (const [key, since] of this.seen) {
      if (at - since < this.windowMs) return;
      this.seen.delete(key);
    }
  }
}

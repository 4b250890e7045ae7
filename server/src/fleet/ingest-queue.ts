/**
 * Work from the watches (lists to apply, watch events), run in slices of a few milliseconds,
 * each slice on its own turn of the event loop. A cold sync delivers hundreds of lists at once;
 * applied as they arrive they would hold every API request behind them for seconds. In slices,
 * a request waits for at most one slice. Items run in the order they were queued (a kind's list
 * before its watch events).
 */
export class IngestQueue {
  private items: Array<() => void> = [];
  private head = 0;
  private scheduled = false;

  constructor(
    private readonly onError: (error: unknown) => void,
    /** How long one slice may run (default 4 ms). */
    private readonly sliceMs = 4,
  ) {}

  get size(): number {
    return this.items.length - this.head;
  }

  push(work: () => void): void {
    this.items.push(work);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.runSlice());
  }

  /** Resolves once everything queued before it has run (the queue runs in order). */
  barrier(): Promise<void> {
    return new Promise<void>((resolve) => this.push(resolve));
  }

  /** Runs everything queued now (shutdown: persist what was received). */
  drainAll(): void {
    while (this.head < this.items.length) this.runOne();
    this.compact();
  }

  private runSlice(): void {
    if (this.head >= this.items.length) {
      this.scheduled = false;
      return;
    }
    const deadline = performance.now() + this.sliceMs;
    do this.runOne();
    while (this.head < this.items.length && performance.now() < deadline);
    this.compact();
    if (this.head < this.items.length) setImmediate(() => this.runSlice());
    else this.scheduled = false;
  }

  private runOne(): void {
    const work = this.items[this.head]!;
    this.head += 1;
    try {
      work();
    } catch (error) {
      this.onError(error);
    }
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

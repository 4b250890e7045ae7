/**
 * Bounds how many list requests run at once across the whole fleet. A cold sync of many clusters
 * otherwise has hundreds of lists in flight, and their answers arrive together: every turn of the
 * event loop then parses and applies dozens of them before it reads the next API request, and
 * queries wait hundreds of milliseconds. Through the gate, a turn holds at most `slots` answers.
 *
 * A request holds its slot for at most `maxHoldMs`: a slow or hanging cluster then gives the slot
 * back and goes on outside the gate, so it delays other clusters' lists by that much at most.
 */
export class ListGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly slots: number,
    private readonly maxHoldMs: number,
  ) {}

  /** Requests running or waiting (for the sync status and tests). */
  get pending(): number {
    return this.active + this.waiting.length;
  }

  async run<T>(request: () => Promise<T>): Promise<T> {
    // A released slot is handed to the next waiter directly (see release), so `active` counts it.
    if (this.active < this.slots) this.active += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    };
    const timer = setTimeout(release, this.maxHoldMs);
    timer.unref();
    try {
      return await request();
    } finally {
      clearTimeout(timer);
      release();
    }
  }
}

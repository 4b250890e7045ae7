import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/**
 * Bounds how much background work against clusters runs at once (the fleet engine's list
 * requests), so its answers cannot all land in the same turn of the event loop. Hundreds of
 * lists in flight answer together: each turn then parses dozens of them before it reads the next
 * API request, and queries wait hundreds of milliseconds. Through a gate, a turn holds at most
 * `slots` of them.
 *
 * Work holds its slot for at most `maxHoldMs` while this process has time to spare: a slow or
 * hanging cluster then gives the slot back and goes on outside the gate, so it delays other
 * clusters' work by that much at most, and work that waits on the network (remote clusters) is
 * not slowed down by the bound. While the event loop is saturated, holds are extended.
 */
export class SlotGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly slots: number,
    private readonly maxHoldMs: number,
    /** Event-loop utilization over a hold period at which the hold is extended (see run). */
    private readonly busyUtilization = 0.9,
  ) {}

  /** Work holding a slot or waiting for one. */
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
    // Early release is for work that is slow on its own (the cluster, the network). While this
    // process's event loop was nearly always busy meanwhile, the work is slow because answers wait
    // for their turn here: giving the slot away would only let more work pile into those turns.
    let timer: NodeJS.Timeout | undefined;
    const holdFor = (since: EventLoopUtilization): void => {
      timer = setTimeout(() => {
        if (held && performance.eventLoopUtilization(since).utilization >= this.busyUtilization) holdFor(performance.eventLoopUtilization());
        else release();
      }, this.maxHoldMs);
      timer.unref();
    };
    holdFor(performance.eventLoopUtilization());
    try {
      return await request();
    } finally {
      clearTimeout(timer);
      release();
    }
  }
}

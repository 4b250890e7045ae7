import type { LogLine, PodLogStore } from '../contracts.js';

export interface MemoryPodLogStoreOptions {
  /** Lines kept per container; older lines are dropped, as a kubelet rotates logs. Default 300. */
  linesPerContainer?: number;
  /** Clock used when `append` gets no time and for `sinceSeconds` (tests). */
  now?: () => Date;
}

/** Fixed-capacity ring of lines; `toArray` returns them oldest first. */
class LineRing {
  private readonly lines: LogLine[] = [];
  private start = 0;

  constructor(private readonly capacity: number) {}

  push(line: LogLine): void {
    if (this.lines.length < this.capacity) {
      this.lines.push(line);
      return;
    }
    this.lines[this.start] = line;
    this.start = (this.start + 1) % this.capacity;
  }

  toArray(): LogLine[] {
    return this.start === 0 ? this.lines.slice() : [...this.lines.slice(this.start), ...this.lines.slice(0, this.start)];
  }
}

function containerKey(namespace: string, pod: string, container: string): string {
  return `${namespace}/${pod}/${container}`;
}

/**
 * In-memory {@link PodLogStore} for one simulated cluster: a bounded ring of lines per
 * container, plus live subscribers for `follow=true`. Lines returned are shared, frozen objects.
 */
export class MemoryPodLogStore implements PodLogStore {
  private readonly rings = new Map<string, LineRing>();
  private readonly listeners = new Map<string, Set<(line: LogLine) => void>>();
  private readonly capacity: number;
  private readonly now: () => Date;

  constructor(options: MemoryPodLogStoreOptions = {}) {
    this.capacity = Math.max(1, options.linesPerContainer ?? 300);
    this.now = options.now ?? (() => new Date());
  }

  append(namespace: string, pod: string, container: string, text: string, time?: Date): void {
    const key = containerKey(namespace, pod, container);
    let ring = this.rings.get(key);
    if (!ring) {
      ring = new LineRing(this.capacity);
      this.rings.set(key, ring);
    }
    const line: LogLine = Object.freeze({ time: time ?? this.now(), text });
    ring.push(line);
    for (const listener of this.listeners.get(key) ?? []) {
      try {
        listener(line);
      } catch (error) {
        process.emitWarning(`pod log listener failed: ${String(error)}`);
      }
    }
  }

  /**
   * Lines oldest first. `sinceSeconds` keeps lines newer than now minus that many seconds;
   * `tailLines` then keeps the last N. Unknown containers read as empty.
   */
  read(namespace: string, pod: string, container: string, options: { tailLines?: number; sinceSeconds?: number } = {}): LogLine[] {
    let lines = this.rings.get(containerKey(namespace, pod, container))?.toArray() ?? [];
    if (options.sinceSeconds !== undefined) {
      const cutoff = this.now().getTime() - options.sinceSeconds * 1000;
      lines = lines.filter((line) => line.time.getTime() >= cutoff);
    }
    if (options.tailLines !== undefined) lines = options.tailLines <= 0 ? [] : lines.slice(-options.tailLines);
    return lines;
  }

  subscribe(namespace: string, pod: string, container: string, listener: (line: LogLine) => void): () => void {
    const key = containerKey(namespace, pod, container);
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  /** Containers that have logged something in a pod (the API server can list them in errors). */
  containers(namespace: string, pod: string): string[] {
    const prefix = `${namespace}/${pod}/`;
    return [...this.rings.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  }
}

/**
 * Serialised `GET /api/v1/resources` answers, each valid for one version of what it was built
 * from (FleetEngine.viewVersion). Open dashboards ask the same few questions over and over; while
 * nothing changed, the answer is the bytes already built instead of a scan of the fleet and 80 KB
 * of JSON. Any change makes every entry a miss: no answer is ever older than the index.
 */
export class ListAnswerCache {
  private readonly answers = new Map<string, { version: string; body: string }>();

  constructor(private readonly capacity = 64) {}

  get(key: string, version: string): string | undefined {
    const found = this.answers.get(key);
    if (!found) return undefined;
    if (found.version !== version) {
      this.answers.delete(key);
      return undefined;
    }
    // Most recently used last.
    this.answers.delete(key);
    this.answers.set(key, found);
    return found.body;
  }

  set(key: string, version: string, body: string): void {
    this.answers.delete(key);
    this.answers.set(key, { version, body });
    if (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value!);
  }
}

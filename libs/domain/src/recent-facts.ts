/**
 * A small map of recently read facts that expire after a while and never grow past a size: the
 * redemption keeps services in it as hints the database confirms (RedemptionService.spend), the
 * sessions their owners for a couple of seconds (SessionsService.resolve).
 */
export class RecentFacts<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, now = Date.now()): void {
    this.entries.delete(key);
    // A Map iterates in insertion order: the first key is the one written longest ago.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, until: now + this.ttlMs });
  }

  /** Forgets everything (e.g. after a change that may make any entry wrong). */
  clear(): void {
    this.entries.clear();
  }
}

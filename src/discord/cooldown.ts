/** Per-user pause between answers (ASK_COOLDOWN_SECONDS). In memory: a restart clears it, which is fine. */
export class Cooldown {
  private readonly last = new Map<string, number>();
  private readonly ms: number;

  constructor(
    seconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.ms = Math.max(0, seconds) * 1000;
  }

  /**
   * Claims an answer for `userId`. Returns 0 when allowed (and starts the user's cooldown),
   * else the whole seconds (≥ 1) left to wait.
   */
  take(userId: string): number {
    if (this.ms === 0) return 0;
    const now = this.now();
    const previous = this.last.get(userId);
    if (previous !== undefined && now - previous < this.ms) {
      return Math.max(1, Math.ceil((this.ms - (now - previous)) / 1000));
    }
    this.last.set(userId, now);
    if (this.last.size > 10_000) this.prune(now);
    return 0;
  }

  private prune(now: number): void {
    for (const [user, at] of this.last) if (now - at >= this.ms) this.last.delete(user);
  }
}

/** Remembers the last `capacity` ids; `firstTime(id)` is true only the first time it sees an id. */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 5_000) {}

  firstTime(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }
}

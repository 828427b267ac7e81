/**
 * Declined questions on their way to the store, a second at a time. Each write to the settings
 * database waits for the disk (synchronous=FULL), about 3 ms here, and better-sqlite3 waits on the
 * bot's only thread: one write per declined question held every other answer up that long. Kept
 * in memory for at most a second and written together, they cost one wait. A kill -9 loses at most
 * that last second of them; a graceful stop writes them first. No Discord.
 */
import type { DeclinedQuestion, UnansweredGroup, UnansweredStore } from '../store/settings.js';

export const FLUSH_AFTER_MS = 1_000;
const FLUSH_AT = 200;

export class UnansweredRecorder {
  private queue: DeclinedQuestion[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: UnansweredStore,
    private readonly onError: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps a question declined in a server (written within a second). */
  record(guildId: string, channelId: string | null, question: string): void {
    this.queue.push({ guildId, channelId, question, at: this.now() });
    if (this.queue.length >= FLUSH_AT) this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }

  /** Writes what is waiting. Never throws: a failed write is reported and dropped. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      this.store.recordUnansweredBatch(batch);
    } catch (error) {
      this.onError(error);
    }
  }

  /** The most asked declined questions since `since`, counting those not yet written. */
  top(guildId: string, since: number, limit: number): UnansweredGroup[] {
    this.flush();
    return this.store.topUnanswered(guildId, since, limit);
  }
}

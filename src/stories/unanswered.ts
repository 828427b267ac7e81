/**
 * Declined questions on their way to the store, a second at a time. Each write to the settings
 * database waits for the disk (SQLite synchronous=FULL, about 3 ms here, on the bot's only thread;
 * PostgreSQL a COMMIT round trip): one write per declined question held every other answer up that
 * long. Kept in memory for at most a second and written together, they cost one wait. A kill -9
 * loses at most that last second of them; a graceful stop writes them first.
 *
 * When the database cannot take a batch (PostgreSQL unreachable, SQLite locked too long), the batch
 * is dropped and the loss logged: these are statistics for /stories unanswered, not settings, and
 * holding them for a retry would grow without bound during a long outage. No Discord.
 */
import type { DeclinedQuestion, UnansweredGroup, UnansweredStore } from '../store/settings.js';

export const FLUSH_AFTER_MS = 1_000;
const FLUSH_AT = 200;

export class UnansweredRecorder {
  private queue: DeclinedQuestion[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Batches being written, so a report or a stop can wait for them. */
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly store: UnansweredStore,
    /** Told of a batch that could not be written (and was dropped), with how many questions it held. */
    private readonly onError: (error: unknown, dropped: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps a question declined in a server (written within a second). */
  record(guildId: string, channelId: string | null, question: string): void {
    this.queue.push({ guildId, channelId, question, at: this.now() });
    if (this.queue.length >= FLUSH_AT) void this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }

  /** Writes what is waiting, and waits for every batch already being written. Never rejects. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length > 0) {
      let started: Promise<void>;
      try {
        started = this.store.recordUnanswered(batch);
      } catch (error) {
        started = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      const write = started.catch((error: unknown) => this.onError(error, batch.length));
      this.writing.add(write);
      void write.finally(() => this.writing.delete(write));
    }
    await Promise.all([...this.writing]);
  }

  /**
   * The most asked declined questions since `since`, counting those not yet written. Rejects with
   * StoreUnavailableError when the database cannot be read just now.
   */
  async top(guildId: string, since: number, limit: number): Promise<UnansweredGroup[]> {
    await this.flush();
    return this.store.topUnanswered(guildId, since, limit);
  }
}

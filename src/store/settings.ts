/**
 * Per-server settings, behind one small interface so the Discord layer never sees SQL.
 * The SQLite implementation is in ./sqlite.ts.
 */

/** A channel where moderators allowed public answers (`/channels add`). */
export interface ChannelSetting {
  readonly channelId: string;
  /** Also answer plain questions posted in this channel. */
  readonly auto: boolean;
}

export interface SettingsStore {
  /** Channels configured for a server, oldest first. Empty when none. */
  listChannels(guildId: string): ChannelSetting[];
  /** Adds or updates a channel. Durable before it returns. True when it was not configured before. */
  addChannel(guildId: string, channelId: string, auto: boolean): boolean;
  /** Removes a channel. Durable before it returns. True when it was configured. */
  removeChannel(guildId: string, channelId: string): boolean;
  /** Forgets a channel in whatever server it was (channel deleted). Returns how many rows went. */
  forgetChannel(channelId: string): number;
  close(): void;
}

/**
 * Questions behind "More passages" buttons whose text does not fit in a custom_id (100 characters).
 * Keys are short and derived from the text, so the same question always gets the same key.
 */
export interface QuestionStore {
  rememberQuestion(question: string): string;
  recallQuestion(key: string): string | undefined;
}

/** An article a server added with /stories add. Paragraph texts are kept as they were cut then, so ¶ numbers never move. */
export interface StoredStory {
  /** `story-<n>`, unique across servers and never reused: buttons and autocomplete values name it. */
  readonly id: string;
  readonly guildId: string;
  readonly title: string;
  readonly published?: string | undefined;
  readonly url?: string | undefined;
  readonly source?: string | undefined;
  readonly paragraphs: readonly string[];
  /** Example questions checked against the server's answers when it was added. */
  readonly examples: readonly string[];
  /** The Discord user who added it. */
  readonly addedBy: string;
  /** Milliseconds since the epoch. */
  readonly addedAt: number;
}

export type NewStory = Omit<StoredStory, 'id' | 'addedAt'>;

export interface StoryLimits {
  readonly maxPerServer: number;
  readonly maxParagraphs: number;
}

/** Why an article was not added; `addStory` checks the limits in the same transaction as the insert. */
export type AddStoryResult =
  | { readonly ok: true; readonly story: StoredStory }
  | { readonly ok: false; readonly reason: 'too-many'; readonly count: number }
  | { readonly ok: false; readonly reason: 'too-many-paragraphs'; readonly paragraphs: number }
  | { readonly ok: false; readonly reason: 'duplicate'; readonly existing: StoredStory };

export interface StoryStore {
  /** A server's articles, oldest first. */
  listStories(guildId: string): StoredStory[];
  /** How many articles and paragraphs a server has. */
  storyTotals(guildId: string): { readonly count: number; readonly paragraphs: number };
  /** Every server that has at least one article, most recently added to first. */
  guildsWithStories(): string[];
  /** Adds an article when the limits allow it. Durable before it returns. */
  addStory(story: NewStory, limits: StoryLimits): AddStoryResult;
  /** Removes one of the server's articles. Durable before it returns. The removed article, or undefined. */
  removeStory(guildId: string, storyId: string): StoredStory | undefined;
  /** Sets the example questions of one of the server's articles. */
  setStoryExamples(guildId: string, storyId: string, examples: readonly string[]): void;
}

/** A question the bot declined in a server, grouped for /stories unanswered. */
export interface UnansweredGroup {
  /** The wording asked most recently in the group. */
  readonly question: string;
  readonly count: number;
  readonly lastAskedAt: number;
}

/** One declined question as kept: never who asked. */
export interface DeclinedQuestion {
  readonly guildId: string;
  readonly channelId: string | null;
  readonly question: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

export interface UnansweredStore {
  /**
   * Keeps a declined question: its text (at most 300 characters), channel and time, never who asked.
   * Drops the server's questions older than the retention period and beyond the cap, oldest first.
   */
  recordUnanswered(guildId: string, channelId: string | null, question: string): void;
  /** The same for several at once, in one transaction (one disk flush). */
  recordUnansweredBatch(entries: readonly DeclinedQuestion[]): void;
  /** The questions asked most often since `since` (ms), grouped by normalised text, most asked first. */
  topUnanswered(guildId: string, since: number, limit: number): UnansweredGroup[];
  /** Forgets every server's questions past the retention period. Returns how many went. */
  pruneUnanswered(): number;
}

/** The database cannot be used; the message names the file and what to do. Nothing was changed. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

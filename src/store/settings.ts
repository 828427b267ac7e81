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

/** The database cannot be used; the message names the file and what to do. Nothing was changed. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

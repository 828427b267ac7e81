/**
 * Where the bot answers in public. Pure functions over a server's channel settings.
 *
 * - No channels configured (or not in a server): public unless the user asked for private.
 * - Channels configured: public only in those channels (threads follow their parent);
 *   anywhere else the answer is ephemeral and names the channels where it answers in public.
 */
import type { ChannelSetting } from '../store/settings.js';

export interface ChannelWhere {
  /** The server, or null in a DM. */
  readonly guildId: string | null;
  readonly channelId: string | null;
  /** The parent channel when the channel is a thread. */
  readonly parentId?: string | null;
}

export interface Visibility {
  readonly ephemeral: boolean;
  /** True when the answer is private because of the server's channel settings. */
  readonly restricted: boolean;
  /** Channels where this server's answers are public (when restricted). */
  readonly publicChannelIds: readonly string[];
}

function configured(settings: readonly ChannelSetting[], where: ChannelWhere): ChannelSetting | undefined {
  return settings.find(
    (s) => s.channelId === where.channelId || (where.parentId != null && s.channelId === where.parentId),
  );
}

export function decideVisibility(
  settings: readonly ChannelSetting[],
  where: ChannelWhere,
  wantsPrivate: boolean,
): Visibility {
  if (where.guildId === null || settings.length === 0 || configured(settings, where) !== undefined) {
    return { ephemeral: wantsPrivate, restricted: false, publicChannelIds: [] };
  }
  return { ephemeral: true, restricted: true, publicChannelIds: settings.map((s) => s.channelId) };
}

/** True when plain messages in this channel get answers (a channel added with auto:true). */
export function isAutoChannel(settings: readonly ChannelSetting[], where: ChannelWhere): boolean {
  return configured(settings, where)?.auto === true;
}

/** The line shown above a private answer when the server restricts public answers. */
export function restrictedNote(channelIds: readonly string[], maxShown = 10): string {
  const shown = channelIds.slice(0, maxShown).map((id) => `<#${id}>`);
  const more = channelIds.length > maxShown ? ` and ${channelIds.length - maxShown} more` : '';
  return `Only you can see this answer. In this server I answer in public in ${shown.join(', ')}${more}.`;
}

/** A plain message is a question for the bot when it mentions the bot or ends with a question mark. */
export function looksLikeQuestion(text: string, mentioned: boolean): boolean {
  return mentioned || /[?？؟]\s*$/.test(text);
}

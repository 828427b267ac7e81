/** Sending interaction responses: reply first, follow up after; every message without mentions. */
import { MessageFlags, type Guild, type MessageComponentInteraction, type RepliableInteraction } from 'discord.js';
import type { ChannelSetting } from '../store/settings.js';
import { decideVisibility, restrictedNote, type Visibility } from './channel-rules.js';
import type { HandlerContext } from './context.js';
import { NO_MENTIONS, type MessagePayload } from './render.js';

export async function respond(
  interaction: RepliableInteraction | MessageComponentInteraction,
  payload: MessagePayload,
  ephemeral: boolean,
): Promise<void> {
  const options = {
    content: payload.content,
    embeds: payload.embeds,
    components: payload.components,
    allowedMentions: { ...NO_MENTIONS, parse: [] },
    flags: ephemeral ? (MessageFlags.Ephemeral as const) : undefined,
  };
  if (interaction.deferred && !interaction.replied) {
    // Deferred: the answer replaces the "thinking…" state (visibility was fixed by deferReply).
    await interaction.editReply({ ...options, flags: undefined });
  } else if (interaction.replied) {
    await interaction.followUp(options);
  } else {
    await interaction.reply(options);
  }
}

/**
 * The server's configured channels that still exist. When the guild's channels are cached and a
 * configured one is missing, it was deleted: it is left out (channelDelete removes it for good).
 */
export function liveChannels(ctx: HandlerContext, guild: Guild | null, guildId: string): ChannelSetting[] {
  const settings = ctx.settings.listChannels(guildId);
  if (guild === null || guild.channels.cache.size === 0) return settings;
  return settings.filter((s) => guild.channels.cache.has(s.channelId));
}

export interface VisibilityResult extends Visibility {
  readonly note: string | undefined;
}

/** Channel rules for an interaction: public or ephemeral, and the note naming the public channels. */
export function visibilityFor(
  interaction: RepliableInteraction,
  ctx: HandlerContext,
  wantsPrivate: boolean,
): VisibilityResult {
  const guildId = interaction.guildId;
  const settings = guildId === null ? [] : liveChannels(ctx, interaction.guild, guildId);
  const channel = interaction.channel;
  const parentId = channel !== null && channel.isThread() ? channel.parentId : null;
  const visibility = decideVisibility(settings, { guildId, channelId: interaction.channelId, parentId }, wantsPrivate);
  const note = visibility.restricted && !wantsPrivate ? restrictedNote(visibility.publicChannelIds) : undefined;
  return { ...visibility, note };
}

/**
 * /channels add|remove|list — where Footnote answers in public (moderators).
 * Discord enforces who may use it (default_member_permissions = Manage Server, guild only; admins
 * can change that under Server Settings → Integrations), so there is no bot-side permission check.
 */
import {
  ApplicationIntegrationType,
  ChannelType,
  DiscordAPIError,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
  type Guild,
} from 'discord.js';
import type { ChannelSetting } from '../../store/settings.js';
import type { ChatCommand, HandlerContext, Outcome } from '../context.js';
import { errorInfo } from '../log.js';
import { renderNotice } from '../render.js';
import { respond } from '../respond.js';

const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

export const data = new SlashCommandBuilder()
  .setName('channels')
  .setDescription('Choose the channels where Footnote answers in public.')
  .setContexts(InteractionContextType.Guild)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Answer in public in this channel (and only in the channels added).')
      .addChannelOption((option) =>
        option
          .setName('channel')
          .setDescription('A text channel')
          .setRequired(true)
          .addChannelTypes(...TEXT_CHANNELS),
      )
      .addBooleanOption((option) =>
        option.setName('auto').setDescription('Also answer plain messages there that ask a question'),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('remove')
      .setDescription('Stop answering in public in this channel.')
      .addChannelOption((option) =>
        option
          .setName('channel')
          .setDescription('A text channel')
          .setRequired(true)
          .addChannelTypes(...TEXT_CHANNELS),
      ),
  )
  .addSubcommand((sub) => sub.setName('list').setDescription('Show the channels where Footnote answers in public.'));

function describe(setting: ChannelSetting): string {
  return `<#${setting.channelId}>${setting.auto ? ' (also answers plain questions)' : ''}`;
}

/** Whether a configured channel still exists: cache first, then Discord (404 Unknown Channel = gone). */
async function channelExists(guild: Guild, channelId: string): Promise<boolean> {
  if (guild.channels.cache.has(channelId)) return true;
  try {
    return (await guild.channels.fetch(channelId)) !== null;
  } catch (error) {
    if (
      error instanceof DiscordAPIError &&
      (error.code === RESTJSONErrorCodes.UnknownChannel || error.status === 404)
    ) {
      return false;
    }
    return true; // can't tell (network, permissions): keep it
  }
}

/** The server's channels, dropping (and forgetting) ones that were deleted. */
export async function listLiveChannels(
  ctx: HandlerContext,
  guild: Guild | null,
  guildId: string,
): Promise<ChannelSetting[]> {
  const settings = ctx.settings.listChannels(guildId);
  if (guild === null) return settings;
  const live: ChannelSetting[] = [];
  for (const setting of settings) {
    if (await channelExists(guild, setting.channelId)) live.push(setting);
    else {
      // Tidying up: if the database is away now, the next listing tries again.
      await ctx.settings.removeChannel(guildId, setting.channelId).catch((error: unknown) => {
        ctx.logger.warn(
          { err: errorInfo(error), guild: guildId, channel: setting.channelId },
          'could not forget a deleted channel',
        );
      });
    }
  }
  return live;
}

async function permissionWarnings(
  interaction: ChatInputCommandInteraction,
  channelId: string,
  auto: boolean,
): Promise<string[]> {
  const guild = interaction.guild;
  if (guild === null) return [];
  const channel = guild.channels.cache.get(channelId);
  const me = guild.members.me ?? (await guild.members.fetchMe().catch(() => null));
  const permissions = channel === undefined || me === null ? null : channel.permissionsFor(me);
  if (permissions === null) return [];
  const missing: string[] = [];
  if (!permissions.has(PermissionFlagsBits.ViewChannel)) missing.push('View Channel');
  if (!permissions.has(PermissionFlagsBits.SendMessages)) missing.push('Send Messages');
  if (!permissions.has(PermissionFlagsBits.EmbedLinks)) missing.push('Embed Links');
  if (auto && !permissions.has(PermissionFlagsBits.ReadMessageHistory)) missing.push('Read Message History');
  if (missing.length === 0) return [];
  return [
    `⚠️ I'm missing ${missing.join(', ')} in <#${channelId}>. ` +
      '/ask still answers there, but my replies to plain messages need Send Messages ' +
      "(and Embed Links for the full layout). Grant them in the channel's permission settings.",
  ];
}

async function add(interaction: ChatInputCommandInteraction, ctx: HandlerContext, guildId: string): Promise<Outcome> {
  const channel = interaction.options.getChannel('channel', true);
  const auto = interaction.options.getBoolean('auto') ?? false;
  const added = await ctx.settings.addChannel(guildId, channel.id, auto);
  const lines = [
    `${added ? 'Added' : 'Updated'} <#${channel.id}>: I answer /ask in public there` +
      (auto ? ', and reply to plain messages there that ask a question.' : '.'),
  ];
  if (auto && !ctx.messageContent) {
    lines.push('I read plain messages only when they mention me (the Message Content intent is off).');
  }
  const all = await listLiveChannels(ctx, interaction.guild, guildId);
  lines.push(
    `In other channels my answers are private. Public channels: ${all.map((s) => `<#${s.channelId}>`).join(', ')}.`,
  );
  lines.push(...(await permissionWarnings(interaction, channel.id, auto)));
  await respond(interaction, renderNotice(lines.join('\n')), true);
  return { answered: true, outcome: added ? 'channel-added' : 'channel-updated' };
}

async function remove(
  interaction: ChatInputCommandInteraction,
  ctx: HandlerContext,
  guildId: string,
): Promise<Outcome> {
  const channel = interaction.options.getChannel('channel', true);
  const removed = await ctx.settings.removeChannel(guildId, channel.id);
  const rest = await listLiveChannels(ctx, interaction.guild, guildId);
  const lines = [removed ? `Removed <#${channel.id}>.` : `<#${channel.id}> was not on the list.`];
  lines.push(
    rest.length === 0
      ? 'No channels are set, so /ask answers in public in any channel.'
      : `I answer in public in: ${rest.map(describe).join(', ')}.`,
  );
  await respond(interaction, renderNotice(lines.join('\n')), true);
  return { answered: true, outcome: removed ? 'channel-removed' : 'channel-not-listed' };
}

async function list(interaction: ChatInputCommandInteraction, ctx: HandlerContext, guildId: string): Promise<Outcome> {
  const live = await listLiveChannels(ctx, interaction.guild, guildId);
  const text =
    live.length === 0
      ? 'No channels are set, so /ask answers in public in any channel. Add one with /channels add.'
      : `I answer in public in:\n${live.map((s) => `• ${describe(s)}`).join('\n')}\nEverywhere else my answers are private.`;
  await respond(interaction, renderNotice(text), true);
  return { answered: true, outcome: 'channel-list' };
}

export const channels: ChatCommand = {
  kind: 'chat',
  data,
  async execute(interaction, ctx) {
    const guildId = interaction.guildId;
    if (guildId === null) {
      await respond(interaction, renderNotice('Channel settings only exist in servers.'), true);
      return { answered: false, outcome: 'not-in-guild' };
    }
    // May look channels up over REST (deleted ones, the bot's own member): take the time that needs.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    switch (interaction.options.getSubcommand()) {
      case 'add':
        return add(interaction, ctx, guildId);
      case 'remove':
        return remove(interaction, ctx, guildId);
      default:
        return list(interaction, ctx, guildId);
    }
  },
};

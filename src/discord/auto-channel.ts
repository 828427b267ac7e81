/**
 * Answers plain messages in channels added with `/channels add auto:true`: messages that end with
 * "?" or mention the bot (without the Message Content intent Discord only gives us the text of
 * messages that mention the bot). Silent when the story doesn't say, unless mentioned.
 */
import { PermissionFlagsBits, type Message } from 'discord.js';
import { composeAnswer } from './answering.js';
import { isAutoChannel, looksLikeQuestion } from './channel-rules.js';
import { messageQuestion } from './commands/ask-menu.js';
import type { HandlerContext, Outcome } from './context.js';
import type { RecentIds } from './cooldown.js';
import { errorInfo, errorRef } from './log.js';
import { NO_MENTIONS, type MessagePayload } from './render.js';
import { liveChannels } from './respond.js';
import { recordDeclined, scopedContext } from './scope.js';
import { cleanQuestion, stripBotMention } from './text.js';

export interface AutoContext extends HandlerContext {
  readonly seenMessages: RecentIds;
}

type Sendable = { canSend: false } | { canSend: true; embeds: boolean; reply: boolean };

async function sendability(message: Message<true>): Promise<Sendable> {
  const me = message.guild.members.me ?? (await message.guild.members.fetchMe().catch(() => null));
  const permissions = me === null ? null : message.channel.permissionsFor(me);
  // Unknown permissions (member not resolvable): try, and let a refusal be logged.
  if (permissions === null) return { canSend: true, embeds: true, reply: true };
  const send = message.channel.isThread()
    ? PermissionFlagsBits.SendMessagesInThreads
    : PermissionFlagsBits.SendMessages;
  if (!permissions.has(PermissionFlagsBits.ViewChannel) || !permissions.has(send)) return { canSend: false };
  return {
    canSend: true,
    embeds: permissions.has(PermissionFlagsBits.EmbedLinks),
    reply: permissions.has(PermissionFlagsBits.ReadMessageHistory),
  };
}

async function handle(message: Message, ctx: AutoContext, botId: string): Promise<Outcome | undefined> {
  if (message.author.bot || message.author.id === botId || message.system || message.webhookId !== null)
    return undefined;
  if (!message.inGuild()) return undefined;
  const channel = message.channel;
  const parentId = channel.isThread() ? channel.parentId : null;
  const settings = liveChannels(ctx, message.guild, message.guildId);
  if (!isAutoChannel(settings, { guildId: message.guildId, channelId: message.channelId, parentId })) return undefined;
  if (!ctx.seenMessages.firstTime(message.id)) return { answered: false, outcome: 'duplicate' };

  const mentioned = new RegExp(`<@!?${botId}>`).test(message.content) || message.mentions.users.has(botId);
  const question = cleanQuestion(messageQuestion(stripBotMention(message.content, botId)));
  if (!looksLikeQuestion(question, mentioned)) return { answered: false, outcome: 'not-a-question' };
  if (question === '' && !mentioned) return { answered: false, outcome: 'empty' };
  if (ctx.cooldown.take(message.author.id) > 0) return { answered: false, outcome: 'cooldown' };

  const sendable = await sendability(message);
  if (!sendable.canSend) {
    ctx.logger.warn(
      { guild: message.guildId, channel: message.channelId },
      'cannot answer in auto channel: missing View Channel or Send Messages',
    );
    return { answered: false, outcome: 'no-permission' };
  }
  const scoped = await scopedContext(ctx, message.guildId);
  const composed = await composeAnswer(scoped, question, { plain: !sendable.embeds });
  if (!composed.found && !mentioned) return { answered: false, outcome: `${composed.kind}-silent` };
  const payload: MessagePayload = composed.payload;
  const options = {
    content: payload.content,
    embeds: sendable.embeds ? payload.embeds : [],
    components: payload.components,
    allowedMentions: { ...NO_MENTIONS, parse: [] },
  };
  if (sendable.reply) await message.reply({ ...options, failIfNotExists: false });
  else await message.channel.send(options);
  // Only questions put to the bot count as declined: a silent "?" in chat may not be meant for it.
  if (composed.kind === 'not-found') recordDeclined(ctx, message.guildId, message.channelId, question);
  return { answered: composed.found, outcome: composed.kind };
}

export async function handleMessage(message: Message, ctx: AutoContext, botId: string): Promise<void> {
  const started = performance.now();
  let outcome: Outcome | undefined;
  try {
    outcome = await handle(message, ctx, botId);
  } catch (error) {
    const ref = errorRef();
    ctx.logger.error(
      { err: errorInfo(error), ref, guild: message.guildId ?? 'dm', channel: message.channelId, message: message.id },
      `auto-channel answer failed (ref ${ref})`,
    );
    outcome = { answered: false, outcome: 'error' };
  }
  if (outcome === undefined) return; // not an auto channel, or a bot: nothing was handled
  ctx.logger.info(
    {
      guild: message.guildId ?? 'dm',
      channel: message.channelId,
      message: message.id,
      command: 'auto-channel',
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      answered: outcome.answered,
      outcome: outcome.outcome,
    },
    'message',
  );
}

/**
 * Routes every interaction to its handler, answers within Discord's 3 seconds, turns any error
 * into an ephemeral "Something went wrong (ref …)" plus exactly one logged error with that ref,
 * and logs one line per handled interaction.
 */
import type { Interaction } from 'discord.js';
import { handleButton } from './buttons.js';
import { findCommand } from './commands/index.js';
import type { HandlerContext, Outcome } from './context.js';
import { StoreUnavailableError } from '../store/settings.js';
import { errorInfo, errorRef } from './log.js';
import { renderError, renderNotice, renderStoreUnavailable } from './render.js';
import { respond } from './respond.js';
import { scopedContext } from './scope.js';

function describeInteraction(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) {
    const sub = interaction.options.getSubcommand(false);
    return sub === null ? `/${interaction.commandName}` : `/${interaction.commandName} ${sub}`;
  }
  if (interaction.isAutocomplete()) return `/${interaction.commandName} (autocomplete)`;
  if (interaction.isContextMenuCommand()) return interaction.commandName;
  if (interaction.isButton()) return `button:${interaction.customId.split(':')[0] ?? ''}`;
  return `type:${interaction.type}`;
}

async function dispatch(interaction: Interaction, base: HandlerContext): Promise<Outcome> {
  // Everything below sees only what answers where this happened (see scope.ts).
  const ctx = await scopedContext(base, interaction.guildId);
  if (interaction.isAutocomplete()) {
    const command = findCommand(interaction.commandName);
    try {
      if (command?.kind === 'chat' && command.autocomplete !== undefined) await command.autocomplete(interaction, ctx);
      else await interaction.respond([]);
    } catch (error) {
      // Autocomplete never fails in front of the user: an empty list, and a warning in the logs.
      ctx.logger.warn({ err: errorInfo(error), command: interaction.commandName }, 'autocomplete failed');
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
    return { answered: true, outcome: 'suggestions' };
  }
  if (interaction.isChatInputCommand()) {
    const command = findCommand(interaction.commandName);
    if (command?.kind === 'chat') return command.execute(interaction, ctx);
  } else if (interaction.isMessageContextMenuCommand()) {
    const command = findCommand(interaction.commandName);
    if (command?.kind === 'message') return command.execute(interaction, ctx);
  } else if (interaction.isButton()) {
    return handleButton(interaction, ctx);
  }
  if (interaction.isRepliable()) {
    await respond(interaction, renderNotice("I don't know that command any more. It may need re-registering."), true);
  }
  return { answered: false, outcome: 'unknown' };
}

export async function handleInteraction(interaction: Interaction, ctx: HandlerContext): Promise<void> {
  const started = performance.now();
  const command = describeInteraction(interaction);
  let outcome: Outcome;
  try {
    outcome = await dispatch(interaction, ctx);
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      // Not a bug: the database is away. The write was not kept; the user is told to try again.
      ctx.logger.warn(
        { err: errorInfo(error), guild: interaction.guildId ?? 'dm', command },
        'database unreachable; asked the user to try again',
      );
      outcome = { answered: false, outcome: 'store-unavailable' };
      if (interaction.isRepliable()) await respond(interaction, renderStoreUnavailable(), true).catch(() => undefined);
    } else {
      const ref = errorRef();
      ctx.logger.error(
        { err: errorInfo(error), ref, guild: interaction.guildId ?? 'dm', command, interaction: interaction.id },
        `handler failed (ref ${ref})`,
      );
      outcome = { answered: false, outcome: 'error' };
      if (interaction.isRepliable()) {
        try {
          await respond(interaction, renderError(ref), true);
        } catch {
          // Too late or Discord refused: the error above is already logged with this ref.
        }
      }
    }
  }
  ctx.logger.info(
    {
      guild: interaction.guildId ?? 'dm',
      channel: interaction.channelId,
      command,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      answered: outcome.answered,
      outcome: outcome.outcome,
    },
    'interaction',
  );
}

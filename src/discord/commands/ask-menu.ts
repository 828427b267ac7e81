/** "Ask Footnote" — message context menu: answers the selected message's text as a question. */
import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ContextMenuCommandBuilder,
  InteractionContextType,
} from 'discord.js';
import type { MessageCommand } from '../context.js';
import { answerInteraction } from './shared.js';

export const data = new ContextMenuCommandBuilder()
  .setName('Ask Footnote')
  .setType(ApplicationCommandType.Message)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);

/** User, role and channel mentions are not words of a question. */
export function messageQuestion(content: string): string {
  return content.replace(/<(@[!&]?|#)\d+>/g, ' ').replace(/@(everyone|here)\b/g, ' ');
}

export const askMenu: MessageCommand = {
  kind: 'message',
  data,
  execute: (interaction, ctx) =>
    answerInteraction(
      interaction,
      ctx,
      messageQuestion(interaction.targetMessage.content),
      false,
      'That message has no text I can read as a question. Try /ask instead.',
    ),
};

/** /ask question:<text> [private:<bool>] — answers by quoting and citing the story. */
import {
  ApplicationIntegrationType,
  InteractionContextType,
  SlashCommandBuilder,
  type AutocompleteInteraction,
} from 'discord.js';
import type { ChatCommand, HandlerContext } from '../context.js';
import { MAX_CHOICES, MAX_CHOICE_NAME_LENGTH, renderSuggestionChoices, renderTextChoices } from '../render.js';
import { MAX_QUESTION_LENGTH, cleanQuestion } from '../text.js';
import { answerInteraction } from './shared.js';

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question about the story; the answer quotes and cites its paragraphs.')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .addStringOption((option) =>
    option
      .setName('question')
      .setDescription('Your question — or pick a matching passage as you type')
      .setRequired(true)
      .setMaxLength(MAX_QUESTION_LENGTH)
      .setAutocomplete(true),
  )
  .addBooleanOption((option) => option.setName('private').setDescription('Only you see the answer'));

/** Suggestions for the text typed so far. From memory, never throws. */
export function suggestionsFor(ctx: HandlerContext, typed: string): ReturnType<typeof renderTextChoices> {
  const partial = cleanQuestion(typed);
  const suggestions = ctx.engine.suggest(partial, MAX_CHOICES, MAX_CHOICE_NAME_LENGTH);
  const choices = renderSuggestionChoices(suggestions, ctx.engine.documents);
  if (choices.length > 0 || partial !== '') return choices;
  return renderTextChoices(ctx.engine.exampleQuestions(MAX_CHOICES));
}

async function autocomplete(interaction: AutocompleteInteraction, ctx: HandlerContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const choices = focused.name === 'question' ? suggestionsFor(ctx, String(focused.value)) : [];
  await interaction.respond(choices);
}

export const ask: ChatCommand = {
  kind: 'chat',
  data,
  execute: (interaction, ctx) =>
    answerInteraction(
      interaction,
      ctx,
      interaction.options.getString('question', true),
      interaction.options.getBoolean('private') ?? false,
    ),
  autocomplete,
};

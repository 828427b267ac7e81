/** /passage number:<int> [document] — quotes one paragraph with its citation. */
import {
  ApplicationIntegrationType,
  InteractionContextType,
  SlashCommandBuilder,
  type AutocompleteInteraction,
} from 'discord.js';
import type { CorpusDocument } from '../../corpus/types.js';
import type { ChatCommand, HandlerContext } from '../context.js';
import { findByDocKey } from '../custom-id.js';
import { fitUserText, renderDocumentChoices, renderNotice, renderPassage } from '../render.js';
import { respond, visibilityFor } from '../respond.js';

export const data = new SlashCommandBuilder()
  .setName('passage')
  .setDescription('Quote one paragraph of the story, with its citation.')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .addIntegerOption((option) => option.setName('number').setDescription('The paragraph number (¶)').setRequired(true))
  .addStringOption((option) =>
    option.setName('document').setDescription('Which story (default: the first one)').setAutocomplete(true),
  );

/**
 * A document chosen by autocomplete value (its stable key, see custom-id.ts), id, or title.
 * Never by position: a value picked before articles were added or reordered still names its story.
 */
export function findDocument(docs: readonly CorpusDocument[], text: string | null): CorpusDocument | undefined {
  if (text === null || text.trim() === '') return docs[0];
  const wanted = text.trim();
  const lower = wanted.toLowerCase();
  return (
    findByDocKey(docs, wanted) ??
    docs.find((doc) => doc.id === wanted) ??
    docs.find((doc) => doc.title.toLowerCase() === lower) ??
    docs.find((doc) => doc.title.toLowerCase().includes(lower) || doc.id.toLowerCase().includes(lower))
  );
}

async function autocomplete(interaction: AutocompleteInteraction, ctx: HandlerContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const choices = focused.name === 'document' ? renderDocumentChoices(ctx.engine.documents, String(focused.value)) : [];
  await interaction.respond(choices);
}

export const passage: ChatCommand = {
  kind: 'chat',
  data,
  autocomplete,
  async execute(interaction, ctx) {
    const number = interaction.options.getInteger('number', true);
    const documentText = interaction.options.getString('document');
    const doc = findDocument(ctx.engine.documents, documentText);
    if (doc === undefined) {
      const text =
        ctx.engine.documents.length === 0
          ? 'I have no story loaded.'
          : `I don't know a story called “${fitUserText(documentText ?? '', 100)}”. Pick one from the list as you type.`;
      await respond(interaction, renderNotice(text), true);
      return { answered: false, outcome: 'unknown-document' };
    }
    const count = doc.paragraphs.length;
    const found = ctx.engine.passage(doc.id, number);
    if (found === undefined) {
      const range = count === 0 ? 'it has no paragraphs' : `its paragraphs are numbered 1–${count}`;
      const title = fitUserText(doc.title, 200);
      await respond(interaction, renderNotice(`There's no paragraph ${number} in “${title}” — ${range}.`), true);
      return { answered: false, outcome: 'out-of-range' };
    }
    const visibility = visibilityFor(interaction, ctx, false);
    await respond(interaction, renderPassage(found, ctx.engine.documents, visibility.note), visibility.ephemeral);
    return { answered: true, outcome: visibility.restricted ? 'passage-restricted' : 'passage' };
  },
};

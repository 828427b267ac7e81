/** /article — what the bot knows: each document's title, date and paragraph count, and example questions. */
import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { ChatCommand } from '../context.js';
import { renderArticle } from '../render.js';
import { respond, visibilityFor } from '../respond.js';

export const data = new SlashCommandBuilder()
  .setName('article')
  .setDescription('What I can answer questions about: the story, its date and size, and example questions.')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);

export const article: ChatCommand = {
  kind: 'chat',
  data,
  async execute(interaction, ctx) {
    const visibility = visibilityFor(interaction, ctx, false);
    const payload = renderArticle(ctx.engine.documents, ctx.engine.exampleQuestions(5));
    if (visibility.note !== undefined) payload.content = visibility.note;
    await respond(interaction, payload, visibility.ephemeral);
    return { answered: true, outcome: visibility.restricted ? 'article-restricted' : 'article' };
  },
};

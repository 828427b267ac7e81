/**
 * /article — what this place's answers draw on: the operator's articles, marked built-in, and in a
 * server its own articles (/stories add), with who added each and when.
 */
import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { ChatCommand, HandlerContext } from '../context.js';
import { formatDate, renderArticle } from '../render.js';
import { respond, visibilityFor } from '../respond.js';

export const data = new SlashCommandBuilder()
  .setName('article')
  .setDescription('What I can answer questions about: the story, its date and size, and example questions.')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);

/** "Built-in" for the operator's articles; "Added by @someone on 14 March 2031" for the server's. */
export function articleNotes(ctx: HandlerContext, guildId: string | null): Map<string, string> {
  const notes = new Map<string, string>();
  const stories = ctx.stories;
  if (stories === undefined) return notes;
  for (const doc of ctx.engine.documents) if (stories.library.isBuiltIn(doc.id)) notes.set(doc.id, 'Built-in');
  if (guildId === null) return notes;
  for (const story of stories.store.listStories(guildId)) {
    const day = formatDate(new Date(story.addedAt).toISOString().slice(0, 10));
    // A mention inside an embed never pings; it shows the moderator's current name.
    notes.set(story.id, `Added by <@${story.addedBy}> on ${day ?? 'an unknown day'}`);
  }
  return notes;
}

export const article: ChatCommand = {
  kind: 'chat',
  data,
  async execute(interaction, ctx) {
    const visibility = visibilityFor(interaction, ctx, false);
    const payload = renderArticle(
      ctx.engine.documents,
      ctx.engine.exampleQuestions(5),
      articleNotes(ctx, interaction.guildId),
    );
    if (visibility.note !== undefined) payload.content = visibility.note;
    await respond(interaction, payload, visibility.ephemeral);
    return { answered: true, outcome: visibility.restricted ? 'article-restricted' : 'article' };
  },
};

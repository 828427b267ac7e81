/**
 * /stories add|remove|unanswered — a server's moderators bring their own articles and see what
 * members asked that nothing answered. Guild only; Discord enforces who may use it
 * (default_member_permissions = Manage Server, changeable under Server Settings → Integrations).
 *
 * The fetching, reading and storing are elsewhere (src/ingest, src/stories, src/store): this file
 * only reads the options, calls them and renders what happened. Every reply is private.
 *
 * Adds and removes await the store's durable write before anything is confirmed. When the database
 * cannot be reached the write rejects with StoreUnavailableError, nothing is kept, and
 * interactions.ts turns it into the private "try again" reply.
 */
import {
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { StoreUnavailableError, type AddStoryResult, type StoredStory } from '../../store/settings.js';
import { UNANSWERED_MAX_PER_SERVER, UNANSWERED_RETENTION_MS } from '../../store/unanswered.js';
import { exampleQuestions } from '../../stories/examples.js';
import {
  IntakeError,
  draftFromAttachment,
  draftFromUrl,
  type Draft,
  type IntakeOptions,
} from '../../stories/intake.js';
import type { ChatCommand, HandlerContext, Outcome, StoriesDeps } from '../context.js';
import {
  escapeQuote,
  fitText,
  fitUserText,
  renderNotice,
  renderStoryAdded,
  renderStoryChoices,
  renderUnanswered,
} from '../render.js';
import { respond } from '../respond.js';

/** /stories unanswered looks this far back and shows this many. */
export const UNANSWERED_DAYS = 7;
export const UNANSWERED_SHOWN = 15;
const DAY_MS = 24 * 60 * 60 * 1000;

export const data = new SlashCommandBuilder()
  .setName('stories')
  .setDescription("Add or remove this server's own articles, and see questions I couldn't answer.")
  .setContexts(InteractionContextType.Guild)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Add an article from a .md/.txt file or a link to a news page (give one of them).')
      .addAttachmentOption((option) =>
        option.setName('file').setDescription('A .md or .txt file, written like the articles in corpus/'),
      )
      .addStringOption((option) =>
        option.setName('url').setDescription('A link to a news article (http or https)').setMaxLength(2000),
      )
      .addStringOption((option) =>
        option.setName('title').setDescription("The article's title (default: its own)").setMaxLength(200),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('remove')
      .setDescription("Remove one of this server's articles.")
      .addStringOption((option) =>
        option.setName('article').setDescription('The article to remove').setRequired(true).setAutocomplete(true),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('unanswered')
      .setDescription(
        `The questions asked here most often in the last ${UNANSWERED_DAYS} days that I couldn't answer.`,
      ),
  );

function quoted(title: string): string {
  return `“${fitText(title, 200, escapeQuote)}”`;
}

function intakeOptions(deps: StoriesDeps): IntakeOptions {
  return {
    maxFileBytes: deps.config.maxFileBytes,
    maxPageBytes: deps.config.maxPageBytes,
    allowLoopback: deps.config.allowLoopback,
    furniture: deps.furniture,
  };
}

function refusal(result: Exclude<AddStoryResult, { ok: true }>, draft: Draft, deps: StoriesDeps): string {
  switch (result.reason) {
    case 'too-many':
      return tooManyText(result.count, deps);
    case 'too-many-paragraphs':
      return (
        `${quoted(draft.title)} has ${draft.paragraphs.length} paragraphs and this server's articles already have ${result.paragraphs}: ` +
        `together that is more than the ${deps.config.maxParagraphs} paragraphs a server may have (STORIES_MAX_PARAGRAPHS). ` +
        'Remove an article with /stories remove, or add a shorter one.'
      );
    case 'duplicate':
      return `This server already has that article, as ${quoted(result.existing.title)}. Nothing was added.`;
  }
}

function tooManyText(count: number, deps: StoriesDeps): string {
  if (deps.config.maxPerServer === 0)
    return 'Adding articles is turned off on this bot (its operator set STORIES_MAX_PER_SERVER to 0).';
  return (
    `This server already has ${count} articles, the most it may have (STORIES_MAX_PER_SERVER is ${deps.config.maxPerServer}). ` +
    'Remove one with /stories remove first.'
  );
}

async function add(
  interaction: ChatInputCommandInteraction,
  ctx: HandlerContext,
  deps: StoriesDeps,
  guildId: string,
): Promise<Outcome> {
  const file = interaction.options.getAttachment('file');
  const url = interaction.options.getString('url')?.trim() || null;
  const title = interaction.options.getString('title');
  if ((file === null) === (url === null)) {
    const text =
      file === null
        ? 'Give me something to add: a `file` (a .md or .txt attachment) or a `url` (a link to a news page).'
        : 'Give either a `file` or a `url`, not both: one article at a time.';
    await respond(interaction, renderNotice(text), true);
    return { answered: false, outcome: 'story-bad-options' };
  }
  // Before downloading anything: a server at its limit gets told at once.
  const totals = deps.store.storyTotals(guildId);
  if (totals.count >= deps.config.maxPerServer) {
    await respond(interaction, renderNotice(tooManyText(totals.count, deps)), true);
    return { answered: false, outcome: 'story-limit' };
  }
  // Fetching and reading can take seconds (a 10 s fetch deadline): past Discord's 3.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let draft: Draft;
  try {
    draft =
      file !== null
        ? await draftFromAttachment({ name: file.name, size: file.size, url: file.url }, intakeOptions(deps), title)
        : await draftFromUrl(url!, intakeOptions(deps), title);
  } catch (error) {
    if (!(error instanceof IntakeError)) throw error;
    await respond(
      interaction,
      renderNotice(`I couldn't add that article. ${fitUserText(error.message, 1500)}\nNothing was stored.`),
      true,
    );
    ctx.logger.info({ guild: guildId, reason: error.message.slice(0, 300) }, 'article refused');
    return { answered: false, outcome: 'story-refused' };
  }
  const result = await deps.store.addStory(
    { ...draft, guildId, addedBy: interaction.user.id },
    { maxPerServer: deps.config.maxPerServer, maxParagraphs: deps.config.maxParagraphs },
  );
  if (!result.ok) {
    await respond(interaction, renderNotice(`${refusal(result, draft, deps)}`), true);
    return { answered: false, outcome: `story-${result.reason}` };
  }
  const story = result.story;
  // The article is stored (durably) before anything is confirmed; the server's engine is rebuilt,
  // ahead of other builds, and the confirmation waits for it so that answers quote it at once.
  const engine = await deps.library.refresh(guildId, true);
  const examples = exampleQuestions(engine, story.id, story.paragraphs, draft.examples);
  if (examples.length > 0) {
    deps.library.setExamples(guildId, story.id, examples);
    try {
      await deps.store.setStoryExamples(guildId, story.id, examples);
    } catch (error) {
      // The article itself is kept (durably); only its example questions are not, until a restart.
      if (!(error instanceof StoreUnavailableError)) throw error;
      ctx.logger.warn(
        { guild: guildId, story: story.id },
        'article added, but its example questions could not be stored (database unreachable)',
      );
    }
  }
  ctx.logger.info(
    { guild: guildId, story: story.id, paragraphs: story.paragraphs.length, from: file !== null ? 'file' : 'url' },
    'article added',
  );
  await respond(
    interaction,
    renderStoryAdded({
      id: story.id,
      title: story.title,
      published: story.published,
      url: story.url,
      source: story.source,
      paragraphCount: story.paragraphs.length,
      firstParagraph: story.paragraphs[0] ?? '',
      examples,
    }),
    true,
  );
  return { answered: true, outcome: 'story-added' };
}

/** The server's article a `/stories remove` value names: its id (autocomplete), else its title. */
function findStory(stories: readonly StoredStory[], value: string): StoredStory | undefined {
  const wanted = value.trim();
  const lower = wanted.toLowerCase();
  const byTitle = stories.filter((story) => story.title.toLowerCase().includes(lower));
  return (
    stories.find((story) => story.id === wanted) ??
    stories.find((story) => story.title.toLowerCase() === lower) ??
    (byTitle.length === 1 ? byTitle[0] : undefined)
  );
}

async function remove(
  interaction: ChatInputCommandInteraction,
  ctx: HandlerContext,
  deps: StoriesDeps,
  guildId: string,
): Promise<Outcome> {
  const value = interaction.options.getString('article', true);
  const story = findStory(deps.store.listStories(guildId), value);
  if (story === undefined) {
    const builtIn = ctx.engine.documents.find(
      (doc) =>
        deps.library.isBuiltIn(doc.id) &&
        (doc.id === value.trim() || doc.title.toLowerCase() === value.trim().toLowerCase()),
    );
    const text =
      builtIn !== undefined
        ? `${quoted(builtIn.title)} is one of my built-in articles, which only the bot's operator can remove.`
        : `This server has no article called “${fitUserText(value, 100)}”. Pick one from the list as you type.`;
    await respond(interaction, renderNotice(text), true);
    return { answered: false, outcome: builtIn !== undefined ? 'story-built-in' : 'story-unknown' };
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const removed = await deps.store.removeStory(guildId, story.id);
  if (removed === undefined) {
    await respond(interaction, renderNotice(`${quoted(story.title)} was already removed.`), true);
    return { answered: false, outcome: 'story-unknown' };
  }
  await deps.library.refresh(guildId, false);
  ctx.logger.info({ guild: guildId, story: removed.id }, 'article removed');
  await respond(
    interaction,
    renderNotice(
      `Removed ${quoted(removed.title)} (${removed.paragraphs.length} paragraphs). Answers in this server no longer quote it.`,
    ),
    true,
  );
  return { answered: true, outcome: 'story-removed' };
}

async function unanswered(
  interaction: ChatInputCommandInteraction,
  deps: StoriesDeps,
  guildId: string,
): Promise<Outcome> {
  if (deps.unanswered === undefined) {
    await respond(
      interaction,
      renderNotice(
        "I am not keeping unanswered questions: the bot's operator turned that off (RECORD_UNANSWERED=false).",
      ),
      true,
    );
    return { answered: false, outcome: 'unanswered-off' };
  }
  const groups = await deps.unanswered.top(guildId, Date.now() - UNANSWERED_DAYS * DAY_MS, UNANSWERED_SHOWN);
  const footer =
    `Grouped by their words, ignoring case and punctuation. Kept ${UNANSWERED_RETENTION_MS / DAY_MS} days, ` +
    `at most ${UNANSWERED_MAX_PER_SERVER.toLocaleString('en-US')} per server; who asked is never kept.`;
  await respond(interaction, renderUnanswered(groups, UNANSWERED_DAYS, footer), true);
  return { answered: true, outcome: 'unanswered' };
}

async function autocomplete(interaction: AutocompleteInteraction, ctx: HandlerContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const guildId = interaction.guildId;
  if (focused.name !== 'article' || guildId === null || ctx.stories === undefined) {
    await interaction.respond([]);
    return;
  }
  // Only this server's own articles: the built-in ones cannot be removed from here.
  await interaction.respond(renderStoryChoices(ctx.stories.store.listStories(guildId), String(focused.value)));
}

export const stories: ChatCommand = {
  kind: 'chat',
  data,
  autocomplete,
  async execute(interaction, ctx) {
    const guildId = interaction.guildId;
    if (guildId === null || ctx.stories === undefined) {
      await respond(interaction, renderNotice("A server's own articles can only be managed in that server."), true);
      return { answered: false, outcome: 'not-in-guild' };
    }
    switch (interaction.options.getSubcommand()) {
      case 'add':
        return add(interaction, ctx, ctx.stories, guildId);
      case 'remove':
        return remove(interaction, ctx, ctx.stories, guildId);
      default:
        return unanswered(interaction, ctx.stories, guildId);
    }
  },
};

/**
 * End to end: each server brings its own stories (issue #17). The real bot process against the
 * Discord API v10 double, with attachments served by the double and pages by a web server, both on
 * 127.0.0.1 (STORIES_FETCH_ALLOW_LOOPBACK=true lets 127.0.0.1, and only it, be fetched).
 *
 * - /stories add by attachment and by URL; the reply; /ask cites the new article in that server
 *   only (not in another server, not in DMs); /passage, autocomplete and /article follow the scope.
 * - /stories remove; a button citing the removed article says so; answers stop quoting it at once.
 * - Bad options, bad files (the corpus loader's messages), refused links, each limit.
 * - /stories unanswered after a few declined questions.
 * - A restart keeps the articles; a kill -9 straight after a confirmed add keeps it too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MEMBER_PERMISSIONS,
  DiscordDouble,
  type DoubleAttachment,
  type InteractionHandle,
  type SettledReply,
} from '../support/discord-double.ts';
import { REPO_ROOT, addAutoChannel, startBot, tempDir, type BotProcess } from '../support/bot-process.ts';
import { PageServer } from '../support/page-server.ts';
import { messagesWithUnsafeMentions } from '../support/mentions.ts';
import { parseArticle } from '../../src/corpus/index.ts';

const SUBCOMMAND = 1;
const STRING = 3;
const INTEGER = 4;
const ATTACHMENT = 11;

const GUILD_A = '900000000000000001';
const GENERAL_A = '900000000000000010';
const GUILD_B = '900000000000000002';
const GENERAL_B = '900000000000000020';
const GUILD_LIMITS = '900000000000000003';
const GENERAL_LIMITS = '900000000000000030';
const MODERATOR_ID = '100000000000000050';
const MODERATOR = (DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild).toString();

const LIMITS = {
  STORIES_MAX_PER_SERVER: '3',
  STORIES_MAX_PARAGRAPHS: '40',
  STORIES_MAX_FILE_BYTES: '20000',
  STORIES_MAX_PAGE_BYTES: '64KiB',
};

const GARDEN = `---
title: Lakeside school opens a rooftop garden
published: 2031-05-02
source: Lakeside Courier
---

Pupils at Alder Bank primary school in Lakeside planted the first seeds in a new rooftop garden on Thursday, after two years of fundraising by parents.

The garden covers 400 square metres of the school's flat roof and has twelve raised beds, a rainwater tank and a small greenhouse.

Head teacher Miriam Castellano said each class would look after one bed and cook what it grows in the school kitchen.

Advertisement

The project cost 85,000 dollars. Parents raised 30,000 dollars with a sponsored walk and a summer fair, and a local building firm, Hollis and Daughters, paid for the waterproofing.

The school hopes to sell surplus vegetables at the Saturday market on Pier Street from September.
`;
const GARDEN_TITLE = 'Lakeside school opens a rooftop garden';
const HARBOR_TITLE = 'Harbor bridge to close for six weeks of repairs';
const HARBOR_HTML = readFileSync(path.join(REPO_ROOT, 'tests/fixtures/pages/harbor-bridge.html'), 'utf8');

let double: DiscordDouble;
let pages: PageServer;
let bot: BotProcess | undefined;
let data: ReturnType<typeof tempDir>;

function env(): Record<string, string> {
  return {
    DISCORD_API_URL: double.apiUrl,
    DISCORD_TOKEN: double.token,
    DATA_DIR: data.dir,
    ASK_COOLDOWN_SECONDS: '0',
    STORIES_FETCH_ALLOW_LOOPBACK: 'true',
    ...LIMITS,
  };
}

beforeAll(async () => {
  double = await DiscordDouble.start({
    heartbeatIntervalMs: 500,
    guilds: [
      { id: GUILD_A, name: 'Lakeside readers', channels: [{ id: GENERAL_A, name: 'general' }] },
      { id: GUILD_B, name: 'Another server', channels: [{ id: GENERAL_B, name: 'general' }] },
      { id: GUILD_LIMITS, name: 'Limits', channels: [{ id: GENERAL_LIMITS, name: 'general' }] },
    ],
  });
  pages = await PageServer.start();
  pages.route('/news/harbor-bridge', { headers: { 'content-type': 'text/html; charset=utf-8' }, body: HARBOR_HTML });
  data = tempDir('footnote-stories-');
  bot = await startBot(env());
});

afterAll(async () => {
  await bot?.stop('SIGKILL');
  await double?.close();
  await pages?.close();
  data?.remove();
});

function where(guildId: string): { guildId: string; channelId: string } {
  const channelId = guildId === GUILD_A ? GENERAL_A : guildId === GUILD_B ? GENERAL_B : GENERAL_LIMITS;
  return { guildId, channelId };
}

interface AddOptions {
  file?: DoubleAttachment;
  url?: string;
  title?: string;
}

function storiesAdd(guildId: string, options: AddOptions): InteractionHandle {
  const sub: { name: string; type: number; value: string }[] = [];
  if (options.file !== undefined) sub.push({ name: 'file', type: ATTACHMENT, value: options.file.id });
  if (options.url !== undefined) sub.push({ name: 'url', type: STRING, value: options.url });
  if (options.title !== undefined) sub.push({ name: 'title', type: STRING, value: options.title });
  return double.sendSlashCommand({
    name: 'stories',
    ...where(guildId),
    userId: MODERATOR_ID,
    memberPermissions: MODERATOR,
    options: [{ name: 'add', type: SUBCOMMAND, options: sub }],
  });
}

function addFile(
  guildId: string,
  filename: string,
  content: Buffer | string,
  extra: { size?: number; title?: string } = {},
): Promise<SettledReply> {
  const file = double.addAttachment({
    filename,
    content,
    contentType: 'text/plain; charset=utf-8',
    ...(extra.size !== undefined ? { size: extra.size } : {}),
  });
  return storiesAdd(guildId, { file, ...(extra.title !== undefined ? { title: extra.title } : {}) }).settled(20_000);
}

function addUrl(guildId: string, url: string): Promise<SettledReply> {
  return storiesAdd(guildId, { url }).settled(20_000);
}

function storiesCommand(
  guildId: string,
  sub: 'remove' | 'unanswered',
  options: { name: string; type: number; value: string }[] = [],
): Promise<SettledReply> {
  return double
    .sendSlashCommand({
      name: 'stories',
      ...where(guildId),
      userId: MODERATOR_ID,
      memberPermissions: MODERATOR,
      options: [{ name: sub, type: SUBCOMMAND, options }],
    })
    .settled(15_000);
}

function ask(question: string, guildId: string | 'dm'): Promise<SettledReply> {
  const options = [{ name: 'question', type: STRING, value: question }];
  return double
    .sendSlashCommand({ name: 'ask', options, ...(guildId === 'dm' ? { dm: true } : where(guildId)) })
    .settled();
}

interface Field {
  name: string;
  value: string;
}

function embed(reply: SettledReply): {
  title?: string;
  description?: string;
  fields?: Field[];
  footer?: { text: string };
} {
  return (reply.embeds[0] ?? {}) as {
    title?: string;
    description?: string;
    fields?: Field[];
    footer?: { text: string };
  };
}

function fields(reply: SettledReply): Field[] {
  return embed(reply).fields ?? [];
}

function buttons(reply: SettledReply): { custom_id?: string; label?: string; url?: string }[] {
  return reply.components.flatMap(
    (row) => (row as { components: { custom_id?: string; label?: string; url?: string }[] }).components,
  );
}

/** A reply's text as the reader sees it (Markdown escapes undone). */
function plain(reply: SettledReply): string {
  return reply.content.replace(/\\(.)/g, '$1');
}

/** The corpus loader's message for `bytes` read as a file called `name`. */
function loaderMessage(name: string, bytes: Buffer | string): string {
  try {
    parseArticle('x', typeof bytes === 'string' ? Buffer.from(bytes) : bytes, name, ['Advertisement']);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${name} was accepted`);
}

let gardenId = '';
let harborId = '';

describe('/stories add', () => {
  it('adds an attachment in the corpus format, privately, with ¶1, two example questions and how to remove it', async () => {
    const downloadsBefore = double.attachmentDownloads.length;
    const reply = await addFile(GUILD_A, 'rooftop-garden.md', GARDEN);
    expect(reply.ephemeral).toBe(true);
    expect(embed(reply).title).toBe(`Added: ${GARDEN_TITLE}`);
    expect(embed(reply).description).toMatch(/5 paragraphs/);
    const [first, examples, howToRemove] = fields(reply);
    expect(first!.name).toBe(`¶1 · ${GARDEN_TITLE}`);
    expect(first!.value).toMatch(/^Pupils at Alder Bank primary school/);
    expect(examples!.name).toBe('Try asking');
    expect(examples!.value.split('\n')).toHaveLength(2);
    expect(howToRemove!.name).toBe('To remove it');
    expect(howToRemove!.value).toContain('/stories remove');
    expect(embed(reply).footer?.text).toBe('Source: Lakeside Courier · 2 May 2031');
    expect(double.attachmentDownloads.length).toBe(downloadsBefore + 1);
    expect(reply.allowedMentions).toEqual({ parse: [], replied_user: false });
  });

  it('answers with the new article, citing its title and ¶N, in that server only', async () => {
    const started = Date.now();
    const answer = await ask('How much did the project cost?', GUILD_A);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fields(answer)[0]?.name).toBe(`¶4 · ${GARDEN_TITLE}`);
    expect(fields(answer)[0]?.value).toMatch(/85,000 dollars/);
    gardenId =
      /^ctx:(story-\d+):4$/.exec(buttons(answer).find((b) => b.label === 'Context ¶4')?.custom_id ?? '')?.[1] ?? '';
    expect(gardenId).toMatch(/^story-\d+$/);

    for (const elsewhere of [GUILD_B, 'dm'] as const) {
      const other = await ask('How much did the project cost?', elsewhere);
      expect(other.content).toMatch(/doesn't say/);
      expect(other.content).not.toContain('¶');
      expect(JSON.stringify(other)).not.toContain(GARDEN_TITLE);
    }
    // The operator's story still answers in the server.
    const story = await ask('Why did Iraq’s parliament vote?', GUILD_A);
    expect(fields(story)[0]?.name).toMatch(/^¶\d+ · Iraq’s parliament/);
  });

  it('adds a news page by URL: its article paragraphs in order, without menus, ads or comments', async () => {
    const reply = await addUrl(GUILD_A, `${pages.origin}/news/harbor-bridge`);
    expect(reply.ephemeral).toBe(true);
    expect(embed(reply).title).toBe(`Added: ${HARBOR_TITLE}`);
    expect(embed(reply).description).toMatch(/7 paragraphs/);
    expect(fields(reply)[0]!.value).toMatch(/^The Millbrook harbor bridge will close/);
    expect(embed(reply).footer?.text).toBe('Source: The Lakeside Courier · 14 March 2031');
    expect(buttons(reply).find((b) => b.url !== undefined)?.url).toBe(
      'https://courier.example/news/2031/03/harbor-bridge-closure',
    );

    const answer = await ask('How many vehicles cross the bridge on a weekday?', GUILD_A);
    expect(fields(answer)[0]?.name).toBe(`¶3 · ${HARBOR_TITLE}`);
    harborId =
      /^ctx:(story-\d+):3$/.exec(buttons(answer).find((b) => b.label === 'Context ¶3')?.custom_id ?? '')?.[1] ?? '';
    expect(harborId).toMatch(/^story-\d+$/);

    // Every paragraph, through /passage: the story's seven, and nothing of the page around them.
    const texts: string[] = [];
    for (let n = 1; n <= 8; n++) {
      const passage = await double
        .sendSlashCommand({
          name: 'passage',
          ...where(GUILD_A),
          options: [
            { name: 'number', type: INTEGER, value: n },
            { name: 'document', type: STRING, value: harborId },
          ],
        })
        .settled();
      texts.push(embed(passage).description ?? passage.content);
    }
    expect(texts[0]).toMatch(/^The Millbrook harbor bridge/);
    expect(texts[6]).toMatch(/^The repair contract/);
    expect(texts[7]).toMatch(/no paragraph 8 .* 1–7/);
    const joined = texts.join('\n');
    for (const junk of [
      'Pizza Planet',
      'Advertisement',
      'Subscribe',
      'harborwatcher',
      'About time',
      'Most read',
      'Cookies',
      'Share on',
      'Related stories',
      'All rights reserved',
    ]) {
      expect(joined).not.toContain(junk);
    }
  });

  it('scopes /passage, autocomplete and /article to the server', async () => {
    const inB = await double
      .sendSlashCommand({
        name: 'passage',
        ...where(GUILD_B),
        options: [
          { name: 'number', type: INTEGER, value: 1 },
          { name: 'document', type: STRING, value: gardenId },
        ],
      })
      .settled();
    expect(inB.content).toMatch(/I don't know a story called/);

    const docChoicesA = await double
      .sendAutocomplete({
        name: 'passage',
        ...where(GUILD_A),
        options: [
          { name: 'number', type: INTEGER, value: 1 },
          { name: 'document', type: STRING, value: '', focused: true },
        ],
      })
      .settled();
    expect(docChoicesA.choices?.map((c) => c.name)).toEqual(expect.arrayContaining([GARDEN_TITLE, HARBOR_TITLE]));
    const docChoicesB = await double
      .sendAutocomplete({
        name: 'passage',
        ...where(GUILD_B),
        options: [
          { name: 'number', type: INTEGER, value: 1 },
          { name: 'document', type: STRING, value: '', focused: true },
        ],
      })
      .settled();
    expect(docChoicesB.choices).toHaveLength(1);

    const suggestA = await double
      .sendAutocomplete({
        name: 'ask',
        ...where(GUILD_A),
        options: [{ name: 'question', type: STRING, value: 'rooftop', focused: true }],
      })
      .settled();
    expect(suggestA.choices?.length).toBeGreaterThan(0);
    const suggestB = await double
      .sendAutocomplete({
        name: 'ask',
        ...where(GUILD_B),
        options: [{ name: 'question', type: STRING, value: 'rooftop', focused: true }],
      })
      .settled();
    expect(JSON.stringify(suggestB.choices)).not.toMatch(/rooftop/i);

    const removeChoices = await double
      .sendAutocomplete({
        name: 'stories',
        ...where(GUILD_A),
        memberPermissions: MODERATOR,
        options: [
          { name: 'remove', type: SUBCOMMAND, options: [{ name: 'article', type: STRING, value: '', focused: true }] },
        ],
      })
      .settled();
    expect(removeChoices.choices?.map((c) => c.value)).toEqual([gardenId, harborId]);
    const removeChoicesB = await double
      .sendAutocomplete({
        name: 'stories',
        ...where(GUILD_B),
        memberPermissions: MODERATOR,
        options: [
          { name: 'remove', type: SUBCOMMAND, options: [{ name: 'article', type: STRING, value: '', focused: true }] },
        ],
      })
      .settled();
    expect(removeChoicesB.choices).toEqual([]);

    const articleA = await double.sendSlashCommand({ name: 'article', ...where(GUILD_A) }).settled();
    const listed = fields(articleA);
    expect(listed[0]!.name).toMatch(/^Iraq’s parliament/);
    expect(listed[0]!.value).toMatch(/^Built-in · /);
    expect(listed[1]!.name).toBe(GARDEN_TITLE);
    expect(listed[1]!.value).toMatch(
      new RegExp(`^Added by <@${MODERATOR_ID}> on \\d+ \\w+ \\d{4} · Published 2 May 2031 · 5 paragraphs`),
    );
    expect(listed[2]!.name).toBe(HARBOR_TITLE);
    const articleB = await double.sendSlashCommand({ name: 'article', ...where(GUILD_B) }).settled();
    expect(fields(articleB).map((f) => f.name)).not.toContain(GARDEN_TITLE);
    expect(fields(articleB)[0]!.value).toMatch(/^Built-in/);
  });

  it('answers from the server’s own articles in an auto channel too', async () => {
    await addAutoChannel(double, GENERAL_A);
    const asked = double.dispatchMessage({
      channelId: GENERAL_A,
      content: `<@${double.botUserId}> how much did the project cost?`,
      mentionsBot: true,
      authorId: '100000000000000077',
    });
    const reply = await double.waitUntil(
      () => double.botMessages().find((m) => m.messageReference?.messageId === asked),
      10_000,
      'the reply',
    );
    expect((reply.embeds[0] as { fields?: Field[] }).fields?.[0]?.name).toBe(`¶4 · ${GARDEN_TITLE}`);
  });

  it('lets another server answer while one adds an article', async () => {
    const adding = storiesAdd(GUILD_A, {
      url: `${pages.origin}/news/harbor-bridge`,
      title: 'The bridge again',
    }).settled(20_000);
    const started = Date.now();
    const elsewhere = await ask('Why did Iraq’s parliament vote?', GUILD_B);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(fields(elsewhere).length).toBeGreaterThan(0);
    // The same page twice is the same article.
    expect((await adding).content).toMatch(/already has that article, as “Harbor bridge/);
  });
});

describe('/stories remove', () => {
  it('removes an article: answers stop quoting it at once, and a button citing it says so politely', async () => {
    const before = await ask('How many vehicles cross the bridge on a weekday?', GUILD_A);
    const context = buttons(before).find((b) => b.label === 'Context ¶3')!.custom_id!;

    const removed = await storiesCommand(GUILD_A, 'remove', [{ name: 'article', type: STRING, value: harborId }]);
    expect(removed.ephemeral).toBe(true);
    expect(removed.content).toBe(
      `Removed “${HARBOR_TITLE}” (7 paragraphs). Answers in this server no longer quote it.`,
    );

    const started = Date.now();
    const after = await ask('How many vehicles cross the bridge on a weekday?', GUILD_A);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(JSON.stringify(after)).not.toContain(HARBOR_TITLE);

    const pressed = await double.sendButton({ customId: context, ...where(GUILD_A) }).settled();
    expect(pressed.ephemeral).toBe(true);
    expect(pressed.content).toBe(
      'Sorry — the article this cites was removed from this server, so I can no longer show its passages.',
    );
  });

  it('cannot remove a built-in article or another server’s', async () => {
    const builtIn = await storiesCommand(GUILD_A, 'remove', [
      { name: 'article', type: STRING, value: 'iraq-parliament-votes-to-expel-us-troops' },
    ]);
    expect(builtIn.content).toMatch(/is one of my built-in articles, which only the bot's operator can remove/);
    const foreign = await storiesCommand(GUILD_B, 'remove', [{ name: 'article', type: STRING, value: gardenId }]);
    expect(foreign.content).toMatch(/This server has no article called/);
    const still = await ask('How much did the project cost?', GUILD_A);
    expect(fields(still)[0]?.name).toBe(`¶4 · ${GARDEN_TITLE}`);
  });
});

describe('bad input to /stories add', () => {
  it('needs exactly one of file and url', async () => {
    const neither = await storiesAdd(GUILD_B, {}).settled();
    expect(neither.ephemeral).toBe(true);
    expect(neither.content).toMatch(/Give me something to add: a `file`/);
    const file = double.addAttachment({ filename: 'a.md', content: GARDEN });
    const both = await storiesAdd(GUILD_B, { file, url: `${pages.origin}/news/harbor-bridge` }).settled();
    expect(both.content).toMatch(/Give either a `file` or a `url`, not both/);
  });

  const BAD_FILES: { name: string; content: Buffer | string; expected: RegExp | 'loader' }[] = [
    {
      name: 'photo.png',
      content: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      expected: /photo\.png: only \.md and \.txt files can be added/,
    },
    { name: 'empty.md', content: '', expected: 'loader' },
    { name: 'only-front-matter.md', content: '---\ntitle: Nothing here\n---\n\nAdvertisement\n', expected: 'loader' },
    { name: 'binary.txt', content: Buffer.from('Some text\u0000\u0001\u0002 and then binary'), expected: 'loader' },
    { name: 'latin1.txt', content: Buffer.from('Caf\xe9 society meets on Tuesdays.\n', 'latin1'), expected: 'loader' },
    { name: 'unclosed.md', content: '---\ntitle: Broken\n\nThe front matter never closes.\n', expected: 'loader' },
    { name: 'bad-line.md', content: '---\ntitle: Broken\nthis is not a pair\n---\n\nText.\n', expected: 'loader' },
    { name: 'bad-date.md', content: '---\npublished: last Tuesday\n---\n\nText.\n', expected: 'loader' },
  ];
  for (const bad of BAD_FILES) {
    it(`refuses ${bad.name} with the corpus loader's message, storing nothing`, async () => {
      const reply = await addFile(GUILD_B, bad.name, bad.content);
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toMatch(/^I couldn't add that article\. /);
      expect(reply.content).toMatch(/Nothing was stored\.$/);
      if (bad.expected === 'loader') {
        const message = loaderMessage(bad.name, bad.content);
        expect(message).toMatch(/^.+\.(md|txt): /);
        // The same sentence, Markdown-escaped for Discord.
        expect(plain(reply)).toContain(message);
      } else {
        expect(plain(reply)).toMatch(bad.expected);
      }
    });
  }

  it('stored none of them', async () => {
    const articleB = await double.sendSlashCommand({ name: 'article', ...where(GUILD_B) }).settled();
    expect(fields(articleB).filter((f) => f.name !== 'Try asking')).toHaveLength(1);
  });
});

describe('refused links', () => {
  beforeAll(() => {
    pages.route('/redirect-to-loopback', (server) => ({
      status: 302,
      headers: { location: `http://127.0.0.2:${server.port}/news/harbor-bridge` },
    }));
    pages.route('/redirect-to-private', { status: 301, headers: { location: 'http://10.0.0.5/news' } });
    pages.route('/redirect-to-metadata', {
      status: 307,
      headers: { location: 'http://169.254.169.254/latest/meta-data/' },
    });
    pages.route('/hop1', { status: 302, headers: { location: '/hop2' } });
    pages.route('/hop2', { status: 302, headers: { location: '/hop3' } });
    pages.route('/hop3', { status: 302, headers: { location: '/hop4' } });
    pages.route('/hop4', { status: 302, headers: { location: '/news/harbor-bridge' } });
    pages.route('/big-declared', {
      headers: { 'content-type': 'text/html' },
      body: `<html><body>${'<p>Filler text for a page far too big.</p>'.repeat(2000)}</body></html>`,
    });
    pages.route('/big-chunked', {
      headers: { 'content-type': 'text/html' },
      chunked: true,
      body: `<html><body>${'<p>Filler text for a page far too big.</p>'.repeat(2000)}</body></html>`,
    });
    pages.route('/image', {
      headers: { 'content-type': 'image/png' },
      body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
    });
    pages.route('/missing', { status: 404, headers: { 'content-type': 'text/html' }, body: 'gone' });
  });

  const REFUSALS: { what: string; url: () => string; expected: RegExp }[] = [
    {
      what: 'a private address',
      url: () => 'http://10.0.0.5/news/story',
      expected:
        /The link points to 10\.0\.0\.5: a private network address\. I only fetch pages from public web addresses\./,
    },
    {
      what: 'the cloud metadata address',
      url: () => 'http://169.254.169.254/latest/meta-data/',
      expected: /The link points to 169\.254\.169\.254: a cloud metadata service address\./,
    },
    {
      what: 'a CGNAT address',
      url: () => 'http://100.64.1.2/',
      expected: /100\.64\.1\.2: a carrier-grade NAT address/,
    },
    {
      what: 'IPv6 loopback',
      url: () => 'http://[::1]:80/',
      expected: /::1: this machine itself \(a loopback address\)/,
    },
    {
      what: 'a loopback address other than 127.0.0.1',
      url: () => `http://127.0.0.2:${pages.port}/news/harbor-bridge`,
      expected: /127\.0\.0\.2: this machine itself/,
    },
    {
      what: 'a redirect to loopback',
      url: () => `${pages.origin}/redirect-to-loopback`,
      expected: /The link redirected to 127\.0\.0\.2: this machine itself \(a loopback address\)\./,
    },
    {
      what: 'a redirect to a private address',
      url: () => `${pages.origin}/redirect-to-private`,
      expected: /The link redirected to 10\.0\.0\.5: a private network address\./,
    },
    {
      what: 'a redirect to the metadata address',
      url: () => `${pages.origin}/redirect-to-metadata`,
      expected: /The link redirected to 169\.254\.169\.254: a cloud metadata service address\./,
    },
    { what: 'more than 3 redirects', url: () => `${pages.origin}/hop1`, expected: /redirected more than 3 times/ },
    {
      what: 'a page too big (Content-Length)',
      url: () => `${pages.origin}/big-declared`,
      expected: /The page is \d+\.\d KiB; more than the 64 KiB I accept \(STORIES_MAX_PAGE_BYTES\)\./,
    },
    {
      what: 'a page too big (read)',
      url: () => `${pages.origin}/big-chunked`,
      expected: /The page is larger than the 64 KiB I accept \(STORIES_MAX_PAGE_BYTES\)\./,
    },
    {
      what: 'a wrong content type',
      url: () => `${pages.origin}/image`,
      expected: /The page is “image\/png”, not a web page or text: I accept only text\/html and text\/plain\./,
    },
    { what: 'an HTTP error', url: () => `${pages.origin}/missing`, expected: /answered 404 Not Found/ },
    {
      what: 'another scheme',
      url: () => 'file:///etc/passwd',
      expected: /Only http:\/\/ and https:\/\/ links can be fetched, not file: links\./,
    },
    { what: 'not a URL', url: () => 'the harbor story please', expected: /is not a web address/ },
  ];
  for (const refusal of REFUSALS) {
    it(`refuses ${refusal.what}, privately, storing nothing`, async () => {
      const reply = await addUrl(GUILD_B, refusal.url());
      expect(reply.ephemeral).toBe(true);
      expect(plain(reply)).toMatch(refusal.expected);
      expect(reply.content).toMatch(/Nothing was stored\.$/);
    });
  }

  it('never reached 127.0.0.2, and stored nothing', async () => {
    expect(pages.requests.some((request) => request.host?.startsWith('127.0.0.2'))).toBe(false);
    const articleB = await double.sendSlashCommand({ name: 'article', ...where(GUILD_B) }).settled();
    expect(fields(articleB).filter((f) => f.name !== 'Try asking')).toHaveLength(1);
  });
});

describe('limits', () => {
  const small = (n: number, paragraphs = 5): string =>
    `# Small story ${n}\n\n` +
    Array.from(
      { length: paragraphs },
      (_, i) => `Paragraph ${i + 1} of small story number ${n} about the village fete.`,
    ).join('\n\n');

  it(`STORIES_MAX_FILE_BYTES: a file larger than the limit is refused before it is downloaded`, async () => {
    const downloads = double.attachmentDownloads.length;
    const reply = await addFile(GUILD_LIMITS, 'huge.md', small(0), { size: 30_000 });
    expect(plain(reply)).toMatch(/huge\.md: is 29\.3 KiB; files can be at most 19\.5 KiB \(STORIES_MAX_FILE_BYTES\)\./);
    expect(double.attachmentDownloads.length).toBe(downloads);
  });

  it('STORIES_MAX_FILE_BYTES: a file whose bytes are larger than announced is cut off while downloading', async () => {
    const reply = await addFile(GUILD_LIMITS, 'liar.md', `# Liar\n\n${'Words words words. '.repeat(2000)}`, {
      size: 100,
    });
    expect(plain(reply)).toMatch(/liar\.md is .*more than the 19\.5 KiB I accept \(STORIES_MAX_FILE_BYTES\)\./);
  });

  it('STORIES_MAX_PARAGRAPHS: paragraphs over all of a server’s articles', async () => {
    expect((await addFile(GUILD_LIMITS, 's1.md', small(1, 30))).embeds).toHaveLength(1);
    const reply = await addFile(GUILD_LIMITS, 's2.md', small(2, 11));
    expect(plain(reply)).toMatch(
      /“Small story 2” has 11 paragraphs and this server's articles already have 30: together that is more than the 40 paragraphs a server may have \(STORIES_MAX_PARAGRAPHS\)\./,
    );
  });

  it('STORIES_MAX_PER_SERVER: articles per server', async () => {
    expect((await addFile(GUILD_LIMITS, 's3.md', small(3, 2))).embeds).toHaveLength(1);
    expect((await addFile(GUILD_LIMITS, 's4.md', small(4, 2))).embeds).toHaveLength(1);
    const downloads = double.attachmentDownloads.length;
    const reply = await addFile(GUILD_LIMITS, 's5.md', small(5, 2));
    expect(plain(reply)).toMatch(
      /This server already has 3 articles, the most it may have \(STORIES_MAX_PER_SERVER is 3\)\. Remove one with \/stories remove first\./,
    );
    expect(double.attachmentDownloads.length).toBe(downloads);
  });
});

describe('/stories unanswered', () => {
  it('lists the questions declined in this server in the last 7 days, grouped, with counts', async () => {
    for (const question of [
      'Who won the football match?',
      'who won the FOOTBALL match',
      'Who won the football match!!',
      'What time does the bakery open?',
    ]) {
      expect((await ask(question, GUILD_A)).content).toMatch(/doesn't say/);
    }
    expect((await ask('What is the weather on Mars?', GUILD_B)).content).toMatch(/doesn't say/);
    await ask('Who won the chess final?', 'dm');

    const reply = await storiesCommand(GUILD_A, 'unanswered');
    expect(reply.ephemeral).toBe(true);
    expect(embed(reply).title).toBe("Questions I couldn't answer here in the last 7 days");
    const lines = embed(reply).description!.split('\n');
    expect(lines[0]).toBe('1. Who won the football match!! — 3 times');
    // Once each, newest first: the bakery, and the bridge question asked after its article was removed.
    expect(lines.slice(1)).toEqual([
      '2. What time does the bakery open? — once',
      '3. How many vehicles cross the bridge on a weekday? — once',
    ]);
    expect(embed(reply).footer?.text).toMatch(/Kept 30 days, at most 1,000 per server; who asked is never kept\./);

    const inLimits = await storiesCommand(GUILD_LIMITS, 'unanswered');
    expect(inLimits.content).toBe('No questions went unanswered in this server in the last 7 days.');
  });
});

describe('durability', () => {
  it('keeps the articles over a restart, and the removed one stays removed', async () => {
    await bot!.stop();
    bot = await startBot(env());
    const answer = await ask('How much did the project cost?', GUILD_A);
    expect(fields(answer)[0]?.name).toBe(`¶4 · ${GARDEN_TITLE}`);
    const gone = await ask('How many vehicles cross the bridge on a weekday?', GUILD_A);
    expect(JSON.stringify(gone)).not.toContain(HARBOR_TITLE);
  });

  it('keeps an article confirmed just before a kill -9', async () => {
    const handle = storiesAdd(GUILD_B, { url: `${pages.origin}/news/harbor-bridge` });
    await double.waitUntil(
      () => (handle.original !== null && !handle.original.loading ? true : undefined),
      20_000,
      'the confirmation',
    );
    bot!.child.kill('SIGKILL');
    expect((await bot!.waitForExit()).signal).toBe('SIGKILL');
    expect(handle.original?.embeds).toHaveLength(1);

    bot = await startBot(env());
    const answer = await ask('How many vehicles cross the bridge on a weekday?', GUILD_B);
    expect(fields(answer)[0]?.name).toBe(`¶3 · ${HARBOR_TITLE}`);
  });

  it('sent nothing invalid and pinged no one', () => {
    expect(double.validationErrors).toEqual([]);
    expect(messagesWithUnsafeMentions(double)).toEqual([]);
  });
});

/**
 * End to end: the real bot process against the Discord API v10 double — /ask (public, private,
 * not found, hostile input), autocomplete, More/Context buttons (also after a restart), /passage,
 * /article, the "Ask Footnote" menu and /ask in a DM.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordDouble, type SettledReply } from '../support/discord-double.ts';
import { REPO_ROOT, startBot, tempDir, type BotProcess } from '../support/bot-process.ts';
import { messagesWithUnsafeMentions } from '../support/mentions.ts';

const STRING = 3;
const INTEGER = 4;
const BOOLEAN = 5;

let double: DiscordDouble;
let bot: BotProcess;
let data: ReturnType<typeof tempDir>;

function env(): Record<string, string> {
  return { DISCORD_API_URL: double.apiUrl, DISCORD_TOKEN: double.token, DATA_DIR: data.dir, ASK_COOLDOWN_SECONDS: '0' };
}

beforeAll(async () => {
  double = await DiscordDouble.start();
  data = tempDir();
  bot = await startBot(env());
});

afterAll(async () => {
  await bot?.stop();
  await double?.close();
  data?.remove();
});

function ask(
  question: string,
  extra: { private?: boolean; dm?: boolean; userId?: string } = {},
): Promise<SettledReply> {
  const options = [{ name: 'question', type: STRING, value: question }];
  if (extra.private !== undefined) options.push({ name: 'private', type: BOOLEAN, value: extra.private } as never);
  return double
    .sendSlashCommand({
      name: 'ask',
      options,
      ...(extra.dm ? { dm: true } : {}),
      ...(extra.userId ? { userId: extra.userId } : {}),
    })
    .settled();
}

interface Button {
  custom_id?: string;
  label?: string;
  url?: string;
  style: number;
}

function buttons(reply: SettledReply): Button[] {
  return reply.components.flatMap((row) => (row as { components: Button[] }).components);
}

interface Field {
  name: string;
  value: string;
}

function fields(reply: SettledReply): Field[] {
  return (reply.embeds[0] as { fields?: Field[] } | undefined)?.fields ?? [];
}

function embed(reply: SettledReply): { title?: string; description?: string; footer?: { text: string } } {
  return (reply.embeds[0] ?? {}) as { title?: string; description?: string; footer?: { text: string } };
}

const STORY_ID = 'iraq-parliament-votes-to-expel-us-troops';
const TITLE = 'Iraq’s parliament votes to expel U.S. troops after the killing of Qassem Suleimani';

describe('/ask', () => {
  it('answers in public with one embed: question as title, cited passages, footer and buttons', async () => {
    const reply = await ask('Why did Iraq’s parliament vote?');
    expect(reply.kind).toBe('reply');
    expect(reply.ephemeral).toBe(false);
    expect(reply.embeds).toHaveLength(1);
    expect(embed(reply).title).toBe('Why did Iraq’s parliament vote?');
    const cited = fields(reply);
    expect(cited.length).toBeGreaterThanOrEqual(1);
    expect(cited.length).toBeLessThanOrEqual(3);
    for (const field of cited) expect(field.name).toMatch(new RegExp(`^¶\\d+ · ${TITLE.replace(/[.]/g, '\\.')}$`));
    expect(cited.some((field) => /\*\*[^*]+\*\*/.test(field.value))).toBe(true);
    expect(embed(reply).footer?.text).toContain('5 January 2020');
    const labels = buttons(reply).map((b) => b.label);
    expect(labels).toContain('More passages');
    for (const field of cited) expect(labels).toContain(`Context ${field.name.split(' ')[0]}`);
    for (const b of buttons(reply)) if (b.custom_id !== undefined) expect(b.custom_id.length).toBeLessThanOrEqual(100);
    expect(reply.allowedMentions).toEqual({ parse: [], replied_user: false });
  });

  it('answers privately with private:true', async () => {
    const reply = await ask('How many U.S. troops are in Iraq?', { private: true });
    expect(reply.ephemeral).toBe(true);
    expect(fields(reply).length).toBeGreaterThan(0);
  });

  it('says the story does not say, privately, with example questions and no citation', async () => {
    const reply = await ask('What is the best recipe for banana bread?');
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds).toHaveLength(0);
    expect(reply.content).toMatch(/the story doesn't say/i);
    expect(reply.content).not.toContain('¶');
    const examples = reply.content.match(/^• /gm) ?? [];
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.length).toBeLessThanOrEqual(3);
  });

  it('answers /ask in a DM with the bot', async () => {
    const reply = await ask('Who is Abdul Mahdi?', { dm: true });
    expect(reply.message?.guildId).toBeNull();
    expect(fields(reply).length).toBeGreaterThan(0);
  });

  const HOSTILE = [
    ' ',
    '\u200b\u200b\u200b',
    '\u0000\u0001\u0007',
    '🤔🤔🤔',
    '🇮🇶 ⚖️ 🇺🇸?',
    'لماذا صوت البرلمان العراقي؟',
    'למה הפרלמנט הצביע?',
    'Почему парламент Ирака проголосовал?',
    '为什么伊拉克议会投票？',
    'x'.repeat(300),
    ('vote suleimani ' + '*'.repeat(10) + ' ').repeat(12).slice(0, 300),
    '```js\nwhy(did, iraq, vote)\n```',
    '**why** did _iraq_ ~~vote~~ ||now||?',
    '[why did iraq vote](https://evil.example/phish)',
    '@everyone why did iraq vote?',
    '@here why did iraq vote?',
    '<@100000000000000001> <@&900000000000000008> <#900000000000000010> why did iraq vote?',
    'https://example.com/why?did=iraq&vote=1',
    '> quoted\n# heading\n- list why vote',
    '¶ref:0:99',
    '¶ref:42:1',
    '¶ref:0:3',
  ];

  it.each(HOSTILE)('answers hostile input %j with a reply, never a 400 or a ping', async (question) => {
    const before = double.validationErrors.length;
    const handle = double.sendSlashCommand({
      name: 'ask',
      options: [{ name: 'question', type: STRING, value: question }],
    });
    const reply = await handle.settled();
    expect(handle.failed).toBe(false);
    expect(handle.errors).toEqual([]);
    expect(double.validationErrors.length).toBe(before);
    expect(reply.content.trim() !== '' || reply.embeds.length > 0).toBe(true);
    expect(reply.allowedMentions?.parse).toEqual([]);
    // Masked links and code fences typed by the user are not rendered as such.
    const shown = `${reply.content}\n${embed(reply).title ?? ''}`;
    expect(shown).not.toMatch(/(^|[^\\])\[why did iraq vote\]\(/);
    expect(shown).not.toMatch(/(^|[^\\])```/);
  });

  it('never produced a message that could ping', () => {
    expect(double.messagesThatCouldPing({ includeReplies: true })).toEqual([]);
  });
});

describe('autocomplete', () => {
  function complete(typed: string): Promise<SettledReply> {
    return double
      .sendAutocomplete({ name: 'ask', options: [{ name: 'question', type: STRING, value: typed, focused: true }] })
      .settled();
  }

  it('suggests passages for partial words ("sulei" finds Suleimani); choosing one answers with it, cited', async () => {
    const reply = await complete('sulei');
    const choices = reply.choices ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(String(choice.value).length).toBeLessThanOrEqual(100);
    }
    let found = false;
    for (const choice of choices) {
      const answer = await ask(String(choice.value));
      expect(answer.embeds).toHaveLength(1);
      expect(embed(answer).title).toMatch(/^¶\d+ · /);
      if (embed(answer).description?.includes('Suleimani')) found = true;
    }
    expect(found).toBe(true);
  });

  it('offers examples for empty input and never fails on odd partial input', async () => {
    expect((await complete('')).choices?.length).toBeGreaterThan(0);
    for (const typed of ['   ', '🤔', 'x'.repeat(300), '**', '\u200b', 'zzqxj']) {
      const reply = await complete(typed);
      expect(reply.kind).toBe('autocomplete');
      expect((reply.choices ?? []).length).toBeLessThanOrEqual(25);
    }
  });

  it('/passage document autocomplete lists the story titles', async () => {
    const reply = await double
      .sendAutocomplete({
        name: 'passage',
        options: [
          { name: 'number', type: INTEGER },
          { name: 'document', type: STRING, value: 'iraq', focused: true },
        ],
      })
      .settled();
    expect(reply.choices?.[0]).toEqual({ name: TITLE, value: STORY_ID });
  });
});

describe('buttons', () => {
  let firstAnswer: SettledReply;
  let longAnswer: SettledReply;

  beforeAll(async () => {
    firstAnswer = await ask('Why did Iraq’s parliament vote to expel U.S. troops?');
    longAnswer = await ask(
      'Why did the Iraqi parliament vote to expel the U.S. troops after the killing of Suleimani at the airport in Baghdad on Friday?',
    );
  });

  function press(reply: SettledReply, label: string, userId?: string): Promise<SettledReply> {
    const button = buttons(reply).find((b) => b.label === label);
    if (button?.custom_id === undefined) throw new Error(`no ${label} button`);
    return double
      .sendButton({ customId: button.custom_id, messageId: reply.message!.id, ...(userId ? { userId } : {}) })
      .settled();
  }

  it('More passages: the next results, privately, until there are none', async () => {
    const seen = new Set(fields(firstAnswer).map((f) => f.name));
    let current = firstAnswer;
    let sawNoMore = false;
    for (let page = 0; page < 10; page++) {
      const more = await press(current, 'More passages', '100000000000000055');
      expect(more.ephemeral).toBe(true);
      if (more.embeds.length === 0) {
        expect(more.content).toMatch(/no more passages/i);
        sawNoMore = true;
        break;
      }
      for (const field of fields(more)) {
        expect(seen.has(field.name)).toBe(false);
        seen.add(field.name);
      }
      if (!buttons(more).some((b) => b.label === 'More passages')) {
        sawNoMore = true;
        break;
      }
      current = more;
    }
    expect(sawNoMore).toBe(true);
  });

  it('Context ¶N: the paragraph with the one before and after, privately', async () => {
    const first = fields(firstAnswer)[0]!;
    const n = Number(/^¶(\d+)/.exec(first.name)![1]);
    const context = await press(firstAnswer, `Context ¶${n}`);
    expect(context.ephemeral).toBe(true);
    const names = fields(context).map((f) => f.name);
    expect(names).toContain(`¶${n} (cited)`);
    if (n > 1) expect(names).toContain(`¶${n - 1}`);
    if (n < 16) expect(names).toContain(`¶${n + 1}`);
  });

  it('keep working after the bot restarts (state in custom_id and SQLite)', async () => {
    expect(buttons(longAnswer).find((b) => b.label === 'More passages')?.custom_id).toMatch(/^moreq:/);
    const stopped = await bot.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    bot = await startBot(env());
    const more = await press(firstAnswer, 'More passages');
    expect(fields(more).length).toBeGreaterThan(0);
    const moreLong = await press(longAnswer, 'More passages');
    expect(fields(moreLong).length).toBeGreaterThan(0);
    const n = /^¶(\d+)/.exec(fields(firstAnswer)[0]!.name)![1];
    const context = await press(firstAnswer, `Context ¶${n}`);
    expect(fields(context).map((f) => f.name)).toContain(`¶${n} (cited)`);
  });

  it('an unknown or stale button gets a polite private answer', async () => {
    for (const customId of [
      'ctx:0:1',
      'ctx:no-such-story:1',
      `ctx:${STORY_ID}:999`,
      'moreq:3:unknownkey',
      'nonsense',
    ]) {
      const reply = await double.sendButton({ customId }).settled();
      expect(reply.ephemeral).toBe(true);
      expect(reply.embeds).toHaveLength(0);
      expect(reply.content.length).toBeGreaterThan(0);
    }
    expect((await double.sendButton({ customId: 'ctx:no-such-story:1' }).settled()).content).toMatch(
      /no longer available/,
    );
  });

  it('buttons and suggestions keep naming their story when articles are added, reordered or removed', async () => {
    // Old answer and suggestion, made while the story was the only (first) document.
    const n = Number(/^¶(\d+)/.exec(fields(firstAnswer)[0]!.name)![1]);
    const contextId = buttons(firstAnswer).find((b) => b.label === `Context ¶${n}`)!.custom_id!;
    expect(contextId).toBe(`ctx:${STORY_ID}:${n}`);
    const suggestion = String(
      (
        await double
          .sendAutocomplete({
            name: 'ask',
            options: [{ name: 'question', type: STRING, value: 'sulei', focused: true }],
          })
          .settled()
      ).choices![0]!.value,
    );
    expect(suggestion).toMatch(new RegExp(`^¶ref:${STORY_ID}:\\d+$`));
    const quoted = embed(await ask(suggestion));

    // Restart on a corpus where another article sorts first (so the story is now document #2).
    const corpus = path.join(data.dir, 'corpus-reordered');
    mkdirSync(corpus, { recursive: true });
    copyFileSync(path.join(REPO_ROOT, 'corpus', `${STORY_ID}.md`), path.join(corpus, `${STORY_ID}.md`));
    writeFileSync(
      path.join(corpus, 'aaa-other-story.md'),
      '---\ntitle: A different story about harbour tolls\npublished: 2021-03-01\n---\n\n' +
        Array.from(
          { length: 20 },
          (_, i) => `Harbour tolls paragraph ${i + 1} says the ferry fares rose again this spring.`,
        ).join('\n\n'),
    );
    expect((await bot.stop('SIGTERM')).code).toBe(0);
    bot = await startBot({ ...env(), CORPUS_DIR: corpus });
    const context = await double.sendButton({ customId: contextId, messageId: firstAnswer.message!.id }).settled();
    expect(embed(context).title).toContain(TITLE);
    expect(fields(context).map((f) => f.name)).toContain(`¶${n} (cited)`);
    const again = embed(await ask(suggestion));
    expect(again.title).toBe(quoted.title);
    expect(again.description).toBe(quoted.description);
    const byDocument = await double
      .sendAutocomplete({
        name: 'passage',
        options: [
          { name: 'number', type: INTEGER },
          { name: 'document', type: STRING, value: 'iraq', focused: true },
        ],
      })
      .settled();
    expect(byDocument.choices).toEqual([{ name: TITLE, value: STORY_ID }]);

    // Restart without the story: the old button and suggestion politely say it is gone.
    const without = path.join(data.dir, 'corpus-without');
    mkdirSync(without, { recursive: true });
    copyFileSync(path.join(corpus, 'aaa-other-story.md'), path.join(without, 'aaa-other-story.md'));
    expect((await bot.stop('SIGTERM')).code).toBe(0);
    bot = await startBot({ ...env(), CORPUS_DIR: without });
    for (const reply of [
      await double.sendButton({ customId: contextId, messageId: firstAnswer.message!.id }).settled(),
      await ask(suggestion),
    ]) {
      expect(reply.ephemeral).toBe(true);
      expect(reply.embeds).toHaveLength(0);
      expect(reply.content).toMatch(/no longer available/);
      expect(reply.content).not.toContain('harbour');
    }
    expect((await bot.stop('SIGTERM')).code).toBe(0);
    bot = await startBot(env());
  });
});

describe('/passage, /article and the Ask Footnote menu', () => {
  function passage(number: number, document?: string): Promise<SettledReply> {
    const options = [{ name: 'number', type: INTEGER, value: number }];
    if (document !== undefined) options.push({ name: 'document', type: STRING, value: document } as never);
    return double.sendSlashCommand({ name: 'passage', options }).settled();
  }

  it('/passage quotes one paragraph with its citation', async () => {
    const reply = await passage(5);
    expect(reply.ephemeral).toBe(false);
    expect(embed(reply).title).toBe(`¶5 · ${TITLE}`);
    expect(embed(reply).description).toContain('Abdul Mahdi had presented lawmakers');
    const withDoc = await passage(16, STORY_ID);
    expect(embed(withDoc).title).toBe(`¶16 · ${TITLE}`);
  });

  it('/passage out of range: a polite private error naming 1–16', async () => {
    for (const n of [0, 17, -3, 1000000]) {
      const reply = await passage(n);
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toContain('1–16');
    }
    const unknownDoc = await passage(1, 'no such story');
    expect(unknownDoc.ephemeral).toBe(true);
  });

  it('/article lists the story: title, date, paragraph count and example questions', async () => {
    const reply = await double.sendSlashCommand({ name: 'article' }).settled();
    const all = fields(reply);
    expect(all[0]!.name).toBe(TITLE);
    expect(all[0]!.value).toContain('5 January 2020');
    expect(all[0]!.value).toContain('16 paragraphs');
    expect(all.at(-1)!.name).toBe('Try asking');
  });

  it('"Ask Footnote" answers the selected message as a question', async () => {
    const reply = await double
      .sendMessageCommand({
        name: 'Ask Footnote',
        targetMessage: { content: 'Why did the parliament vote to expel U.S. troops?' },
      })
      .settled();
    expect(fields(reply).length).toBeGreaterThan(0);
    const empty = await double.sendMessageCommand({ name: 'Ask Footnote', targetMessage: { content: '' } }).settled();
    expect(empty.ephemeral).toBe(true);
    expect(empty.content).toMatch(/no text/);
  });
});

describe('mentions', () => {
  it('every message the bot sent (embeds-only ones included) carries allowed_mentions that parse nothing', () => {
    expect(double.botMessages().length).toBeGreaterThan(0);
    expect(messagesWithUnsafeMentions(double)).toEqual([]);
    expect(double.messagesThatCouldPing({ includeReplies: true })).toEqual([]);
  });
});

describe('logs', () => {
  it('has one line per handled interaction, and never the token', async () => {
    await double
      .sendAutocomplete({ name: 'ask', options: [{ name: 'question', type: STRING, value: 'sulei', focused: true }] })
      .settled();
    await bot.waitForLog((line) => line['command'] === '/ask (autocomplete)', 3000);
    const lines = bot.interactionLogs();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toHaveProperty('guild');
      expect(line).toHaveProperty('command');
      expect(typeof line['latencyMs']).toBe('number');
      expect(typeof line['answered']).toBe('boolean');
    }
    // Autocomplete keystrokes are handled interactions too: logged at info like the rest (issue 3
    // asks for one line per handled interaction; LOG_LEVEL=warn quiets them all).
    const suggestions = lines.filter((line) => line['command'] === '/ask (autocomplete)');
    expect(suggestions.length).toBeGreaterThan(0);
    for (const line of suggestions) expect(line).toMatchObject({ level: 30, answered: true, outcome: 'suggestions' });
    expect(bot.stdout).not.toContain(double.token);
    expect(bot.stderr).not.toContain(double.token);
    expect(bot.logs.filter((line) => line.level >= 50)).toEqual([]);
  });
});

/**
 * Property: whatever text a user types, the engine never throws and every payload the renderer
 * builds from its answer stays within Discord's limits and can never ping anyone.
 *
 * Inputs mix arbitrary UTF-16 (lone surrogates included), Markdown, mentions, code fences, RTL
 * and zero-width characters, up to 6,000 units, and run through the real corpus and engine.
 */
import fc from 'fast-check';
import type { APIApplicationCommandOptionChoice, APIEmbed } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/index.js';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { composeAnswer, type AnswerDeps } from '../../src/discord/answering.js';
import {
  renderAnswer,
  renderAnswerPlain,
  renderNotFound,
  renderPassage,
  renderSuggestionChoices,
  renderTextChoices,
  type MessagePayload,
} from '../../src/discord/render.js';
import { cleanQuestion } from '../../src/discord/text.js';

const NUM_RUNS = 200;

let engine: Engine;
let deps: AnswerDeps;

beforeAll(async () => {
  engine = createEngine(await loadCorpus('corpus'));
  const stored = new Map<string, string>();
  deps = {
    engine,
    answerPassages: 3,
    questions: {
      rememberQuestion: (question) => {
        const key = `q${stored.size}`;
        stored.set(key, question);
        return Promise.resolve(key);
      },
      recallQuestion: (key) => Promise.resolve(stored.get(key)),
    },
  };
});

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

const FRAGMENTS = [
  '@everyone',
  '@here',
  '<@123>',
  '<@!123456789012345678>',
  '<@&1>',
  '<#1>',
  '<@&900000000000000001>',
  '</ask:1>',
  '<t:0:R>',
  '<a:x:1>',
  '```js\nalert(1)\n```',
  '```',
  '`',
  '**',
  '__',
  '~~',
  '||spoiler||',
  '> quote',
  '# heading',
  '- item',
  '1. item',
  '[link](https://evil.example)',
  '\\',
  '*',
  '_',
  '\u202e',
  '\u202b',
  '\u200f',
  '\u061c',
  'مرحبا',
  'שלום',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u2060',
  '\u00ad',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '😀',
  '👨‍👩‍👧',
  '\ud800',
  '\udfff',
  '¶',
  '¶ref:0:1',
  'ctx:0:1',
  'Iraq',
  'parliament',
  'vote',
  'US troops',
  'Why did Iraq’s parliament vote?',
  'Soleimani',
  'who',
  'when',
  ' ',
  '  ',
  '.',
  '?',
  '…',
];

const fragment = fc.constantFrom(...FRAGMENTS);
const mixed = fc
  .array(fc.oneof(fragment, fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 10 })), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''));
/** A mix repeated up to a long length: exercises truncation paths (up to 6,000 units). */
const long = fc
  .tuple(mixed, fc.integer({ min: 1, max: 6000 }))
  .map(([text, target]) =>
    text === '' ? 'x'.repeat(target) : text.repeat(Math.ceil(target / text.length)).slice(0, target),
  );

const question = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 6000 }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  mixed,
  long,
);

// ---------------------------------------------------------------------------------------------
// Discord's limits, written out independently of the renderer's constants
// ---------------------------------------------------------------------------------------------

function embedTotal(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** Every limit violation in a message payload; empty when it would be accepted. */
function violations(payload: MessagePayload): string[] {
  const out: string[] = [];
  if (payload.content !== undefined && payload.content.length > 2000)
    out.push(`content ${payload.content.length} > 2000`);
  if ((payload.content === undefined || payload.content === '') && payload.embeds.length === 0)
    out.push('empty message');
  if (payload.embeds.length > 10) out.push(`${payload.embeds.length} embeds > 10`);
  let total = 0;
  for (const embed of payload.embeds) {
    total += embedTotal(embed);
    if ((embed.title?.length ?? 0) > 256) out.push(`title ${embed.title?.length} > 256`);
    if ((embed.description?.length ?? 0) > 4096) out.push(`description ${embed.description?.length} > 4096`);
    if (embed.description === '') out.push('empty description');
    if ((embed.footer?.text.length ?? 0) > 2048) out.push(`footer ${embed.footer?.text.length} > 2048`);
    const fields = embed.fields ?? [];
    if (fields.length > 25) out.push(`${fields.length} fields > 25`);
    for (const field of fields) {
      if (field.name.length < 1 || field.name.length > 256) out.push(`field name length ${field.name.length}`);
      if (field.value.length < 1 || field.value.length > 1024) out.push(`field value length ${field.value.length}`);
    }
  }
  if (total > 6000) out.push(`embed total ${total} > 6000`);
  if (payload.components.length > 5) out.push(`${payload.components.length} rows > 5`);
  const customIds = new Set<string>();
  for (const row of payload.components) {
    if (row.components.length < 1 || row.components.length > 5) out.push(`row with ${row.components.length} buttons`);
    for (const button of row.components) {
      if ('label' in button && button.label !== undefined && (button.label.length < 1 || button.label.length > 80)) {
        out.push(`button label length ${button.label.length}`);
      }
      if ('custom_id' in button) {
        if (button.custom_id.length < 1 || button.custom_id.length > 100)
          out.push(`custom_id length ${button.custom_id.length}`);
        if (customIds.has(button.custom_id)) out.push(`duplicate custom_id ${button.custom_id}`);
        customIds.add(button.custom_id);
      }
      if ('url' in button && button.url.length > 512) out.push(`url length ${button.url.length}`);
    }
  }
  const mentions = payload.allowedMentions as {
    parse?: unknown;
    repliedUser?: unknown;
    users?: unknown;
    roles?: unknown;
  };
  if (!Array.isArray(mentions.parse) || mentions.parse.length !== 0)
    out.push(`allowed_mentions.parse ${JSON.stringify(mentions.parse)}`);
  if (mentions.repliedUser !== false) out.push('allowed_mentions.replied_user is not false');
  if (mentions.users !== undefined || mentions.roles !== undefined) out.push('allowed_mentions lists users or roles');
  return out;
}

function choiceViolations(choices: readonly APIApplicationCommandOptionChoice<string>[]): string[] {
  const out: string[] = [];
  if (choices.length > 25) out.push(`${choices.length} choices > 25`);
  for (const choice of choices) {
    if (choice.name.length < 1 || choice.name.length > 100) out.push(`choice name length ${choice.name.length}`);
    if (choice.value.length > 100) out.push(`choice value length ${choice.value.length}`);
  }
  return out;
}

function expectOk(what: string, problems: string[], input: string): void {
  expect(problems, `${what} for input ${JSON.stringify(input.slice(0, 200))}`).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('property: any input renders within Discord limits and pings nobody', () => {
  it('the limit checker catches an over-long payload (sanity)', () => {
    const bad: MessagePayload = {
      content: 'x'.repeat(2001),
      embeds: [{ title: 't'.repeat(257), fields: [{ name: 'n', value: '' }] }],
      components: [],
      allowedMentions: { parse: [], repliedUser: false },
    };
    expect(violations(bad)).toEqual(['content 2001 > 2000', 'title 257 > 256', 'field value length 0']);
    expect(choiceViolations([{ name: '', value: 'v'.repeat(101) }])).toHaveLength(2);
  });

  it('engine.answer → renderAnswer / renderAnswerPlain / renderPassage / renderNotFound', () => {
    fc.assert(
      fc.property(question, (raw) => {
        // The raw text (up to 6,000 units, as an "Ask Footnote" message could be) and the cleaned
        // /ask question (≤ 300) both go through the engine and every renderer of its outcome.
        for (const q of [raw, cleanQuestion(raw)]) {
          const answer = engine.answer(q, { top: 3 });
          expect(answer.question).toBe(q);
          if (answer.answered && answer.passages.length > 0) {
            const more = answer.hasMore ? `more:${answer.passages.length}:x` : undefined;
            expectOk(
              'renderAnswer',
              violations(renderAnswer(answer, engine.documents, { moreCustomId: more, note: q })),
              q,
            );
            expectOk('renderAnswerPlain', violations(renderAnswerPlain(answer, engine.documents, more)), q);
            for (const passage of answer.passages) {
              expectOk('renderPassage', violations(renderPassage(passage, engine.documents, q)), q);
            }
          } else {
            expectOk('renderNotFound', violations(renderNotFound(q, engine.exampleQuestions(3))), q);
          }
        }
        expectOk(
          'renderNotFound(hostile examples)',
          violations(renderNotFound(raw, [cleanQuestion(raw), raw.slice(0, 600)])),
          raw,
        );
      }),
      { numRuns: NUM_RUNS },
    );
  }, 120_000);

  it('composeAnswer (the /ask path) with embeds and in plain text', async () => {
    await fc.assert(
      fc.asyncProperty(question, async (raw) => {
        const q = cleanQuestion(raw);
        for (const plain of [false, true]) {
          const composed = await composeAnswer(deps, q, {
            plain,
            note: plain ? undefined : 'Answers are public in <#1>.',
          });
          expectOk(`composeAnswer(${composed.kind})`, violations(composed.payload), q);
          if (composed.found) expect(JSON.stringify(composed.payload)).toContain('¶');
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('engine.suggest → autocomplete choices', () => {
    fc.assert(
      fc.property(question, (raw) => {
        for (const q of [raw, cleanQuestion(raw)]) {
          const suggestions = engine.suggest(q);
          expect(suggestions.length).toBeLessThanOrEqual(25);
          expectOk(
            'renderSuggestionChoices',
            choiceViolations(renderSuggestionChoices(suggestions, engine.documents)),
            q,
          );
          expectOk(
            'renderTextChoices',
            choiceViolations(renderTextChoices([raw, q, ...engine.exampleQuestions(30)])),
            q,
          );
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

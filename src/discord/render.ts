/**
 * Answer → Discord message payloads. Owns every Discord limit (as named constants) and
 * guarantees no payload exceeds them: text is cut on a word boundary with "…", bold markers stay
 * balanced, user text is Markdown-escaped, and every payload disables all mentions.
 *
 * Pure: no client, no network, no clock. Unit-tested in tests/unit/discord-render.test.ts.
 */
import {
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { CorpusDocument, Paragraph } from '../corpus/types.js';
import type { Answer, Highlight, Passage, Suggestion } from '../engine/types.js';
import { docKey, encodeContext, encodeRef } from './custom-id.js';

// ---------------------------------------------------------------------------------------------
// Discord's limits. Lengths are counted in UTF-16 units, never less than Discord's own count.
// ---------------------------------------------------------------------------------------------
export const MAX_CONTENT_LENGTH = 2000;
export const MAX_EMBED_TITLE_LENGTH = 256;
export const MAX_EMBED_DESCRIPTION_LENGTH = 4096;
export const MAX_EMBED_FIELDS = 25;
export const MAX_FIELD_NAME_LENGTH = 256;
export const MAX_FIELD_VALUE_LENGTH = 1024;
export const MAX_FOOTER_LENGTH = 2048;
/** Title + description + field names and values + footer + author, over all embeds of a message. */
export const MAX_EMBED_TOTAL_LENGTH = 6000;
export const MAX_CHOICES = 25;
export const MAX_CHOICE_NAME_LENGTH = 100;
export const MAX_CHOICE_VALUE_LENGTH = 100;
export const MAX_BUTTONS_PER_ROW = 5;
export const MAX_ACTION_ROWS = 5;
export const MAX_CUSTOM_ID_LENGTH = 100;
export const MAX_BUTTON_LABEL_LENGTH = 80;
export const MAX_BUTTON_URL_LENGTH = 512;

export const ELLIPSIS = '…';
export const EMBED_COLOR = 0x2b6cb0;

/** Sent with every message: nobody is ever pinged, not even the author of a replied-to message. */
export const NO_MENTIONS = Object.freeze({ parse: [] as never[], repliedUser: false as const });

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

export interface MessagePayload {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowedMentions: { parse: never[]; repliedUser: false };
}

/** The subset of a document that rendering needs. */
export type DocumentInfo = Pick<CorpusDocument, 'id' | 'title' | 'published' | 'url' | 'source'> & {
  readonly paragraphs?: readonly unknown[];
};

// ---------------------------------------------------------------------------------------------
// Escaping and truncation
// ---------------------------------------------------------------------------------------------

/** User-supplied text: every Markdown construct Discord renders is escaped. */
export function escapeUserText(text: string): string {
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
}

/**
 * Corpus text inside our own Markdown: escape characters that could start formatting, links,
 * mentions or block constructs, char by char (so any prefix of the text escapes the same way).
 */
export function escapeQuote(text: string): string {
  return text.replace(/[\\*_~`|[\]<]/g, '\\$&').replace(/^([>#-])/gm, '\\$1');
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * The longest rendering of a prefix of a text that fits in `max`: the whole text when it fits,
 * else a prefix ending on a word boundary followed by "…" (or, when no boundary fits, on a
 * character boundary). `renderPrefix(end)` renders raw[0, end) and grows with `end`.
 */
function fitPrefix(rawLength: number, raw: string, renderPrefix: (end: number) => string, max: number): string {
  // Rendering only ever adds characters (escapes, bold markers), so a raw prefix longer than
  // `max` can never fit: the work stays proportional to `max`, not to the input.
  if (rawLength <= max) {
    const whole = renderPrefix(rawLength);
    if (whole.length <= max) return whole;
  }
  if (max < ELLIPSIS.length) return '';
  const limit = Math.min(rawLength, max);
  const render = (end: number): string => `${renderPrefix(end).trimEnd()}${ELLIPSIS}`;
  const largestFitting = (candidates: number[]): string | undefined => {
    let lo = 0;
    let hi = candidates.length - 1;
    let best: string | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const text = render(candidates[mid]!);
      if (text.length <= max) {
        best = text;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return best !== undefined && best !== ELLIPSIS ? best : undefined;
  };
  const words: number[] = [];
  for (let i = 1; i <= limit && i < rawLength; i++) if (/\s/.test(raw[i]!) && !/\s/.test(raw[i - 1]!)) words.push(i);
  const byWord = largestFitting(words);
  if (byWord !== undefined) return byWord;
  const chars: number[] = [];
  for (let i = 1; i <= limit && i < rawLength; i++) if (!isHighSurrogate(raw.charCodeAt(i - 1))) chars.push(i);
  return largestFitting(chars) ?? ELLIPSIS;
}

/** Plain text cut to `max` (word boundary, "…"), after escaping with `escape`. */
export function fitText(raw: string, max: number, escape: (text: string) => string = (text) => text): string {
  return fitPrefix(raw.length, raw, (end) => escape(raw.slice(0, end)), max);
}

/** User text, escaped and cut to fit. */
export function fitUserText(raw: string, max: number): string {
  return fitText(raw, max, escapeUserText);
}

/**
 * Renders `text` with the highlighted ranges in bold (escaped, markers balanced, whitespace kept
 * outside the markers so Discord renders them).
 */
export function renderHighlighted(text: string, highlights: readonly Highlight[]): string {
  const spans = [...highlights]
    .filter((h) => h.end > h.start && h.start >= 0 && h.start < text.length)
    .map((h) => ({ start: h.start, end: Math.min(h.end, text.length) }))
    .sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  let i = 0;
  while (i < spans.length) {
    let { start, end } = spans[i]!;
    i++;
    start = Math.max(start, cursor);
    // Merge touching or overlapping highlights into one bold run.
    while (i < spans.length && spans[i]!.start <= end) {
      end = Math.max(end, spans[i]!.end);
      i++;
    }
    if (end <= start) continue;
    let innerStart = start;
    let innerEnd = end;
    while (innerStart < innerEnd && /\s/.test(text[innerStart]!)) innerStart++;
    while (innerEnd > innerStart && /\s/.test(text[innerEnd - 1]!)) innerEnd--;
    out += escapeQuote(text.slice(cursor, innerStart));
    if (innerEnd > innerStart) out += `**${escapeQuote(text.slice(innerStart, innerEnd))}**`;
    out += escapeQuote(text.slice(innerEnd, end));
    cursor = end;
  }
  return out + escapeQuote(text.slice(cursor));
}

/**
 * A passage's quote for an embed field: starting at its best sentence ("…" before it when that is
 * not the paragraph's start), matched words in bold, cut to `max` on a word boundary.
 */
export function renderQuote(passage: Pick<Passage, 'text' | 'highlights' | 'bestSentence'>, max: number): string {
  const { text } = passage;
  let from = passage.bestSentence.trim() === '' ? -1 : text.indexOf(passage.bestSentence);
  if (from < 0) from = 0;
  while (from < text.length && /\s/.test(text[from]!)) from++;
  const body = text.slice(from);
  const shifted = passage.highlights
    .map((h) => ({ start: h.start - from, end: h.end - from }))
    .filter((h) => h.end > 0);
  const lead = from > 0 ? ELLIPSIS : '';
  const rendered = fitPrefix(
    body.length,
    body,
    (end) =>
      renderHighlighted(
        body.slice(0, end),
        shifted.map((h) => ({ start: Math.max(0, h.start), end: Math.min(end, h.end) })),
      ),
    max - lead.length,
  );
  return rendered === '' ? lead || ELLIPSIS : lead + rendered;
}

/** "5 January 2020" for an ISO date; other strings are returned as they are. */
export function formatDate(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (match === null) return iso;
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  const month = months[Number(match[2]) - 1];
  return month === undefined ? iso : `${Number(match[3])} ${month} ${match[1]}`;
}

export function citation(paragraph: number, title: string): string {
  return `¶${paragraph} · ${title}`;
}

function footerFor(docs: readonly DocumentInfo[]): string | undefined {
  const parts = docs.map((doc) => {
    const date = formatDate(doc.published);
    const source = doc.source ?? doc.title;
    return date === undefined ? `Source: ${source}` : `Source: ${source} · ${date}`;
  });
  if (parts.length === 0) return undefined;
  return fitText([...new Set(parts)].join(' | '), MAX_FOOTER_LENGTH);
}

function isLinkable(url: string | undefined): url is string {
  if (url === undefined || url.length > MAX_BUTTON_URL_LENGTH) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

function linkButtons(docs: readonly DocumentInfo[]): APIButtonComponent[] {
  const linkable = docs.filter((doc) => isLinkable(doc.url));
  return linkable.map((doc) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Link,
    url: doc.url!,
    label: linkable.length === 1 ? 'Read the story' : fitText(`Read: ${doc.title}`, MAX_BUTTON_LABEL_LENGTH),
  }));
}

function secondaryButton(customId: string, label: string): APIButtonComponent | undefined {
  if (customId.length > MAX_CUSTOM_ID_LENGTH || customId.length === 0) return undefined;
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: customId,
    label: fitText(label, MAX_BUTTON_LABEL_LENGTH) || 'Open',
  };
}

/** Packs buttons into rows of 5, at most 5 rows; extra buttons are dropped; custom_ids unique. */
export function buttonRows(buttons: readonly (APIButtonComponent | undefined)[]): ButtonRow[] {
  const seen = new Set<string>();
  const unique = buttons.filter((button): button is APIButtonComponent => {
    if (button === undefined) return false;
    const key = 'custom_id' in button ? button.custom_id : 'url' in button ? `url:${button.url}` : undefined;
    if (key === undefined || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rows: ButtonRow[] = [];
  for (let i = 0; i < unique.length && rows.length < MAX_ACTION_ROWS; i += MAX_BUTTONS_PER_ROW) {
    rows.push({ type: ComponentType.ActionRow, components: unique.slice(i, i + MAX_BUTTONS_PER_ROW) });
  }
  return rows;
}

function payload(parts: { content?: string; embeds?: APIEmbed[]; components?: ButtonRow[] }): MessagePayload {
  const result: MessagePayload = {
    embeds: parts.embeds ?? [],
    components: parts.components ?? [],
    allowedMentions: { parse: [], repliedUser: false },
  };
  if (parts.content !== undefined) result.content = fitText(parts.content, MAX_CONTENT_LENGTH);
  if ((result.content === undefined || result.content.trim() === '') && result.embeds.length === 0) {
    result.content = 'Nothing to show.';
  }
  return result;
}

/** Length Discord counts against the 6,000 total for one embed. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

function hasDoc(docs: readonly DocumentInfo[], id: string): boolean {
  return docs.some((doc) => doc.id === id);
}

function docsOf(docs: readonly DocumentInfo[], passages: readonly Pick<Passage, 'document'>[]): DocumentInfo[] {
  const ids = [...new Set(passages.map((p) => p.document))];
  return ids.map((id) => docs.find((doc) => doc.id === id)).filter((doc): doc is DocumentInfo => doc !== undefined);
}

function nonEmpty(text: string, fallback = '\u200b'): string {
  return text.trim() === '' ? fallback : text;
}

// ---------------------------------------------------------------------------------------------
// Payloads
// ---------------------------------------------------------------------------------------------

export interface AnswerRenderOptions {
  /** custom_id of the "More passages" button (shown when the answer has more); none when undefined. */
  readonly moreCustomId?: string | undefined;
  /** A line above the embed (e.g. where the bot answers in public). */
  readonly note?: string | undefined;
  /** Title instead of the question (already plain text; it is escaped here). */
  readonly title?: string | undefined;
}

/** The cited passages of an answer, in one embed, with More/Context/link buttons. */
export function renderAnswer(
  answer: Answer,
  docs: readonly DocumentInfo[],
  options: AnswerRenderOptions = {},
): MessagePayload {
  const passages = answer.passages.slice(0, MAX_EMBED_FIELDS);
  const title = nonEmpty(fitUserText(options.title ?? answer.question, MAX_EMBED_TITLE_LENGTH), 'Your question');
  const sourceDocs = docsOf(docs, passages);
  const footer = footerFor(sourceDocs);
  const names = passages.map((p) =>
    nonEmpty(fitText(citation(p.paragraph, p.title), MAX_FIELD_NAME_LENGTH, escapeQuote)),
  );
  const fixed = title.length + (footer?.length ?? 0) + names.reduce((sum, name) => sum + name.length, 0);
  const perField = Math.min(
    MAX_FIELD_VALUE_LENGTH,
    Math.floor((MAX_EMBED_TOTAL_LENGTH - fixed) / Math.max(1, passages.length)),
  );
  const fields: APIEmbedField[] = passages.map((p, i) => ({
    name: names[i]!,
    value: nonEmpty(renderQuote(p, perField)),
  }));
  const embed: APIEmbed = { color: EMBED_COLOR, title, fields };
  if (footer !== undefined) embed.footer = { text: footer };

  const buttons: (APIButtonComponent | undefined)[] = [];
  if (answer.hasMore && options.moreCustomId !== undefined)
    buttons.push(secondaryButton(options.moreCustomId, 'More passages'));
  for (const p of passages) {
    if (hasDoc(docs, p.document))
      buttons.push(secondaryButton(encodeContext(p.document, p.paragraph), `Context ¶${p.paragraph}`));
  }
  buttons.push(...linkButtons(sourceDocs));
  const parts: { content?: string; embeds: APIEmbed[]; components: ButtonRow[] } = {
    embeds: [embed],
    components: buttonRows(buttons),
  };
  if (options.note !== undefined) parts.content = options.note;
  return payload(parts);
}

/** Plain-text rendering of an answer, for channels where the bot may not embed. */
export function renderAnswerPlain(
  answer: Answer,
  docs: readonly DocumentInfo[],
  moreCustomId?: string,
): MessagePayload {
  const passages = answer.passages.slice(0, MAX_EMBED_FIELDS);
  const sourceDocs = docsOf(docs, passages);
  const header = `**${fitUserText(answer.question, 200) || 'Your question'}**`;
  const footer = footerFor(sourceDocs) ?? '';
  const links = sourceDocs
    .filter((doc) => isLinkable(doc.url))
    .map((doc) => `<${doc.url}>`)
    .join(' ');
  const tail = [footer, links].filter((part) => part !== '').join('\n');
  const budget = MAX_CONTENT_LENGTH - header.length - tail.length - 4;
  const per = Math.max(40, Math.floor(budget / Math.max(1, passages.length)));
  const quotes = passages.map((p) => {
    const cite = `— ${escapeQuote(citation(p.paragraph, p.title))}`;
    return `> ${renderQuote(p, Math.max(20, per - cite.length - 4))}\n${cite}`;
  });
  const buttons: (APIButtonComponent | undefined)[] = [];
  if (answer.hasMore && moreCustomId !== undefined) buttons.push(secondaryButton(moreCustomId, 'More passages'));
  for (const p of passages) {
    if (hasDoc(docs, p.document))
      buttons.push(secondaryButton(encodeContext(p.document, p.paragraph), `Context ¶${p.paragraph}`));
  }
  // Assemble, dropping whole quotes from the end rather than cutting Markdown mid-way.
  let content = [header, ...quotes, tail].filter((part) => part !== '').join('\n');
  while (content.length > MAX_CONTENT_LENGTH && quotes.length > 1) {
    quotes.pop();
    content = [header, ...quotes, tail].filter((part) => part !== '').join('\n');
  }
  return payload({ content, components: buttonRows(buttons) });
}

/** "The story doesn't say" plus a few questions it can answer. Carries no ¶ citation. */
export function renderNotFound(question: string, examples: readonly string[]): MessagePayload {
  const shown = question.replace(/¶/g, '').trim();
  const echo = shown === '' ? '' : ` about “${fitUserText(shown, 200)}”`;
  const lines = [`Sorry — the story doesn't say. I couldn't find anything${echo} in it.`];
  const tips = examples
    .map((example) => example.replace(/¶/g, '').trim())
    .filter((example) => example !== '')
    .slice(0, 3);
  if (tips.length > 0) {
    lines.push('', 'Questions it can answer:');
    for (const tip of tips) lines.push(`• ${fitUserText(tip, 300)}`);
  }
  return payload({ content: lines.join('\n') });
}

/** One paragraph, quoted in full (as far as it fits) with its citation. */
export function renderPassage(passage: Passage, docs: readonly DocumentInfo[], note?: string): MessagePayload {
  const doc = docs.find((d) => d.id === passage.document);
  const title = nonEmpty(fitText(citation(passage.paragraph, passage.title), MAX_EMBED_TITLE_LENGTH, escapeQuote));
  const footer = footerFor(doc === undefined ? [] : [doc]);
  const description = nonEmpty(
    fitPrefix(
      passage.text.length,
      passage.text,
      (end) =>
        renderHighlighted(
          passage.text.slice(0, end),
          passage.highlights.map((h) => ({ start: h.start, end: Math.min(end, h.end) })),
        ),
      Math.min(MAX_EMBED_DESCRIPTION_LENGTH, MAX_EMBED_TOTAL_LENGTH - title.length - (footer?.length ?? 0)),
    ),
  );
  const embed: APIEmbed = { color: EMBED_COLOR, title, description };
  if (footer !== undefined) embed.footer = { text: footer };
  const buttons = [
    doc !== undefined
      ? secondaryButton(encodeContext(doc.id, passage.paragraph), `Context ¶${passage.paragraph}`)
      : undefined,
    ...linkButtons(doc === undefined ? [] : [doc]),
  ];
  const parts: { content?: string; embeds: APIEmbed[]; components: ButtonRow[] } = {
    embeds: [embed],
    components: buttonRows(buttons),
  };
  if (note !== undefined) parts.content = note;
  return payload(parts);
}

/** A paragraph with the ones before and after it. */
export function renderContext(doc: DocumentInfo, paragraph: number, paragraphs: readonly Paragraph[]): MessagePayload {
  const title = nonEmpty(fitText(`Context of ${citation(paragraph, doc.title)}`, MAX_EMBED_TITLE_LENGTH, escapeQuote));
  const footer = footerFor([doc]);
  const shown = paragraphs.slice(0, MAX_EMBED_FIELDS);
  const names = shown.map((p) => (p.number === paragraph ? `¶${p.number} (cited)` : `¶${p.number}`));
  const fixed = title.length + (footer?.length ?? 0) + names.reduce((sum, name) => sum + name.length, 0);
  const perField = Math.min(
    MAX_FIELD_VALUE_LENGTH,
    Math.floor((MAX_EMBED_TOTAL_LENGTH - fixed) / Math.max(1, shown.length)),
  );
  const embed: APIEmbed = {
    color: EMBED_COLOR,
    title,
    fields: shown.map((p, i) => ({ name: names[i]!, value: nonEmpty(fitText(p.text, perField, escapeQuote)) })),
  };
  if (footer !== undefined) embed.footer = { text: footer };
  if (shown.length === 0) embed.description = 'That paragraph is no longer in the story.';
  return payload({ embeds: [embed], components: buttonRows(linkButtons([doc])) });
}

/**
 * What the bot knows: each document's title, date and paragraph count, and example questions.
 * `notes` puts a line first in a document's entry (built-in, or who added it and when).
 */
export function renderArticle(
  docs: readonly DocumentInfo[],
  examples: readonly string[],
  notes: ReadonlyMap<string, string> = new Map(),
): MessagePayload {
  const title = 'What I can answer questions about';
  const description = fitText(
    'I answer questions by quoting the story and citing its paragraphs (¶). ' +
      'Use `/ask` with a question, or `/passage` with a paragraph number.',
    MAX_EMBED_DESCRIPTION_LENGTH,
  );
  const exampleLines = examples.slice(0, 5).map((example) => `• ${fitUserText(example, 180)}`);
  const exampleField: APIEmbedField | undefined =
    exampleLines.length === 0
      ? undefined
      : { name: 'Try asking', value: fitText(exampleLines.join('\n'), MAX_FIELD_VALUE_LENGTH) };
  const fields: APIEmbedField[] = [];
  let used =
    title.length +
    description.length +
    (exampleField === undefined ? 0 : exampleField.name.length + exampleField.value.length);
  const room = MAX_EMBED_FIELDS - (exampleField === undefined ? 1 : 2);
  let omitted = 0;
  for (const doc of docs) {
    const date = formatDate(doc.published);
    const count = doc.paragraphs?.length ?? 0;
    const note = notes.get(doc.id);
    const facts = [
      date === undefined ? 'Date not given' : `Published ${date}`,
      `${count} paragraph${count === 1 ? '' : 's'}`,
    ];
    if (note !== undefined) facts.unshift(note);
    if (doc.source !== undefined) facts.push(escapeQuote(doc.source));
    const value = fitText(facts.join(' · ') + (isLinkable(doc.url) ? `\n${doc.url}` : ''), MAX_FIELD_VALUE_LENGTH);
    const name = nonEmpty(fitText(doc.title, 200, escapeQuote));
    if (fields.length >= room || used + name.length + value.length > MAX_EMBED_TOTAL_LENGTH - 100) {
      omitted++;
      continue;
    }
    fields.push({ name, value });
    used += name.length + value.length;
  }
  if (omitted > 0) fields.push({ name: 'And more', value: `${omitted} more document${omitted === 1 ? '' : 's'}.` });
  if (exampleField !== undefined) fields.push(exampleField);
  return payload({ embeds: [{ color: EMBED_COLOR, title, description, fields }] });
}

/** What /stories add shows once an article is in: its size, its ¶1, example questions, how to remove it. */
export interface StoryAddedInfo extends DocumentInfo {
  readonly paragraphCount: number;
  readonly firstParagraph: string;
  readonly examples: readonly string[];
}

export function renderStoryAdded(story: StoryAddedInfo): MessagePayload {
  const title = nonEmpty(fitText(`Added: ${story.title}`, MAX_EMBED_TITLE_LENGTH, escapeQuote));
  const count = `${story.paragraphCount} paragraph${story.paragraphCount === 1 ? '' : 's'}`;
  const description = fitText(
    `Answers in this server now quote this article too (${count}). It is searched only here, never in other servers or DMs.`,
    MAX_EMBED_DESCRIPTION_LENGTH,
  );
  const fields: APIEmbedField[] = [
    {
      name: nonEmpty(fitText(citation(1, story.title), MAX_FIELD_NAME_LENGTH, escapeQuote)),
      value: nonEmpty(fitText(story.firstParagraph, 700, escapeQuote)),
    },
  ];
  if (story.examples.length > 0) {
    fields.push({
      name: 'Try asking',
      value: fitText(
        story.examples
          .slice(0, 2)
          .map((q) => `• ${fitUserText(q, 200)}`)
          .join('\n'),
        MAX_FIELD_VALUE_LENGTH,
      ),
    });
  }
  fields.push({
    name: 'To remove it',
    value: fitText(
      `Use \`/stories remove\` and pick “${escapeQuote(story.title)}” from the list.`,
      MAX_FIELD_VALUE_LENGTH,
    ),
  });
  const embed: APIEmbed = { color: EMBED_COLOR, title, description, fields };
  const footer = footerFor([story]);
  if (footer !== undefined) embed.footer = { text: footer };
  return payload({ embeds: [embed], components: buttonRows(linkButtons([story])) });
}

/** A declined question and how often it was asked, for /stories unanswered. */
export interface UnansweredLine {
  readonly question: string;
  readonly count: number;
}

/** The questions asked most often that the bot declined, most asked first. */
export function renderUnanswered(lines: readonly UnansweredLine[], days: number, footer: string): MessagePayload {
  const title = `Questions I couldn't answer here in the last ${days} days`;
  if (lines.length === 0) {
    return payload({ content: `No questions went unanswered in this server in the last ${days} days.` });
  }
  // 15 questions of up to 300 characters would not fit in one embed: each is cut to 200.
  const rows = lines.map(
    (line, i) => `${i + 1}. ${fitUserText(line.question, 200)} — ${line.count === 1 ? 'once' : `${line.count} times`}`,
  );
  const embed: APIEmbed = {
    color: EMBED_COLOR,
    title,
    description: fitText(rows.join('\n'), MAX_EMBED_DESCRIPTION_LENGTH),
    footer: { text: fitText(footer, MAX_FOOTER_LENGTH) },
  };
  return payload({ embeds: [embed] });
}

/** Autocomplete choices naming a server's own articles: title and date added; value = the article's id. */
export function renderStoryChoices(
  stories: readonly { readonly id: string; readonly title: string; readonly addedAt: number }[],
  typed: string,
): APIApplicationCommandOptionChoice<string>[] {
  const needle = typed.trim().toLowerCase();
  return stories
    .filter((story) => needle === '' || story.title.toLowerCase().includes(needle) || story.id === needle)
    .slice(0, MAX_CHOICES)
    .filter((story) => story.id.length <= MAX_CHOICE_VALUE_LENGTH)
    .map((story) => {
      const added = formatDate(new Date(story.addedAt).toISOString().slice(0, 10));
      const name = fitText(`${story.title.replace(/\s+/g, ' ')} · added ${added ?? ''}`, MAX_CHOICE_NAME_LENGTH);
      return { name: nonEmpty(name, story.id), value: story.id };
    });
}

/** A short message (already safe text from us; user text inside must be escaped by the caller). */
export function renderNotice(text: string): MessagePayload {
  return payload({ content: text });
}

export function renderError(ref: string): MessagePayload {
  return payload({ content: `Something went wrong (ref ${ref}). Please try again in a moment.` });
}

/** The database is unreachable: a change was not saved (or a stored question not read). Nothing was changed; try again. */
export const STORE_UNAVAILABLE_TEXT =
  "I can't reach my settings database right now, so I couldn't do that and nothing was changed. Please try again in a minute.";

export function renderStoreUnavailable(): MessagePayload {
  return payload({ content: STORE_UNAVAILABLE_TEXT });
}

/** Autocomplete choices for /ask's `question`: up to 25, names ≤ 100, values identify passages. */
export function renderSuggestionChoices(
  suggestions: readonly Suggestion[],
  docs: readonly DocumentInfo[],
): APIApplicationCommandOptionChoice<string>[] {
  const choices: APIApplicationCommandOptionChoice<string>[] = [];
  const seen = new Set<string>();
  for (const suggestion of suggestions) {
    if (choices.length >= MAX_CHOICES) break;
    if (!hasDoc(docs, suggestion.document)) continue;
    const value = encodeRef(suggestion.document, suggestion.paragraph);
    const name = fitText(suggestion.label.replace(/\s+/g, ' ').trim(), MAX_CHOICE_NAME_LENGTH);
    if (seen.has(value) || name === '' || value.length > MAX_CHOICE_VALUE_LENGTH) continue;
    seen.add(value);
    choices.push({ name, value });
  }
  return choices;
}

/** Plain-text choices (value = the text itself), for example questions; skips ones that don't fit. */
export function renderTextChoices(texts: readonly string[]): APIApplicationCommandOptionChoice<string>[] {
  const unique = [...new Set(texts.map((text) => text.trim()))];
  return unique
    .filter((text) => text !== '' && text.length <= MAX_CHOICE_VALUE_LENGTH && text.length <= MAX_CHOICE_NAME_LENGTH)
    .slice(0, MAX_CHOICES)
    .map((text) => ({ name: text, value: text }));
}

/** Autocomplete choices for /passage's `document`: titles matching the typed text; value = the document's stable key. */
export function renderDocumentChoices(
  docs: readonly DocumentInfo[],
  typed: string,
): APIApplicationCommandOptionChoice<string>[] {
  const needle = typed.trim().toLowerCase();
  return docs
    .filter((doc) => needle === '' || doc.title.toLowerCase().includes(needle) || doc.id.toLowerCase().includes(needle))
    .slice(0, MAX_CHOICES)
    .map((doc) => ({
      name: nonEmpty(fitText(doc.title.replace(/\s+/g, ' '), MAX_CHOICE_NAME_LENGTH), docKey(doc.id)),
      value: docKey(doc.id),
    }));
}

/**
 * Two example questions for a newly added article, shown in the /stories add confirmation and in
 * "the story doesn't say" replies. They are written from the article's own names and numbers and
 * then asked of the server's engine: only questions it answers from this very article are kept,
 * so an example never leads a member to "the story doesn't say". No Discord.
 */
import type { Engine } from '../engine/index.js';

/** Words that start a sentence or a name without being names. */
const NOT_NAMES = new Set(
  (
    'a an the this that these those it its he she they we you i his her their our my your there here then when while ' +
    'if but and or so as at in on of for from to by with after before during about over under since until ' +
    'mr mrs ms dr gen st monday tuesday wednesday thursday friday saturday sunday january february march april may june july ' +
    'august september october november december one two three four five six seven eight nine ten some many most all none ' +
    'according also however meanwhile still yet both each every other another such no not nobody half more less'
  ).split(' '),
);

const CONNECTORS = /^(of|de|al|bin|van|von|der|la|le)$/;

/**
 * Names in order of appearance: runs of capitalised words. A single capitalised word that only
 * ever starts a sentence ("Inspectors found…") is not taken for a name.
 */
export function namesIn(text: string): string[] {
  const found: { name: string; sentenceStart: boolean; words: number }[] = [];
  const pattern =
    /(^|[.!?]["”’]?\s+|[\s(“"‘'])((?:[A-Z][\p{L}’'.-]*[\p{L}](?:\s+(?:of|de|al|bin|van|von|der|la|le)\b)?\s*)+)/gu;
  for (const match of text.matchAll(pattern)) {
    const words = match[2]!.trim().split(/\s+/);
    let sentenceStart = match[1] === '' || /[.!?]/.test(match[1]!);
    while (words.length > 0 && NOT_NAMES.has(words[0]!.toLowerCase().replace(/[’'.]+$/, ''))) {
      words.shift();
      sentenceStart = false;
    }
    while (words.length > 0 && CONNECTORS.test(words.at(-1)!)) words.pop();
    const name = words.join(' ').replace(/[’']s$/, '');
    if (name.length >= 3) found.push({ name, sentenceStart, words: words.length });
  }
  const names: string[] = [];
  for (const { name, words } of found) {
    if (names.includes(name)) continue;
    const midSentence = found.some((other) => other.name === name && !other.sentenceStart);
    if (words >= 2 || midSentence) names.push(name);
  }
  return names;
}

/** The sentences of a text that mention `name`. */
function sentencesWith(text: string, name: string): string[] {
  return text.split(/(?<=[.!?]["”’]?)\s+/).filter((sentence) => sentence.includes(name));
}

function candidates(paragraphs: readonly string[]): { name: string; question: string }[] {
  const lead = paragraphs.slice(0, 6).join('\n');
  const names = namesIn(lead);
  // People and places of two or more words first: they make the clearest questions.
  names.sort((a, b) => Number(b.includes(' ')) - Number(a.includes(' ')));
  return names.slice(0, 8).map((name) => {
    // "Okafor said", "said auctioneer Liv Marstrand": the name is who speaks, not who is spoken of.
    const speaks = sentencesWith(lead, name).some((sentence) => {
      const at = sentence.indexOf(name);
      const before = sentence.slice(Math.max(0, at - 25), at);
      const after = sentence.slice(at + name.length, at + name.length + 30);
      return /\b(said|says|told)\b/.test(after) || /\b(said|says)\b[^,.;]*$/.test(before);
    });
    return { name, question: speaks ? `What did ${name} say?` : `What does the article say about ${name}?` };
  });
}

/**
 * Up to `count` questions the engine answers from `documentId`, first the article's own
 * (front matter) examples, then ones written from its names, one per name.
 */
export function exampleQuestions(
  engine: Engine,
  documentId: string,
  paragraphs: readonly string[],
  own: readonly string[],
  count = 2,
): string[] {
  const chosen: string[] = own.slice(0, count);
  for (const { question } of candidates(paragraphs)) {
    if (chosen.length >= count) break;
    const answer = engine.answer(question, { top: 1 });
    if (answer.answered && answer.passages[0]?.document === documentId) chosen.push(question);
  }
  return chosen;
}

/**
 * Deterministic synthetic corpora for the benchmark: news-like filler paragraphs with the story
 * hidden among them. The same size always gives the same corpus.
 */
import type { Corpus, CorpusDocument } from '../../src/corpus/types.js';

/** Mulberry32: a small seeded PRNG, so every run builds the same haystack. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUNCTION_WORDS =
  'the of and to in a that for on with as was by at from it his is said have has be an were which are had their who after this but not they been its also more would over about than other'.split(
    ' ',
  );
/** Real news words, some shared with the story, so that the haystack competes on the story's vocabulary. */
const NEWS_WORDS = (
  'government minister president official officials country city police election vote parliament troops military war ' +
  'attack killed forces security state united states iraq iran baghdad washington american leader party report ' +
  'economy market company percent million year week sunday friday monday people group council court law decision ' +
  'statement meeting session support opposition region border protest spokesman agency crisis talks deal plan'
).split(' ');
const SYLLABLES = 'ka ri to ma ne so lu vi da pe zo mi ra te no bu shi gal den fer mon tas vel qua rin hol'.split(' ');

function pseudoWords(count: number, next: () => number): string[] {
  const words = new Set<string>();
  while (words.size < count) {
    const length = 2 + Math.floor(next() * 3);
    let word = '';
    for (let i = 0; i < length; i++) word += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
}

/** Zipf-like pick: low indices far more often. */
function zipf(list: readonly string[], next: () => number): string {
  return list[Math.min(list.length - 1, Math.floor(Math.pow(next(), 2.2) * list.length))]!;
}

function fillerParagraph(next: () => number, vocabulary: readonly string[]): string {
  const sentences: string[] = [];
  const sentenceCount = 1 + Math.floor(next() * 4);
  for (let s = 0; s < sentenceCount; s++) {
    const words: string[] = [];
    const length = 8 + Math.floor(next() * 20);
    for (let w = 0; w < length; w++) {
      const roll = next();
      words.push(
        roll < 0.45 ? zipf(FUNCTION_WORDS, next) : roll < 0.6 ? zipf(NEWS_WORDS, next) : zipf(vocabulary, next),
      );
    }
    if (next() < 0.2) words.push(String(Math.floor(next() * 5000)));
    const sentence = words.join(' ');
    sentences.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`);
  }
  return sentences.join(' ');
}

export const PARAGRAPHS_PER_DOCUMENT = 20;

/** A corpus of about `paragraphs` paragraphs: filler documents with `story` placed in the middle. */
export function haystack(story: CorpusDocument, aliases: Corpus['aliases'], paragraphs: number): Corpus {
  const next = random(paragraphs);
  const vocabulary = pseudoWords(Math.min(60_000, Math.max(2_000, paragraphs / 2)), next);
  const fillerDocuments = Math.max(0, Math.ceil((paragraphs - story.paragraphs.length) / PARAGRAPHS_PER_DOCUMENT));
  const documents: CorpusDocument[] = [];
  for (let d = 0; d < fillerDocuments; d++) {
    const id = `filler-${d}`;
    documents.push({
      id,
      title: `Filler ${d}`,
      paragraphs: Array.from({ length: PARAGRAPHS_PER_DOCUMENT }, (_, i) => ({
        documentId: id,
        number: i + 1,
        text: fillerParagraph(next, vocabulary),
      })),
    });
  }
  documents.splice(Math.floor(documents.length / 2), 0, story);
  return { documents, aliases };
}

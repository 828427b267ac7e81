/**
 * Stage 6, passages: the chosen paragraphs as cited passages, with the words that matched the
 * question (for bold) and the sentence that says most of it (quoted first).
 */
import type { Highlight, Passage } from '../types.js';
import type { Concept, StageContext } from './types.js';

/** Terms shown in bold: the question's own words and close variants, not loose synonyms. */
function matchedTerms(concepts: readonly Concept[], minFactor: number): ReadonlySet<string> {
  return new Set(
    concepts.flatMap((concept) =>
      [...concept.variants].filter(([, factor]) => factor >= minFactor).map(([term]) => term),
    ),
  );
}

export function toPassage(
  { index, options }: StageContext,
  paragraph: number,
  score: number,
  concepts: readonly Concept[],
  bestSentence?: number,
): Passage {
  const { document, paragraph: source } = index.paragraphs[paragraph]!;
  const { tokens, sentences } = index.analyse(paragraph);
  const terms = matchedTerms(concepts, options.highlightMinFactor);
  const highlights: Highlight[] = [];
  const matchedWords: string[] = [];
  const sentenceHits = sentences.map(() => 0);
  for (const { token, terms: tokenTerms, sentence } of tokens) {
    if (!tokenTerms.some((term) => terms.has(term))) continue;
    sentenceHits[sentence]!++;
    const last = highlights[highlights.length - 1];
    // Adjacent matched words ("Prime Minister") are one highlight.
    if (last && /^[\s\-.]*$/u.test(source.text.slice(last.end, token.start)))
      highlights[highlights.length - 1] = { start: last.start, end: token.end };
    else highlights.push({ start: token.start, end: token.end });
    const word = source.text.slice(token.start, token.end);
    if (!matchedWords.includes(word)) matchedWords.push(word);
  }
  const chosen = bestSentence ?? sentenceHits.indexOf(Math.max(...sentenceHits));
  const range = sentences[Math.max(0, chosen)] ?? { start: 0, end: source.text.length };
  const doc = index.documents[document]!;
  return {
    document: doc.id,
    title: doc.title,
    paragraph: source.number,
    text: source.text,
    score: Math.round(score * 1000) / 1000,
    matchedWords,
    highlights,
    bestSentence: source.text.slice(range.start, range.end),
  };
}

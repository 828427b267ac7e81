/**
 * Question → concepts. A concept is one thing the question asks about (usually one word) with
 * the index terms that can stand for it: its stem, its aliases, close spellings, a feature.
 * A paragraph matches a concept when it holds any of those terms.
 */
import { AliasMatcher, NUMBER_FEATURE, TIME_FEATURE, aliasTerm } from './analyse.js';
import type { FuzzyVocabulary } from './fuzzy.js';
import { isOutsideEverydayEnglish } from './background.js';
import type { SearchIndex } from './index-build.js';
import { STOP_WORDS, isStopWord, tokenize, type Token } from './normalise.js';

export interface Alternative {
  readonly termId: number;
  /** 1 for the word itself, less for an alias, a feature or a close spelling. */
  readonly factor: number;
}

export interface Concept {
  readonly surface: string;
  readonly alternatives: readonly Alternative[];
  /** Counts toward coverage (what share of the question a paragraph answers). */
  readonly required: boolean;
  /**
   * A word the corpus does not know, that is not everyday English and not a misspelling of a
   * corpus word: the name of something else ("Macron", "Khamenei"). The question is then about
   * something the corpus does not cover.
   */
  readonly foreign?: boolean;
}

const ALIAS_FACTOR = 0.9;
const FEATURE_FACTOR = 0.5;
const FUZZY_FACTOR = 0.9;
/** Words that ask for a number: a paragraph stating one is likelier to answer. */
const NUMBER_CUES = new Set(['number', 'tally', 'count', 'total', 'figure', 'amount', 'many', 'much', 'size']);

export interface QueryContext {
  readonly index: SearchIndex;
  /** Corpus words, alias words and stop words, for typo lookup. */
  readonly fuzzy: FuzzyVocabulary;
}

function termAlternative(index: SearchIndex, term: string, factor: number): Alternative[] {
  const termId = index.termIds.get(term);
  return termId === undefined ? [] : [{ termId, factor }];
}

function aliasGroupsOf(aliases: AliasMatcher, tokens: readonly Token[]): number[][] {
  const groups: number[][] = tokens.map(() => []);
  for (const match of aliases.find(tokens)) {
    for (let k = match.from; k < match.from + match.length; k++) groups[k]!.push(match.group);
  }
  return groups;
}

/** Alternatives for a word that is not in the index: close spellings of corpus words and alias names. */
function fuzzyAlternatives(context: QueryContext, folded: string): Alternative[] | 'stop-word' {
  const matches = context.fuzzy.lookup(folded);
  const best = matches[0];
  if (!best) return [];
  if (STOP_WORDS.has(best.word)) return 'stop-word';
  const { index } = context;
  const alternatives: Alternative[] = [];
  for (const match of matches) {
    if (match.similarity < best.similarity - 0.05) break;
    const factor = FUZZY_FACTOR * match.similarity;
    const stem = index.words.get(match.word);
    if (stem !== undefined) alternatives.push(...termAlternative(index, stem, factor));
    for (const group of index.aliases.singleWords.get(match.word) ?? []) {
      alternatives.push(...termAlternative(index, aliasTerm(group), factor * ALIAS_FACTOR));
    }
  }
  return alternatives;
}

function dedupe(alternatives: readonly Alternative[]): Alternative[] {
  const best = new Map<number, number>();
  for (const { termId, factor } of alternatives) best.set(termId, Math.max(factor, best.get(termId) ?? 0));
  return [...best].map(([termId, factor]) => ({ termId, factor }));
}

export interface QueryOptions {
  /** Treat the last word as a prefix (autocomplete while typing). */
  readonly prefixLastWord?: boolean;
}

export function buildConcepts(context: QueryContext, question: string, options: QueryOptions = {}): Concept[] {
  const { index } = context;
  const tokens = tokenize(question);
  const aliasGroups = aliasGroupsOf(index.aliases, tokens);
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  tokens.forEach((token, position) => {
    const isLast = position === tokens.length - 1;
    const previous = tokens[position - 1]?.folded;
    if (previous === 'how' && (token.folded === 'many' || token.folded === 'much')) {
      concepts.push({ surface: 'how many', alternatives: termAlternative(index, NUMBER_FEATURE, FEATURE_FACTOR), required: false });
    }
    if (token.folded === 'when') {
      concepts.push({ surface: 'when', alternatives: termAlternative(index, TIME_FEATURE, FEATURE_FACTOR), required: false });
    }
    if (options.prefixLastWord === true && isLast) {
      concepts.push(prefixConcept(context, token.folded));
      return;
    }
    if (isStopWord(token.folded) || seen.has(token.stem)) return;
    seen.add(token.stem);
    let alternatives = [
      ...termAlternative(index, token.stem, 1),
      ...aliasGroups[position]!.flatMap((group) => termAlternative(index, aliasTerm(group), ALIAS_FACTOR)),
    ];
    if (!index.termIds.has(token.stem) && !/^\d+$/.test(token.folded)) {
      const fuzzy = fuzzyAlternatives(context, token.folded);
      if (fuzzy === 'stop-word') return;
      alternatives.push(...fuzzy);
    }
    if (NUMBER_CUES.has(token.folded)) alternatives.push(...termAlternative(index, NUMBER_FEATURE, FEATURE_FACTOR));
    alternatives = dedupe(alternatives);
    const foreign =
      alternatives.length === 0 &&
      token.folded.length >= 4 &&
      !/\d/.test(token.folded) &&
      isOutsideEverydayEnglish(token.folded) &&
      !context.fuzzy.resembles(token.folded);
    concepts.push({ surface: token.folded, alternatives, required: true, foreign });
  });
  return concepts;
}

const MAX_PREFIX_WORDS = 40;

/** The last, half-typed word of an autocomplete query: any corpus word it begins. */
function prefixConcept(context: QueryContext, prefix: string): Concept {
  const { index } = context;
  const alternatives: Alternative[] = [];
  if (prefix.length >= 2) {
    const words = index.sortedWords;
    for (let i = lowerBound(words, prefix), taken = 0; i < words.length && taken < MAX_PREFIX_WORDS; i++, taken++) {
      const word = words[i]!;
      if (!word.startsWith(prefix)) break;
      alternatives.push(...termAlternative(index, index.words.get(word)!, 1));
    }
    for (const [word, groups] of index.aliases.singleWords) {
      if (word.startsWith(prefix)) groups.forEach((group) => alternatives.push(...termAlternative(index, aliasTerm(group), ALIAS_FACTOR)));
    }
  }
  return { surface: prefix, alternatives: dedupe(alternatives), required: !isStopWord(prefix) };
}

/** First position in sorted `words` not less than `value`. */
function lowerBound(words: readonly string[], value: string): number {
  let low = 0;
  let high = words.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (words[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

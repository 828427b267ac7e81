/**
 * Tokens → index terms. A term is a word stem ("vote"), an alias group ("~3": any phrase of
 * that group) or a feature ("#num": the paragraph states a number). Paragraphs and questions
 * go through the same code so that they meet on the same terms.
 */
import type { AliasGroup } from '../corpus/types.js';
import { isStopWord, stemWord, tokenize, type Token } from './normalise.js';

export const NUMBER_FEATURE = '#num';
export const TIME_FEATURE = '#time';
export const PLACE_FEATURE = '#place';
export const CONDITION_FEATURE = '#if';
/** The paragraph names someone or something in full: two capitalised words in a row ("Qassem Suleimani"). */
export const FULL_NAME_FEATURE = '#name';
/** Words that state a condition: "if parliament doesn't do this, we will…". */
export const CONDITION_WORDS = new Set(['if', 'unless', 'otherwise']);
export const REASON_FEATURE = '#why';
/**
 * How a paragraph gives a reason: "because", "in terms of practicality", "in the interest of", or
 * a purpose ("to counter what it says is…", "so as to form…", "in order to").
 */
export const REASON_CUES = /\b(?:because|due to|owing to|in terms of|in the interests? of|for the sake of|the reasons? (?:is|was|being)|in order to|so as to|so that|to counter|to prevent|aimed at|citing)\b/i;
/**
 * Words that ask for the reasons someone gave. Not "why": a "why" question is as often answered by
 * a paragraph telling what happened ("in response to the killing…") as by one that argues.
 */
export const REASON_WORDS = new Set(['reason', 'reasons', 'justification', 'rationale', 'grounds', 'motive', 'motives', 'motivation']);
/** Words that put a place after them: "at the Baghdad airport", "in Kirkuk"; not "to", which as often puts a person or a possessor ("in addition to Suleimani", "vital to Iraq's plans"). */
export const PLACE_PREPOSITIONS = new Set(['at', 'in', 'near', 'outside', 'inside', 'into', 'across', 'from', 'through', 'throughout']);

const NUMBER_WORDS = new Set(
  'two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred hundreds thousand thousands million millions billion dozen dozens'.split(' '),
);
const WEEKDAYS = 'monday tuesday wednesday thursday friday saturday sunday'.split(' ');
/** The months, by name. */
export const MONTHS: readonly string[] = 'january february march april may june july august september october november december'.split(' ');
/** The days of the week and the months, by name. */
export const DATE_NAMES: readonly string[] = [...WEEKDAYS, ...MONTHS];
const TIME_WORDS = new Set([...WEEKDAYS, 'weekend', 'yesterday', 'today', 'tonight', ...MONTHS]);
/** Days and months by name, but not "may" and "march", which are as often a verb. */
export const UNAMBIGUOUS_DATE_NAMES: ReadonlySet<string> = new Set([...WEEKDAYS, ...MONTHS.filter((month) => month !== 'may' && month !== 'march')]);

/** Numbers people write either way: "2 countries", "two sides". Index = value. */
const SPELLED_NUMBERS = 'zero one two three four five six seven eight nine ten eleven twelve'.split(' ');

/** The other way of writing a small number: "2" ↔ "two"; undefined for anything else. */
export function otherNumberSpelling(folded: string): string | undefined {
  if (/^\d+$/.test(folded)) return SPELLED_NUMBERS[Number(folded)];
  const value = SPELLED_NUMBERS.indexOf(folded);
  return value === -1 ? undefined : String(value);
}

export function isNumberWord(folded: string): boolean {
  return /\d/.test(folded) || NUMBER_WORDS.has(folded);
}

/** Days and months by name ("Sunday", "January"): capitalised, yet no one a story is about. */
export const NAMED_TIMES: ReadonlySet<string> = TIME_WORDS;

export function isTimeWord(folded: string): boolean {
  return TIME_WORDS.has(folded) || /^(1[89]|20)\d\d$/.test(folded);
}

export function aliasTerm(group: number): string {
  return `~${group}`;
}

interface AliasPhrase {
  readonly stems: readonly string[];
  readonly group: number;
}

/** Finds alias phrases in token streams, longest match first, comparing stems. */
export class AliasMatcher {
  private readonly byFirstStem = new Map<string, AliasPhrase[]>();
  /** Single-word phrases by folded form, for fuzzy lookup of misspelt names. */
  readonly singleWords = new Map<string, number[]>();
  /** Words of phrases of two or more words ("prime", "minister"), folded. */
  readonly phraseWords = new Set<string>();

  constructor(groups: readonly AliasGroup[]) {
    groups.forEach((phrases, group) => {
      for (const phrase of phrases) {
        const tokens = tokenize(phrase);
        // A single stop word ("more", "further") would match nearly every paragraph; a phrase of
        // them ("get out", "all over") is specific enough.
        if (tokens.length < 2 && tokens.every((token) => isStopWord(token.folded))) continue;
        this.addPhrase(tokens.map((token) => token.stem), group);
        if (tokens.length > 1) tokens.forEach((token) => this.phraseWords.add(token.folded));
        if (tokens.length === 1) this.addSingleWord(tokens[0]!.folded, group);
        // "primeminister": a phrase typed as one word, which a misspelling of it ("promeminister") must find.
        const joined = tokens.map((token) => token.folded).join('');
        if (tokens.length > 1 && !tokens.some((token) => isStopWord(token.folded))) {
          this.addPhrase([stemWord(joined)], group);
          this.addSingleWord(joined, group);
        }
      }
    });
  }

  /** A phrase of `group` by its stems, kept longest first under its first stem. */
  private addPhrase(stems: readonly string[], group: number): void {
    const list = this.byFirstStem.get(stems[0]!) ?? [];
    list.push({ stems, group });
    list.sort((a, b) => b.stems.length - a.stems.length);
    this.byFirstStem.set(stems[0]!, list);
  }

  /** A one-word phrase of `group`, for fuzzy lookup by its folded form. */
  private addSingleWord(folded: string, group: number): void {
    const groupsOfWord = this.singleWords.get(folded) ?? [];
    if (!groupsOfWord.includes(group)) groupsOfWord.push(group);
    this.singleWords.set(folded, groupsOfWord);
  }

  /** Every alias occurrence: [first token index, token count, group]. Overlapping groups are all kept. */
  find(tokens: readonly Token[]): { readonly from: number; readonly length: number; readonly group: number }[] {
    return this.findInStems(tokens.map((token) => token.stem));
  }

  /** Some alias phrase begins with this stem: only there can `findInStems` find one. */
  startsPhrase(stem: string): boolean {
    return this.byFirstStem.has(stem);
  }

  /**
   * `find` over a paragraph's stems alone (the index builder keeps no token objects). `starts`, when
   * given, lists the only positions where a phrase may begin (those whose stem `startsPhrase`).
   */
  findInStems(stems: readonly string[], starts?: readonly number[]): { readonly from: number; readonly length: number; readonly group: number }[] {
    const found: { from: number; length: number; group: number }[] = [];
    const count = starts?.length ?? stems.length;
    for (let s = 0; s < count; s++) {
      const i = starts === undefined ? s : starts[s]!;
      const candidates = this.byFirstStem.get(stems[i]!);
      if (!candidates) continue;
      const firstFound = found.length;
      for (const phrase of candidates) {
        // Longest first: a group already found here is not found again by a shorter phrase of it.
        if (hasGroupFrom(found, firstFound, phrase.group)) continue;
        if (phrase.stems.every((stem, k) => stems[i + k] === stem)) found.push({ from: i, length: phrase.stems.length, group: phrase.group });
      }
    }
    return found;
  }
}

function hasGroupFrom(found: readonly { readonly group: number }[], from: number, group: number): boolean {
  for (let k = from; k < found.length; k++) if (found[k]!.group === group) return true;
  return false;
}

/** The terms of one token in a paragraph: its stem (unless a stop word) and its alias groups. */
export interface AnalysedToken {
  readonly token: Token;
  readonly terms: readonly string[];
}

/**
 * A word that, after the two before it, is part of an adverbial idiom and means nothing of its
 * own: "*in the end* it is the better option" ends nothing. Indexed as a stop word.
 */
export function isIdiomWord(twoBefore: string | undefined, oneBefore: string | undefined, folded: string): boolean {
  return folded === 'end' && oneBefore === 'the' && twoBefore === 'in';
}

/** Analyses a paragraph for highlighting: each token with the terms it carries. */
export function analyse(text: string, aliases: AliasMatcher): AnalysedToken[] {
  const tokens = tokenize(text);
  const terms: string[][] = tokens.map((token, k) => (isStopWord(token.folded) || isIdiomWord(tokens[k - 2]?.folded, tokens[k - 1]?.folded, token.folded) ? [] : [token.stem]));
  for (const match of aliases.find(tokens)) {
    for (let k = match.from; k < match.from + match.length; k++) terms[k]!.push(aliasTerm(match.group));
  }
  return tokens.map((token, i) => ({ token, terms: terms[i]! }));
}

/**
 * "He urged them to opt for…": a paragraph that speaks of someone only as he or she, or carries on
 * a quotation without naming its speaker again, is about the names of the paragraph before it.
 * Such a paragraph inherits those names, and its pronouns carry them, so that a question naming
 * the person finds what the pronoun says. Index-time only.
 */
import { isEverydayLowerCaseWord } from '../lexicon/english.js';
import { isStopWord } from './normalise.js';

const PERSONAL_PRONOUNS: ReadonlySet<string> = new Set(['he', 'him', 'his', 'she', 'her', 'hers']);
const UPPER = /^\p{Lu}$/u;
const OPENS_WITH_QUOTE = /^\s*["“‘]/u;

export function isPersonalPronoun(folded: string): boolean {
  return PERSONAL_PRONOUNS.has(folded);
}

/** The paragraph carries on the quotation of the paragraph before. */
export function opensWithQuote(text: string): boolean {
  return OPENS_WITH_QUOTE.test(text);
}

/** A word that, capitalised, names someone or something: no stop word and no everyday word English writes in lower case. */
export function mayBeName(folded: string): boolean {
  return !isStopWord(folded) && !isEverydayLowerCaseWord(folded);
}

/** The character code is a capital letter (ASCII looked up without a regular expression: this runs per word indexed). */
export function isCapitalised(code: number): boolean {
  if (code < 128) return code >= 65 && code <= 90;
  return UPPER.test(String.fromCharCode(code));
}

/** What one paragraph says of names, for the paragraph after it. */
export interface NamesSaid {
  /** Terms of its own name words. */
  readonly names: readonly string[];
  /** What it inherited itself. */
  readonly inherited: readonly string[];
  /** It speaks through he or she, or carries on a quotation. */
  readonly speaksThroughOthers: boolean;
}

/**
 * What a paragraph inherits: the names of the paragraph before, and what that one inherited when
 * it too spoke through others. Nothing when it names whom it speaks of, or is a document's first.
 */
export function inheritedNames(before: NamesSaid | undefined, speaksThroughOthers: boolean): string[] {
  if (!speaksThroughOthers || !before) return [];
  return [...new Set([...before.names, ...(before.speaksThroughOthers ? before.inherited : [])])];
}

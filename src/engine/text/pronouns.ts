/**
 * "He urged them to opt for…": a paragraph that speaks of someone only as he or she is about the
 * names of the paragraph before it. Such a paragraph inherits those names, and its pronouns carry
 * them, so that a question naming the person finds what the pronoun says. Index-time only.
 */
import { isEverydayLowerCaseWord } from '../lexicon/english.js';
import { isStopWord, type Token } from './normalise.js';

const PERSONAL_PRONOUNS: ReadonlySet<string> = new Set(['he', 'him', 'his', 'she', 'her', 'hers']);
const UPPER = /^\p{Lu}/u;
/** A paragraph that opens with a quotation carries on the quote of the paragraph before, whose speaker it does not name again. */
const OPENS_WITH_QUOTE = /^\s*["“‘]/u;

/** The paragraph speaks of someone it does not name: through he or she, or by carrying on a quotation. */
export function speaksThroughOthers(text: string, tokens: readonly { readonly token: Token }[]): boolean {
  return OPENS_WITH_QUOTE.test(text) || tokens.some(({ token }) => PERSONAL_PRONOUNS.has(token.folded));
}

export function isPersonalPronoun(folded: string): boolean {
  return PERSONAL_PRONOUNS.has(folded);
}

/** Terms of the words that name someone or something: capitalised, and not an everyday word that English writes in lower case. */
export function nameTerms(text: string, tokens: readonly { readonly token: Token; readonly terms: readonly string[] }[]): string[] {
  const names = new Set<string>();
  for (const { token, terms } of tokens) {
    if (terms.length === 0 || isStopWord(token.folded)) continue;
    if (!UPPER.test(text.slice(token.start, token.start + 1)) || isEverydayLowerCaseWord(token.folded)) continue;
    for (const term of terms) names.add(term);
  }
  return [...names];
}

/**
 * What each paragraph of one document inherits: the names of the paragraph before, and what that
 * one inherited when it too speaks through a pronoun. Empty for paragraphs without he or she.
 */
export function inheritNames(paragraphs: readonly { readonly names: readonly string[]; readonly hasPronoun: boolean }[]): string[][] {
  const inherited: string[][] = [];
  paragraphs.forEach((paragraph, i) => {
    const before = paragraphs[i - 1];
    if (!paragraph.hasPronoun || !before) {
      inherited.push([]);
      return;
    }
    const carried = before.hasPronoun ? inherited[i - 1]! : [];
    inherited.push([...new Set([...before.names, ...carried])]);
  });
  return inherited;
}

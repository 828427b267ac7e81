/**
 * Text → terms. The same path serves paragraphs and questions, so both sides agree on
 * case, diacritics, curly versus straight quotes, "U.S." versus "US", possessives and word forms.
 */
import { stemmer } from 'stemmer';

/** A word as it stands in the original text, with its normalised forms. */
export interface Token {
  /** Offset of the word in the original text. */
  readonly start: number;
  readonly end: number;
  /** Lower-case, diacritics removed, dots/apostrophes/thousand separators removed. */
  readonly folded: string;
  /** `folded` reduced to its stem (Porter): "voted" → "vote", "troops" → "troop". */
  readonly stem: string;
}

// Words joined by an inner dot or apostrophe ("U.S", "Iraq’s", "didn't"), or digits by a comma ("5,000").
const WORD = /[\p{L}\p{N}]+(?:(?:[.'’‘`]|(?<=\p{N}),(?=\p{N}))[\p{L}\p{N}]+)*/gu;
const COMBINING_MARKS = /\p{M}+/gu;

/** Lower-case, strip diacritics, drop inner punctuation and a possessive "'s". */
export function foldWord(word: string): string {
  return word
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/['’‘`]s$/u, '')
    .replace(/[.'’‘`,]/gu, '');
}

const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

export function stemWord(folded: string): string {
  let stem = stemCache.get(folded);
  if (stem === undefined) {
    // Numbers and very short words are kept as they are: "us" must not become "u".
    stem = folded.length <= 3 || /\d/.test(folded) ? folded : stemmer(folded);
    if (stemCache.size < STEM_CACHE_LIMIT) stemCache.set(folded, stem);
  }
  return stem;
}

interface WordForms {
  readonly folded: string;
  readonly stem: string;
}

// Folding (Unicode normalisation) and stemming dominate indexing time; a corpus repeats its words.
const formsCache = new Map<string, WordForms>();

function formsOf(word: string): WordForms {
  let forms = formsCache.get(word);
  if (forms === undefined) {
    const folded = foldWord(word);
    forms = { folded, stem: stemWord(folded) };
    if (formsCache.size < STEM_CACHE_LIMIT) formsCache.set(word, forms);
  }
  return forms;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // Offsets refer to `text` itself: NFC normalisation would shift them, and folding handles composed forms.
  for (const match of text.matchAll(WORD)) {
    const { folded, stem } = formsOf(match[0]);
    if (folded === '') continue;
    tokens.push({ start: match.index, end: match.index + match[0].length, folded, stem });
  }
  return tokens;
}

/**
 * Words that carry no meaning for retrieval, as folded forms. Question words are here too:
 * "what" or "why" says how to answer, not where.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are arent as at be because been before being below between both but by ' +
    'can cant could couldnt did didnt do does doesnt doing dont down during each few for from further had hadnt has hasnt have ' +
    'havent having he hed hes her here heres hers herself him himself his how hows i id ill im ive if in into is isnt it its itself ' +
    'lets me more most mustnt my myself no nor not of off on once only or other ought our ours ourselves out over own same shant ' +
    'she shed shes should shouldnt so some such than that thats the their theirs them themselves then there theres these they ' +
    'theyd theyll theyre theyve this those through to too under until up very was wasnt we wed well were weve werent what whats ' +
    'when whens where wheres which while who whos whom why whys with wont would wouldnt you youd youll youre youve your yours ' +
    'yourself yourselves also just really actually anything something tell told know say says said please hey hi hello ' +
    'thanks thank ok okay yes yeah u ur pls plz whatd wat wut wht hw y r im ya gonna wanna got get gets'
  ).split(' '),
);

/** Words so common in questions that only a paragraph with more than them should count as an answer. */
export function isStopWord(folded: string): boolean {
  return STOP_WORDS.has(folded);
}

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

// Words are runs of letters and digits, joined by an inner dot or apostrophe ("U.S", "Iraq’s",
// "didn't") or by a comma between digits ("5,000"). `scanWords` implements this by hand because
// indexing 100,000 paragraphs with a regular expression and a Map lookup per word is too slow.
const JOINERS = new Set([0x2e, 0x27, 0x2019, 0x2018, 0x60]); // . ' ’ ‘ `
const COMMA = 0x2c;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const DIGIT = /^\p{N}$/u;
const wordCharCache = new Map<number, number>();

/** 0: not part of a word; 1: a letter; 2: a digit. Surrogate halves count as neither. */
function charClass(code: number): number {
  if (code < 128) {
    if (code >= 48 && code <= 57) return 2;
    return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 1 : 0;
  }
  let cls = wordCharCache.get(code);
  if (cls === undefined) {
    const char = String.fromCharCode(code);
    cls = DIGIT.test(char) ? 2 : LETTER_OR_DIGIT.test(char) ? 1 : 0;
    wordCharCache.set(code, cls);
  }
  return cls;
}

/**
 * Calls `onWord(start, end, hash)` for each word of `text`, where hash is FNV-1a of its UTF-16
 * code units (so that callers can look words up without slicing strings).
 */
export function scanWords(text: string, onWord: (start: number, end: number, hash: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (charClass(text.charCodeAt(i)) === 0) {
      i++;
      continue;
    }
    const start = i;
    let hash = 0x811c9dc5;
    for (;;) {
      while (i < n && charClass(text.charCodeAt(i)) !== 0) {
        hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
        i++;
      }
      if (i + 1 >= n) break;
      const joiner = text.charCodeAt(i);
      const after = charClass(text.charCodeAt(i + 1));
      const joins =
        after !== 0 &&
        (JOINERS.has(joiner) || (joiner === COMMA && after === 2 && charClass(text.charCodeAt(i - 1)) === 2));
      if (!joins) break;
      hash = Math.imul(hash ^ joiner, 0x01000193);
      i++;
    }
    onWord(start, i, hash >>> 0);
  }
}

const COMBINING_MARKS = /\p{M}+/gu;

/** Lower-case, strip diacritics, drop inner punctuation, a possessive "'s" and a contraction ("there'll" → "there"). */
export function foldWord(word: string): string {
  return word
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/['’‘`](?:s|ll|re|ve|d)$/u, '')
    .replace(/[.'’‘`,]/gu, '');
}

const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

export function stemWord(folded: string): string {
  let stem = stemCache.get(folded);
  if (stem === undefined) {
    // Numbers and very short words are kept as they are: "us" must not become "u".
    // A stem of two letters would meet unrelated short words: "used" must not become "us".
    stem = folded.length <= 3 || /\d/.test(folded) ? folded : stemmer(folded);
    if (stem.length <= 2) stem = folded;
    if (stemCache.size < STEM_CACHE_LIMIT) stemCache.set(folded, stem);
  }
  return stem;
}

export interface WordForms {
  readonly folded: string;
  readonly stem: string;
}

// Folding (Unicode normalisation) and stemming dominate indexing time; a corpus repeats its words.
const formsCache = new Map<string, WordForms>();

export function formsOf(word: string): WordForms {
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
  // Offsets refer to `text` itself; folding handles composed and decomposed forms alike.
  scanWords(text, (start, end) => {
    const { folded, stem } = formsOf(text.slice(start, end));
    if (folded !== '') tokens.push({ start, end, folded, stem });
  });
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
    'yourself yourselves also just really actually anything something know please hey hi hello ' +
    'thanks thank ok okay yes yeah u ur pls plz whatd wat wut wht hw y r im ya gonna wanna got get gets many much ' +
    // Prefixes written apart by the tokenizer ("anti-isil", "non-combat"): the word after them is the content.
    'anti non ' +
    // Chat asides: "rn" (right now), "lol", "tbh", "idk"…
    'rn lol lmao lmfao tbh imo imho idk btw ngl fr smh thx ty ikr ' +
    // Fillers that stress or soften what follows ("is Sadr *basically* threatening…") and add nothing to look for.
    'basically seriously literally honestly totally kinda sorta essentially simply genuinely truly'
  ).split(' '),
);

/** Words so common in questions that only a paragraph with more than them should count as an answer. */
export function isStopWord(folded: string): boolean {
  return STOP_WORDS.has(folded);
}

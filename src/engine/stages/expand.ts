/**
 * Stage 2, expand: each word of substance becomes a concept, with every index term that counts
 * as saying it. The word's own stem counts fully; an `_aliases.txt` phrase brings its group;
 * a word the corpus lacks is read as a misspelling (Fuse.js over the vocabulary) or a sound-alike
 * (Double Metaphone); WordNet adds derivations and synonyms, weighted below exact matches.
 */
import { aliasTerm } from '../text/aliases.js';
import { isStopWord, stemWord, type Token } from '../text/normalise.js';
import { everydaySpelling, isEverydayLowerCaseWord, isListedEnglishWord, rarity } from '../lexicon/english.js';
import { editDistance, maxEdits } from '../lexicon/fuzzy.js';
import type { Concept, Stage, StageContext } from './types.js';

/** How many letters a sound-alike may differ by ("kasem", "qassem"). */
function soundSlack(folded: string, share: number): number {
  return Math.max(2, Math.round(folded.length * share));
}

/** WordNet is asked only about words: not numbers, not two-letter fragments. */
const WORD = /^[a-z]{3,}$/;

/** The weight of a word the corpus never uses: as specific as a word used once, scaled by its English rarity. */
function unknownImportance(folded: string, context: StageContext): number {
  return context.index.idfOfFrequency(0) * rarity(folded);
}

/**
 * A word's weight in the abstention rule: how specific it is in English at large, not in this
 * corpus. A name (a word English writes capitalised, "California") or a number is as specific as a
 * word can be; "trouble" or "happen" are just how people talk.
 */
function specificityOf(word: string): number {
  return /\d/.test(word) || !isEverydayLowerCaseWord(word) ? 1 : rarity(word);
}

function addVariant(variants: Map<string, number>, term: string, factor: number): void {
  if (factor > (variants.get(term) ?? 0)) variants.set(term, factor);
}

/**
 * Corpus words that `folded`, absent from the corpus, misspells or sounds like. Returns the
 * likeliest one (the word meant), if any.
 */
function spellingVariants(folded: string, variants: Map<string, number>, context: StageContext): string | undefined {
  const { index, typos, sounds, options } = context;
  // A real English word the corpus lacks is another word, not a slip ("night" is not "fight"); a
  // number one digit away is another number ("5000" is not "15,000").
  if (isListedEnglishWord(folded) || /\d/.test(folded)) return undefined;
  let meant: string | undefined;
  let best = 0;
  const consider = (word: string, factor: number): void => {
    // The typo vocabulary holds the corpus's words and their stems ("demand" for "demanded").
    const stem = index.stemOf(word) ?? (index.has(word) ? word : undefined);
    if (stem === undefined || isStopWord(word)) return;
    addVariant(variants, stem, factor);
    if (factor > best) [meant, best] = [word, factor];
  };
  // One slip is likelier than two: each edit costs the same share.
  for (const match of typos.lookup(folded))
    consider(match.word, options.match.typo ** editDistance(folded, match.word, maxEdits(folded.length)));
  // Sounding alike is evidence only when the letters are not too far apart either ("opshuns", "options").
  const slack = soundSlack(folded, options.soundSlack);
  if (meant === undefined)
    for (const word of sounds.lookup(folded))
      if (editDistance(folded, word, slack) <= slack) consider(word, options.match.sound);
  return meant;
}

function wordNetVariants(folded: string, variants: Map<string, number>, context: StageContext): void {
  if (!WORD.test(folded)) return;
  const { index, wordNet, options } = context;
  const { synonyms, derived } = wordNet.relatives(folded);
  for (const word of derived) {
    const stem = stemWord(word);
    if (index.has(stem)) addVariant(variants, stem, options.match.derived);
  }
  for (const word of synonyms) {
    const stem = stemWord(word);
    if (index.has(stem)) addVariant(variants, stem, options.match.synonym);
  }
}

/**
 * The word the asker meant: the token itself when the corpus or English knows it, else the corpus
 * word it misspells (its variants are added), else the everyday English word it misspells.
 */
function meaning(token: Token, variants: Map<string, number>, context: StageContext): string {
  const { index, options } = context;
  if (index.has(token.stem)) {
    variants.set(token.stem, options.match.exact);
    return token.folded;
  }
  const corpusWord = spellingVariants(token.folded, variants, context);
  if (corpusWord !== undefined) return corpusWord;
  if (isListedEnglishWord(token.folded) || context.wordNet.knows(token.folded)) return token.folded;
  // An everyday word misspelt ("hapened", "btween"), preferring words the corpus uses.
  const everyday = everydaySpelling(token.folded, (word) => (index.has(stemWord(word)) ? 1 : 0));
  if (everyday === undefined) return token.folded;
  const stem = stemWord(everyday.word);
  if (index.has(stem) && !isStopWord(everyday.word)) addVariant(variants, stem, options.match.typo);
  return everyday.word;
}

/** One question word as a concept; undefined when it turns out to be a misspelt stop word ("btween"). */
function wordConcept(token: Token, position: number, context: StageContext): Concept | undefined {
  const { index, vectors } = context;
  const variants = new Map<string, number>();
  const meant = meaning(token, variants, context);
  if (isStopWord(meant)) return undefined;
  wordNetVariants(meant, variants, context);
  const stem = stemWord(meant);
  // A misspelt word weighs as the word it stands for, and means what it means.
  const importance = index.has(stem) ? index.idf(stem) : unknownImportance(meant, context);
  return {
    words: [token.folded],
    position,
    importance,
    specificity: specificityOf(meant),
    variants,
    vectorRow: vectors.row(meant),
  };
}

/** How many corpus words a word still being typed may stand for. */
const PREFIX_WORDS = 50;

/** Autocomplete: the last word is still being typed, so any corpus word it begins counts ("sulei"). */
function prefixConcept(token: Token, position: number, context: StageContext): Concept {
  const { index, options } = context;
  const variants = new Map<string, number>();
  for (const word of index.wordsStartingWith(token.folded, PREFIX_WORDS)) {
    if (!isStopWord(word)) addVariant(variants, index.stemOf(word)!, options.match.exact);
  }
  return {
    words: [token.folded],
    position,
    importance: index.idfOfFrequency(0),
    specificity: 1,
    variants,
    vectorRow: -1,
  };
}

export const expand: Stage = (state, context) => {
  const { index, options } = context;
  const concepts: Concept[] = [];
  const covered = new Set<number>();
  for (const match of index.aliases.find(state.tokens.map((token) => token.stem))) {
    const term = aliasTerm(match.group);
    const words = state.tokens.slice(match.from, match.from + match.length).map((token) => token.folded);
    for (let k = match.from; k < match.from + match.length; k++) covered.add(k);
    concepts.push({
      words,
      position: match.from,
      importance: index.idf(term),
      specificity: 1,
      variants: new Map([[term, options.match.alias]]),
      vectorRow: -1,
    });
  }
  state.tokens.forEach((token, position) => {
    const typing = state.prefixLastWord && position === state.tokens.length - 1;
    if (typing) concepts.push(prefixConcept(token, position, context));
    else if (!covered.has(position) && !isStopWord(token.folded)) {
      const concept = wordConcept(token, position, context);
      if (concept) concepts.push(concept);
    }
  });
  // The same word twice in a question is one concept.
  const seen = new Set<string>();
  state.concepts = concepts
    .filter((concept) => {
      const key = concept.words.join(' ');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.position - b.position);
  if (state.concepts.length === 0) state.declinedBy = 'expand';
};

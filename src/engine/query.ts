/**
 * Question → concepts. A concept is one thing the question asks about (usually one word) with
 * the index terms that can stand for it: its stem, its aliases, close spellings, a feature.
 * A paragraph matches a concept when it holds any of those terms.
 */
import { AliasMatcher, otherNumberSpelling, CONDITION_FEATURE, CONDITION_WORDS, FULL_NAME_FEATURE, NUMBER_FEATURE, PLACE_FEATURE, REASON_FEATURE, REASON_WORDS, TIME_FEATURE, UNAMBIGUOUS_DATE_NAMES, aliasTerm } from './analyse.js';
import { editDistance, type FuzzyVocabulary } from './fuzzy.js';
import { soundAlike, type PhoneticIndex } from './phonetic.js';
import { countryOfCapital, type PlaceNames } from './places.js';
import { everydaySpelling, isCommonEnglishWord, isListedEnglishWord, isOutsideEverydayEnglish, rarity } from './background.js';
import type { SearchIndex } from './index-build.js';
import { STOP_WORDS, isStopWord, isUnmarkedContraction, stemWord, tokenize, type Token } from './normalise.js';
import { AUXILIARIES, FRAME_WORDS, QUESTION_WORDS, TIME_SPANS, askedForPosition, endsAuxiliarySubject, followsAuxiliary, closingVerbPosition, countedWords, eitherOrPairs, isIdiomVerb, isPassingOfTime, offeredClauseStart, joinSeparatedParticles, isYesNoQuestion, openingClause, verbAfterAdverbPosition } from './wording.js';
import { MEMBERS_OF_BODIES, WANTING_AWAY } from './synonyms.js';

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
   * Says something specific: a word the corpus knows, or one that is not among the commonest
   * English words. "happened" or "think" in a question is conversation, not content.
   */
  readonly specific: boolean;
  /**
   * What the answer must state: a number ("how many"), the date of an act ("when", "what day"), a
   * span told by times or numbers ("how many days after"), a place, an age, a name, a reason.
   */
  readonly answerType?: 'number' | 'date' | 'span' | 'quantity' | 'place' | 'age' | 'name' | 'reason';
  /** A word that only frames the question ("what *happened*", "who *else*"): it weighs less. */
  readonly frame?: boolean;
  /** What "how many" counts ("how many American *soldiers*"): the answer states a number of it. */
  readonly counted?: boolean;
  /** The thing a what/which question asks for ("which *force* did he command"): the answer speaks of it. */
  readonly askedThing?: boolean;

  /**
   * A word the corpus does not know, that is not everyday English and not a misspelling of a
   * corpus word: the name of something else ("Macron", "Khamenei"). The question is then about
   * something the corpus does not cover.
   */
  readonly foreign?: boolean;
}

const ALIAS_FACTOR = 0.9;
/** Members who act ("did the MPs respond") as their body ("parliament's response"): near, not the same. */
const BODY_FACTOR = 0.8;
/** How much a frame word ("years", "reasons", "name") counts in ranking, against a word of substance. */
const FRAME_WORD_FACTOR = 0.5;
const FEATURE_FACTOR = 1;
const FUZZY_FACTOR = 0.9;
/** A small number written the other way ("2" for "two"). */
const SPELT_NUMBER_FACTOR = 0.5;
/** A sound-alike counts like a spelling with a couple of mistakes. */
const SOUND_ALIKE_SIMILARITY = 0.75;
/** Nouns for a body of government or of politics: after a modifier ("state department", "defense ministry"), they name one. */
const INSTITUTION_NOUNS = new Set(
  'department departments ministry ministries agency agencies office bureau committee committees commission court tribunal council party parties senate house cabinet embassy consulate'.split(' '),
);

/** Verbs that say little on their own ("problems that could *come* from…", "did they *go* ahead"): they weigh as frame words. */
const LIGHT_VERB_FORMS = new Set(
  'come came comes coming go goes went take takes took taken taking make makes made making put puts putting let lets try tries tried trying see sees saw seen look looks looked use uses used mean means meant give gives gave given giving move moves moved hold holds held holding'.split(' '),
);
/** Verbs of intending, before "to" and the act intended ("*plan* to keep fighting"). */
const INTENTION_VERBS = new Set('plan plans planned planning intend intends intended intending aim aims aimed aiming'.split(' '));
/** Verbs of describing. */
const DESCRIBE_WORDS = new Set(['describe', 'describes', 'described', 'characterize', 'characterise', 'characterizes', 'characterises']);
/** Who describes when a question only frames itself: the asker or the story ("how would *you* describe…"). */
const ASKER_OR_STORY = new Set(['you', 'article', 'story', 'piece', 'report', 'text', 'news', 'u']);

/** Words this common in English (by rank) are never read as a slip for another word. */
const PLAINLY_MEANT_RANK = 5000;

/** Forms of "take" in "take place". */
const TAKE_FORMS = new Set(['take', 'takes', 'took', 'taken', 'taking']);
/** Rarity (see background.ts) from which an unknown word counts as content. */
const SPECIFIC_RARITY = 0.5;
/** Sound-alikes of a word, or of its stem: "opshuns" sounds like "option" once its plural goes. */
function soundsLike(context: QueryContext, folded: string): string[] {
  const found = context.phonetic.lookup(folded);
  if (found.length > 0) return found;
  const byStem = context.phonetic.lookup(stemWord(folded));
  if (byStem.length > 0) return byStem;
  return synonymsHeard(context, folded);
}

/** Built-in synonyms of story words that sound like `folded`; a synonym sounds like many a word ("bumpy" like "Pompeo"), so only one a slip or two away is meant. */
function synonymsHeard(context: QueryContext, folded: string): string[] {
  return (context.synonymPhonetic?.lookup(folded) ?? []).filter((word) => editDistance(word, folded, SOUND_ALIKE_EDITS) <= SOUND_ALIKE_EDITS);
}

/** Shortest part of a run-together word that is split off ("primeminister" → "prime" + "minister"). */
const MIN_COMPOUND_PART = 3;

/**
 * Two corpus words typed without the space between them are read as the two words, so that
 * they can still make up a name or a phrase.
 */
function splitCompound(index: SearchIndex, token: Token): Token[] {
  const word = token.folded;
  if (word.length < 2 * MIN_COMPOUND_PART + 1 || !/^[a-z]+$/.test(word)) return [token];
  const isWord = (part: string): boolean => !isStopWord(part) && (index.words.has(part) || index.aliases.singleWords.has(part));
  for (let cut = MIN_COMPOUND_PART; cut <= word.length - MIN_COMPOUND_PART; cut++) {
    const first = word.slice(0, cut);
    const second = word.slice(cut);
    if (isWord(first) && isWord(second)) {
      return [
        { start: token.start, end: token.start + cut, folded: first, stem: stemWord(first) },
        { start: token.start + cut, end: token.end, folded: second, stem: stemWord(second) },
      ];
    }
  }
  return [token];
}

/** Words that open a question; a "when" or "where" after one of them starts a clause instead. */
const OPENING_WORDS = new Set([...QUESTION_WORDS, 'whats', 'did', 'does', 'do', 'is', 'was', 'were', 'are', 'will', 'would', 'can', 'could', 'has', 'have', 'had']);
/**
 * Chat spellings: of question words, which are stop words themselves ("hw many" still asks for a
 * number), and shorthand too far in letters from the word for spelling correction ("govt").
 */
const CHAT_QUESTION_WORDS = new Map([
  ['hw', 'how'],
  ['wat', 'what'],
  ['wut', 'what'],
  ['wht', 'what'],
  ['wen', 'when'],
  ['ppl', 'people'],
  ['yr', 'year'],
  ['yrs', 'years'],
  ['govt', 'government'],
  ['gov', 'government'],
  ['admin', 'administration'],
  ['intl', 'international'],
  ['prez', 'president'],
  ['bc', 'because'],
  ['tryna', 'trying'],
  ['cuz', 'because'],
]);

/**
 * Question words typed in a hurry ("wen", "wht", "hwo") are read as the question word, so that
 * "wen did…" still asks for a time. Thousands written "5k" are read as 5000. Only for words the
 * corpus does not know: "vow" is a word of the story, not a slip for "how".
 */
function correctQuestionWord(token: Token): Token {
  const chat = CHAT_QUESTION_WORDS.get(token.folded);
  if (chat !== undefined) return { ...token, folded: chat, stem: stemWord(chat) };
  const thousands = /^(\d+)k$/.exec(token.folded);
  if (thousands) {
    const folded = String(Number(thousands[1]) * 1000);
    return { ...token, folded, stem: folded };
  }
  // Common words a letter away ("two", "now", "way") are themselves, not slips.
  if (token.folded.length > 6 || isStopWord(token.folded) || !/^[a-z]+$/.test(token.folded) || isCommonEnglishWord(token.folded, PLAINLY_MEANT_RANK)) return token;
  // A word cut short ("wher") is the word it begins before any other a letter away ("when").
  const close = QUESTION_WORDS.filter((candidate) => editDistance(token.folded, candidate, 1) <= 1);
  const word = close.find((candidate) => candidate.startsWith(token.folded)) ?? close[0];
  return word === undefined ? token : { ...token, folded: word, stem: word };
}

/** How many words the object of "want" may take before "out" or "gone" ("want *the US troops* out"). */
const WANTED_OUT_WINDOW = 4;

/** What "how" asks for when a count or an amount: "how *meny*", "how *mnay*", "how *muhc*" are slips for these. */
const QUANTITY_WORDS = ['many', 'much'];

/** A slip for "many" or "much" after "how" is that word, so that the question still asks for a number. */
function correctQuantityWord(token: Token): Token {
  if (token.folded.length > 5 || isStopWord(token.folded) || isCommonEnglishWord(token.folded, PLAINLY_MEANT_RANK)) return token;
  const word = QUANTITY_WORDS.find((candidate) => editDistance(token.folded, candidate, 1) <= 1);
  return word === undefined ? token : { ...token, folded: word, stem: word };
}

/**
 * A misspelt word of a name or phrase ("primme minister", "muqtda sadr") is read as that word
 * before phrases are found, so that the phrase is still one concept. Only where it then makes a
 * phrase with a neighbour: elsewhere the spelling stays a looser match ("in parliment").
 */
function correctPhraseWord(context: QueryContext, token: Token, neighbours: readonly [Token | undefined, Token | undefined]): Token {
  const { aliases } = context.index;
  if (/\d/.test(token.folded) || isCommonEnglishWord(token.folded) || neighbours.every((neighbour) => neighbour === undefined)) return token;
  const best = context.fuzzy.lookup(token.folded)[0];
  if (best === undefined || !aliases.phraseWords.has(best.word)) return token;
  const corrected = { ...token, folded: best.word, stem: stemWord(best.word) };
  const [before, after] = neighbours;
  const window = [...(before ? [before] : []), corrected, ...(after ? [after] : [])];
  const at = before ? 1 : 0;
  const makesPhrase = aliases.find(window).some(({ from, length }) => length > 1 && from <= at && at < from + length);
  return makesPhrase ? corrected : token;
}

/**
 * A misspelt everyday word ("kliled", "choicces", "suoprt") is read as that word, so that it
 * meets the story through the word's own stem, synonyms and derivations, unless a corpus word is
 * at least as close a spelling (names first: "soliemani" is Soleimani).
 */
function correctEverydaySpelling(context: QueryContext, token: Token): Token {
  // A word close only to a rare English word is likelier a name ("quds" is not "quads").
  if (/\d/.test(token.folded) || isListedEnglishWord(token.folded) || isOutsideEverydayEnglish(token.folded)) return token;
  // A dropped g ("goin on", "doin") is the -ing word, not another word one letter off ("join").
  const withG = `${token.folded}g`;
  if (token.folded.endsWith('in') && isListedEnglishWord(withG)) return { ...token, folded: withG, stem: stemWord(withG) };
  const { index } = context;
  // A word of the corpus first, then a synonym of one ("saets": "seats" for lawmakers, not "sets").
  const usedSynonym = (word: string): boolean => (index.aliases.singleWords.get(word) ?? []).some((group) => isUsedGroup(index, group));
  const everyday = everydaySpelling(token.folded, (word) => (index.termIds.has(stemWord(word)) ? 2 : usedSynonym(word) ? 1 : 0));
  if (everyday === undefined) return token;
  const corpus = context.fuzzy.lookup(token.folded)[0];
  // Where both read the same word ("yeras": "years"), it is that word, question cue and all.
  if (corpus !== undefined && corpus.word !== everyday.word && corpus.similarity >= everyday.similarity - 1e-9) return token;
  // A word of the story (or a synonym of one) that sounds like what was typed beats an everyday word
  // that only looks like it ("trubble" is "trouble", not "rubble"; "invaid" is "invade", not "invalid").
  const soundsLikeStoryWord =
    context.phonetic.lookup(token.folded).some((word) => editDistance(word, token.folded, SOUND_ALIKE_EDITS) <= SOUND_ALIKE_EDITS) || synonymsHeard(context, token.folded).length > 0;
  if (soundsLikeStoryWord && !soundAlike(everyday.word, token.folded)) return token;
  return { ...token, folded: everyday.word, stem: stemWord(everyday.word) };
}

/** How far in letters a story word that sounds like a typed word may be to be the word meant ("trubble": "trouble"; not "iphone": "even"). */
const SOUND_ALIKE_EDITS = 2;

/** After "how", words that ask for a measure: "how old", "how long", "how far". */
const MEASURE_CUES = new Set(['old', 'young', 'tall', 'big', 'large', 'far', 'long', 'often', 'high', 'heavy', 'soon']);
/** Of those, the ones a date or a day can answer as well as a number ("how soon": "on Sunday"). */
const DURATION_CUES = new Set(['long', 'often', 'soon']);

/** After "what" or "which", words that ask for a time: "what day", "which year". */
const TIME_CUES = new Set(['day', 'date', 'year', 'years', 'time', 'month', 'week']);
/** "the vote *tally*", "the final *count*". */
const VOTE_COUNT_WORDS = new Set(['count', 'tally', 'total', 'totals', 'breakdown', 'numbers']);
/** Words for a share of a whole, which a paragraph states as a number ("173 of the 329"). */
const SHARE_WORDS = new Set(['half', 'majority', 'minority', 'percent', 'percentage', 'proportion', 'fraction', 'unanimous', 'unanimously']);
/** Words that ask for a number: a paragraph stating one is likelier to answer. */
const NUMBER_CUES = new Set(['number', 'tally', 'count', 'total', 'figure', 'amount', 'many', 'much', 'size', ...SHARE_WORDS]);

export interface QueryContext {
  readonly index: SearchIndex;
  /** Corpus words, alias words and stop words, for typo lookup. */
  readonly fuzzy: FuzzyVocabulary;
  /** The same words by sound, for spellings too far off in letters. */
  readonly phonetic: PhoneticIndex;
  /** Built-in synonyms of words the corpus uses, by sound: "invaid" is "invade", a synonym of the story's "invading". */
  readonly synonymPhonetic?: PhoneticIndex;
  /** Countries of the world, to tell a question about one the corpus never names. */
  readonly places: PlaceNames;
}

/** The corpus uses a phrase of this alias group: its term is in the index ("invade" through the story's "invading"). */
export function isUsedGroup(index: SearchIndex, group: number): boolean {
  return index.termIds.has(aliasTerm(group));
}

function termAlternative(index: SearchIndex, term: string, factor: number): Alternative[] {
  const termId = index.termIds.get(term);
  return termId === undefined ? [] : [{ termId, factor }];
}

type AliasMatch = ReturnType<AliasMatcher['find']>[number];

function aliasGroupsOf(matches: readonly AliasMatch[], tokens: readonly Token[]): number[][] {
  const groups: number[][] = tokens.map(() => []);
  for (const match of matches) {
    for (let k = match.from; k < match.from + match.length; k++) groups[k]!.push(match.group);
  }
  return groups;
}

/** Alternatives for a word that is not in the index: close spellings of corpus words and alias names. */
function fuzzyAlternatives(context: QueryContext, folded: string): Alternative[] | 'stop-word' {
  // A common English word is what it says, not a typo of a corpus word that looks like it
  // ("night" is not "fight"), though it may be a slip for a stop word ("wen" for "when").

  // A short word among the commonest ("dog", "car") is what it says, not a slip for a stop word ("do", "can").
  if (folded.length <= 3 && isCommonEnglishWord(folded, PLAINLY_MEANT_RANK)) return [];
  const spelled = isCommonEnglishWord(folded) ? context.fuzzy.lookup(folded).filter((match) => STOP_WORDS.has(match.word)) : context.fuzzy.lookup(folded);
  if (isCommonEnglishWord(folded) && spelled.length === 0) return [];
  // A word English lists, typed right, is at most one slip from the corpus word meant: two letters
  // away ("sanctions", "factions") it is another word.
  const close = isListedEnglishWord(folded) ? spelled.filter((match) => editDistance(match.word, folded, 1) <= 1) : spelled;
  const matches = close.length > 0 ? close : isListedEnglishWord(folded) ? [] : soundsLike(context, folded).map((word) => ({ word, similarity: SOUND_ALIKE_SIMILARITY }));
  const best = matches[0];
  if (!best) return [];
  if (STOP_WORDS.has(best.word)) return 'stop-word';
  const { index } = context;
  const alternatives: Alternative[] = [];
  for (const match of matches) {
    if (match.similarity < best.similarity - 0.05) break;
    const factor = FUZZY_FACTOR * match.similarity;
    alternatives.push(...wordAlternatives(index, match.word, index.words.get(match.word), factor, factor * ALIAS_FACTOR));
  }
  return alternatives;
}

/**
 * The alias groups a word is in, as typed ("legislator") or in another form of it ("legislators"
 * is the story's word, and a misspelling of it must reach the group of "legislator").
 */
function aliasGroupsOfWord(index: SearchIndex, word: string, stem: string): Set<number> {
  return new Set([...(index.aliases.singleWords.get(word) ?? []), ...index.aliases.findInStems([stem]).map((found) => found.group)]);
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
  // Known as typed or in another form of an alias word ("toppled" for "topple"): not a slip for some other word ("topped").
  const knows = (folded: string, stem: string): boolean => index.termIds.has(stem) || aliasGroupsOfWord(index, folded, stem).size > 0;
  const known = (token: Token): boolean => knows(token.folded, token.stem);
  // Words read as another everyday word: a guess, too unsure to decline a question on.
  const respelled = new Set<Token>();
  let tokens = tokenize(question)
    .map((token) => (known(token) ? token : correctQuestionWord(token)))
    .map((token, position, all) => (all[position - 1]?.folded === 'how' && !known(token) ? correctQuantityWord(token) : token))
    // "*were* was the general killed": "were" opening a question before another auxiliary is "where".
    .map((token, position, all) => (position === 0 && token.folded === 'were' && AUXILIARIES.has(all[1]?.folded ?? '') ? { ...token, folded: 'where', stem: 'where' } : token))
    .map((token, position, all) => (known(token) ? token : correctPhraseWord(context, token, [all[position - 1], all[position + 1]])))
    .map((token, position, all) => {
      // "Ain al-*Asad*": after the Arabic article comes a name, not a misspelt everyday word ("asap").
      if (known(token) || followsArticleOfName(all, position)) return token;
      const spelled = correctEverydaySpelling(context, token);
      if (spelled !== token) respelled.add(spelled);
      return spelled;
    })
    .flatMap((token) => (known(token) ? [token] : splitCompound(index, token)));
  tokens = joinSeparatedParticles(tokens);
  const yesNo = isYesNoQuestion(tokens);
  const askedFor = askedForPosition(question, tokens, {
    isName: (folded) => isCorpusName(index, folded),
    isKnown: (folded) => knows(folded, stemWord(folded)),
    usesAsTyped: (folded) => index.words.has(folded) || index.aliases.singleWords.has(folded),
  });
  const askedVerb = closingVerbPosition(tokens) ?? verbAfterAdverbPosition(tokens);
  const aliasMatches = index.aliases.find(tokens);
  const unknownPlace = context.places.unknownIn(tokens);
  // Asked about a country the corpus never names, the question is about something else.
  if (unknownPlace !== undefined) return [foreignConcept(unknownPlace)];
  const aliasGroups = aliasGroupsOf(aliasMatches, tokens);
  const concepts: Concept[] = [];
  const wordConcepts = new Map<number, Concept>();
  const seen = new Set<string>();
  const phrases = multiWordPhrases(aliasMatches);
  let insidePhraseUntil = -1;
  const counted = countedWords(tokens);
  // "did Iraq invite them in, or were they just *imposed*?": an answer to the first clause answers
  // the question, if the corpus knows every word of it ("a slow *burn* or did they move fast" needs both).
  const offeredAt = offeredClauseStart(tokens);
  const firstClauseKnown = offeredAt !== undefined && tokens.slice(1, offeredAt - 1).every((token) => isStopWord(token.folded) || known(token));
  const offeredFrom = offeredAt !== undefined && firstClauseKnown ? offeredAt : tokens.length;
  tokens.forEach((token, position) => {
    const phrase = phrases.get(position);
    if (phrase && !(options.prefixLastWord === true && position + phrase.length === tokens.length)) {
      concepts.push({ ...phraseConcept(index, tokens.slice(position, position + phrase.length), phrase.groups), counted: counted(position) });
      tokens.slice(position, position + phrase.length).forEach((part) => seen.add(part.stem));
      insidePhraseUntil = position + phrase.length - 1;
      return;
    }
    if (position <= insidePhraseUntil) return;
    const isLast = position === tokens.length - 1;
    const previous = tokens[position - 1]?.folded;
    if (previous === 'how' && (token.folded === 'many' || token.folded === 'much')) {
      // "how many *days* after the strike did they vote": a span of time, told as well by two dates ("on Friday", "on Sunday").
      if (TIME_SPANS.has(tokens[position + 1]?.folded ?? '')) {
        const alternatives = [...termAlternative(index, TIME_FEATURE, FEATURE_FACTOR), ...termAlternative(index, NUMBER_FEATURE, FEATURE_FACTOR)];
        concepts.push({ surface: `how many ${tokens[position + 1]!.folded}`, alternatives, required: false, specific: false, answerType: 'span' });
        insidePhraseUntil = position + 1;
        return;
      }
      concepts.push({ surface: 'how many', alternatives: termAlternative(index, NUMBER_FEATURE, FEATURE_FACTOR), required: false, specific: false, answerType: 'number' });
    }
    if (previous === 'how' && MEASURE_CUES.has(token.folded)) {
      const answerType = token.folded === 'old' || token.folded === 'young' ? 'age' : DURATION_CUES.has(token.folded) ? 'quantity' : 'number';
      concepts.push({ surface: `how ${token.folded}`, alternatives: termAlternative(index, NUMBER_FEATURE, FEATURE_FACTOR), required: false, specific: false, answerType });
      return;
    }
    // "what was the vote tally": the answer states a number (statements.ts says which kind).
    // "did more than *half* of parliament take part": so does a share.
    const asksForNumber = ((previous === 'vote' || previous === 'final') && VOTE_COUNT_WORDS.has(token.folded)) || SHARE_WORDS.has(token.folded);
    if (asksForNumber && !concepts.some((concept) => concept.answerType === 'number')) {
      concepts.push({ surface: '#number', alternatives: termAlternative(index, NUMBER_FEATURE, FEATURE_FACTOR), required: false, specific: false, answerType: 'number' });
    }
    // "what happens if…": a paragraph that states a condition likelier answers.
    if (CONDITION_WORDS.has(token.folded) && !concepts.some((concept) => concept.surface === 'if')) {
      concepts.push({ surface: 'if', alternatives: termAlternative(index, CONDITION_FEATURE, FEATURE_FACTOR), required: false, specific: false });
    }
    // "what's the (full) name of the general": the answer names someone in full.
    if ((token.folded === 'name' || token.folded === 'names' || token.folded === 'named') && !concepts.some((concept) => concept.answerType === 'name')) {
      concepts.push({ surface: 'name', alternatives: termAlternative(index, FULL_NAME_FEATURE, FEATURE_FACTOR), required: false, specific: false, answerType: 'name' });
    }
    // "what reasons did he give": a paragraph that gives a reason likelier answers.
    if (REASON_WORDS.has(token.folded) && !concepts.some((concept) => concept.surface === '#why')) {
      concepts.push({ surface: '#why', alternatives: termAlternative(index, REASON_FEATURE, FEATURE_FACTOR), required: false, specific: false, answerType: 'reason' });
    }
    // "when" and "where" after another question word start a clause ("how old was he when he died").
    const asksFirst = !tokens.slice(0, position).some((earlier) => OPENING_WORDS.has(earlier.folded));
    if (token.folded === 'where' && asksFirst) {
      concepts.push({ surface: 'where', alternatives: termAlternative(index, PLACE_FEATURE, FEATURE_FACTOR), required: false, specific: false, answerType: 'place' });
    }
    const asksForTime = (token.folded === 'when' && asksFirst) || ((previous === 'what' || previous === 'which') && TIME_CUES.has(token.folded));
    if (asksForTime) {
      concepts.push({ surface: 'when', alternatives: termAlternative(index, TIME_FEATURE, FEATURE_FACTOR), required: false, specific: false, answerType: 'date' });
      // "what year" asks for a time; "year" is not what the answer is about.
      if (token.folded !== 'when') return;
    }
    if (options.prefixLastWord === true && isLast) {
      concepts.push(prefixConcept(context, token.folded));
      return;
    }
    if (isStopWord(token.folded) || seen.has(token.stem) || isPronounUs(question, tokens, position) || isIdiomVerb(tokens, position) || isPassingOfTime(tokens, position)) return;
    // "what were the *two* options": a spelt-out count says how many, which a story lists rather than counts.
    const counts = countingSpelling(tokens, position);
    if (counts !== undefined && !/\d/.test(token.folded)) return;
    seen.add(token.stem);
    const own = termAlternative(index, token.stem, 1);
    const ownFrequency = own[0] === undefined ? -1 : index.postingUnits[own[0].termId]!.length;
    let alternatives = [
      ...own,
      // An alias group found in exactly the paragraphs the word itself is in adds nothing but work.
      ...aliasGroups[position]!.flatMap((group) =>
        termAlternative(index, aliasTerm(group), ALIAS_FACTOR).filter(({ termId }) => index.postingUnits[termId]!.length !== ownFrequency),
      ),
    ];
    const isNumber = /^\d+$/.test(token.folded);
    if (!isNumber) alternatives.push(...derivedAlternatives(index, token));
    // "demands *across Iraq*", "other *parts of* Iraq": the story's "around the country".
    if (spansCountry(tokens, position) && alternatives.some(({ termId }) => index.termIsBackground[termId] === 1)) alternatives.push(...nationwideAlternatives(index));
    // "did *Baghdad* ask for help", "how fast did *Baghdad* respond": a capital that acts is its country's government.
    if (!isNumber && followsAuxiliary(tokens, position)) alternatives.push(...governmentAlternatives(index, token.folded));
    // "did the *MPs* respond quickly": members who act are their body ("parliament's rapid response").
    if (endsAuxiliarySubject(tokens, position)) alternatives.push(...bodyAlternatives(index, token));
    // "did the MPs *want* US troops *out*": wanting someone out is expelling them.
    if (WANTING_AWAY.verbs.has(token.folded) && tokens.slice(position + 2, position + 2 + WANTED_OUT_WINDOW).some(({ folded }) => WANTING_AWAY.away.has(folded))) {
      alternatives.push(...wordAlternatives(index, WANTING_AWAY.means, stemWord(WANTING_AWAY.means), ALIAS_FACTOR, ALIAS_FACTOR));
    }
    // "the 2 countries" is the story's "the two sides"; a small number says little, so it weighs little.
    if (counts !== undefined && !/\d/.test(tokens[position + 1]!.folded)) alternatives.push(...termAlternative(index, stemWord(counts), SPELT_NUMBER_FACTOR));
    const nameAfterArticle = followsArticleOfName(tokens, position);
    if (!index.termIds.has(token.stem) && !isNumber && alternatives.length === 0) {
      const spelt = fuzzyAlternatives(context, token.folded);
      // …and only a name of the corpus may be the one meant ("al-Muhandes" for Muhandis).
      const fuzzy = nameAfterArticle && spelt !== 'stop-word' ? spelt.filter(({ termId }) => index.termIsName[termId] === 1) : spelt;
      // What the question asks for is a noun, not a slip for a stop word ("how much aid" is not "said").
      if (fuzzy === 'stop-word' && (position === askedFor || position === askedVerb) && !respelled.has(token)) {
        concepts.push(foreignConcept(token.folded));
        return;
      }
      if (fuzzy === 'stop-word') return;
      alternatives.push(...fuzzy);
    }
    if (NUMBER_CUES.has(token.folded)) alternatives.push(...termAlternative(index, NUMBER_FEATURE, FEATURE_FACTOR));
    alternatives = dedupe(alternatives);
    // A short word is as often a slip ("wen"), unless typed with a capital mid-question ("Qom").
    const typedAsName = position > 0 && typedCapitalised(question, token);
    const foreign =
      (nameAfterArticle && alternatives.length === 0) ||
      (alternatives.length === 0 &&
      (token.folded.length >= 4 || (token.folded.length === 3 && typedAsName)) &&
      !/\d/.test(token.folded) &&
      isOutsideEverydayEnglish(token.folded) &&
      // A name two letters from a stop word ("Salih", "said") is still a name; "therell" is not one.
      !context.fuzzy.resembles(token.folded, STOP_WORDS) &&
      !isUnmarkedContraction(token.folded) &&
      soundsLike(context, token.folded).length === 0);
    // "…stormed the embassy in *December*": a day or month the corpus never names dates another event
    // (but "did they vote on *Monday*?" is answered by the day they did).
    const unknownDate = alternatives.length === 0 && UNAMBIGUOUS_DATE_NAMES.has(token.folded) && !yesNo;
    const specific = alternatives.length > 0 || rarity(token.folded) >= SPECIFIC_RARITY;
    // The very thing asked for ("What is Suleimani's birthday?"), if the corpus never mentions it.
    const unknownAskedFor = alternatives.length === 0 && (position === askedFor || position === askedVerb) && !/\d/.test(token.folded) && !respelled.has(token);
    // A word that only frames the question ("all those *years*") counts for less than one that says what it is about.
    // "did the session *take place*" says no more than "did it happen".
    const takesPlace = (TAKE_FORMS.has(token.folded) && tokens[position + 1]?.folded === 'place') || (token.folded === 'place' && TAKE_FORMS.has(previous ?? ''));
    // "how does the article *describe* it", "how would you *describe* the response": the asker's or the story's words, not someone's describing.
    const describedByAsker = DESCRIBE_WORDS.has(token.folded) && ASKER_OR_STORY.has(previous ?? '');
    // "does the US *plan to* keep fighting": an intention; what is intended says what is asked.
    const intendsTo = INTENTION_VERBS.has(token.folded) && tokens[position + 1]?.folded === 'to';
    // "what did he vow *at the end* (of his statement)": where in the story, not an ending.
    const atTheEnd = token.folded === 'end' && previous === 'the' && tokens[position - 2]?.folded === 'at';
    const frame = FRAME_WORDS.has(token.folded) || takesPlace || describedByAsker || atTheEnd || intendsTo || LIGHT_VERB_FORMS.has(token.folded);
    if (frame) alternatives = alternatives.map((alternative) => ({ ...alternative, factor: alternative.factor * FRAME_WORD_FACTOR }));
    const askedThing = position === askedFor && (tokens[0]!.folded === 'what' || tokens[0]!.folded === 'which');
    const concept: Concept = { surface: token.folded, alternatives, required: position < offeredFrom, foreign: foreign || unknownAskedFor || unknownDate, specific, counted: counted(position), frame, askedThing };
    wordConcepts.set(position, concept);
    concepts.push(concept);
  });
  // "did oil prices jump…": a yes/no question whose subject and verb are all words the corpus does
  // not know is about something else, however well its circumstances match ("after the airport strike").
  const unknownAt = (position: number): boolean => wordConcepts.get(position)?.alternatives.length === 0 && !respelled.has(tokens[position]!);
  const clause = openingClause(tokens);
  if (clause.length >= 2 && clause.every(unknownAt)) {
    return [foreignConcept(clause.map((position) => tokens[position]!.folded).join(' '))];
  }
  // "Did Iraq's *Federal Supreme Court* rule…": a name of everyday words, typed as a name, that the corpus never uses.
  const unknownName = unknownCapitalisedName(question, tokens, unknownAt);
  if (unknownName !== undefined) return [foreignConcept(unknownName)];
  // "what did the US state *department* say": an institution the corpus never mentions, however typed.
  const institution = tokens.findIndex((token, k) => k > 0 && INSTITUTION_NOUNS.has(token.folded) && unknownAt(k) && !isStopWord(tokens[k - 1]!.folded));
  if (institution > 0) return [foreignConcept(`${tokens[institution - 1]!.folded} ${tokens[institution]!.folded}`)];
  return mergeAlternatives(concepts, wordConcepts, eitherOrPairs(tokens));
}

/**
 * For a small number before what it counts ("the *2* countries", "the *two* options", "*zero*
 * complications"), its other spelling; undefined for any other word. Spelt out, it is read as how
 * many and not matched: the number word itself ("the two sides") is no evidence of what is asked.
 * A figure meets its spelt-out form at a low weight. Large figures ("173 lawmakers") have none.
 */
function countingSpelling(tokens: readonly Token[], position: number): string | undefined {
  const next = tokens[position + 1];
  return next !== undefined && !isStopWord(next.folded) ? otherNumberSpelling(tokens[position]!.folded) : undefined;
}

/** Words before a country that spread what is said over all of it: "*across* Iraq", "*all over* Iraq", "other *parts of* Iraq"; not "around", as often a verb's ("hanging *around* Iraq"). */
const SPREADING_WORDS = new Set(['across', 'throughout']);
/** How a story says "all over the country", one phrase of a built-in synonym group. */
const NATIONWIDE = 'around the country';

function spansCountry(tokens: readonly Token[], position: number): boolean {
  const [twoBefore, oneBefore] = [tokens[position - 2]?.folded, tokens[position - 1]?.folded];
  return SPREADING_WORDS.has(oneBefore ?? '') || (twoBefore === 'all' && oneBefore === 'over') || (twoBefore === 'parts' && oneBefore === 'of');
}

/** The alias group of "around the country", as a looser match. */
function nationwideAlternatives(index: SearchIndex): Alternative[] {
  return index.aliases.find(tokenize(NATIONWIDE)).flatMap(({ group }) => termAlternative(index, aliasTerm(group), ALIAS_FACTOR));
}

/** For a capital, the index terms of its country's names, as a looser match ("Baghdad" for the story's "Iraq"). */
function governmentAlternatives(index: SearchIndex, folded: string): Alternative[] {
  return (countryOfCapital(folded) ?? []).flatMap((name) => {
    const words = tokenize(name);
    if (words.length !== 1) return [];
    const [word] = words as [Token];
    return wordAlternatives(index, word.folded, word.stem, ALIAS_FACTOR, ALIAS_FACTOR);
  });
}

/** The body whose members the word names ("MPs" → parliament), in any of the body's forms. */
function bodyAlternatives(index: SearchIndex, token: Token): Alternative[] {
  const groups = aliasGroupsOfWord(index, token.folded, token.stem);
  return MEMBERS_OF_BODIES.flatMap(([members, body]) => {
    const membersGroups = aliasGroupsOfWord(index, members, stemWord(members));
    if (![...groups].some((group) => membersGroups.has(group))) return [];
    return wordAlternatives(index, body, stemWord(body), BODY_FACTOR, BODY_FACTOR);
  });
}

/**
 * A word's own index term (when `stem` is given) and the alias groups it is in, in any form: the
 * alternatives a looser reading of a word adds (a misspelling's candidate, a capital's country).
 */
function wordAlternatives(index: SearchIndex, folded: string, stem: string | undefined, factor: number, aliasFactor: number): Alternative[] {
  const own = stem === undefined ? [] : termAlternative(index, stem, factor);
  const groups = [...aliasGroupsOfWord(index, folded, stem ?? stemWord(folded))];
  return [...own, ...groups.flatMap((group) => termAlternative(index, aliasTerm(group), aliasFactor))];
}

/** The Arabic article that opens a name: "al-Sadr", "Abd al Mahdi", "el-Sisi". */
const ARTICLES_OF_NAMES = new Set(['al', 'el']);

/** The word follows "al" or "el" and is long enough to be a name ("al-Asad"), not a stray letter pair. */
function followsArticleOfName(tokens: readonly Token[], position: number): boolean {
  return position > 0 && ARTICLES_OF_NAMES.has(tokens[position - 1]!.folded) && tokens[position]!.folded.length >= 3 && !isStopWord(tokens[position]!.folded);
}

/** The word is typed with a capital and then lower case, as a name is ("Qom", not "QOM" or "qom"). */
function typedCapitalised(question: string, token: Token): boolean {
  return /^\p{Lu}\p{Ll}/u.test(question.slice(token.start, token.end));
}

/** Words of place names: a story may well call the "Middle East" "the region", but never names an organisation otherwise. */
const GEOGRAPHIC_WORDS = new Set('north south east west northern southern eastern western middle central near far gulf sea ocean river valley mountains coast peninsula province desert island islands'.split(' '));
/** More than this share of the words typed with a capital is Title Case, not names. */
const TITLE_CASE_SHARE = 0.5;

/**
 * Two or more words in a row typed with a capital, past the first word, whose last word the corpus
 * does not know (`unknown`): the name of something the corpus does not mention ("Federal Supreme
 * Court", "State Department"), unless it names a place.
 */
function unknownCapitalisedName(question: string, tokens: readonly Token[], unknown: (position: number) => boolean): string | undefined {
  const capitalised = tokens.map((token) => typedCapitalised(question, token) && !isStopWord(token.folded));
  if (capitalised.filter(Boolean).length > tokens.length * TITLE_CASE_SHARE) return undefined;
  for (let start = 1; start < tokens.length; start++) {
    let end = start;
    while (end < tokens.length && capitalised[end] && (end === start || /^[\s-]+$/u.test(question.slice(tokens[end - 1]!.end, tokens[end]!.start)))) end++;
    const run = tokens.slice(start, end).map((token) => token.folded);
    // The run's last word says what it names: "the State *Department*" is no "Islamic State".
    if (run.length >= 2 && unknown(end - 1) && !run.some((word) => GEOGRAPHIC_WORDS.has(word))) return run.join(' ');
    start = Math.max(start, end - 1);
  }
  return undefined;
}

/** A word the corpus uses as a name, itself ("Iran", "Sadr") or through one of its own aliases ("Soleimani"). */
export function isCorpusName(index: SearchIndex, folded: string): boolean {
  const isNameTerm = (term: string): boolean => index.termIsName[index.termIds.get(term) ?? -1] === 1;
  if (isStopWord(folded)) return false;
  return isNameTerm(stemWord(folded)) || (index.aliases.singleWords.get(folded) ?? []).some((group) => isNameTerm(aliasTerm(group)));
}

function mergeAlternatives(concepts: readonly Concept[], byPosition: ReadonlyMap<number, Concept>, pairs: readonly [number, number][]): Concept[] {
  const merged = new Map<Concept, Concept>();
  const dropped = new Set<Concept>();
  for (const [first, second] of pairs) {
    const a = byPosition.get(first);
    const b = byPosition.get(second);
    // Two words the corpus does not know stay two: each is something the story may not say.
    if (a === undefined || b === undefined || a.alternatives.length === 0 || b.alternatives.length === 0 || dropped.has(a)) continue;
    const base = merged.get(a) ?? a;
    merged.set(a, { ...base, alternatives: dedupe([...base.alternatives, ...b.alternatives]), specific: base.specific || b.specific });
    dropped.add(b);
  }
  return concepts.filter((concept) => !dropped.has(concept)).map((concept) => merged.get(concept) ?? concept);
}

/** Something the question names that the corpus never covers: the question is declined. */
function foreignConcept(surface: string): Concept {
  return { surface, alternatives: [], required: true, specific: true, foreign: true };
}

/**
 * Endings that make one word of another with the same meaning at heart: "Kurd" → "Kurdish",
 * "friend" → "friendly", "opt" → "option". The stemmer leaves these apart.
 */
const DERIVATION_SUFFIXES = ['ish', 'ly', 'i', 'ian', 'an', 'ese', 'ion', 'ation', 'ity', 'ty', 'ment', 'ness', 'ship', 'al', 'men', 'man'];
const DERIVED_FACTOR = 0.8;
const MIN_DERIVATION_BASE = 3;
/**
 * Who does a thing, from a thing done that ends in "e": "voters" → "vote", "invaders" → "invade".
 * Only this way round, and not "-er" after any verb: "followers" did not follow, a "starter" is no start.
 */
const AGENT_SUFFIX = 'r';

/** Corpus words derived from the question's word, or that it is derived from. */
function derivedAlternatives(index: SearchIndex, token: Token): Alternative[] {
  const found = new Set<string>();
  for (const base of new Set([token.stem, token.folded])) {
    if (base.length < MIN_DERIVATION_BASE) continue;
    for (const suffix of DERIVATION_SUFFIXES) {
      const longer = index.words.get(base + suffix);
      if (longer !== undefined) found.add(longer);
      if (base.endsWith(suffix) && base.length - suffix.length >= MIN_DERIVATION_BASE) {
        const shorter = index.words.get(base.slice(0, -suffix.length));
        if (shorter !== undefined) found.add(shorter);
      }
    }
  }
  // The base must be a word itself: "follower" less its "r" is no word, "starter" no "starte".
  const singular = token.folded.endsWith('s') ? token.folded.slice(0, -1) : token.folded;
  if (singular.endsWith(AGENT_SUFFIX)) {
    const base = singular.slice(0, -AGENT_SUFFIX.length);
    const baseStem = stemWord(base);
    if (base.length >= MIN_DERIVATION_BASE && isCommonEnglishWord(base) && index.termIds.has(baseStem)) found.add(baseStem);
  }
  found.delete(token.stem);
  return [...found].flatMap((stem) => termAlternative(index, stem, DERIVED_FACTOR));
}

/**
 * "us" typed in lower case is the pronoun ("what was keeping us there", "tell us") unless "the"
 * comes before it or a word of substance after it ("the us", "us troops"). "US" is the country.
 */
function isPronounUs(question: string, tokens: readonly Token[], position: number): boolean {
  const token = tokens[position]!;
  if (token.folded !== 'us' || question.slice(token.start, token.end) !== 'us') return false;
  const next = tokens[position + 1];
  return tokens[position - 1]?.folded !== 'the' && (next === undefined || isStopWord(next.folded));
}


/**
 * Multi-word alias phrases in the question ("prime minister", "Adel Abdul Mahdi"), longest first,
 * by starting position. A name is one thing: its words must not count as three separate matches.
 */
function multiWordPhrases(matches: readonly AliasMatch[]): Map<number, { length: number; groups: number[] }> {
  const byStart = new Map<number, { length: number; groups: number[] }>();
  for (const match of matches) {
    if (match.length < 2) continue;
    const current = byStart.get(match.from);
    if (!current || match.length > current.length) byStart.set(match.from, { length: match.length, groups: [match.group] });
    else if (match.length === current.length) current.groups.push(match.group);
  }
  const chosen = new Map<number, { length: number; groups: number[] }>();
  let coveredUntil = -1;
  for (const start of [...byStart.keys()].sort((a, b) => a - b)) {
    if (start <= coveredUntil) continue;
    const phrase = byStart.get(start)!;
    chosen.set(start, phrase);
    coveredUntil = start + phrase.length - 1;
  }
  return chosen;
}

/** Part of a name ("Mahdi" of "Abdul Mahdi") still finds a paragraph that names only that part. */
const PHRASE_PART_FACTOR = 0.6;

function phraseConcept(index: SearchIndex, parts: readonly Token[], groups: readonly number[]): Concept {
  const alternatives = [
    ...groups.flatMap((group) => termAlternative(index, aliasTerm(group), 1)),
    ...parts.filter((part) => !isStopWord(part.folded)).flatMap((part) => termAlternative(index, part.stem, PHRASE_PART_FACTOR)),
  ];
  return { surface: parts.map((part) => part.folded).join(' '), alternatives: dedupe(alternatives), required: true, specific: true };
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
  return { surface: prefix, alternatives: dedupe(alternatives), required: !isStopWord(prefix), specific: alternatives.length > 0 };
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

/**
 * What a question's wording says it asks for, read from its grammar rather than its words:
 * the noun asked for ("what is Suleimani's *birthday*"), the act asked about ("who *replaced*
 * Suleimani", "did he *resign*"), alternatives offered ("slow or quick"), idioms that carry no
 * content ("end up"). Word lists and positions only; no corpus, no index.
 */
import { isCommonEnglishWord, isListedEnglishWord } from './background.js';
import { isStopWord, type Token } from './normalise.js';

/** Words that may stand between "or" and the second alternative: "slow or *was it* quick", "fast or *a* slow". */
const EITHER_OR_FILLER = new Set(['a', 'an', 'the', 'was', 'is', 'were', 'are', 'it', 'they', 'did', 'do', 'does', 'more', 'less', 'too']);

/**
 * "slow or quick", "grown or shrunk": pairs of word positions offered as alternatives. A paragraph
 * answers such a question by saying one of them, so they count as one concept.
 */
export function eitherOrPairs(tokens: readonly Token[]): [number, number][] {
  const pairs: [number, number][] = [];
  tokens.forEach((token, k) => {
    if (token.folded !== 'or' || k === 0 || isStopWord(tokens[k - 1]!.folded)) return;
    let next = k + 1;
    while (next < tokens.length && EITHER_OR_FILLER.has(tokens[next]!.folded)) next++;
    if (next < tokens.length && !isStopWord(tokens[next]!.folded)) pairs.push([k - 1, next]);
  });
  return pairs;
}

/** Pronouns that open a second, offered clause: "…, or were *they* just imposed?", "…, or was *it* someone else?". */
const OFFERED_CLAUSE_SUBJECTS = new Set(['they', 'it', 'he', 'she', 'we', 'there']);
/** Adverbs that may stand between "or" and the clause it offers: "or *just* were they…", "or *maybe* did…". */
const OFFERED_CLAUSE_ADVERBS = new Set(['just', 'maybe', 'perhaps', 'rather', 'instead', 'simply']);

/**
 * Where a yes/no question offers a whole second clause as the other possibility ("did Iraq invite
 * the troops in, *or were they just imposed* on the country?"): the position of its first word.
 * The question is answered by the first clause, whatever words the offered one holds; a pair of
 * single words ("slow or quick") is `eitherOrPairs`'s.
 */
export function offeredClauseStart(tokens: readonly Token[]): number | undefined {
  if (!isYesNoQuestion(tokens)) return undefined;
  for (let k = 3; k < tokens.length - 2; k++) {
    if (tokens[k]!.folded !== 'or') continue;
    let next = k + 1;
    while (next < tokens.length && OFFERED_CLAUSE_ADVERBS.has(tokens[next]!.folded)) next++;
    if (AUXILIARIES.has(tokens[next]?.folded ?? '') && OFFERED_CLAUSE_SUBJECTS.has(tokens[next + 1]?.folded ?? '')) return k + 1;
  }
  return undefined;
}

/** Verbs whose particle may stand after their object ("kick the Americans *out*", "send them *home*"), by particle. */
const SEPARABLE_VERBS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['out', new Set(['kick', 'kicked', 'kicking', 'throw', 'threw', 'thrown', 'throwing', 'boot', 'booted', 'booting', 'force', 'forced', 'forcing', 'drive', 'drove', 'driven', 'driving', 'chase', 'chased', 'chasing', 'sit', 'sat', 'sitting', 'drag', 'dragged', 'dragging'])],
  ['home', new Set(['send', 'sent', 'sending', 'bring', 'brought', 'bringing', 'ship', 'shipped', 'shipping'])],
  ['packing', new Set(['send', 'sent', 'sending'])],
  // "tell the MPs to pick…" is urging them, not telling them something.
  ['to', new Set(['tell', 'told', 'telling', 'tells'])],
]);
/** Words that may stand between such a verb and its particle besides the object's own words. */
const OBJECT_FILLER = new Set(['the', 'all', 'a', 'an', 'their', 'those', 'these', 'its', 'our', 'them', 'us', 'every', 'any', 'of', 'it']);
/** At most this many words of object between verb and particle. */
const MAX_OBJECT_WORDS = 4;

/**
 * The tokens with a separated particle moved back beside its verb: "kick the American soldiers
 * out" reads as "kick out the American soldiers", so that the phrase meets its synonyms ("expel").
 * Only across an object made of nouns and determiners: in "get what he wanted out of it" the words
 * between are a clause, not an object.
 */
export function joinSeparatedParticles(tokens: readonly Token[]): Token[] {
  const result = [...tokens];
  for (let verb = 0; verb < result.length; verb++) {
    for (let particle = verb + 2; particle <= Math.min(result.length - 1, verb + 1 + MAX_OBJECT_WORDS); particle++) {
      const verbs = SEPARABLE_VERBS.get(result[particle]!.folded);
      if (verbs === undefined) continue;
      const object = result.slice(verb + 1, particle);
      const isObject = object.every(({ folded }) => OBJECT_FILLER.has(folded) || !isStopWord(folded));
      if (verbs.has(result[verb]!.folded) && isObject) result.splice(verb + 1, 0, ...result.splice(particle, 1));
      break;
    }
  }
  return result;
}

/** Verbs that mean "eventually" before "up" ("could *end up* having to leave"), not an end or a wind. */
const EVENTUALLY_VERBS = new Set(['end', 'ends', 'ended', 'ending', 'wind', 'winds', 'wound', 'winding']);

/** Verbs that mean "do" before "out" ("*carried out* the strike"). */
const DOING_VERBS = new Set(['carry', 'carries', 'carried', 'carrying']);

/** "carry out", which says only that something was done. */
function isCarryOut(word: string, next: string | undefined): boolean {
  return DOING_VERBS.has(word) && next === 'out';
}

/** The auxiliary after "when" in "when was/is/will … held". */
const PASSIVE_AUXILIARIES = new Set(['was', 'were', 'is', 'are', 'will']);

/** Participles that only say an event took place ("when was the vote *held*"), whatever the story calls it. */
const EVENT_PARTICIPLES = new Set(['held', 'taken', 'done', 'made', 'happened', 'occurred', 'conducted', 'carried', 'staged', 'organised', 'organized']);

/** Spans of time that, after "over the", "through the" or "all these", only say time went by ("what happened to Iran's influence *over the years*"). */
const PASSING_SPANS = new Set(['years', 'decades', 'time', 'months']);
const PASSING_OPENERS = new Set(['over the', 'through the', 'all these', 'all those', 'all the']);

/**
 * "over the years", "all these years": time going by, which a story tells as a change ("continued
 * to grow"), not by the word "years" ("in recent years has spoken out…").
 */
export function isPassingOfTime(tokens: readonly Token[], position: number): boolean {
  if (!PASSING_SPANS.has(tokens[position]!.folded)) return false;
  const opener = `${tokens[position - 2]?.folded ?? ''} ${tokens[position - 1]?.folded ?? ''}`;
  return PASSING_OPENERS.has(opener) || (tokens[position]!.folded === 'time' && tokens[position - 1]?.folded === 'over');
}

/** A verb that is part of an idiom and says nothing the story would have to say ("end up", "when was it held"). */
export function isIdiomVerb(tokens: readonly Token[], position: number): boolean {
  const word = tokens[position]!.folded;
  if (EVENTUALLY_VERBS.has(word) && tokens[position + 1]?.folded === 'up') return true;
  // "who *carried out* the strike" asks who did it: the strike is what the story must tell of.
  if (isCarryOut(word, tokens[position + 1]?.folded)) return true;
  // "when was the vote held (out)": the question asks when the vote was, not about holding.
  const opensPassive = PASSIVE_OPENERS.has(tokens[0]?.folded ?? '') && PASSIVE_AUXILIARIES.has(tokens[1]?.folded ?? '');
  const rest = tokens.slice(position + 1);
  return opensPassive && EVENT_PARTICIPLES.has(word) && rest.every((token) => isStopWord(token.folded));
}

/** The verb at `position`, after a question's subject, unless it is one of saying or thinking or one that says little. */
function askedVerbAt(position: number, words: readonly string[], verbAt: (k: number) => number | undefined): number | undefined {
  return isVerbOfSubstance(words[position] ?? '') ? verbAt(position) : undefined;
}

/** Auxiliaries that open a yes/no question ("*did* oil prices jump", "*were* any Americans hurt"); not "can" or "could", which open requests ("can someone explain…"). */
const YES_NO_OPENERS = new Set(['did', 'does', 'do', 'was', 'were', 'is', 'are', 'has', 'have', 'had']);
/** Words that may stand between the auxiliary and the subject: "were *any* Americans…", "did *the* vote…". */
const DETERMINERS = new Set(['the', 'a', 'an', 'any', 'some', 'many', 'most', 'all', 'there', 'its', 'their', 'his', 'her', 'anyone', 'anybody', 'someone', 'somebody', 'everyone', 'everybody', 'people']);

/** The question asks yes or no ("*did* they vote on Monday?"): what it names may be what the answer denies. */
export function isYesNoQuestion(tokens: readonly Token[]): boolean {
  return YES_NO_OPENERS.has(tokens[0]?.folded ?? '');
}

/**
 * The positions of the first run of words of substance in a yes/no question: its subject and often
 * its verb ("did *oil prices jump* after…"). Empty for other questions.
 */
export function openingClause(tokens: readonly Token[]): number[] {
  if (!isYesNoQuestion(tokens)) return [];
  let start = 1;
  while (start < tokens.length && DETERMINERS.has(tokens[start]!.folded)) start++;
  const run: number[] = [];
  for (let k = start; k < tokens.length && !isStopWord(tokens[k]!.folded); k++) run.push(k);
  // "did oil prices *go* up": a light verb says little of what the question is about.
  const substantial = run.filter((k) => !LIGHT_VERBS.has(tokens[k]!.folded));
  return substantial.length >= 2 ? substantial : run;
}

/** Verbs whose complement says what the subject is or became, not what was done. */
const COPULAR_VERBS = new Set(['become', 'became', 'remain', 'remained', 'stay', 'stayed']);

/** Nouns for someone, not for what they are: "the name of the *guy* who…". */
const GENERIC_PEOPLE = new Set(['guy', 'guys', 'man', 'men', 'woman', 'women', 'person', 'people', 'dude', 'one', 'someone', 'fellow', 'lady', 'bloke', 'folks']);

/** Words that leave something out of what a which-question asks for ("which countries *besides* the US"). */
const EXCEPT_WORDS = new Set(['besides', 'except', 'excluding', 'apart', 'aside']);

/** Adverbs that close a clause rather than stand before a verb ("pulled out slowly *instead*"). */
const CLOSING_ADVERBS = new Set(['instead', 'anyway', 'though', 'either', 'otherwise', 'afterwards', 'afterward', 'together', 'yet', 'enough', 'overall', 'here', 'there']);

/** An adverb of manner by its ending ("formally", "really"). */
const LY_ADVERB = /^[a-z]{3,}ly$/;
/** A regular past form by its ending ("voted", "executed"). */
const ED_FORM = /^[a-z]{3,}ed$/;
/** A verb in -ing by its ending ("replacing", "flying"). */
const ING_FORM = /^[a-z]{3,}ing$/;

/** Adverbs that may stand between a subject and its verb ("did Iraq *still* want…"). */
const ADVERBS = new Set(['still', 'even', 'ever', 'just', 'also', 'already', 'then', 'now', 'again', 'later', 'never', 'always', 'soon', 'once', 'too']);

/** Where the run of words from `start` up to the first stop word ends: the noun after "how many", "who is the". */
function endOfNoun(words: readonly string[], start: number): number {
  let end = start;
  while (end < words.length && !isStopWord(words[end]!)) end++;
  return end;
}

/** The first word from `start` that is not an adverb: "did Iraq *still* want…", "does he *really* back it": the adverb is not the verb. */
function pastAdverbs(words: readonly string[], start: number): number {
  let k = start;
  while (k < words.length && (ADVERBS.has(words[k]!) || LY_ADVERB.test(words[k]!))) k++;
  return k;
}

/** The words "how many" or "how much" counts: those after it up to the first stop word. */
export function countedWords(tokens: readonly Token[]): (position: number) => boolean {
  const words = tokens.map((token) => token.folded);
  const start = words.findIndex((word, k) => k > 0 && words[k - 1] === 'how' && (word === 'many' || word === 'much')) + 1;
  if (start === 0) return () => false;
  // "how many lawmakers *voted*", "how many soldiers *might* have to…": the run of words counted ends at its verb.
  let end = start;
  while (end < endOfNoun(words, start) && (end === start || (!isPastTense(words[end]!) && !MODALS.has(words[end]!)))) end++;
  return (position) => position >= start && position < end;
}

/** Units of time counted in "how many *days* after the strike…": the question asks for a span of time. */
export const TIME_SPANS = new Set(['minutes', 'hours', 'days', 'weeks', 'months', 'years', 'decades']);

/** Past participles that do not end in -ed, common in passive questions ("where was it *held*"). */
const IRREGULAR_PARTICIPLES = new Set(['held', 'made', 'done', 'given', 'taken', 'seen', 'known', 'shown', 'built', 'sent', 'brought', 'kept', 'told', 'found', 'paid', 'won', 'lost', 'set', 'chosen', 'written', 'spoken', 'shot', 'fought', 'struck', 'thrown', 'led', 'hit']);

function isPastParticiple(word: string): boolean {
  return ED_FORM.test(word) || IRREGULAR_PARTICIPLES.has(word);
}

/** Simple past forms that are not participles too, or too short for the -ed rule. */
const IRREGULAR_PAST = new Set(['died', 'fled', 'took', 'went', 'came', 'left', 'ran', 'stood', 'sat', 'got', 'saw', 'gave', 'spoke', 'chose', 'wrote', 'threw', 'fell', 'rose', 'grew', 'flew']);

/** A verb in the past ("voted", "died", "took"). */
function isPastTense(word: string): boolean {
  return isPastParticiple(word) || IRREGULAR_PAST.has(word);
}

/** Forms of "be" before a verb in -ing ("who *is* replacing him"). */
const BE_AUXILIARIES = new Set(['is', 'are', 'was', 'were']);
/** Words that open a question, of which two may be joined ("when and where was…"); in the order a hurried spelling is read as one ("wher"). */
export const QUESTION_WORDS: readonly string[] = ['what', 'when', 'where', 'which', 'who', 'why', 'how'];

/** Modal verbs before the verb a "who" question asks about ("who *will* replace him"). */
const MODALS = new Set(['will', 'would', 'could', 'should', 'might', 'can', 'may', 'must']);
/**
 * Verbs of saying and thinking: "who *thought* the vote wasn't enough" asks who held a view the
 * story reports in other words, not about an act the story would have to name.
 */
const OPINION_VERBS = new Set(
  (
    'think thinks thought believe believed believes feel feels felt want wanted wants say says said claim claimed claims ' +
    'argue argued argues reckon reckoned like liked likes hate hated hates got get gets ' +
    // and of looking ahead: "does he *expect* complications" asks what he said he foresaw.
    'expect expected expects anticipate anticipated anticipates foresee foresaw predict predicted predicts fear feared fears worry worried hope hoped hopes ' +
    // and of talking about something: "did he *mention* sovereignty" asks what he said.
    'mention mentioned mentions talk talked talks discuss discussed discusses speak spoke spoken bring brought raise raised address addressed refer referred cite cited cites ' +
    // and of granting a point: "did he *admit* there could be problems" asks what he said.
    'admit admitted admits acknowledge acknowledged concede conceded accept accepted agree agreed deny denied explain explained suggest suggested ' +
    // and of taking a stand: "did Sadr *support* the vote" is answered by what he said of it.
    'support supported supports back backed backs welcome welcomed welcomes endorse endorsed approve approved favour favoured favor favored ' +
    'oppose opposed opposes reject rejected rejects condemn condemned criticise criticised criticize criticized praise praised blame blamed disagree disagreed dislike disliked'
  ).split(' '),
);
const SUBJECT_PRONOUNS = new Set(['he', 'she', 'they', 'it']);
/** Words this common before a noun describe it ("full name", "last name") rather than name a thing of their own. */
const EVERYDAY_MODIFIER_RANK = 2000;
/** How many words "is Suleimani a *national hero*" may say someone is. */
const MAX_PREDICATE_WORDS = 2;
/** How many words the subject of "which militia did *Abu Mahdi Muhandis* lead" may have. */
const MAX_SUBJECT_WORDS = 4;
/** Question words of "when was X killed", "where were they stationed". */
const PASSIVE_OPENERS = new Set(['when', 'where', 'why', 'how']);
/** Auxiliaries before a bare verb ("did he *resign*"), unlike "was it *smooth*". */
const DO_AUXILIARIES = new Set(['did', 'does', 'do', 'will', 'would', 'could', 'can', 'should']);
/** Auxiliaries right before the subject of a question: "*did* Baghdad ask", "*has* Baghdad asked". */
const SUBJECT_AUXILIARIES = new Set([...DO_AUXILIARIES, 'has', 'have', 'had']);

/** The word at `position` is the subject of the question's verb, right after its auxiliary ("did *Baghdad* ask"). */
export function followsAuxiliary(tokens: readonly Token[], position: number): boolean {
  return position > 0 && SUBJECT_AUXILIARIES.has(tokens[position - 1]!.folded);
}

/** How many words ("the", "Iraqi", "Iraq's") may stand between the auxiliary and the subject's noun. */
const MAX_SUBJECT_MODIFIERS = 2;

/** The word at `position` ends the subject of the question's verb: "did *the Iraqi MPs* respond", "has *Baghdad* asked". */
export function endsAuxiliarySubject(tokens: readonly Token[], position: number): boolean {
  for (let back = position - 1; back >= 0 && back >= position - 1 - MAX_SUBJECT_MODIFIERS; back--) {
    const word = tokens[back]!.folded;
    if (SUBJECT_AUXILIARIES.has(word)) return true;
    if (isStopWord(word) && word !== 'the' && word !== 's') return false;
  }
  return false;
}
/** Verbs that say little on their own ("did he *give*", "did they *move* fast"): the rest of the question says what is asked. */
const LIGHT_VERBS = new Set(['give', 'take', 'make', 'move', 'go', 'come', 'do', 'have', 'use', 'happen', 'put', 'keep', 'let', 'try', 'end', 'start', 'mean', 'see', 'look', 'call', 'ask', 'tell']);
/** "get" as the auxiliary of a passive ("which division *got* sent"). */
const PASSIVE_GET = new Set(['got', 'get', 'gets', 'gotten']);
/** How long "of the Iranian military" may be between the noun asked for and its verb. */
const OF_PHRASE_WORDS = 4;
/** Auxiliary verbs that end the noun a question asks for ("what *unit* did he command"); also those after which "were" opening a question is "where" ("*were* was he killed"). */
export const AUXILIARIES: ReadonlySet<string> = new Set(['is', 'was', 'are', 'were', 'did', 'does', 'do', 'has', 'had', 'have', 'will', 'would', 'can', 'could', 'should']);
/**
 * Nouns that frame a question rather than say what it is about: "what is the name of…",
 * "what reasons did…", "what kind of…".
 */
export const FRAME_WORDS = new Set(
  (
    'name names reason reasons word words thing things way ways kind type sort part role exactly really else happened happen happens occur occurred occurs one ones ' +
    'full exact whole actual back ' +
    // What someone thinks, which the story tells in its own words: "what is Sadr's *position* on…".
    'position positions stance stances opinion opinions view views thoughts attitude take ' +
    'day date year yr years time month week number amount point idea deal story article news'
  ).split(' '),
);

/**
 * Kinds of faith, which a story names rather than calls so ("a region dominated by Sunni Muslim"):
 * "which *sect*", "what *branch* of Islam" ask for a name, not about sects, and never for something the story lacks.
 */
const KINDS_OF_FAITH = new Set(['sect', 'sects', 'branch', 'branches', 'denomination', 'denominations']);

/** What the wording rules may ask of the corpus, without depending on its index. */
export interface CorpusWords {
  /** The corpus uses the word as a name ("Iran", "Sadr"). */
  readonly isName: (folded: string) => boolean;
  /** The corpus uses the word, or a synonym or alias of it. */
  readonly isKnown: (folded: string) => boolean;
  /** The corpus uses the word as typed, in its text or its aliases ("Americans"; not "sadrs"). */
  readonly usesAsTyped: (folded: string) => boolean;
}

const NO_CORPUS: CorpusWords = { isName: () => false, isKnown: () => true, usesAsTyped: () => true };

/**
 * The position of the noun a question asks for, when its wording makes that plain:
 * "what is X's *birthday*", "what kind of *drone*", "how much *aid*", "who is the *president*",
 * "what *justification* did…". A question asking for something the corpus never mentions is about
 * something the corpus does not cover, however well its other words match.
 */
export function askedForPosition(question: string, tokens: readonly Token[], corpus: CorpusWords = NO_CORPUS): number | undefined {
  const { isName, isKnown, usesAsTyped } = corpus;
  const words = tokens.map((token) => token.folded);
  // "Sadr's", or "sadrs" typed without the apostrophe.
  const possessive = (k: number): boolean =>
    /['’]s$/i.test(question.slice(tokens[k]!.start, tokens[k]!.end)) || (words[k]!.endsWith('s') && !usesAsTyped(words[k]!) && isName(words[k]!.slice(0, -1)));
  const head = (k: number | undefined): number | undefined =>
    k !== undefined && k < words.length && !isStopWord(words[k]!) && !FRAME_WORDS.has(words[k]!) && !KINDS_OF_FAITH.has(words[k]!) ? k : undefined;
  // "when and where was…" asks what "when was…" asks, and more.
  if (QUESTION_WORDS.includes(words[0] ?? '') && words[1] === 'and' && QUESTION_WORDS.includes(words[2] ?? '')) {
    const position = askedForPosition(question, tokens.slice(2), corpus);
    return position === undefined ? undefined : position + 2;
  }
  const first = words[0] === 'whats' ? 'what' : words[0];
  // A verb asked about must be a real word: a garbled one ("convned") is a slip for some verb the story may well use.
  const verbAt = (k: number): number | undefined => (isListedEnglishWord(words[k] ?? '') ? head(k) : undefined);
  // "what/when/where is/was X's HEAD"
  if ((first === 'what' || first === 'which' || first === 'when' || first === 'where') && words.length >= 3) {
    const start = words[0] === 'whats' ? 1 : AUXILIARIES.has(words[1]!) ? 2 : -1;
    if (start > 0) {
      // The word after the possessive, past everyday modifiers: "the general's full *name*", but "Iran's *supreme* leader".
      for (let k = start; k < Math.min(words.length - 1, start + 4); k++) {
        if (!possessive(k)) continue;
        const run = endOfNoun(words, k + 1);
        // "when was Suleimani's funeral *held*": a participle closing the question is its verb, not part of the noun.
        const end = run === words.length && run - (k + 1) >= 2 && isPastParticiple(words[run - 1]!) ? run - 1 : run;
        let noun = k + 1;
        while (noun < end - 1 && isCommonEnglishWord(words[noun]!, EVERYDAY_MODIFIER_RANK)) noun++;
        return head(noun);
      }
    }
  }
  // "is/was NAME a/an HEAD": what someone is said to be ("is Suleimani a *hero* in Iran").
  if ((first === 'is' || first === 'was') && isName(words[1] ?? '')) {
    const article = words.findIndex((word, k) => k >= 2 && k <= 1 + MAX_SUBJECT_WORDS && (word === 'a' || word === 'an'));
    if (article > 0 && words.slice(1, article).every(isName)) {
      // A short run of everyday words: "a mostly *Sunni* country like…" says more than what someone is.
      const end = endOfNoun(words, article + 1);
      const run = words.slice(article + 1, end);
      if (run.length > 0 && run.length <= MAX_PREDICATE_WORDS && !run.some(isName)) return head(end - 1);
    }
  }
  // "what kind/type/sort of HEAD"
  const kindOf = words.findIndex((word, k) => (word === 'kind' || word === 'type' || word === 'sort') && words[k + 1] === 'of');
  if (kindOf >= 0) return head(kindOf + 2);
  // "what is the name of the *unit*…": what is named ("the guy who…" names nobody in particular).
  const nameOf = words.findIndex((word, k) => word === 'name' && words[k + 1] === 'of');
  if (nameOf >= 0) {
    let noun = nameOf + 2;
    while (noun < words.length && DETERMINERS.has(words[noun]!)) noun++;
    if (!GENERIC_PEOPLE.has(words[noun] ?? '') && !possessive(noun)) return head(noun);
  }
  // "how many/much HEAD": the last word counted ("how much military *aid* does…", "how many *people*…")
  if (first === 'how' && (words[1] === 'many' || words[1] === 'much')) {
    // "how many *days* passed…" asks for a span of time, not about its unit or verb.
    if (TIME_SPANS.has(words[2] ?? '')) return undefined;
    const end = endOfNoun(words, 2);
    return end > 2 ? head(end - 1) : undefined;
  }
  // "who is/was the HEAD (of…)"
  if (first === 'who' && AUXILIARIES.has(words[1] ?? '') && words[2] === 'the') {
    const end = endOfNoun(words, 3);
    return end > 3 ? head(end - 1) : undefined;
  }
  // "who VERB…" ("who *replaced* Suleimani"), "who will VERB…", "who is going to VERB…": what is asked is who did that.
  if (first === 'who') {
    const goingTo = (words[1] === 'is' || words[1] === 'are') && words[2] === 'going' && words[3] === 'to';
    // "who is *replacing* him", "who was *leading* the calls": the act under way is asked about.
    const underWay = BE_AUXILIARIES.has(words[1] ?? '') && ING_FORM.test(words[2] ?? '') && isListedEnglishWord(words[2]!);
    const verb = goingTo ? 4 : underWay ? 2 : MODALS.has(words[1] ?? '') ? 2 : AUXILIARIES.has(words[1] ?? '') || words[1] === 'else' ? -1 : 1;
    if (verb > 0 && !OPINION_VERBS.has(words[verb] ?? '') && !isCarryOut(words[verb] ?? '', words[verb + 1])) return verbAt(verb);
  }
  // "what/which HEAD did…", "which HEAD of the Iranian military did…"
  if ((first === 'what' || first === 'which') && words[0] !== 'whats') {
    if (AUXILIARIES.has(words[2] ?? '')) return head(1);
    // "what unit or force did he command": either will do; the last is read as the thing asked for.
    if (words[2] === 'or' && AUXILIARIES.has(words[4] ?? '')) return head(3);
    // "which *other* countries are…", "which countries *besides* the US…": still countries.
    if (words[1] === 'other' && AUXILIARIES.has(words[3] ?? '')) return head(2);
    if (EXCEPT_WORDS.has(words[2] ?? '')) return head(1);
    // "which American *companies* have…": the last word before the auxiliary, past its modifiers.
    const auxiliary = words.findIndex((word, k) => k >= 3 && k <= 1 + MAX_SUBJECT_WORDS && (AUXILIARIES.has(word) || PASSIVE_GET.has(word)));
    // Not "what *will* Sadr do": there the auxiliary comes first and Sadr is its subject.
    if (auxiliary > 0 && !MODALS.has(words[1]!) && words.slice(1, auxiliary).every((word) => !isStopWord(word))) return head(auxiliary - 1);
    if (words[2] === 'of' && words.slice(3, 3 + OF_PHRASE_WORDS + 1).some((word) => DO_AUXILIARIES.has(word))) return head(1);
  }
  // "when was Saddam Hussein *executed*": a passive question asks about its last word.
  const last = words.length - 1;
  if (PASSIVE_OPENERS.has(first ?? '') && (words[1] === 'was' || words[1] === 'were') && last >= 3 && ED_FORM.test(words[last]!)) return verbAt(last);
  // "…did he *resign*?": after an auxiliary and a pronoun comes the verb asked about.
  const pronounSubject = words.findIndex((word, k) => k > 0 && SUBJECT_PRONOUNS.has(word) && DO_AUXILIARIES.has(words[k - 1]!));
  // An adverb there ("does he *still* back it") is not the verb; nor is the verb after it asked about
  // as plainly (a question that hedges is as often answered in other words).
  if (pronounSubject > 0) return pastAdverbs(words, pronounSubject + 1) === pronounSubject + 1 ? askedVerbAt(pronounSubject + 1, words, verbAt) : undefined;
  // "did Iran *retaliate*?": a yes/no question opening with an auxiliary and a name the corpus
  // knows (of up to MAX_SUBJECT_WORDS words) asks about the verb after it; after a possessive name
  // ("did Sadr's followers…"), about the noun.
  // So does "when/why/where did NAME VERB…".
  const opening = PASSIVE_OPENERS.has(words[0] ?? '') ? 1 : 0;
  const subjectStart = opening + 1;
  // "where was Suleimani *flying* in from": the act under way is asked about, as after "did".
  if (opening === 1 && (words[1] === 'was' || words[1] === 'were') && isName(words[2] ?? '')) {
    let ing = 3;
    while (ing < words.length && ing - 2 < MAX_SUBJECT_WORDS && isName(words[ing]!)) ing++;
    return ING_FORM.test(words[ing] ?? '') ? askedVerbAt(ing, words, verbAt) : undefined;
  }
  if (!DO_AUXILIARIES.has(words[opening] ?? '')) return undefined;
  if (!isName(words[subjectStart] ?? '')) return unknownVerbOfKnownSubject(words, subjectStart, corpus, verbAt);
  let subjectEnd = subjectStart;
  while (subjectEnd + 1 < words.length && subjectEnd - subjectStart + 1 < MAX_SUBJECT_WORDS && isName(words[subjectEnd + 1]!)) subjectEnd++;
  // "did Sadr's *followers* protest": the question is about them, whom the story may never mention
  // ("Trump's *people*" are only Trump's side).
  if (possessive(subjectEnd)) return GENERIC_PEOPLE.has(words[subjectEnd + 1] ?? '') ? undefined : head(subjectEnd + 1);
  const verb = pastAdverbs(words, subjectEnd + 1);
  // "did Trump *order* the strike", "did Iran *gain* influence": an object the story speaks of may
  // be told in other words ("targeted killing", "influence … continued to grow").
  // Not so after "become": "prime minister" is what he became, not something done to.
  // A direct object only: "did Iran retaliate *against* US bases" asks about retaliating, whatever it was against.
  let objectAt = verb + 1;
  while (objectAt < words.length && DETERMINERS.has(words[objectAt]!)) objectAt++;
  const object = words[objectAt];
  if (object !== undefined && !isStopWord(object) && isKnown(object) && !COPULAR_VERBS.has(words[verb] ?? '')) {
    // "did Trump threaten Iraq *with sanctions*": what the act was done with is asked about too.
    let means = objectAt + 1;
    if (words[means] !== 'with' || !isVerbOfSubstance(words[verb] ?? '')) return undefined;
    means++;
    while (means < words.length && DETERMINERS.has(words[means]!)) means++;
    return head(means);
  }
  return askedVerbAt(verb, words, verbAt);
}

/**
 * "did (the) protesters *storm* the embassy": a one-word subject the story speaks of, then a verb it
 * never uses in any form. The question is about that act, which the story does not tell.
 */
function unknownVerbOfKnownSubject(words: readonly string[], start: number, corpus: CorpusWords, verbAt: (k: number) => number | undefined): number | undefined {
  let subject = start;
  while (subject < words.length && DETERMINERS.has(words[subject]!)) subject++;
  const noun = words[subject];
  if (noun === undefined || isStopWord(noun) || FRAME_WORDS.has(noun) || !corpus.isKnown(noun)) return undefined;
  const verb = pastAdverbs(words, subject + 1);
  const word = words[verb];
  // "did the vote *lead to*…", "*amount to*…": a relation, told in the story's own words.
  if (word === undefined || corpus.isKnown(word) || words[verb + 1] === 'to') return undefined;
  return askedVerbAt(verb, words, verbAt);
}

/** A verb that says what was done: not a stop word, a verb of saying or thinking, a light verb or a frame word. */
function isVerbOfSubstance(word: string): boolean {
  return !isStopWord(word) && !OPINION_VERBS.has(word) && !LIGHT_VERBS.has(word) && !RELATION_VERBS.has(word) && !FRAME_WORDS.has(word);
}

/** Verbs that ask how two things bear on each other ("does the vote *affect* the request"), which a story tells in its own words. */
const RELATION_VERBS = new Set('affect affects affected impact impacts impacted change changes changed involve involves involved'.split(' '));

/** Words that may follow "who" without being the act asked about: "who *was*…", "who *else*…", "who *actually*…", "who *said*…". */
const NOT_AN_ACT_AFTER_WHO = new Set([...AUXILIARIES, 'else', 'exactly', 'actually', 'really', 'said', 'says', 'say']);
/** "who was *behind* the strike", "who is *responsible* for it": who did it. */
const BEHIND_WORDS = new Set(['behind', 'responsible']);

/**
 * The position of the act whose doer "who VERBed…" asks for ("who *killed* Suleimani"), or, in
 * "who was behind / responsible for X", of the first word of substance after ("the *killing*").
 */
export function doerAskedPosition(tokens: readonly Token[]): number | undefined {
  if (tokens[0]?.folded !== 'who') return undefined;
  const behind = BE_AUXILIARIES.has(tokens[1]?.folded ?? '') && BEHIND_WORDS.has(tokens[2]?.folded ?? '');
  const verb = behind ? tokens.findIndex((token, k) => k >= 3 && !isStopWord(token.folded)) : 1;
  const word = tokens[verb]?.folded;
  return verb > 0 && word !== undefined && !NOT_AN_ACT_AFTER_WHO.has(word) && !isStopWord(word) ? verb : undefined;
}

/** Adverbs and phrases that ask whether something really came about: "did they *actually* leave", "did it *ever* happen", "did they *end up* leaving". */
const REALITY_CUES = new Set(['actually', 'ever', 'really', 'eventually', 'finally']);
/** The auxiliary opening such a question, or following its question word ("when *will* they actually leave"). */
const REALITY_AUXILIARIES = new Set(['did', 'has', 'have', 'had', 'will', 'does', 'do']);

/**
 * The verb of "did/has US troops *actually leave*…", "did they *end up leaving*": a question whether
 * an act really came about. Not verbs of saying or stance, nor light verbs ("did it ever *happen*").
 */
export function realityVerbPosition(tokens: readonly Token[]): number | undefined {
  const words = tokens.map((token) => token.folded);
  if (!REALITY_AUXILIARIES.has(words[0] ?? '') && !REALITY_AUXILIARIES.has(words[1] ?? '')) return undefined;
  const cue = words.findIndex((word, k) => REALITY_CUES.has(word) || (word === 'end' && words[k + 1] === 'up') || (word === 'ended' && words[k + 1] === 'up'));
  // "has the US *started* withdrawing": whether the act has begun to come about.
  if (cue < 0 && ['has', 'have', 'had'].includes(words[0] ?? '')) {
    const started = words.findIndex((word, k) => k >= 2 && STARTING_VERBS.has(word));
    const verb = started < 0 ? undefined : started + (words[started + 1] === 'to' ? 2 : 1);
    return verb !== undefined && verb < words.length && isVerbOfSubstance(words[verb]!) ? verb : undefined;
  }
  if (cue < 0) return undefined;
  let verb = words[cue] === 'end' || words[cue] === 'ended' ? cue + 2 : cue + 1;
  // "did they actually *end up* leaving", "did they actually *start* (to) pull out"
  if ((words[verb] === 'end' || words[verb] === 'ended') && words[verb + 1] === 'up') verb += 2;
  if (STARTING_VERBS.has(words[verb] ?? '')) verb += words[verb + 1] === 'to' ? 2 : 1;
  const word = words[verb];
  // "did Sadr's 'greater *action*' ever happen": what is asked to have come about is the subject.
  if (word !== undefined && HAPPEN_VERBS.has(word)) {
    const subject = words.slice(0, cue).findLastIndex((earlier) => !isStopWord(earlier));
    return subject > 0 ? subject : undefined;
  }
  return word !== undefined && isVerbOfSubstance(word) ? verb : undefined;
}

const ARTICLES = new Set(['a', 'an', 'the']);
/** How many words the subject of "was the US embassy in Baghdad *attacked*" may have before its verb. */
const MAX_PASSIVE_SUBJECT_WORDS = 5;

/**
 * For a yes/no question in the passive ("was the US embassy attacked", "was al-Muhandis killed
 * too"), the positions of the subject's head noun ("embassy": the last word before any preposition)
 * and of the participle. A paragraph that answers tells of that act done to that thing.
 */
export function passiveQuestionParts(tokens: readonly Token[]): { readonly head: number; readonly verb: number } | undefined {
  const words = tokens.map((token) => token.folded);
  // "was/were X VERBed", or "did X get VERBed".
  const getPassive = words[0] === 'did';
  if (words[0] !== 'was' && words[0] !== 'were' && !getPassive) return undefined;
  let start = 1;
  while (start < words.length && DETERMINERS.has(words[start]!)) start++;
  // Not one before its noun: "was a slow *phased* withdrawal one of the options" asks no passive.
  const endsClause = (k: number): boolean => k + 1 >= words.length || isStopWord(words[k + 1]!) || ADVERBS.has(words[k + 1]!) || LY_ADVERB.test(words[k + 1]!);
  const isVerb = (word: string, k: number): boolean => isPastParticiple(word) && endsClause(k) && (!getPassive || PASSIVE_GET.has(words[k - 1]!));
  const verb = words.findIndex((word, k) => k > start && k <= start + MAX_PASSIVE_SUBJECT_WORDS && isVerb(word, k));
  if (verb < 0 || !isVerbOfSubstance(words[verb]!)) return undefined;
  const subject = words.slice(start, getPassive ? verb - 1 : verb);
  // "was the meeting *a* normal scheduled session": a predicate, not a passive.
  if (subject.some((word, k) => k > 0 && ARTICLES.has(word) && !isStopWord(subject[k - 1]!))) return undefined;
  // "the US embassy *in* Baghdad": the head comes before the first stop word.
  const firstStop = subject.findIndex((word) => isStopWord(word));
  const head = start + (firstStop < 0 ? subject.length : firstStop) - 1;
  return head >= start && !isStopWord(words[head]!) ? { head, verb } : undefined;
}

/** Verbs of beginning before the act asked about ("did they actually *start* pulling out"). */
const STARTING_VERBS = new Set(['start', 'started', 'begin', 'began', 'begun']);

/** Verbs that say only that something came about: the question is then about its subject. */
const HAPPEN_VERBS = new Set(['happen', 'occur']);

/**
 * The verb after a manner adverb in a yes/no question: "did the Iraqi government formally *notify*
 * Washington", "did parliament unanimously *approve*…". Such an adverb stands before the act asked
 * about, which the story must then tell of.
 */
export function verbAfterAdverbPosition(tokens: readonly Token[]): number | undefined {
  // After "did/has…" a verb follows; after "was/is…" as often an adjective ("was it *totally unrelated*").
  if (!DO_AUXILIARIES.has(tokens[0]?.folded ?? '') && !REALITY_AUXILIARIES.has(tokens[0]?.folded ?? '')) return undefined;
  const words = tokens.map((token) => token.folded);
  const adverb = words.findIndex((word, k) => k >= 2 && LY_ADVERB.test(word) && isListedEnglishWord(word));
  const verb = words[adverb + 1];
  return adverb > 0 && verb !== undefined && !ADVERBS.has(verb) && !CLOSING_ADVERBS.has(verb) && isVerbOfSubstance(verb) && isListedEnglishWord(verb) ? adverb + 1 : undefined;
}

/**
 * "which militia did Muhandis *lead*", "what did Halbusi *announce*": a what/which question whose
 * last word is the verb after "did" and its subject asks about that act.
 */
export function closingVerbPosition(tokens: readonly Token[]): number | undefined {
  const words = tokens.map((token) => token.folded);
  const first = words[0];
  if (first !== 'what' && first !== 'which') return undefined;
  const auxiliary = words.findIndex((word, k) => k > 0 && DO_AUXILIARIES.has(word));
  const last = words.length - 1;
  if (auxiliary < 0 || last < auxiliary + 2 || last - auxiliary - 1 > MAX_SUBJECT_WORDS) return undefined;
  const verb = words[last]!;
  if (!isVerbOfSubstance(verb)) return undefined;
  // A garbled word ("recccomend") is a slip for some verb the story may well use.
  return isListedEnglishWord(verb) ? last : undefined;
}

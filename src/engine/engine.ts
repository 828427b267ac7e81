/**
 * The answer engine: corpus in, cited passages out. Pure and synchronous; no Discord, no I/O.
 */
import type { Corpus, CorpusDocument, Paragraph } from '../corpus/types.js';
import { FuzzyVocabulary } from './fuzzy.js';
import { PhoneticIndex } from './phonetic.js';
import { PlaceNames } from './places.js';
import { FULL_NAME_FLAG, NUMBER_FLAG, PLACE_FLAG, REASON_FLAG, TIME_FLAG, buildIndex, type SearchIndex } from './index-build.js';
import type { Engine } from './index.js';
import { STOP_WORDS, isStopWord, tokenize, type Token } from './normalise.js';
import { loadEverydayEnglish, rarity } from './background.js';
import { DATE_NAMES, isNumberWord, isTimeWord, type AnalysedToken } from './analyse.js';
import { analyseParagraph, matchText, type AnalysedParagraph } from './passage.js';
import { buildConcepts, isCorpusName, isUsedGroup, type Concept, type QueryContext } from './query.js';
import { FRAME_WORDS, doerAskedPosition, passiveQuestionParts, realityVerbPosition } from './wording.js';
import { AGE, GIVES_CAUSE, MODAL_WINDOW, NOT_AS_FACT, STATEMENTS_ASKED_FOR, STATES_PRESENCE, whyThereSubject } from './statements.js';
import { Ranker, conceptWeight, idf, isBuiltInSynonym, type RankedUnit } from './rank.js';
import type { Answer, AnswerOptions, Passage, Suggestion } from './types.js';

export interface EngineOptions {
  /** Passages per answer when the caller does not say (default 3). */
  readonly defaultTop?: number;
}

/**
 * The abstention rule. A paragraph answers only when it (with the paragraph before it) covers at
 * least this share of the question's weight, each word weighted by how specific it is in the
 * corpus (IDF) and unknown words weighted as rare ones. A question about someone or something the
 * corpus never mentions ("What did Macron say about the vote?") leaves its most specific words
 * uncovered and is declined. It is a share of the question, not a score, so it needs no tuning per corpus.
 * A second rule vetoes questions naming something the corpus has never heard of (see `query.ts`).
 */
export const MIN_COVERAGE = 0.4;
/** The share of its weight a question word counts with when only the story's title says it. */
const TITLE_TOPIC_SHARE = 0.5;
/** Later passages must score at least this share of the best one, or they are noise. */
const MIN_RELATIVE_SCORE = 0.3;
const MAX_QUESTION_LENGTH = 2000;
/** What each kind of question needs its answer to state. */
const ANSWER_TYPE_FLAGS = { none: 0, number: NUMBER_FLAG, date: TIME_FLAG, span: TIME_FLAG, quantity: NUMBER_FLAG | TIME_FLAG, place: PLACE_FLAG, age: NUMBER_FLAG, name: FULL_NAME_FLAG, reason: REASON_FLAG } as const;
const ANALYSIS_CACHE_LIMIT = 2000;
/** Everyday-English rarity (background.ts) from which a missing key word means the story doesn't say. */
const KEY_WORD_RARITY = 0.8;
/** How many of the best paragraphs stating a number are read for one that counts what is asked. */
const COUNTED_CANDIDATES = 5;
/** How many of the best paragraphs, and how near the best score, a "why" answer is chosen among. */
const CAUSE_CANDIDATES = 3;
const CAUSE_SCORE_SHARE = 0.9;
/** Participles that say how something was seen or meant, not what was done to it: "was Daesh *considered* a threat". */
const OPINION_PARTICIPLES = new Set(['considered', 'regarded', 'seen', 'viewed', 'deemed', 'thought', 'believed', 'said', 'reported', 'known', 'aimed', 'meant', 'supposed', 'intended', 'designed', 'expected', 'called', 'described', 'labelled', 'labeled']);
/** How far from a time the word it dates may stand ("voted on Sunday", "Sunday's decision"). */
const DATED_WINDOW = 2;
/** How far after a number the counted word may stand ("173 of the 329 Iraqi *lawmakers*"). */
const COUNTED_WINDOW = 4;

class AnswerEngine implements Engine {
  readonly documents: readonly CorpusDocument[];
  private readonly index: SearchIndex;
  private readonly queryContext: QueryContext;
  private readonly ranker: Ranker;
  private readonly defaultTop: number;
  private readonly unitStart: number[] = [];

  constructor(corpus: Corpus, options: EngineOptions) {
    this.documents = corpus.documents;
    this.index = buildIndex(corpus);
    // Misspellings are looked up among the corpus's words, its own aliases and stop words, and
    // the longer built-in synonyms of words the corpus uses ("threaten" for "vowed"); short
    // synonyms would turn ordinary words into false matches ("tall" → "tally").
    const aliasWords = [...this.index.aliases.singleWords]
      .filter(([word, groups]) => groups.some((group) => group < corpus.aliases.length || (word.length >= 7 && isUsedGroup(this.index, group))))
      .map(([word]) => word);
    // By sound, every single word of an alias group the corpus uses, short synonyms too ("invade"
    // for "invaid"): a sound-alike is looked up only for a word too far off in letters, and only within two edits.
    const usedGroupWords = [...this.index.aliases.singleWords].filter(([, groups]) => groups.some((group) => isUsedGroup(this.index, group))).map(([word]) => word);
    const vocabulary = [...this.index.words.keys(), ...aliasWords];
    this.queryContext = {
      index: this.index,
      fuzzy: new FuzzyVocabulary([...vocabulary, ...STOP_WORDS]),
      phonetic: new PhoneticIndex(vocabulary.filter((word) => !STOP_WORDS.has(word))),
      synonymPhonetic: new PhoneticIndex(usedGroupWords.filter((word) => !STOP_WORDS.has(word))),
      places: new PlaceNames((token) => this.index.termIds.has(token.stem) || this.index.aliases.singleWords.has(token.folded)),
    };
    this.ranker = new Ranker(this.index);
    loadEverydayEnglish(); // the English word list and its spelling index now, not on the first question
    this.defaultTop = options.defaultTop ?? 3;
    let start = 0;
    for (const document of corpus.documents) {
      this.unitStart.push(start);
      start += document.paragraphs.length;
    }
  }

  answer(question: string, options: AnswerOptions = {}): Answer {
    const top = Math.max(1, Math.floor(options.top ?? this.defaultTop));
    const offset = Math.max(0, Math.floor(options.offset ?? 0));
    const text = question.slice(0, MAX_QUESTION_LENGTH);
    const summary = asksForSummary(text);
    const concepts = buildConcepts(this.queryContext, summary ? summary.rest : text);
    const notFound: Answer = { question, answered: false, passages: [], hasMore: false };
    // A question about something the corpus has never heard of needs no ranking.
    if (concepts.some((concept) => concept.foreign)) return notFound;
    if (this.missesItsKeyWord(concepts) || this.onlyParaphrased(concepts)) return notFound;
    const { ranked, totalWeight } = this.ranker.rank(concepts);
    const best = summary ? this.leadOf(ranked, concepts, summary.rest) : this.bestAnswer(ranked, concepts, text, totalWeight);
    if (!best) return notFound;
    const relevant = [best, ...ranked.filter((unit) => unit !== best && unit.ownMatch && unit.score >= best.score * MIN_RELATIVE_SCORE)];
    const page = relevant.slice(offset, offset + top);
    const weights = this.termWeights(concepts);
    return {
      question,
      answered: true,
      passages: page.map((unit) => this.toPassage(unit.unit, unit.score, weights)),
      hasMore: relevant.length > offset + top,
    };
  }

  /**
   * The question's heaviest word is one the corpus never uses and English seldom does ("did Iran
   * *retaliate*?"): whatever else matches, the story doesn't say.
   */
  private missesItsKeyWord(concepts: readonly Concept[]): boolean {
    const required = concepts.filter((concept) => concept.required);
    if (required.length < 2) return false;
    // How specific each word is, misspelt or not: "cloric" is as much the key word as "cleric".
    const weights = required.map((concept) => conceptWeight(this.index, concept, { asTyped: false }));
    const heaviest = required[weights.indexOf(Math.max(...weights))]!;
    return heaviest.alternatives.length === 0 && !/\d/.test(heaviest.surface) && rarity(heaviest.surface) >= KEY_WORD_RARITY;
  }

  /**
   * The question's one word of substance reaches the story only through a built-in synonym group
   * ("happy with this?", "are you satisfied with this bot" through "didn't go far enough"): a loose
   * paraphrase with nothing beside it is too little to answer on.
   */
  private onlyParaphrased(concepts: readonly Concept[]): boolean {
    const content = contentConcepts(concepts);
    if (content.length !== 1) return false;
    const { alternatives } = content[0]!;
    return alternatives.length > 0 && alternatives.every(({ termId }) => isBuiltInSynonym(this.index, termId));
  }

  /**
   * For "tl;dr" and "what is the story about": the first paragraph of the document the rest of the
   * question points to (news puts its summary first), or of the only document.
   */
  private leadOf(ranked: readonly RankedUnit[], concepts: readonly Concept[], rest: string): RankedUnit | undefined {
    const asksAbout = tokenize(rest).some(({ folded }) => !isStopWord(folded) && !FRAME_WORDS.has(folded) && !SUMMARY_FRAME.has(folded));
    const top = ranked[0];
    // "summary of the cat show" names something; if nothing answers it, there is nothing to summarise.
    if (asksAbout && (top === undefined || !isAnswer(top, concepts))) return undefined;
    const document = top !== undefined ? this.index.unitDocument[top.unit]! : this.documents.length === 1 ? 0 : undefined;
    if (document === undefined) return undefined;
    const unit = this.unitStart[document]!;
    return ranked.find((candidate) => candidate.unit === unit) ?? { unit, score: ranked[0]?.score ?? 0, coverage: 1, matchedConcepts: 0, rareMatch: false, ownMatch: true, allNames: true };
  }

  /**
   * The paragraph to answer with: the best-ranked one, unless the question asks for a number or a
   * time ("how many", "when"), in which case the best-ranked one that states one. None when that
   * paragraph does not pass the abstention rule. Three steps: the paragraphs that state what is
   * asked, the one among them that counts or dates what is asked, and the checks it must pass.
   */
  private bestAnswer(ranked: readonly RankedUnit[], concepts: readonly Concept[], question: string, totalWeight: number): RankedUnit | undefined {
    const wanted = concepts.reduce((flags, concept) => flags | ANSWER_TYPE_FLAGS[concept.answerType ?? 'none'], 0);
    const tokens = tokenize(question);
    const stating = this.statingWhatIsAsked(ranked, concepts, tokens, question, wanted);
    const counting = this.countingWhatIsAsked(stating, concepts);
    if (counting === 'not counted') return undefined;
    const statesIt = wanted === TIME_FLAG || wanted === NUMBER_FLAG || wanted === REASON_FLAG;
    // "when", "what day" ask for the time of an act; "how many years…" for a span between two.
    const asksWhen = wanted === TIME_FLAG && concepts.some((concept) => concept.answerType === 'date');
    const withTime = (unit: RankedUnit): RankedUnit => this.withAskedTime(unit, concepts, totalWeight);
    const dating = asksWhen ? this.datesWhatIsAsked(stating.filter((unit) => isAnswer(withTime(unit), concepts, statesIt)), concepts) : undefined;
    const candidate = counting ?? dating ?? stating[0];
    if (candidate === undefined || !this.tellsWhatIsAsked(candidate, concepts, tokens)) return undefined;
    // A stated time counts as a match only where it dates what is asked ("when does the new season
    // *start*" is not answered by "Friday's attack … a torturous start").
    const statesWhatIsAsked = statesIt && (!asksWhen || candidate === dating);
    const checked = this.withTitleTopic(candidate === dating ? withTime(candidate) : candidate, concepts, totalWeight);
    return isAnswer(checked, concepts, statesWhatIsAsked) ? candidate : undefined;
  }

  /**
   * The paragraph with the story's topic counted in: a word of the question that the document's title
   * uses ("the *vote*") is what every paragraph of that story is about, said or not. "was everyone
   * happy with the vote" is answered by "Sunday's decision didn't go far enough". Only for a paragraph
   * that matches another of the question's words itself, and at half the topic's weight. (A name the
   * paragraph lacks still fails `isAnswer`'s rule that every person asked about be named.)
   */
  private withTitleTopic(unit: RankedUnit, concepts: readonly Concept[], totalWeight: number): RankedUnit {
    if (totalWeight === 0) return unit;
    const title = this.titleTermsOf(this.index.unitDocument[unit.unit]!);
    const content = contentConcepts(concepts);
    const topic = content.find((concept) => {
      const terms = termsOf(this.index, [concept]);
      return [...terms].some((term) => title.has(term)) && !this.mentions(unit.unit, terms);
    });
    if (topic === undefined) return unit;
    const saysMore = content.some((concept) => concept !== topic && this.mentions(unit.unit, termsOf(this.index, [concept])));
    if (!saysMore) return unit;
    return { ...unit, matchedConcepts: unit.matchedConcepts + 1, coverage: Math.min(1, unit.coverage + (conceptWeight(this.index, topic) * TITLE_TOPIC_SHARE) / totalWeight) };
  }

  /** The index terms of a document's title, analysed as its paragraphs are (aliases included). */
  private titleTermsOf(document: number): ReadonlySet<string> {
    let terms = this.titleTerms.get(document);
    if (terms === undefined) {
      terms = new Set(analyseParagraph(this.documents[document]!.title, this.index.aliases).tokens.flatMap((token) => token.terms));
      this.titleTerms.set(document, terms);
    }
    return terms;
  }

  /**
   * The paragraph with the asked time counted in its coverage: a paragraph that dates what is asked
   * answers that part of the question too ("what day did the lawmakers vote" is answered by
   * "parliament voted on Sunday", though "lawmakers" is not there).
   */
  private withAskedTime(unit: RankedUnit, concepts: readonly Concept[], totalWeight: number): RankedUnit {
    const timeWeight = Math.max(0, ...concepts.filter((concept) => concept.answerType === 'date').map((concept) => conceptWeight(this.index, concept)));
    return timeWeight === 0 ? unit : { ...unit, coverage: (unit.coverage * totalWeight + timeWeight) / (totalWeight + timeWeight) };
  }

  /**
   * The ranked paragraphs that make the kind of statement the question asks for: a number or a
   * time, an age, a quotation, a name other than the ones asked about, a response by whoever is
   * asked about. For a question that asks for none, the best paragraph ("why": the best that gives
   * a cause; "who killed…": the best that names the doer).
   */
  private statingWhatIsAsked(ranked: readonly RankedUnit[], concepts: readonly Concept[], tokens: readonly Token[], question: string, wanted: number): RankedUnit[] {
    // "how did *oil prices* react to the vote": whoever or whatever responds is nothing the story knows of.
    if (respondsUnknown(tokens, concepts)) return [];
    let stating = wanted === 0 ? this.explainingFirst(ranked, concepts, tokens) : ranked.filter((unit) => unit.ownMatch && (this.index.unitFeatures[unit.unit]! & wanted) !== 0);
    // "how old" is answered by a paragraph that states an age, or not at all.
    if (concepts.some((concept) => concept.answerType === 'age')) stating = stating.filter((unit) => AGE.test(this.paragraphAt(unit.unit).paragraph.text));
    for (const [asks, states] of STATEMENTS_ASKED_FOR) {
      if (asks.test(question)) stating = stating.filter((unit) => states.test(this.paragraphAt(unit.unit).paragraph.text));
    }
    // "why was Suleimani in Baghdad": a paragraph that tells of his being there (not "why was the vote in parliament so quick").
    if (this.asksWhySomeoneWasThere(question)) stating = stating.filter((unit) => STATES_PRESENCE.test(this.paragraphAt(unit.unit).paragraph.text));
    // "what is the name of Sadr's militia": a name other than the ones asked about.
    if (concepts.some((concept) => concept.answerType === 'name')) {
      const typed = new Set(tokens.map((token) => token.stem));
      stating = stating.filter((unit) => this.namesSomeoneElse(unit.unit, typed));
    }
    // "how did Trump respond to the vote": not a paragraph about a response *to* Trump.
    const reactor = reactorTerms(tokens, concepts, this.index);
    if (reactor.size > 0) stating = stating.filter((unit) => !this.respondsTo(unit.unit, reactor));
    // …and a response by Iran is told where Iran is named: "Iraqi government" is not "Iran's government".
    const reactorNames = asksForResponse(tokens) ? new Set([...reactor].filter((term) => this.index.termIsName[this.index.termIds.get(term)!] === 1)) : new Set<string>();
    if (reactorNames.size > 0) stating = stating.filter((unit) => this.mentionsAround(unit.unit, reactorNames));
    return stating;
  }

  /** "why was/were X in/at PLACE", X someone the corpus names ("Suleimani", "Sadr's men" is not). */
  private asksWhySomeoneWasThere(question: string): boolean {
    const subject = whyThereSubject(question);
    if (subject === undefined) return false;
    const words = tokenize(subject).filter((token) => !isStopWord(token.folded));
    return words.length > 0 && words.every((token) => isCorpusName(this.index, token.folded));
  }

  /**
   * For "how many X", the paragraph that counts X; undefined when the question counts nothing or no
   * paragraph puts a number by X; 'not counted' when the story does not speak of X at all.
   */
  private countingWhatIsAsked(stating: readonly RankedUnit[], concepts: readonly Concept[]): RankedUnit | 'not counted' | undefined {
    const counted = this.countedTerms(concepts);
    // "how many *Kurdish* lawmakers": a count of lawmakers in a paragraph that never says Kurdish counts others.
    const whose = this.countedNames(concepts);
    const speaksOfWhose = (unit: RankedUnit): boolean => whose.every((terms) => this.mentions(unit.unit, terms));
    const counting = this.countsWhatIsAsked(stating.filter(speaksOfWhose), counted);
    // "how many US bases are there": when none of the best paragraphs that state a number speaks of
    // bases at all, the story does not count them, whatever else it counts.
    const speaksOfCounted = (unit: RankedUnit): boolean => this.mentions(unit.unit, counted) && speaksOfWhose(unit);
    if (counting === undefined && counted.size > 0 && !stating.slice(0, COUNTED_CANDIDATES).some(speaksOfCounted)) return 'not counted';
    return counting;
  }

  /** The chosen paragraph tells of what is asked: the act as a fact, the thing a which-question asks for. */
  private tellsWhatIsAsked(candidate: RankedUnit, concepts: readonly Concept[], tokens: readonly Token[]): boolean {
    // "did US troops actually leave": the best paragraph must tell of the leaving, and not as a
    // possibility ("the vote could result in the removal…"). A lesser paragraph is not promoted.
    const happened = realityConcept(tokens, concepts);
    if (happened !== undefined && !this.tellsAsFact(candidate.unit, happened)) return false;
    // "did Halbusi vote for it *himself*": Halbusi (or "he") must do the act, not merely announce the parliament's.
    const own = this.ownActAsked(tokens, concepts);
    if (own !== undefined && !this.doesItThemselves(candidate.unit, own.actor, own.act)) return false;
    const thing = concepts.find((concept) => concept.askedThing === true && concept.alternatives.length > 0);
    if (thing !== undefined && !this.mentionsAround(candidate.unit, termsOf(this.index, [thing]))) return false;
    // "was the US embassy attacked": the attack and the embassy in one sentence, not "the U.S. attacks" in one and "embassy" in the next.
    const passive = passiveQuestionParts(tokens);
    if (passive === undefined) return true;
    const participle = tokens[passive.verb]!.folded;
    const done = conceptOfWord(concepts, participle);
    const doneTo = conceptOfWord(concepts, tokens[passive.head]!.folded);
    // "was the vote *taken* in a regular session": a light verb says no act of its own to look for.
    if (done === undefined || doneTo === undefined || done === doneTo || done.frame === true || doneTo.alternatives.length === 0) return true;
    // "was Sadr *arrested*": an act the corpus never tells of is not told of the one it names
    // (but "was Daesh *considered* a threat" asks what it was, not whether something was done to it).
    if (done.alternatives.length === 0) return OPINION_PARTICIPLES.has(participle);
    // A paragraph that never tells of the act is judged by what else it matches ("was Iraq *hit* by a
    // civil war": "besieged … by civil war"); the test is for one that tells of it apart from its object.
    const doneTerms = termsOf(this.index, [done]);
    if (!this.mentions(candidate.unit, doneTerms)) return true;
    return this.saysInOneSentence(candidate.unit, doneTerms, termsOf(this.index, [doneTo]));
  }

  /**
   * For a question about someone's own act ("did Halbusi vote for it himself", "how did Halbusi
   * himself vote"): the person named and the act, the first word of substance after the name.
   */
  private ownActAsked(tokens: readonly Token[], concepts: readonly Concept[]): { actor: Concept; act: Concept } | undefined {
    if (!tokens.some((token) => OWN_EMPHASIS.has(token.folded))) return undefined;
    const conceptAt = (k: number): Concept | undefined => (isStopWord(tokens[k]!.folded) ? undefined : conceptOfWord(concepts, tokens[k]!.folded));
    const actorAt = tokens.findIndex((_, k) => {
      const concept = conceptAt(k);
      return concept !== undefined && this.isPerson(concept);
    });
    if (actorAt < 0) return undefined;
    const actor = conceptAt(actorAt)!;
    for (let k = actorAt + 1; k < tokens.length; k++) {
      const act = conceptAt(k);
      if (act === undefined || act === actor || OWN_EMPHASIS.has(tokens[k]!.folded)) continue;
      return act.alternatives.length > 0 ? { actor, act } : undefined;
    }
    return undefined;
  }

  /** The concept names a person of the story, not a country or a people ("Iraq", "Shiite"). */
  private isPerson(concept: Concept): boolean {
    return concept.alternatives.some(({ termId }) => this.index.termIsName[termId] === 1 && this.index.termIsBackground[termId] !== 1);
  }

  /** The paragraph tells of the act with the actor, or "he"/"she", just before it: "Halbusi voted", "he called for". */
  private doesItThemselves(unit: number, actor: Concept, act: Concept): boolean {
    const { tokens } = this.analysed(unit);
    const actorTerms = termsOf(this.index, [actor]);
    const actTerms = termsOf(this.index, [act]);
    return tokens.some((analysed, k) => {
      if (!standsFor(analysed, actTerms)) return false;
      return tokens.slice(Math.max(0, k - OWN_ACT_WINDOW), k).some((before) => standsFor(before, actorTerms) || PERSONAL_PRONOUNS.has(before.token.folded));
    });
  }

  /** One sentence of the paragraph uses a word of `first` and a word of `second`. */
  private saysInOneSentence(unit: number, first: ReadonlySet<string>, second: ReadonlySet<string>): boolean {
    const { tokens, sentences } = this.analysed(unit);
    return sentences.some(({ start, end }) => {
      const inSentence = tokens.filter(({ token }) => token.start >= start && token.end <= end);
      return inSentence.some((analysed) => standsFor(analysed, first)) && inSentence.some((analysed) => standsFor(analysed, second));
    });
  }

  /**
   * For "how many American soldiers…", the first of the best few paragraphs that puts a number just
   * before a word for what is counted ("5,000 U.S. soldiers"), rather than any number at all.
   */
  private countsWhatIsAsked(candidates: readonly RankedUnit[], countedTerms: ReadonlySet<string>): RankedUnit | undefined {
    if (countedTerms.size === 0) return undefined;
    return candidates.slice(0, COUNTED_CANDIDATES).find((unit) => {
      const tokens = this.analysed(unit.unit).tokens;
      return tokens.some(({ token }, k) => isNumberWord(token.folded) && tokens.slice(k + 1, k + 1 + COUNTED_WINDOW).some((analysed) => standsFor(analysed, countedTerms)));
    });
  }

  /**
   * The best paragraph; of the best few scoring nearly alike, for "why…" one that gives a cause
   * ("in response to the killing…") rather than one that only tells what followed ("the vote could
   * result in…"), and for "who VERBed…" one that says who did it.
   */
  private explainingFirst(ranked: readonly RankedUnit[], concepts: readonly Concept[], tokens: readonly Token[]): RankedUnit[] {
    const best = ranked[0];
    if (best === undefined) return [];
    const close = (share: number): RankedUnit[] => ranked.slice(0, CAUSE_CANDIDATES).filter((unit) => unit.score >= best.score * share && isAnswer(unit, concepts));
    if (tokens.slice(0, 3).some((token) => token.folded === 'why')) return [close(CAUSE_SCORE_SHARE).find((unit) => GIVES_CAUSE.test(this.paragraphAt(unit.unit).paragraph.text)) ?? best];
    // "who killed Suleimani": of the best paragraphs scoring nearly alike, one that says who did it
    // ("the Trump administration's targeted killing") rather than one that only tells of the act ("the killing of Gen. Suleimani").
    const act = askedActOfWho(tokens, concepts);
    if (act === undefined) return [best];
    const terms = termsOf(this.index, [act]);
    return [close(DOER_SCORE_SHARE).find((unit) => this.namesTheDoer(unit.unit, terms)) ?? best];
  }

  /**
   * The paragraph tells who did an act of `terms`: a possessive just before it ("the Trump
   * administration's targeted *killing*") or "by" just after it ("*called* by Iraq's prime
   * minister"). A day's possessive ("Friday's attack") names no one.
   */
  private namesTheDoer(unit: number, terms: ReadonlySet<string>): boolean {
    const { tokens } = this.analysed(unit);
    const text = this.paragraphAt(unit).paragraph.text;
    const typed = (k: number): string => text.slice(tokens[k]!.token.start, tokens[k]!.token.end);
    return tokens.some((analysed, k) => {
      if (!standsFor(analysed, terms)) return false;
      if (tokens[k + 1]?.token.folded === 'by') return true;
      for (let before = k - 1; before >= Math.max(0, k - DOER_WINDOW); before--) {
        const word = typed(before);
        const isDay = DATE_NAMES.includes(tokens[before]!.token.folded.replace(/s$/, ''));
        if (/['’]s$/u.test(word) && !isDay) return true;
      }
      return false;
    });
  }

  /**
   * For "what day did the lawmakers vote", the first of the best few paragraphs that puts a time
   * next to a word of what is asked about ("voted on Sunday"), rather than one that dates something
   * else ("Friday's attack").
   */
  private datesWhatIsAsked(candidates: readonly RankedUnit[], concepts: readonly Concept[]): RankedUnit | undefined {
    const asked = termsOf(this.index, concepts.filter((concept) => concept.required && concept.frame !== true && !this.isName(concept)));
    if (asked.size === 0) return undefined;
    return candidates.slice(0, COUNTED_CANDIDATES).find((unit) => {
      const tokens = this.analysed(unit.unit).tokens;
      return tokens.some(({ token }, k) => isTimeWord(token.folded) && tokens.slice(Math.max(0, k - DATED_WINDOW), k + DATED_WINDOW + 1).some((analysed) => standsFor(analysed, asked)));
    });
  }

  /**
   * The index terms of what "how many" counts, but not a name that only says whose they are: "how
   * many *US* bases" asks about bases, and "5,000 U.S. soldiers" does not count them; nor do
   * paragraphs about ISIS count "ISIS fighters".
   */
  private countedTerms(concepts: readonly Concept[]): Set<string> {
    // "how many US military *bases*": the last word is what is counted; "military" only says which.
    return termsOf(this.index, [this.countedHead(concepts)].filter((concept) => concept !== undefined));
  }

  /** What "how many" counts: the last word of substance it governs that is not a name. */
  private countedHead(concepts: readonly Concept[]): Concept | undefined {
    return concepts.filter((concept) => concept.counted === true && !this.isName(concept) && concept.frame !== true).at(-1);
  }

  /** One of the concept's terms is a name in the corpus ("US", "Kurdish"). */
  private isName(concept: Concept): boolean {
    return concept.alternatives.some(({ termId }) => this.index.termIsName[termId] === 1);
  }

  /**
   * The index terms of each name among what "how many" counts ("how many *Kurdish* lawmakers",
   * "how many *US* soldiers"): whose they are, which a paragraph that counts them must say.
   */
  private countedNames(concepts: readonly Concept[]): Set<string>[] {
    const counted = concepts.filter((concept) => concept.counted === true);
    const head = this.countedHead(concepts);
    // A name before what is counted says whose ("how many *Kurdish* lawmakers"), and a word the corpus
    // never uses says which ("how many *NATO* troops"), which no paragraph then says. A story word
    // before it may only restate it ("how many *parliament* members").
    const saysWhich = (concept: Concept): boolean => this.isName(concept) || (concept.alternatives.length === 0 && concept.frame !== true);
    return counted.filter((concept) => concept !== head && saysWhich(concept)).map((concept) => termsOf(this.index, [concept]));
  }

  /** The paragraph or the one before it in its document ("He urged them…" after "the option of…") uses one of `terms`. */
  private mentionsAround(unit: number, terms: ReadonlySet<string>): boolean {
    const before = unit - 1;
    return this.mentions(unit, terms) || (before >= 0 && this.index.unitDocument[before] === this.index.unitDocument[unit] && this.mentions(before, terms));
  }

  /** The paragraph itself uses one of `terms`. */
  private mentions(unit: number, terms: ReadonlySet<string>): boolean {
    return this.analysed(unit).tokens.some((analysed) => standsFor(analysed, terms));
  }

  /** The paragraph itself uses a word of `concept`, not as a possibility ("the vote *could* result in the removal…"), a choice or a demand. */
  private tellsAsFact(unit: number, concept: Concept): boolean {
    const terms = termsOf(this.index, [concept]);
    const tokens = this.analysed(unit).tokens;
    return tokens.some((analysed, k) => standsFor(analysed, terms) && !tokens.slice(Math.max(0, k - MODAL_WINDOW), k).some(({ token }) => NOT_AS_FACT.has(token.folded)));
  }

  /** The paragraph tells of a response or reaction to something said of one of `terms` ("a response to the Trump administration's killing"). */
  private respondsTo(unit: number, terms: ReadonlySet<string>): boolean {
    const tokens = this.analysed(unit).tokens;
    return tokens.some(
      ({ token }, k) => RESPONSE_STEMS.has(token.stem) && tokens[k + 1]?.token.folded === 'to' && tokens.slice(k + 2, k + 2 + RESPONSE_WINDOW).some((analysed) => standsFor(analysed, terms)),
    );
  }

  /**
   * The paragraph names someone or something in full that the question does not name. A name is
   * told by its last word, the surname: "Finance Minister Sara *Lund*", "Muqtada *Sadr*".
   */
  private namesSomeoneElse(unit: number, typed: ReadonlySet<string>): boolean {
    const { paragraph } = this.paragraphAt(unit);
    return fullNames(paragraph.text).some((name) => !typed.has(tokenize(name).at(-1)!.stem));
  }

  /** The document and paragraph an index unit stands for. */
  private paragraphAt(unit: number): { readonly document: CorpusDocument; readonly paragraph: Paragraph } {
    const document = this.documents[this.index.unitDocument[unit]!]!;
    return { document, paragraph: document.paragraphs[this.index.unitParagraph[unit]! - 1]! };
  }

  suggest(partial: string, limit = 25, maxLabelLength = 100): Suggestion[] {
    const text = partial.slice(0, MAX_QUESTION_LENGTH);
    const typing = text.length > 0 && !/\s$/.test(text);
    const concepts = buildConcepts(this.queryContext, text, { prefixLastWord: typing });
    const ranked = this.ranker.rank(concepts).ranked.filter((unit) => unit.ownMatch);
    const units = ranked.length > 0 ? ranked.map((unit) => unit.unit) : text.trim() === '' ? this.firstUnits(limit) : [];
    const weights = this.termWeights(concepts);
    return units.slice(0, Math.max(0, limit)).map((unit) => {
      const passage = this.toPassage(unit, 0, weights);
      return { document: passage.document, paragraph: passage.paragraph, label: this.label(passage, maxLabelLength) };
    });
  }

  passage(documentId: string, paragraph: number): Passage | undefined {
    const documentIndex = this.documents.findIndex((document) => document.id === documentId);
    const document = this.documents[documentIndex];
    if (!document || !Number.isInteger(paragraph) || paragraph < 1 || paragraph > document.paragraphs.length) return undefined;
    return this.toPassage(this.unitStart[documentIndex]! + paragraph - 1, 0, new Map());
  }

  context(documentId: string, paragraph: number): Paragraph[] {
    const document = this.documents.find((candidate) => candidate.id === documentId);
    if (!document || paragraph < 1 || paragraph > document.paragraphs.length) return [];
    return document.paragraphs.slice(Math.max(0, paragraph - 2), paragraph + 1);
  }

  exampleQuestions(limit = 3): string[] {
    const examples = this.documents.flatMap((document) => {
      const own = document.examples ?? [];
      return own.length > 0 ? own : [document.title];
    });
    return examples.slice(0, Math.max(0, limit));
  }

  private firstUnits(limit: number): number[] {
    return Array.from({ length: Math.min(limit, this.index.unitCount) }, (_, unit) => unit);
  }

  /** Every term the question can match, weighted by its specificity: for highlights and best sentences. */
  private termWeights(concepts: readonly Concept[]): Map<string, number> {
    const weights = new Map<string, number>();
    for (const concept of concepts) {
      for (const { termId, factor } of concept.alternatives) {
        const term = this.index.termNames[termId]!;
        if (term.startsWith('#')) continue;
        const weight = idf(this.index, this.index.postingUnits[termId]!.length) * factor;
        weights.set(term, Math.max(weight, weights.get(term) ?? 0));
      }
    }
    return weights;
  }

  private toPassage(unit: number, score: number, weights: ReadonlyMap<string, number>): Passage {
    const { document, paragraph } = this.paragraphAt(unit);
    const matched = matchText(paragraph.text, this.analysed(unit), weights);
    return {
      document: document.id,
      title: document.title,
      paragraph: paragraph.number,
      text: paragraph.text,
      score: Math.round(score * 1000) / 1000,
      matchedWords: matched.matchedWords,
      highlights: matched.highlights,
      bestSentence: matched.bestSentence,
    };
  }

  /** Paragraph analyses for highlighting, kept for the paragraphs most recently shown. */
  private readonly analyses = new Map<number, AnalysedParagraph>();
  /** The index terms of each document's title, once analysed. */
  private readonly titleTerms = new Map<number, ReadonlySet<string>>();

  private analysed(unit: number): AnalysedParagraph {
    let analysis = this.analyses.get(unit);
    if (analysis === undefined) {
      analysis = analyseParagraph(this.paragraphAt(unit).paragraph.text, this.index.aliases);
      if (this.analyses.size >= ANALYSIS_CACHE_LIMIT) this.analyses.delete(this.analyses.keys().next().value!);
      this.analyses.set(unit, analysis);
    }
    return analysis;
  }

  private label(passage: Passage, maxLength: number): string {
    const prefix = this.documents.length > 1 ? `${passage.title.slice(0, 30)} ¶${passage.paragraph} · ` : `¶${passage.paragraph} · `;
    return truncateLabel(prefix + passage.bestSentence, maxLength);
  }
}

/** "why *did* the Trump administration…": the actor is the first word of substance after these. */
const DO_AUXILIARIES_AFTER_WHY = new Set(['did', 'does', 'do', 'would', 'will']);
/** Stems of "respond", "response", "react", "reaction", "reply". */
const RESPONSE_STEMS = new Set(['respond', 'respons', 'react', 'reaction', 'repli', 'reply']);
/** How many words after "response to" still say what was responded to ("to the Trump administration's targeted killing"). */
const RESPONSE_WINDOW = 10;

/**
 * For "how did X respond/react to…" and "why did X…", the index terms that stand for X: the question
 * asks for X's response or X's reasons, which a paragraph about a response *to* X does not give.
 * Empty for other questions.
 */
function reactorTerms(tokens: readonly Token[], concepts: readonly Concept[], index: SearchIndex): Set<string> {
  const verb = responseVerbPosition(tokens);
  // "why did the Trump administration kill…" asks for the actor's reasons, which a response to the act does not give.
  const why = tokens.findIndex((token, k) => token.folded === 'why' && DO_AUXILIARIES_AFTER_WHY.has(tokens[k + 1]?.folded ?? ''));
  const actor = why >= 0 ? tokens.slice(why + 2).find((token) => !isStopWord(token.folded)) : undefined;
  // The whole of "Iran's government", "the Iraqi lawmakers": a response to something of Iran's is not Iran's response.
  const reactor = verb > 0 ? nounBefore(tokens, verb) : actor === undefined ? [] : [actor];
  const reactorConcepts = reactor.filter((token) => !isStopWord(token.folded)).flatMap((token) => conceptOfWord(concepts, token.folded) ?? []);
  return new Set([...termsOf(index, reactorConcepts)].filter((term) => !term.startsWith('#')));
}

/** Who may respond without being named: "how did *people* react". */
const ANYONE = new Set(['people', 'folks', 'everyone', 'everybody', 'others', 'public', 'world', 'locals', 'residents', 'citizens']);

/** "how did X react/respond to…" where every word of X is one the corpus never uses ("oil prices"). */
function respondsUnknown(tokens: readonly Token[], concepts: readonly Concept[]): boolean {
  const verb = responseVerbPosition(tokens);
  if (verb <= 0) return false;
  const reactor = nounBefore(tokens, verb).filter((token) => !isStopWord(token.folded));
  if (reactor.length === 0 || reactor.some((token) => ANYONE.has(token.folded))) return false;
  return reactor.every((token) => conceptOfWord(concepts, token.folded)?.alternatives.length === 0);
}

/** Where "respond/react to" stands in "how did X respond to…", or -1. */
function responseVerbPosition(tokens: readonly Token[]): number {
  return tokens.findIndex((token, k) => k > 0 && RESPONSE_STEMS.has(token.stem) && tokens[k + 1]?.folded === 'to');
}

/** The question asks how someone responded or reacted to something. */
function asksForResponse(tokens: readonly Token[]): boolean {
  return responseVerbPosition(tokens) > 0;
}

/** How many words before "react to" may name who reacted ("Iran's supreme leader"). */
const MAX_REACTOR_WORDS = 3;

/** The run of words of substance just before `position`, at most MAX_REACTOR_WORDS of them. */
function nounBefore(tokens: readonly Token[], position: number): Token[] {
  let start = position;
  while (start > 0 && position - start < MAX_REACTOR_WORDS && !isStopWord(tokens[start - 1]!.folded)) start--;
  return tokens.slice(start, position);
}

/**
 * The concept of the verb in "did X actually VERB…". A verb the corpus never uses, nor anything
 * like it ("did the US actually start *pulling* troops out"), is one no paragraph tells of as fact.
 */
function realityConcept(tokens: readonly Token[], concepts: readonly Concept[]): Concept | undefined {
  const verb = realityVerbPosition(tokens);
  return verb === undefined ? undefined : conceptOfWord(concepts, tokens[verb]!.folded);
}

/** Words that ask about someone's own act: "did Halbusi vote for it *himself*". */
const OWN_EMPHASIS = new Set(['himself', 'herself', 'personally']);
/** Subjects that stand for the person just named: "*he* called for…". */
const PERSONAL_PRONOUNS = new Set(['he', 'she']);
/** How many words before the act its doer may stand ("Halbusi *had also* voted"). */
const OWN_ACT_WINDOW = 3;
/** How close to the best score a paragraph that names the doer must come to be preferred. */
const DOER_SCORE_SHARE = 0.85;
/** How many words before the act a doer may stand ("the Trump *administration's targeted* killing"). */
const DOER_WINDOW = 3;

/** The act "who VERBed…" asks the doer of ("who *killed* Suleimani"), if the story knows it. */
function askedActOfWho(tokens: readonly Token[], concepts: readonly Concept[]): Concept | undefined {
  const position = doerAskedPosition(tokens);
  const act = position === undefined ? undefined : conceptOfWord(concepts, tokens[position]!.folded);
  return act !== undefined && act.alternatives.length > 0 ? act : undefined;
}

/** The concept a question word belongs to, alone or in a phrase ("prime minister"). */
function conceptOfWord(concepts: readonly Concept[], folded: string): Concept | undefined {
  return concepts.find((concept) => concept.surface.split(' ').includes(folded));
}

/** A paragraph's token stands for one of `terms`, by its stem or an alias group it is in. */
function standsFor(analysed: AnalysedToken, terms: ReadonlySet<string>): boolean {
  return analysed.terms.some((term) => terms.has(term));
}

/** The index terms that can stand for any of `concepts`. */
function termsOf(index: SearchIndex, concepts: readonly Concept[]): Set<string> {
  return new Set(concepts.flatMap((concept) => concept.alternatives.map(({ termId }) => index.termNames[termId]!)));
}

/** Runs of capitalised words ("Gen. Qassem Suleimani", "Finance Minister Sara Lund", "The Council"). */
const CAPITALISED_RUN = /\p{Lu}[\p{L}'’]*(?:(?:\.?\s+|-)\p{Lu}[\p{L}'’]*)+/gu;

/** Names of two words or more: capitalised runs without a leading stop word ("The", "In"). */
function fullNames(text: string): string[] {
  return [...text.matchAll(CAPITALISED_RUN)]
    .map((match) => tokenize(match[0]).filter((token, k, all) => !all.slice(0, k + 1).every((word) => isStopWord(word.folded))))
    .filter((words) => words.length >= 2)
    .map((words) => words.map((word) => word.folded).join(' '));
}

/** Words around a request for a summary that name no topic: "summarize the *article*". */
const SUMMARY_FRAME = new Set(['article', 'story', 'news', 'piece', 'text', 'quick', 'short', 'brief', 'please', 'pls', 'plz']);
/** Ways of asking for the gist of a story rather than a fact in it. */
const SUMMARY_REQUEST = /\b(?:tl\s*;?\s*dr|summary|summari[sz]e|sum (?:it )?up|gist|recap|in a nutshell|what(?:'|’)?s? (?:is )?(?:this|the) (?:story|article|news) (?:about|saying))\b/iu;

/** The question with its request for a summary taken out, or undefined when it asks for none. */
export function asksForSummary(question: string): { readonly rest: string } | undefined {
  return SUMMARY_REQUEST.test(question) ? { rest: question.replace(SUMMARY_REQUEST, ' ') } : undefined;
}

/**
 * The concepts that say what the question is about: required, and not words that only frame it
 * ("what *happened*", "in the *article*"), unless the story itself uses the frame word ("what *year*").
 */
function contentConcepts(concepts: readonly Concept[]): Concept[] {
  return concepts.filter((concept) => concept.required && (concept.frame !== true || concept.alternatives.length > 0));
}

/**
 * A paragraph answers when it matches in its own words, covers enough of the question's weight,
 * and matches at least two of the question's concepts when it has two or more (words that only
 * frame the question, "what happened", do not count): one shared word ("how do black holes
 * *form*", "best pizza topping") is a coincidence, not an answer, unless it is a word both the
 * corpus and English rarely use ("quorum").
 */
export function isAnswer(unit: RankedUnit, concepts: readonly Concept[], statesWhatIsAsked = false): boolean {
  const content = contentConcepts(concepts).length;
  // "when did the airport strike happen", "how big is parliament": a paragraph that states a time or a number counts that as one match.
  const matched = unit.matchedConcepts + (statesWhatIsAsked ? 1 : 0);
  const enoughConcepts = matched >= Math.min(2, content) || unit.rareMatch;
  // A question about someone ("why did Halbusi call the response feeble") is answered by a paragraph
  // about them, by name or by "he" just after, not by one about someone else.
  return unit.ownMatch && unit.coverage >= MIN_COVERAGE && enoughConcepts && unit.allNames;
}

function truncateLabel(text: string, maxLength: number): string {
  const chars = [...text.replace(/\s+/g, ' ')];
  if (chars.length <= maxLength) return chars.join('');
  const cut = chars.slice(0, Math.max(1, maxLength - 1)).join('');
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${atWord.length > maxLength / 2 ? atWord : cut}…`;
}

export function createEngine(corpus: Corpus, options: EngineOptions = {}): Engine {
  return new AnswerEngine(corpus, options);
}


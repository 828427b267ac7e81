/**
 * The story's question sets (tests/fixtures/*-questions.json): where they are, which have been read,
 * how they are checked, and how they pool into the eval's "story, read" and "story, unread" rows.
 * Shared by `npm run eval`, `npm run bench` and their tests.
 */
import { readFile } from 'node:fs/promises';
import type { LabelledQuestion, QuestionGroup } from './score.js';

export interface QuestionSet {
  readonly document: string;
  readonly answerable: readonly {
    readonly q: string;
    readonly paragraphs: readonly number[];
    readonly tags?: readonly string[];
  }[];
  readonly offTopic: readonly { readonly q: string }[];
  readonly nearMiss: readonly { readonly q: string }[];
}

export const QUESTION_SET = new URL('../../tests/fixtures/story-questions.json', import.meta.url);
export const HOLDOUT_SET = new URL('../../tests/fixtures/holdout-questions.json', import.meta.url);
/** Written by a helper who read only the article: never the engine, the other sets or the aliases. */
export const BLIND_SET = new URL('../../tests/fixtures/blind-questions.json', import.meta.url);
/** Written the same way, larger (100 + 20 + 30), for diagnosis: its misses have been read. */
export const EXTRA_SET = new URL('../../tests/fixtures/extra-questions.json', import.meta.url);
/**
 * Written the same way, later, and kept for measuring: `npm run eval` prints its figures but not
 * its misses, so that nobody tunes the engine to it. Read its misses only to retire it.
 */
export const FINAL_SET = new URL('../../tests/fixtures/final-questions.json', import.meta.url);
/** Written blind in the third session, after the final set had been watched for two sessions: its misses are never printed. */
export const FRESH_SET = new URL('../../tests/fixtures/fresh-questions.json', import.meta.url);
/** Written blind in the third session and first measured at its end: its misses are never printed. */
export const SEALED_SET = new URL('../../tests/fixtures/sealed-questions.json', import.meta.url);
/** Written blind at the end of session 3, after the sealed set had been read: its misses are never printed. */
export const CLOSING_SET = new URL('../../tests/fixtures/closing-questions.json', import.meta.url);
/** Written blind at the start of session 4 (only the article read), measured once before any tuning of that session. */
export const DAWN_SET = new URL('../../tests/fixtures/dawn-questions.json', import.meta.url);
/**
 * Written in session 4 from the article alone to widen the near-misses: 100 questions that sound
 * related but that no paragraph answers, 60 oddly worded answerable ones, 10 off-topic. Read as
 * development data from the start.
 */
export const POOL_SET = new URL('../../tests/fixtures/pool-questions.json', import.meta.url);
/** Written blind in session 4 after dawn had been read: its misses are never printed. */
export const DUSK_SET = new URL('../../tests/fixtures/dusk-questions.json', import.meta.url);
/** Written blind at the start of session 5 (only the article read), measured once before any tuning of that session, then read. */
export const EMBER_SET = new URL('../../tests/fixtures/ember-questions.json', import.meta.url);
/** Written blind at the start of session 5 with ember, and never read: its misses are never printed. */
export const VESPER_SET = new URL('../../tests/fixtures/vesper-questions.json', import.meta.url);
/**
 * Written from the article alone in session 5 to ask what the story says in the asker's own words
 * (idioms, slang, synonyms the story never uses): 100 answerable, 10 off-topic, 20 near-miss. Read
 * as development data from the start; it measures how far lexical search reaches.
 */
export const TWILIGHT_SET = new URL('../../tests/fixtures/twilight-questions.json', import.meta.url);
/** Written blind at the start of session 6 and measured once before that session's changes; read since. */
export const HARBOR_SET = new URL('../../tests/fixtures/harbor-questions.json', import.meta.url);
/** Written blind in session 6 and measured once after most of that session's changes; read since. */
export const LANTERN_SET = new URL('../../tests/fixtures/lantern-questions.json', import.meta.url);
/** Written blind at the start of session 7 and measured once before that session's changes; read since. */
export const AURORA_SET = new URL('../../tests/fixtures/aurora-questions.json', import.meta.url);
/** Written blind in session 7 and never read: its misses are never printed. */
export const ZENITH_SET = new URL('../../tests/fixtures/zenith-questions.json', import.meta.url);
/** Written blind at the start of session 8 and measured once before that session's changes; read since. */
export const MERIDIAN_SET = new URL('../../tests/fixtures/meridian-questions.json', import.meta.url);
/** Written blind near the end of session 8 and never read: its misses are never printed. */
export const SOLSTICE_SET = new URL('../../tests/fixtures/solstice-questions.json', import.meta.url);
/**
 * Written blind at the start of session 9 and measured once on `f6e0a04`, before that session's changes
 * (95.0 / 98.8 / 96.2 / 1.3 / 100 / 80); read since.
 */
export const EQUINOX_SET = new URL('../../tests/fixtures/equinox-questions.json', import.meta.url);
/**
 * Written blind in session 9 and measured once, on `8ecd0ee` and on `f6e0a04` alike
 * (93.8 / 97.5 / 88.0 / 1.3 / 100 / 75); its questions were seen at that first measurement, so it is read.
 */
export const KESTREL_SET = new URL('../../tests/fixtures/kestrel-questions.json', import.meta.url);
/**
 * Written blind at the start of session 10, alongside nimbus, and measured once on `bf3a33f`
 * before any change (95.0 / 96.3 / 90.9 / 3.8 / 100 / 85); then read: development data.
 */
export const ORBIT_SET = new URL('../../tests/fixtures/orbit-questions.json', import.meta.url);
/**
 * Written blind in session 10 (three kinds of asker: a teacher, non-native speakers, terse typists)
 * and measured on `bf3a33f` and on `af764b8` alike (91.3 / 97.5 / 95.0 / 2.5 / 100 / 90); then read.
 */
export const QUARTZ_SET = new URL('../../tests/fixtures/quartz-questions.json', import.meta.url);
/**
 * Written blind in session 10 (a politics server's skeptical askers) and measured on `bf3a33f` and
 * `af764b8` (98.8 / 98.8 / 100 / 1.3 / 100 / 85), and with `afabd1b`'s title rule before its commit
 * (100 / 100 / 100 / 0 / 100 / 85). Its misses are never printed.
 */
export const WILLOW_SET = new URL('../../tests/fixtures/willow-questions.json', import.meta.url);
/**
 * Written blind in session 10 (students doing homework) and measured on `bf3a33f`, `195b306` and
 * `3676197` alike (93.8 / 96.3 / 85.0 / 2.5 / 100 / 85): that session's changes did not move it. Then read.
 */
export const YARROW_SET = new URL('../../tests/fixtures/yarrow-questions.json', import.meta.url);
/**
 * Written blind in session 10 (fact-checkers and casual users) and measured on `bf3a33f`, `195b306`
 * and `3676197` alike (97.5 / 100 / 94.7 / 0 / 100 / 90). Its misses are never printed.
 */
export const XENON_SET = new URL('../../tests/fixtures/xenon-questions.json', import.meta.url);
/**
 * Written blind at the start of session 10 and measured once, on `bf3a33f`, before any change of
 * that session (100 / 100 / 100 / 0 / 100 / 90). Its misses are never printed.
 */
export const NIMBUS_SET = new URL('../../tests/fixtures/nimbus-questions.json', import.meta.url);

/** A question set as `npm run eval` and its test know it: its short name, what it is, and whether its misses may be printed. */
interface NamedQuestionSet {
  readonly name: string;
  readonly file: URL;
  /** Shown after the name: who wrote it and what has been read. */
  readonly about: string;
  /** Its misses are never printed, so that nobody tunes the engine to it. */
  readonly unread: boolean;
}

/** Every question set about the story. `npm run eval` pools them into "story, read" and "story, unread" by `unread`. */
export const QUESTION_SETS = [
  { name: 'story', file: QUESTION_SET, about: 'development set', unread: false },
  { name: 'holdout', file: HOLDOUT_SET, about: 'written separately', unread: false },
  { name: 'blind', file: BLIND_SET, about: 'author saw only the article; since read', unread: false },
  { name: 'extra', file: EXTRA_SET, about: 'author saw only the article; since read', unread: false },
  { name: 'final', file: FINAL_SET, about: 'author saw only the article; misses withheld', unread: true },
  {
    name: 'fresh',
    file: FRESH_SET,
    about: 'author saw only the article; read after its first measurement',
    unread: false,
  },
  {
    name: 'sealed',
    file: SEALED_SET,
    about: 'author saw only the article; read after its first measurement',
    unread: false,
  },
  { name: 'closing', file: CLOSING_SET, about: 'author saw only the article; misses withheld', unread: true },
  {
    name: 'dawn',
    file: DAWN_SET,
    about: 'author saw only the article; read after its first measurement in session 4',
    unread: false,
  },
  { name: 'dusk', file: DUSK_SET, about: 'author saw only the article; misses withheld', unread: true },
  {
    name: 'pool',
    file: POOL_SET,
    about: '100 near-misses and 60 oddly worded questions; development data',
    unread: false,
  },
  {
    name: 'ember',
    file: EMBER_SET,
    about: 'author saw only the article; read after its first measurement in session 5',
    unread: false,
  },
  { name: 'vesper', file: VESPER_SET, about: 'author saw only the article; misses withheld', unread: true },
  {
    name: 'twilight',
    file: TWILIGHT_SET,
    about: "100 questions in the asker's own words, not the story's; development data",
    unread: false,
  },
  {
    name: 'harbor',
    file: HARBOR_SET,
    about: 'author saw only the article; read after its first measurement in session 6',
    unread: false,
  },
  {
    name: 'lantern',
    file: LANTERN_SET,
    about: 'author saw only the article; read after its first measurement in session 6',
    unread: false,
  },
  {
    name: 'aurora',
    file: AURORA_SET,
    about: 'author saw only the article; read after its first measurement in session 7',
    unread: false,
  },
  { name: 'zenith', file: ZENITH_SET, about: 'author saw only the article; misses withheld', unread: true },
  {
    name: 'meridian',
    file: MERIDIAN_SET,
    about: 'author saw only the article; read after its first measurement in session 8',
    unread: false,
  },
  { name: 'solstice', file: SOLSTICE_SET, about: 'author saw only the article; misses withheld', unread: true },
  {
    name: 'equinox',
    file: EQUINOX_SET,
    about: 'author saw only the article; read after its first measurement in session 9',
    unread: false,
  },
  {
    name: 'kestrel',
    file: KESTREL_SET,
    about: 'author saw only the article; read from its first measurement in session 9',
    unread: false,
  },
  {
    name: 'orbit',
    file: ORBIT_SET,
    about: 'author saw only the article; read after its first measurement in session 10',
    unread: false,
  },
  {
    name: 'quartz',
    file: QUARTZ_SET,
    about: 'author saw only the article; read after its first measurement in session 10',
    unread: false,
  },
  { name: 'willow', file: WILLOW_SET, about: 'author saw only the article; misses withheld', unread: true },
  {
    name: 'yarrow',
    file: YARROW_SET,
    about: 'author saw only the article; read after its first measurement in session 10',
    unread: false,
  },
  { name: 'xenon', file: XENON_SET, about: 'author saw only the article; misses withheld', unread: true },
  { name: 'nimbus', file: NIMBUS_SET, about: 'author saw only the article; misses withheld', unread: true },
] as const satisfies readonly NamedQuestionSet[];

/** The read sets whose questions, misspelt one edit at a time, measure typo tolerance. */
export const TYPO_SOURCE_SETS: readonly URL[] = [QUESTION_SET, HOLDOUT_SET, BLIND_SET, EXTRA_SET];

export async function loadQuestionSet(file: URL | string = QUESTION_SET): Promise<QuestionSet> {
  const set: unknown = JSON.parse(await readFile(file, 'utf8'));
  const problem = questionSetProblem(set);
  if (problem !== undefined) throw new Error(`${String(file)} is not a question set: ${problem}`);
  return set as QuestionSet;
}

/** What is wrong with a parsed question set's shape, or undefined when nothing is. A set written by hand fails here, not halfway through an eval. */
export function questionSetProblem(set: unknown): string | undefined {
  if (typeof set !== 'object' || set === null) return 'expected an object';
  const { document, answerable, offTopic, nearMiss } = set as Record<string, unknown>;
  if (typeof document !== 'string') return '"document" must be a string';
  const isQuestion = (item: unknown): boolean =>
    typeof item === 'object' && item !== null && typeof (item as { q?: unknown }).q === 'string';
  const isAnswerable = (item: unknown): boolean => {
    const { paragraphs, tags } = item as { paragraphs?: unknown; tags?: unknown };
    const numbered =
      Array.isArray(paragraphs) &&
      paragraphs.length > 0 &&
      paragraphs.every((n) => Number.isInteger(n) && (n as number) >= 1);
    return (
      isQuestion(item) &&
      numbered &&
      (tags === undefined || (Array.isArray(tags) && tags.every((tag) => typeof tag === 'string')))
    );
  };
  for (const [name, list, valid, shape] of [
    ['answerable', answerable, isAnswerable, '{ "q": string, "paragraphs": [numbers from 1], "tags"?: [strings] }'],
    ['offTopic', offTopic, isQuestion, '{ "q": string }'],
    ['nearMiss', nearMiss, isQuestion, '{ "q": string }'],
  ] as const) {
    if (!Array.isArray(list)) return `"${name}" must be a list`;
    const bad = list.findIndex((item) => !valid(item));
    if (bad !== -1) return `"${name}"[${bad}] must be ${shape}`;
  }
  return undefined;
}

/** The answerable questions of story sets, labelled with their document; those tagged `typo` are marked misspelt. */
export function storyAnswerable(sets: readonly QuestionSet[]): LabelledQuestion[] {
  return sets.flatMap((set) =>
    set.answerable.map((item) => ({
      q: item.q,
      document: set.document,
      paragraphs: item.paragraphs,
      misspelled: item.tags?.includes('typo') ?? false,
    })),
  );
}

/** Story sets pooled into one group of questions. */
export function storyGroup(label: string, sets: readonly QuestionSet[], listed: boolean): QuestionGroup {
  return {
    label,
    answerable: storyAnswerable(sets),
    offTopic: sets.flatMap((set) => set.offTopic),
    nearMiss: sets.flatMap((set) => set.nearMiss),
    listed,
  };
}

/** Every story set, loaded and checked, split into those whose misses may be read and the unread ones. */
export async function loadStorySets(): Promise<{ readonly read: QuestionSet[]; readonly unread: QuestionSet[] }> {
  const loaded = await Promise.all(
    QUESTION_SETS.map(async ({ file, unread }) => ({ unread, set: await loadQuestionSet(file) })),
  );
  return {
    read: loaded.filter((s) => !s.unread).map((s) => s.set),
    unread: loaded.filter((s) => s.unread).map((s) => s.set),
  };
}

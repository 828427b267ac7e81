/**
 * Scoring of ranked answers, for any system that answers a question with cited paragraphs: Footnote's
 * engine and the BM25 baseline alike. Each question is asked once and its outcome kept; every figure
 * is then a count over outcomes, so pooling sets is concatenating their outcomes.
 */

/** A cited paragraph: its document id and 1-based number. */
export interface Cited {
  readonly document: string;
  readonly paragraph: number;
}

/** What the scores need of an answer. Footnote's `Answer` has this shape. */
export interface Ranked {
  readonly answered: boolean;
  /** Best first. */
  readonly passages: readonly Cited[];
  /** When not answered: the stage that declined, if the system names it. */
  readonly declinedBy?: string;
}

/** What the scores need of a system. Footnote's `Engine` has this shape. */
export interface Ranker {
  answer(question: string, options?: { readonly top?: number }): Ranked;
}

export interface Question {
  readonly q: string;
}

/** A question a paragraph answers: any of `paragraphs` of `document` is a right answer. */
export interface LabelledQuestion extends Question {
  readonly document: string;
  readonly paragraphs: readonly number[];
  /** Written with a misspelling on purpose (the story's sets tag such questions `typo`). */
  readonly misspelled?: boolean;
}

/** The questions of one row: those a paragraph answers, and those that should be declined. */
export interface QuestionGroup {
  readonly label: string;
  readonly answerable: readonly LabelledQuestion[];
  readonly offTopic: readonly Question[];
  readonly nearMiss: readonly Question[];
  /** Whether `--verbose` may list its misses: false for the story's unread sets. */
  readonly listed: boolean;
}

export interface Outcome<Q extends Question = Question> {
  readonly question: Q;
  readonly answered: boolean;
  readonly declinedBy: string | undefined;
  /** The passages cited, best first (at most three). */
  readonly cited: readonly Cited[];
}

/** `hits` of `of`; a share of nothing prints blank rather than 100%. */
export interface Share {
  readonly hits: number;
  readonly of: number;
}

export interface AnswerableFigures {
  readonly top1: Share;
  readonly recallAt3: Share;
  /** Top-1 on the questions written misspelt. */
  readonly misspelledTop1: Share;
  readonly declined: Share;
}

/** How many passages are scored: recall@3. */
export const TOP = 3;

export function ask<Q extends Question>(ranker: Ranker, questions: readonly Q[]): Outcome<Q>[] {
  return questions.map((question) => {
    const answer = ranker.answer(question.q, { top: TOP });
    return {
      question,
      answered: answer.answered,
      declinedBy: answer.answered ? undefined : answer.declinedBy,
      cited: answer.passages.slice(0, TOP),
    };
  });
}

export function isRight(question: LabelledQuestion, cited: Cited | undefined): boolean {
  return cited !== undefined && cited.document === question.document && question.paragraphs.includes(cited.paragraph);
}

export const ratio = ({ hits, of }: Share): number => (of === 0 ? Number.NaN : hits / of);

function shareOf<T>(items: readonly T[], hit: (item: T) => boolean): Share {
  return { hits: items.filter(hit).length, of: items.length };
}

const isTop1 = (outcome: Outcome<LabelledQuestion>): boolean => isRight(outcome.question, outcome.cited[0]);

export function answerableFigures(outcomes: readonly Outcome<LabelledQuestion>[]): AnswerableFigures {
  return {
    top1: shareOf(outcomes, isTop1),
    recallAt3: shareOf(outcomes, (o) => o.cited.some((cited) => isRight(o.question, cited))),
    misspelledTop1: shareOf(
      outcomes.filter((o) => o.question.misspelled === true),
      isTop1,
    ),
    declined: declinedShare(outcomes),
  };
}

export function declinedShare(outcomes: readonly Outcome[]): Share {
  return shareOf(outcomes, (o) => !o.answered);
}

/** The reason a declined answer gives, or "unspecified". */
export const declineReason = (outcome: Outcome): string => outcome.declinedBy ?? 'unspecified';

/** How many of the outcomes were declined, by the stage that declined them. */
export function declinesByReason(outcomes: readonly Outcome[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) {
    if (outcome.answered) continue;
    const reason = declineReason(outcome);
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return counts;
}

function citation(question: LabelledQuestion | undefined, cited: readonly Cited[]): string {
  return cited
    .map((c) =>
      question !== undefined && c.document === question.document ? `¶${c.paragraph}` : `${c.document} ¶${c.paragraph}`,
    )
    .join(', ');
}

/** One line for each answerable question whose first passage is not a right one (other documents' paragraphs are named). */
export function answerableMisses(outcomes: readonly Outcome<LabelledQuestion>[]): string[] {
  return outcomes
    .filter((o) => !isTop1(o))
    .map((o) => {
      const got = o.answered ? citation(o.question, o.cited) : `declined (${declineReason(o)})`;
      return `top-1 miss: "${o.question.q}" wants ¶${o.question.paragraphs.join(',')}, got ${got}`;
    });
}

/** One line for each question that should have been declined and was answered. */
export function answeredMisses(outcomes: readonly Outcome[], what: string): string[] {
  return outcomes
    .filter((o) => o.answered)
    .map((o) => `answered ${what}: "${o.question.q}" → ${citation(undefined, o.cited)}`);
}

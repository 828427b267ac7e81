/**
 * The tables `npm run eval` prints: each figure as "Footnote / BM25", in percent, with "—" where
 * BM25 has no figure (it never declines). Pure: from measured outcomes to text.
 */
import type { EvalRun, Measured } from './measure.js';
import { leaves } from './measure.js';
import {
  answerableFigures,
  answerableMisses,
  answeredMisses,
  declinedShare,
  declinesByReason,
  ratio,
  type AnswerableFigures,
  type Share,
} from './score.js';

export interface RowFigures extends AnswerableFigures {
  readonly offTopicDeclined: Share;
  readonly nearMissDeclined: Share;
}

export interface Column {
  readonly header: string;
  readonly footnote: (figures: RowFigures) => Share;
  /** Absent where BM25 has no figure: it never declines. */
  readonly bm25?: (figures: AnswerableFigures) => Share;
}

const top1: Column = { header: 'top-1', footnote: (f) => f.top1, bm25: (f) => f.top1 };
const recallAt3: Column = { header: 'recall@3', footnote: (f) => f.recallAt3, bm25: (f) => f.recallAt3 };
const misspelled: Column = { header: 'misspelled', footnote: (f) => f.misspelledTop1, bm25: (f) => f.misspelledTop1 };
const declined: Column = { header: 'declined', footnote: (f) => f.declined };
const offTopic: Column = { header: 'off-topic declined', footnote: (f) => f.offTopicDeclined };
const nearMiss: Column = { header: 'near-miss declined', footnote: (f) => f.nearMissDeclined };

/** The columns of plain `npm run eval`. */
export const RUN_COLUMNS: readonly Column[] = [top1, recallAt3, misspelled, declined, offTopic, nearMiss];
/** The columns of `npm run eval -- --data FILE`, where near-misses are the questions marked impossible. */
export const DATA_COLUMNS: readonly Column[] = [
  top1,
  recallAt3,
  declined,
  { ...nearMiss, header: 'impossible declined' },
];

export const percent = (share: Share): string => (share.of === 0 ? '' : (ratio(share) * 100).toFixed(1));

export function figuresOf(measured: Measured): { readonly footnote: RowFigures; readonly bm25: AnswerableFigures } {
  return {
    footnote: {
      ...answerableFigures(measured.footnote.answerable),
      offTopicDeclined: declinedShare(measured.footnote.offTopic),
      nearMissDeclined: declinedShare(measured.footnote.nearMiss),
    },
    bm25: answerableFigures(measured.bm25),
  };
}

/** "Footnote / BM25" for one column, blank when Footnote has no such questions. */
export function cell(column: Column, figures: ReturnType<typeof figuresOf>): string {
  const mine = column.footnote(figures.footnote);
  if (mine.of === 0) return '';
  return `${percent(mine)} / ${column.bm25 === undefined ? '—' : percent(column.bm25(figures.bm25))}`;
}

/** How many questions a row asks: its answerable ones, or for a cross-corpus row those it should decline. */
export const questionCount = (measured: Measured): number =>
  measured.footnote.answerable.length || measured.footnote.offTopic.length;

export function rowCells(measured: Measured, columns: readonly Column[]): string[] {
  const figures = figuresOf(measured);
  return [measured.label, String(questionCount(measured)), ...columns.map((column) => cell(column, figures))];
}

/** Aligned columns: the first to the left, the others to the right. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]): string =>
    widths
      .map((width, i) => (i === 0 ? (row[i] ?? '').padEnd(width) : (row[i] ?? '').padStart(width)))
      .join('  ')
      .trimEnd();
  return all.map(line).join('\n');
}

/** The table of plain `npm run eval`. */
export function runTable(run: EvalRun): string {
  const header = ['Footnote / BM25, %', 'questions', ...RUN_COLUMNS.map((c) => c.header)];
  const articles = [run.articles, run.written].flatMap((part) =>
    part === undefined ? [] : [...part.articles, part.pooled],
  );
  const crossCorpus = run.crossCorpus.length === 0 ? [] : [...run.crossCorpus, run.crossCorpusPooled];
  const rows = [run.story.read, run.story.unread, ...articles, ...crossCorpus].map((m) => rowCells(m, RUN_COLUMNS));
  const { footnote, bm25 } = run.typos;
  rows.push([
    'synthetic misspellings, still right first',
    `${footnote.kept.of} / ${bm25.kept.of}`,
    `${percent(footnote.kept)} / ${percent(bm25.kept)}`,
  ]);
  return formatTable(header, rows);
}

/** The table of `npm run eval -- --data FILE`: each document, then all pooled. */
export function dataTable(articles: readonly Measured[], pooled: Measured): string {
  const header = ['Footnote / BM25, %', 'answerable', 'impossible', ...DATA_COLUMNS.map((c) => c.header)];
  const rows = [...articles, pooled].map((m) => {
    const [label = '', count = '', ...cells] = rowCells(m, DATA_COLUMNS);
    return [label, count, String(m.footnote.nearMiss.length), ...cells];
  });
  return formatTable(header, rows);
}

/** Declines of Footnote, by the stage that declined: of answerable questions, and of questions to decline. */
export function declinesTable(roots: readonly Measured[]): string {
  const groups = roots.flatMap(leaves);
  const answerable = declinesByReason(groups.flatMap((g) => g.footnote.answerable));
  const toDecline = declinesByReason(groups.flatMap((g) => [...g.footnote.offTopic, ...g.footnote.nearMiss]));
  const reasons = [...new Set([...answerable.keys(), ...toDecline.keys()])].sort();
  const rows = reasons.map((reason) => [
    reason,
    String(answerable.get(reason) ?? 0),
    String(toDecline.get(reason) ?? 0),
  ]);
  return formatTable(['Footnote declines, by stage', 'answerable', 'to decline'], rows);
}

/** What `--verbose` lists: the misses of every group whose misses may be read, under its label. */
export function missLines(roots: readonly Measured[]): string[] {
  return roots
    .flatMap(leaves)
    .filter((group) => group.listed)
    .flatMap((group) => {
      const misses = [
        ...answerableMisses(group.footnote.answerable),
        ...answeredMisses(group.footnote.offTopic, 'off-topic'),
        ...answeredMisses(group.footnote.nearMiss, 'near-miss'),
      ];
      return misses.length === 0
        ? []
        : [`${group.label}: ${misses.length} misses`, ...misses.map((miss) => `  ${miss}`)];
    });
}

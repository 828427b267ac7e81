/**
 * The baseline `npm run eval` prints beside Footnote's figures: a search library used with no tuning.
 * MiniSearch over the same paragraphs (fields: the paragraph's text and its document's title), English
 * stop words removed, fuzzy 0.2, prefix search and its default BM25 (k 1.2, b 0.7, d 0.5).
 * It never declines: it answers whenever any word of the question matches.
 */
import MiniSearch from 'minisearch';
import type { Corpus } from '../../src/corpus/types.js';
import type { Cited, Ranker } from './score.js';

/** The common English stop-word list of NLTK (179 words), as found in many search tools. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself yourselves he him his himself " +
    "she she's her hers herself it it's its itself they them their theirs themselves what which who whom this that that'll " +
    'these those am is are was were be been being have has had having do does did doing a an the and but if or because as ' +
    'until while of at by for with about against between into through during before after above below to from up down in ' +
    'out on off over under again further then once here there when where why how all any both each few more most other ' +
    "some such no nor not only own same so than too very s t can will just don don't should should've now d ll m o re ve " +
    "y ain aren aren't couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma mightn " +
    "mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn wouldn't"
  ).split(' '),
);

interface Row {
  readonly id: number;
  readonly title: string;
  readonly text: string;
}

/** Lower-cases a term and drops it when it is a stop word; MiniSearch applies it to texts and questions alike. */
export function bm25Term(term: string): string | null {
  const lower = term.toLowerCase();
  return STOP_WORDS.has(lower) ? null : lower;
}

export function createBm25(corpus: Corpus): Ranker {
  const cited: Cited[] = [];
  const rows: Row[] = [];
  for (const document of corpus.documents) {
    for (const paragraph of document.paragraphs) {
      rows.push({ id: cited.length, title: document.title, text: paragraph.text });
      cited.push({ document: document.id, paragraph: paragraph.number });
    }
  }
  const index = new MiniSearch<Row>({
    fields: ['title', 'text'],
    processTerm: bm25Term,
    searchOptions: { fuzzy: 0.2, prefix: true },
  });
  index.addAll(rows);
  return {
    answer(question, options) {
      const passages = index
        .search(question)
        .slice(0, options?.top ?? 3)
        .map((result) => cited[result.id as number]!);
      return { answered: passages.length > 0, passages };
    },
  };
}

/**
 * `npm run eval`: answer quality across corpora, Footnote beside a BM25 baseline (MiniSearch with no
 * tuning) on the same paragraphs in the same run. One table: the story's question sets pooled into
 * read and unread (lib/evaluate.ts), each shared article of ../shared/eval/squad/ and all pooled,
 * the project's own written news corpus (tests/fixtures/corpora/),
 * cross-corpus abstention, synthetic misspellings; then Footnote's declines by stage.
 *
 *   npm run eval                    the table
 *   npm run eval -- --verbose       also the misses, but never those of the story's unread sets
 *   npm run eval -- --data FILE     any file in the shared articles' format (../shared/eval/README.md)
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadEngineConfig } from '../src/config.js';
import { loadCorpus } from '../src/corpus/index.js';
import { SHARED_ARTICLES, WRITTEN_NEWS, loadDataset } from './lib/dataset.js';
import { TYPO_SOURCE_SETS, loadQuestionSet, loadStorySets } from './lib/evaluate.js';
import { evalRun, measureArticles, roots } from './lib/measure.js';
import { dataTable, declinesTable, missLines, runTable } from './lib/table.js';

const started = performance.now();
let args: { data?: string; verbose?: boolean };
try {
  args = parseArgs({ options: { data: { type: 'string' }, verbose: { type: 'boolean' } } }).values;
} catch (error) {
  console.error(
    `${error instanceof Error ? error.message : String(error)}\nusage: npm run eval -- [--verbose] [--data FILE]`,
  );
  process.exit(2);
}

if (args.data !== undefined) {
  // npm runs scripts from the package folder; a relative path is meant from where npm was run.
  const file = resolve(process.env['INIT_CWD'] ?? process.cwd(), args.data);
  const { articles, pooled } = measureArticles(await loadDataset(file));
  console.log(`${file}: Footnote and BM25 each built on its ${articles.length} documents\n`);
  console.log(dataTable(articles, pooled));
  console.log(`\n${declinesTable([pooled])}`);
  if (args.verbose === true) console.log(`\n${missLines([pooled]).join('\n')}`);
} else {
  const config = loadEngineConfig(process.env);
  const shared = fileURLToPath(SHARED_ARTICLES);
  const dataset = existsSync(shared) ? await loadDataset(shared) : undefined;
  if (dataset === undefined) console.log(`${shared} is missing: the shared articles' rows are skipped.\n`);
  const run = evalRun({
    story: await loadCorpus(config.corpusDir, { furniture: config.furniture }),
    ...(await loadStorySets()),
    typoSources: await Promise.all(TYPO_SOURCE_SETS.map((file) => loadQuestionSet(file))),
    dataset,
    written: await loadDataset(fileURLToPath(WRITTEN_NEWS)),
  });
  console.log(runTable(run));
  console.log(
    'misspelled: top-1 of the questions written misspelt. declined: of answerable questions. near-miss: for the shared',
  );
  console.log(
    "articles, the questions marked impossible. X → others: X's answerable questions asked of an engine on the",
  );
  console.log('other corpora, to be declined (≥ 95% wanted). —: BM25 never declines.');
  console.log(`\n${declinesTable(roots(run))}`);
  if (args.verbose === true) {
    const typoMisses = run.typos.footnote.failures;
    console.log(
      `\n${[...missLines(roots(run)), `synthetic misspellings: ${typoMisses.length} misses`, ...typoMisses.map((miss) => `  ${miss}`)].join('\n')}`,
    );
  }
}
console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);

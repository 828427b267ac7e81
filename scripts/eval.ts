/**
 * `npm run eval`: answer quality on the story's question sets (`QUESTION_SETS` in lib/evaluate.ts,
 * whose `about` says who wrote each and what has been read). The sets marked `unread` there print
 * their figures but never their misses, so that nobody tunes the engine to them. Then typo tolerance on synthetic misspellings of the read sets' questions.
 * `npm run eval -- --verbose` also lists every miss of the read sets.
 */
import { loadEngineConfig } from '../src/config.js';
import { loadCorpus } from '../src/corpus/index.js';
import { createEngine } from '../src/engine/index.js';
import { QUESTION_SETS, TYPO_SOURCE_SETS, evaluate, loadQuestionSet } from './lib/evaluate.js';
import { typoRobustness } from './lib/typos.js';

const config = loadEngineConfig(process.env);
const engine = createEngine(await loadCorpus(config.corpusDir, { furniture: config.furniture }));
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const verbose = process.argv.includes('--verbose');

for (const { name, file, about, unread } of QUESTION_SETS) {
  const showMisses = !unread;
  const set = await loadQuestionSet(file);
  const report = evaluate(engine, set);
  console.log(`\n${name}-questions (${about})`);
  console.log(`questions: ${report.answerable} answerable, ${set.offTopic.length} off-topic, ${set.nearMiss.length} near-miss`);
  console.log(`top-1 accuracy        ${pct(report.top1)}`);
  console.log(`recall@3              ${pct(report.recallAt3)}`);
  console.log(`misspelled top-1      ${pct(report.typoTop1)}`);
  console.log(`false abstention      ${pct(report.falseAbstention)}`);
  console.log(`correct abstention    off-topic ${pct(report.offTopicAbstention)}, near-miss ${pct(report.nearMissAbstention)}`);
  if (verbose && showMisses) for (const failure of report.failures) console.log(`  ${failure}`);
  else if (report.failures.length > 0) console.log(`(${report.failures.length} misses${showMisses ? '; --verbose lists them' : ', not listed'})`);
}

const typos = typoRobustness(engine, await Promise.all(TYPO_SOURCE_SETS.map((file) => loadQuestionSet(file))));
console.log('\nsynthetic misspellings (one random edit in one word of each question answered right; seeded)');
console.log(`variants              ${typos.variants}`);
console.log(`still right first     ${pct(typos.kept)}`);
if (verbose) for (const failure of typos.failures) console.log(`  ${failure}`);

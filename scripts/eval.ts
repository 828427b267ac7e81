/**
 * `npm run eval`: answer quality on the story's question sets.
 * Fourteen sets: the development set; a hold-out set written separately by another author; six sets
 * whose authors saw only the article (blind, extra, fresh, sealed, dawn, ember: their misses were read after
 * their first measurement, so they are development data now); four sets written the same way whose
 * misses are never printed (final, whose overall figures guided a few choices; closing, first
 * measured at the end of session 3; dusk, written in session 4; vesper, written in session 5); and a
 * pool of 100 near-misses; and twilight, 100 questions asked in words the story doesn't use. Then typo tolerance on synthetic misspellings of the read sets'
 * questions. `npm run eval -- --verbose` also lists every miss (but those of the four unread sets).
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

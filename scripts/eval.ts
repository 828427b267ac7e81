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
import { BLIND_SET, CLOSING_SET, DAWN_SET, DUSK_SET, EMBER_SET, POOL_SET, TWILIGHT_SET, VESPER_SET, EXTRA_SET, FINAL_SET, FRESH_SET, HOLDOUT_SET, QUESTION_SET, SEALED_SET, evaluate, loadQuestionSet } from './lib/evaluate.js';
import { typoRobustness } from './lib/typos.js';

const config = loadEngineConfig(process.env);
const engine = createEngine(await loadCorpus(config.corpusDir, { furniture: config.furniture }));
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const verbose = process.argv.includes('--verbose');
const sets = [
  ['story-questions (development set)', QUESTION_SET, true],
  ['holdout-questions (written separately)', HOLDOUT_SET, true],
  ['blind-questions (author saw only the article; since read)', BLIND_SET, true],
  ['extra-questions (author saw only the article; since read)', EXTRA_SET, true],
  ['final-questions (author saw only the article; misses withheld)', FINAL_SET, false],
  ['fresh-questions (author saw only the article; read after its first measurement)', FRESH_SET, true],
  ['sealed-questions (author saw only the article; read after its first measurement)', SEALED_SET, true],
  ['closing-questions (author saw only the article; misses withheld)', CLOSING_SET, false],
  ['dawn-questions (author saw only the article; read after its first measurement in session 4)', DAWN_SET, true],
  ['dusk-questions (author saw only the article; misses withheld)', DUSK_SET, false],
  ['pool-questions (100 near-misses and 60 oddly worded questions; development data)', POOL_SET, true],
  ['ember-questions (author saw only the article; read after its first measurement in session 5)', EMBER_SET, true],
  ['vesper-questions (author saw only the article; misses withheld)', VESPER_SET, false],
  ['twilight-questions (100 questions in the asker\'s own words, not the story\'s; development data)', TWILIGHT_SET, true],
] as const;

for (const [name, file, showMisses] of sets) {
  const set = await loadQuestionSet(file);
  const report = evaluate(engine, set);
  console.log(`\n${name}`);
  console.log(`questions: ${report.answerable} answerable, ${set.offTopic.length} off-topic, ${set.nearMiss.length} near-miss`);
  console.log(`top-1 accuracy        ${pct(report.top1)}`);
  console.log(`recall@3              ${pct(report.recallAt3)}`);
  console.log(`misspelled top-1      ${pct(report.typoTop1)}`);
  console.log(`false abstention      ${pct(report.falseAbstention)}`);
  console.log(`correct abstention    off-topic ${pct(report.offTopicAbstention)}, near-miss ${pct(report.nearMissAbstention)}`);
  if (verbose && showMisses) for (const failure of report.failures) console.log(`  ${failure}`);
  else if (report.failures.length > 0) console.log(`(${report.failures.length} misses${showMisses ? '; --verbose lists them' : ', not listed'})`);
}

const typos = typoRobustness(engine, await Promise.all([QUESTION_SET, HOLDOUT_SET, BLIND_SET, EXTRA_SET].map((file) => loadQuestionSet(file))));
console.log('\nsynthetic misspellings (one random edit in one word of each question answered right; seeded)');
console.log(`variants              ${typos.variants}`);
console.log(`still right first     ${pct(typos.kept)}`);
if (verbose) for (const failure of typos.failures) console.log(`  ${failure}`);

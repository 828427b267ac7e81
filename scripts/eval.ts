/**
 * `npm run eval`: answer quality on the story's question sets.
 * Three sets: the development set, a hold-out set written separately by another author, and a
 * blind set whose author saw only the article (its misses were read after its first measurement).
 * `npm run eval -- --verbose` also lists every miss.
 */
import { loadEngineConfig } from '../src/config.js';
import { loadCorpus } from '../src/corpus/index.js';
import { createEngine } from '../src/engine/index.js';
import { BLIND_SET, HOLDOUT_SET, QUESTION_SET, evaluate, loadQuestionSet } from './lib/evaluate.js';

const config = loadEngineConfig(process.env);
const engine = createEngine(await loadCorpus(config.corpusDir, { furniture: config.furniture }));
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const sets = [
  ['story-questions (development set)', QUESTION_SET],
  ['holdout-questions (written separately)', HOLDOUT_SET],
  ['blind-questions (author saw only the article)', BLIND_SET],
] as const;

for (const [name, file] of sets) {
  const set = await loadQuestionSet(file);
  const report = evaluate(engine, set);
  console.log(`\n${name}`);
  console.log(`questions: ${report.answerable} answerable, ${set.offTopic.length} off-topic, ${set.nearMiss.length} near-miss`);
  console.log(`top-1 accuracy        ${pct(report.top1)}`);
  console.log(`recall@3              ${pct(report.recallAt3)}`);
  console.log(`misspelled top-1      ${pct(report.typoTop1)}`);
  console.log(`false abstention      ${pct(report.falseAbstention)}`);
  console.log(`correct abstention    off-topic ${pct(report.offTopicAbstention)}, near-miss ${pct(report.nearMissAbstention)}`);
  if (process.argv.includes('--verbose')) for (const failure of report.failures) console.log(`  ${failure}`);
  else if (report.failures.length > 0) console.log(`(${report.failures.length} misses; --verbose lists them)`);
}

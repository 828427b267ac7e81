/**
 * `npm run eval`: answer quality on the story's question set (tests/fixtures/story-questions.json).
 * `npm run eval -- --verbose` also lists every miss.
 */
import { loadEngineConfig } from '../src/config.js';
import { loadCorpus } from '../src/corpus/index.js';
import { createEngine } from '../src/engine/index.js';
import { evaluate, loadQuestionSet } from './lib/evaluate.js';

const config = loadEngineConfig(process.env);
const engine = createEngine(await loadCorpus(config.corpusDir, { furniture: config.furniture }));
const set = await loadQuestionSet();
const report = evaluate(engine, set);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
console.log(`questions: ${report.answerable} answerable, ${set.offTopic.length} off-topic, ${set.nearMiss.length} near-miss`);
console.log(`top-1 accuracy        ${pct(report.top1)}`);
console.log(`recall@3              ${pct(report.recallAt3)}`);
console.log(`misspelled top-1      ${pct(report.typoTop1)}`);
console.log(`false abstention      ${pct(report.falseAbstention)}`);
console.log(`correct abstention    off-topic ${pct(report.offTopicAbstention)}, near-miss ${pct(report.nearMissAbstention)}`);
if (process.argv.includes('--verbose')) for (const failure of report.failures) console.log(`  ${failure}`);
else if (report.failures.length > 0) console.log(`(${report.failures.length} misses; --verbose lists them)`);

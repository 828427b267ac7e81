/**
 * `npm run bench`: speed and memory of Footnote's engine against plain Fuse.js: the story alone (16 paragraphs), then deterministic
 * corpora of 1k, 10k and 100k paragraphs with the story inside. Each measurement runs in its own
 * process so that peak memory is that system's alone. Prints figures; asserts nothing.
 *
 *   npm run bench                    all sizes
 *   npm run bench -- --sizes 1000    chosen sizes
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Fuse from 'fuse.js';
import { loadCorpus } from '../src/corpus/index.js';
import { createEngine } from '../src/engine/index.js';
import { haystack } from './lib/haystack.js';
import { loadQuestionSet } from './lib/evaluate.js';

type System = 'footnote' | 'fuse';

interface Result {
  readonly system: System;
  readonly paragraphs: number;
  readonly buildMs: number;
  readonly queries: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly peakRssMb: number;
  readonly top1: number;
}

/** Plain Fuse.js over whole paragraphs is 5–10 s a query at 100k: it answers a sample there. */
const FUSE_QUERY_BUDGET: Record<number, number> = { 16: 131, 1000: 131, 10000: 40, 100000: 8 };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function measure(system: System, size: number): Promise<Result> {
  const source = await loadCorpus(fileURLToPath(new URL('../corpus', import.meta.url)));
  const story = source.documents[0]!;
  const set = await loadQuestionSet();
  const corpus = haystack(story, source.aliases, size);
  const paragraphs = corpus.documents.reduce((n, d) => n + d.paragraphs.length, 0);
  let ask: (q: string) => { document: string; paragraph: number } | undefined;
  const start = performance.now();
  if (system === 'footnote') {
    const engine = createEngine(corpus);
    ask = (q) => engine.answer(q, { top: 3 }).passages[0];
  } else {
    const units = corpus.documents.flatMap((d) => d.paragraphs.map((p) => ({ document: d.id, paragraph: p.number, text: p.text })));
    const fuse = new Fuse(units, { keys: ['text'] });
    ask = (q) => fuse.search(q, { limit: 3 })[0]?.item;
  }
  const buildMs = performance.now() - start;
  const questions = set.answerable.slice(0, system === 'fuse' ? (FUSE_QUERY_BUDGET[size] ?? 8) : undefined);
  // One untimed pass first, as a running bot would have had: JIT compilation and lazily loaded
  // word lists are start-up costs, not per-question ones. Plain Fuse.js is too slow to repeat.
  if (system === 'footnote') for (const item of questions) ask(item.q);
  const times: number[] = [];
  let hits = 0;
  for (const item of questions) {
    const t = performance.now();
    const best = ask(item.q);
    times.push(performance.now() - t);
    if (best?.document === story.id && item.paragraphs.includes(best.paragraph)) hits++;
  }
  times.sort((a, b) => a - b);
  return {
    system,
    paragraphs,
    buildMs,
    queries: questions.length,
    medianMs: percentile(times, 0.5),
    p95Ms: percentile(times, 0.95),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    top1: hits / questions.length,
  };
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  process.stdout.write(JSON.stringify(await measure(args[1] as System, Number(args[2]))));
} else {
  const sizesArg = args.indexOf('--sizes');
  const sizes = sizesArg >= 0 ? args[sizesArg + 1]!.split(',').map(Number) : [16, 1000, 10000, 100000];
  const self = fileURLToPath(import.meta.url);
  console.log('system     paragraphs   build ms   queries   median ms   p95 ms   peak RSS MB   top-1');
  for (const size of sizes) {
    for (const system of ['footnote', 'fuse'] as const) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--child', system, String(size)], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const r = JSON.parse(out) as Result;
      console.log(
        [
          r.system.padEnd(9),
          String(r.paragraphs).padStart(11),
          r.buildMs.toFixed(0).padStart(10),
          String(r.queries).padStart(9),
          r.medianMs.toFixed(3).padStart(11),
          r.p95Ms.toFixed(3).padStart(8),
          r.peakRssMb.toFixed(0).padStart(13),
          `${(r.top1 * 100).toFixed(1)}%`.padStart(7),
        ].join(' '),
      );
    }
  }
  console.log('Fuse.js: default options over whole paragraphs; it answers a sample of the questions at 10k and 100k (queries column).');
}

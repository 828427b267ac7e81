/**
 * `npm run bench`: speed and memory of Footnote's engine against plain Fuse.js: the story alone (16 paragraphs), then deterministic
 * corpora of 1k, 10k and 100k paragraphs with the story inside. Each measurement runs in its own
 * process so that peak memory is that system's alone. Prints figures; asserts nothing.
 *
 * At 100k it also times a cold start: `npm run ask`'s process on the corpus written as files.
 * Last, what a server's own articles cost when they extend an operator's corpus of 10k paragraphs.
 *
 *   npm run bench                    all sizes
 *   npm run bench -- --sizes 1000    chosen sizes
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fuse from 'fuse.js';
import { loadCorpus } from '../src/corpus/index.js';
import { createEngine, extendEngineAsync, type Engine } from '../src/engine/index.js';
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
    const units = corpus.documents.flatMap((d) =>
      d.paragraphs.map((p) => ({ document: d.id, paragraph: p.number, text: p.text })),
    );
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

/** Paragraphs per file in the cold-start corpus: 100,000 paragraphs are 10,000 files, as an operator's folder would be. */
const PARAGRAPHS_PER_FILE = 10;

/**
 * Process start to first answer, as `npm run ask` runs it: the haystack written as files, then one
 * `node src/cli/ask.ts` process timed from spawn to exit, with its peak RSS from /usr/bin/time.
 */
async function coldStart(size: number): Promise<void> {
  const source = await loadCorpus(fileURLToPath(new URL('../corpus', import.meta.url)));
  const corpus = haystack(source.documents[0]!, source.aliases, size);
  const dir = mkdtempSync(path.join(tmpdir(), 'footnote-bench-'));
  try {
    let files = 0;
    for (const document of corpus.documents) {
      for (let from = 0; from < document.paragraphs.length; from += PARAGRAPHS_PER_FILE) {
        const part = document.paragraphs.slice(from, from + PARAGRAPHS_PER_FILE);
        const name =
          document.paragraphs.length > PARAGRAPHS_PER_FILE
            ? `${document.id}-${from / PARAGRAPHS_PER_FILE}`
            : document.id;
        writeFileSync(
          path.join(dir, `${name}.md`),
          `---\ntitle: ${document.title}\n---\n\n${part.map((p) => p.text).join('\n\n')}\n`,
        );
        files++;
      }
    }
    const aliases = corpus.aliases.map((group) => group.join(' | ')).join('\n');
    writeFileSync(path.join(dir, '_aliases.txt'), `${aliases}\n`);
    const script = fileURLToPath(new URL('../src/cli/ask.ts', import.meta.url));
    const command = [process.execPath, '--import', 'tsx', script, '--json', 'How many lawmakers voted?'];
    const timed = existsSync('/usr/bin/time');
    const started = performance.now();
    const run = spawnSync(
      timed ? '/usr/bin/time' : command[0]!,
      timed ? ['-f', 'peak-rss-kb %M', ...command] : command.slice(1),
      {
        encoding: 'utf8',
        env: { ...process.env, CORPUS_DIR: dir },
        maxBuffer: 1 << 24,
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const answered = run.stdout.includes('"answered":true');
    const rss = /peak-rss-kb (\d+)/.exec(run.stderr)?.[1];
    console.log(
      `cold start: ${files} files, ${size} paragraphs → first answer in ${seconds.toFixed(2)} s, peak RSS ${rss ? `${(Number(rss) / 1024).toFixed(0)} MB` : 'not measured (no /usr/bin/time)'}, ${answered ? 'answered' : 'NOT answered'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SERVERS = 100;
const OPERATOR_PARAGRAPHS = 10_000;

/** Memory in use after a full collection (needs --expose-gc): the heap and array buffers. */
function settledMemoryMb(): number {
  for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 1e6;
}

/** Each of SERVERS servers adds one 20-paragraph article to a 10k-paragraph operator corpus. */
async function serverIndexes(): Promise<string> {
  const source = await loadCorpus(fileURLToPath(new URL('../corpus', import.meta.url)));
  const operator = createEngine(haystack(source.documents[0]!, source.aliases, OPERATOR_PARAGRAPHS));
  operator.answer('How many lawmakers voted?');
  const before = settledMemoryMb();
  const start = performance.now();
  const engines: Engine[] = [];
  for (let server = 0; server < SERVERS; server++) {
    const id = `story-${server + 1}`;
    const paragraphs = Array.from({ length: 20 }, (_, k) => ({
      documentId: id,
      number: k + 1,
      text: `Paragraph ${k + 1} of server ${server}: the council met on Tuesday about the harbour bridge and the ferries.`,
    }));
    const engine = await extendEngineAsync(operator, [{ id, title: `Local news ${server}`, paragraphs }]);
    engine.answer('when did the council meet about the bridge');
    engines.push(engine);
  }
  const ms = (performance.now() - start) / SERVERS;
  const after = settledMemoryMb();
  const mb = (after - before) / SERVERS;
  return `server indexes: ${SERVERS} servers each adding 20 paragraphs to ${OPERATOR_PARAGRAPHS} of the operator's → ${ms.toFixed(1)} ms and ${Math.max(0, mb).toFixed(2)} MB each (${engines.length} kept)`;
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  process.stdout.write(JSON.stringify(await measure(args[1] as System, Number(args[2]))));
} else if (args[0] === '--servers') {
  process.stdout.write(await serverIndexes());
} else {
  const sizesArg = args.indexOf('--sizes');
  const sizes = sizesArg >= 0 ? args[sizesArg + 1]!.split(',').map(Number) : [16, 1000, 10000, 100000];
  const self = fileURLToPath(import.meta.url);
  console.log('system     paragraphs   build ms   queries   median ms   p95 ms   peak RSS MB   top-1');
  for (const size of sizes) {
    for (const system of ['footnote', 'fuse'] as const) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--child', system, String(size)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
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
  console.log(
    'Fuse.js: default options over whole paragraphs; it answers a sample of the questions at 10k and 100k (queries column).',
  );
  if (sizes.includes(100000)) await coldStart(100000);
  console.log(
    execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--servers'], { encoding: 'utf8' }),
  );
}

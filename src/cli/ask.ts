/**
 * `npm run ask -- "question"`: answers from the corpus on the command line. Needs no token and no .env.
 *
 *   npm run ask -- "Why did Iraq's parliament vote to expel U.S. troops?"
 *   npm run --silent ask -- --json "question"        one JSON object
 *   npm run --silent ask -- --json < questions.txt    one JSON object per input line
 *   --top N                                           passages per answer (1–10)
 */
import { createInterface } from 'node:readline';
import { ConfigError, loadEngineConfig } from '../config.js';
import { CorpusError, loadCorpus } from '../corpus/index.js';
import { createEngine, type Answer, type Engine } from '../engine/index.js';
import { formatAnswer, parseArguments, toJson, UsageError } from './format.js';

async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let engine: Engine;
  let top: number;
  try {
    const config = loadEngineConfig(process.env);
    engine = createEngine(await loadCorpus(config.corpusDir, { furniture: config.furniture }), {
      defaultTop: config.answerPassages,
    });
    top = args.top ?? config.answerPassages;
  } catch (error) {
    if (error instanceof CorpusError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const ask = (question: string): Answer => engine.answer(question, { top });
  if (args.question === undefined) {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) process.stdout.write(`${JSON.stringify(toJson(ask(line)))}\n`);
    return 0;
  }
  const answer = ask(args.question);
  process.stdout.write(
    args.json ? `${JSON.stringify(toJson(answer))}\n` : `${formatAnswer(answer, engine.exampleQuestions(3))}\n`,
  );
  return 0;
}

const USAGE = `Usage: npm run ask -- [--json] [--top N] "question"
       npm run --silent ask -- --json < questions.txt   (one question per line)`;

process.exitCode = await main(process.argv.slice(2));

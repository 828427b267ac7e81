/** Argument parsing and output formatting for the `ask` command line. Pure, so it is tested directly. */
import type { Answer, Passage } from '../engine/index.js';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface AskArguments {
  readonly json: boolean;
  readonly top?: number;
  /** Undefined with --json: questions come from standard input. */
  readonly question?: string;
  readonly help: boolean;
}

const HINT = 'Usage: npm run ask -- [--json] [--top N] "question"';

export function parseArguments(argv: readonly string[]): AskArguments {
  let json = false;
  let help = false;
  let top: number | undefined;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      words.push(...argv.slice(i + 1));
      break;
    } else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--top' || arg.startsWith('--top=')) {
      const value = arg === '--top' ? argv[++i] : arg.slice('--top='.length);
      if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 10) {
        throw new UsageError(`--top needs a whole number from 1 to 10.\n${HINT}`);
      }
      top = Number(value);
    } else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      throw new UsageError(`Unknown option ${arg}.\n${HINT}`);
    } else words.push(arg);
  }
  const question = words.join(' ');
  if (help) return { json, top, help };
  if (words.length === 0) {
    if (json) return { json, top, help };
    throw new UsageError(`Please give a question.\n${HINT}`);
  }
  if (question.trim() === '') throw new UsageError(`The question is empty.\n${HINT}`);
  return { json, top, question, help };
}

/** The CLI's JSON: an answer's passages without the highlight offsets. */
export interface JsonAnswer {
  readonly question: string;
  readonly answered: boolean;
  readonly passages: readonly Pick<
    Passage,
    'document' | 'title' | 'paragraph' | 'text' | 'score' | 'matchedWords' | 'bestSentence'
  >[];
}

export function toJson(answer: Answer): JsonAnswer {
  return {
    question: answer.question,
    answered: answer.answered,
    passages: answer.passages.map(({ document, title, paragraph, text, score, matchedWords, bestSentence }) => ({
      document,
      title,
      paragraph,
      text,
      score,
      matchedWords,
      bestSentence,
    })),
  };
}

/** Wraps text to `width` columns, indenting continuation lines. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

export function formatAnswer(answer: Answer, examples: readonly string[]): string {
  if (!answer.answered) {
    const tries = examples.map((example) => `  • ${example}`).join('\n');
    return `The story doesn't say: nothing in the corpus answers "${answer.question.trim()}".${tries === '' ? '' : `\nQuestions it can answer:\n${tries}`}`;
  }
  return answer.passages
    .map((passage, i) => {
      const marked = passage.highlights.reduceRight(
        (text, { start, end }) => `${text.slice(0, start)}*${text.slice(start, end)}*${text.slice(end)}`,
        passage.text,
      );
      return `${i + 1}. ¶${passage.paragraph} · ${passage.title}\n${wrap(marked, 76, '   ')}`;
    })
    .join('\n\n');
}

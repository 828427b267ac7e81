/**
 * Turning a question into a message payload: the engine's answer, a chosen suggestion, or a
 * polite "the story doesn't say". Shared by /ask, the "Ask Footnote" menu, buttons and auto channels.
 */
import type { Engine } from '../engine/index.js';
import { StoreUnavailableError, type QuestionStore } from '../store/settings.js';
import { isStoryId } from '../stories/library.js';
import { errorInfo, type Logger } from './log.js';
import { decodeRef, encodeMoreInline, encodeMoreStored, findByDocKey } from './custom-id.js';
import {
  renderAnswer,
  renderAnswerPlain,
  renderNotFound,
  renderNotice,
  renderPassage,
  type MessagePayload,
} from './render.js';

export interface AnswerDeps {
  readonly engine: Engine;
  readonly questions: QuestionStore;
  readonly answerPassages: number;
  /** Where a "More passages" button left out (question store unreachable) is logged. */
  readonly logger?: Pick<Logger, 'warn'>;
}

export type ComposedKind = 'answer' | 'passage' | 'not-found' | 'unknown-ref' | 'empty';

export interface Composed {
  readonly kind: ComposedKind;
  /** True when the reply quotes the story (kind answer or passage). */
  readonly found: boolean;
  readonly payload: MessagePayload;
}

export interface ComposeOptions {
  readonly note?: string | undefined;
  /** Plain text instead of an embed (channels where the bot lacks Embed Links). */
  readonly plain?: boolean;
}

/** A button or suggestion naming a passage no loaded document has (articles changed since). */
export const PASSAGE_GONE_TEXT = 'Sorry — that passage is no longer available.';
/** The same, when the passage was in one of the server's own articles (/stories remove). */
export const ARTICLE_REMOVED_TEXT =
  'Sorry — the article this cites was removed from this server, so I can no longer show its passages.';

/** What to say for a document key no loaded document has. */
export function goneText(docKey: string): string {
  return isStoryId(docKey) ? ARTICLE_REMOVED_TEXT : PASSAGE_GONE_TEXT;
}

export const EMPTY_QUESTION_TEXT = 'Ask me a question about the story, and I will answer by quoting it.';

/**
 * The custom_id of a "More passages" button for `question` starting at `offset`, or undefined when
 * the question is too long to fit and the question store cannot keep it just now: the answer still
 * goes out, only without the button.
 */
export async function moreCustomId(deps: AnswerDeps, question: string, offset: number): Promise<string | undefined> {
  const inline = encodeMoreInline(offset, question);
  if (inline !== undefined) return inline;
  try {
    return encodeMoreStored(offset, await deps.questions.rememberQuestion(question));
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    deps.logger?.warn(
      { err: errorInfo(error) },
      'answer sent without its More passages button: the question store is unreachable',
    );
    return undefined;
  }
}

function examplesLine(engine: Engine): string {
  const examples = engine.exampleQuestions(2);
  return examples.length === 0 ? '' : ` For example: ${examples.map((q) => `“${q}”`).join(' or ')}`;
}

/** `question` must already be cleaned (cleanQuestion). */
export async function composeAnswer(
  deps: AnswerDeps,
  question: string,
  options: ComposeOptions = {},
): Promise<Composed> {
  const { engine } = deps;
  if (question === '') {
    return { kind: 'empty', found: false, payload: renderNotice(EMPTY_QUESTION_TEXT + examplesLine(engine)) };
  }
  const ref = decodeRef(question);
  if (ref !== undefined) {
    const doc = findByDocKey(engine.documents, ref.docKey);
    const passage = doc === undefined ? undefined : engine.passage(doc.id, ref.paragraph);
    if (passage === undefined) {
      return {
        kind: 'unknown-ref',
        found: false,
        payload: renderNotice(`${goneText(ref.docKey)} Try asking your question in words.`),
      };
    }
    return { kind: 'passage', found: true, payload: renderPassage(passage, engine.documents, options.note) };
  }
  const answer = engine.answer(question, { top: deps.answerPassages, offset: 0 });
  if (!answer.answered || answer.passages.length === 0) {
    return { kind: 'not-found', found: false, payload: renderNotFound(question, engine.exampleQuestions(3)) };
  }
  const more = answer.hasMore ? await moreCustomId(deps, question, answer.passages.length) : undefined;
  const payload = options.plain
    ? renderAnswerPlain(answer, engine.documents, more)
    : renderAnswer(answer, engine.documents, { moreCustomId: more, note: options.note });
  return { kind: 'answer', found: true, payload };
}

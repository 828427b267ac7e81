/**
 * The answer engine's public surface. Pure TypeScript: no Discord, no I/O.
 * The CLI and the Discord layer both use only what is exported here.
 */
import type { CorpusDocument, Paragraph } from '../corpus/types.js';
import type { Answer, AnswerOptions, Passage, Suggestion } from './types.js';

export type { Answer, AnswerOptions, Passage, Suggestion, Highlight } from './types.js';

export interface Engine {
  readonly documents: readonly CorpusDocument[];
  /** Rank the corpus for a question; `answered` is false when nothing in the corpus is relevant. */
  answer(question: string, options?: AnswerOptions): Answer;
  /** Autocomplete: passages matching the text typed so far (partial last word allowed). Never throws. */
  suggest(partial: string, limit?: number, maxLabelLength?: number): Suggestion[];
  /** One paragraph as a passage (score 0, no highlights), or undefined when out of range / unknown document. */
  passage(documentId: string, paragraph: number): Passage | undefined;
  /** The paragraph with its neighbours (before and after, when they exist), in order. */
  context(documentId: string, paragraph: number): Paragraph[];
  /** Questions the corpus answers, for help texts and "not found" replies. */
  exampleQuestions(limit?: number): string[];
}

export { createEngine, createEngineAsync, extendEngineAsync } from './engine.js';
export type { EngineOptions } from './engine.js';

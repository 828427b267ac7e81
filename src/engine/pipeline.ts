/**
 * The answer pipeline, in order. Each stage reads and extends the search state; a stage that
 * declines sets `declinedBy`, and the stages after it are skipped. A new idea is a new stage here,
 * or a weight in options.ts, not an exception inside another stage.
 */
import { analyse } from './stages/analyse.js';
import { fitAnswerType } from './stages/answer-type.js';
import { decide } from './stages/decide.js';
import { expand } from './stages/expand.js';
import { retrieve } from './stages/retrieve.js';
import type { SearchState, Stage, StageContext } from './stages/types.js';

export const PIPELINE: readonly (readonly [string, Stage])[] = [
  ['analyse', analyse],
  ['expand', expand],
  ['retrieve', retrieve],
  ['answer-type', fitAnswerType],
  ['decide', decide],
];

export function runPipeline(
  question: string,
  context: StageContext,
  stages: readonly (readonly [string, Stage])[] = PIPELINE,
  prefixLastWord = false,
): SearchState {
  const state: SearchState = {
    question,
    tokens: [],
    answerType: 'none',
    answerMustBeStated: false,
    prefixLastWord,
    concepts: [],
    candidates: [],
  };
  for (const [, stage] of stages) {
    stage(state, context);
    if (state.declinedBy !== undefined) break;
  }
  return state;
}

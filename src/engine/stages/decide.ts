/**
 * Stage 5, answer or decline. One rule for every corpus, calibrated on all the development corpora
 * together (the story's question sets, the shared articles, and each corpus's questions asked of
 * the others): the best paragraph's evidence must reach `minEvidence`, where evidence is the share
 * of the question's weight it says plus a little for each specific word it says (up to a few).
 *
 * The share alone misjudges short questions: one matched word is all of "what did Halbusi say",
 * and a corpus about something else often has that one word. The count alone misjudges long ones.
 * A question about someone the corpus never mentions leaves its most specific word unsaid.
 */
import type { Candidate } from './types.js';
import type { SearchOptions } from '../options.js';
import type { Stage } from './types.js';

export function evidence(candidate: Candidate, options: SearchOptions): number {
  return candidate.coverage + options.evidencePerWord * Math.min(candidate.matchedSpecificity, options.evidenceWords);
}

export const decide: Stage = (state, { options }) => {
  const best = state.candidates[0];
  if (!best || evidence(best, options) < options.minEvidence) state.declinedBy = 'decide';
};

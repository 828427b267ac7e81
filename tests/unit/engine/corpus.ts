/** A made-up corpus for the stage tests: a small town's news, nothing from the story. */
import type { Corpus } from '../../../src/corpus/types.js';
import { buildStageContext } from '../../../src/engine/engine.js';
import type { SearchOptions } from '../../../src/engine/options.js';
import { runPipeline, PIPELINE } from '../../../src/engine/pipeline.js';
import type { SearchState, StageContext } from '../../../src/engine/stages/types.js';

export const TOWN: Corpus = {
  aliases: [['Harbour Bridge', 'the bridge', 'HB']],
  documents: [
    {
      id: 'town',
      title: 'Council closes the Harbour Bridge',
      paragraphs: [
        'The town council voted on Tuesday to close the Harbour Bridge after engineers found cracks in two of its supports.',
        'Mayor Jane Okafor said repairs would cost 4 million dollars and take eight months.',
        'She urged drivers to use the ferry, which will run every twenty minutes.',
        '“We will rebuild it stronger,” the mayor told reporters at the town hall.',
        'Shop owners on Quay Street complained that nobody had consulted them about the closure.',
        'Traffic on the river road has doubled since the spring.',
      ].map((text, k) => ({ documentId: 'town', number: k + 1, text })),
    },
  ],
};

export function townContext(overrides: Partial<SearchOptions> = {}): StageContext {
  return buildStageContext(TOWN, overrides);
}

/** Runs the stages up to and including `last`. */
export function runUntil(question: string, context: StageContext, last: string): SearchState {
  const end = PIPELINE.findIndex(([name]) => name === last);
  return runPipeline(question, context, PIPELINE.slice(0, end + 1));
}

/** The paragraph number of a candidate. */
export function numberOf(context: StageContext, paragraph: number): number {
  return context.index.paragraphs[paragraph]!.paragraph.number;
}

export type { AliasGroup, Corpus, CorpusDocument, Paragraph } from './types.js';
export { loadCorpus, CorpusError, MAX_DOCUMENT_BYTES } from './load.js';
export type { LoadCorpusOptions } from './load.js';

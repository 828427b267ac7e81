export type { AliasGroup, Corpus, CorpusDocument, Paragraph } from './types.js';
export { loadCorpus, parseArticle, decodeText, CorpusError, MAX_DOCUMENT_BYTES } from './load.js';
export type { LoadCorpusOptions, LoadedCorpus, LoadedDocument } from './load.js';

/** `npm ci` runs this (postinstall): writes the compact word-vector cache the engine reads (src/engine/lexicon/vectors.ts). */
import { prepareWordVectors, vectorCacheDirectory } from '../src/engine/lexicon/vectors.js';

const started = Date.now();
prepareWordVectors();
console.log(
  `footnote: word vectors prepared in ${vectorCacheDirectory()} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);

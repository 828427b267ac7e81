/**
 * Reads the articles in a corpus folder into documents and numbered paragraphs.
 *
 * Format (documented in README.md):
 * - one article per `.md` or `.txt` file; names starting with `_` or `.` are not articles
 *   (`_aliases.txt` holds the corpus's aliases);
 * - optional front matter between `---` lines: `key: value` pairs and `key:` followed by `- item` lists;
 * - paragraphs are separated by blank lines; lines that are exactly page furniture are dropped;
 * - paragraphs are numbered from 1 within each document, after furniture is dropped.
 */
import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { AliasGroup, Corpus, CorpusDocument, Paragraph } from './types.js';
import { parseAliases } from './aliases.js';

/** Largest article file accepted: far beyond any news story, small enough to keep start-up quick. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
export const ALIASES_FILE = '_aliases.txt';
const ARTICLE_EXTENSIONS = new Set(['.md', '.txt']);

export class CorpusError extends Error {
  override readonly name = 'CorpusError';
}

export interface LoadCorpusOptions {
  /** Lines dropped as page furniture when they make up a whole line (after trimming). */
  readonly furniture?: readonly string[];
}

export interface DocumentMeta {
  readonly title?: string;
  readonly published?: string;
  readonly url?: string;
  readonly source?: string;
  readonly examples?: readonly string[];
}

export interface LoadedDocument extends CorpusDocument {
  /** Example questions from the front matter (`examples:` list). */
  readonly examples: readonly string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * An article's bytes as text: refuses binary data (NUL bytes) and anything that is not UTF-8,
 * with the messages the corpus loader gives for a file on disk. `file` names it in the message.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  if (bytes.includes(0))
    throw new CorpusError(`${file}: looks like a binary file (it contains NUL bytes); articles must be UTF-8 text.`);
  try {
    return utf8.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new CorpusError(`${file}: is not valid UTF-8 text; save it as UTF-8.`);
  }
}

interface FrontMatter {
  readonly fields: ReadonlyMap<string, string | readonly string[]>;
  readonly body: string;
}

/** Splits `---` front matter from the body. A tiny YAML subset: scalars and `- item` lists. */
export function parseFrontMatter(source: string, file: string): FrontMatter {
  const text = source.replace(/\r\n?/g, '\n');
  if (!text.startsWith('---\n')) return { fields: new Map(), body: text };
  const end = text.indexOf('\n---', 3);
  const closing = end === -1 ? -1 : end + 4;
  if (end === -1 || (text[closing] !== undefined && text[closing] !== '\n')) {
    throw new CorpusError(`${file}: front matter starts with "---" but has no closing "---" line.`);
  }
  const fields = new Map<string, string | string[]>();
  let list: string[] | undefined;
  const lines = text.slice(4, end).split('\n');
  lines.forEach((line, index) => {
    const where = `${file}: front matter line ${index + 2}`;
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const item = /^\s+-\s+(.*)$/.exec(line) ?? /^-\s+(.*)$/.exec(line);
    if (item) {
      if (!list) throw new CorpusError(`${where}: a "- item" line must follow a "key:" line.`);
      list.push(unquote(item[1]!.trim()));
      return;
    }
    const pair = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!pair) throw new CorpusError(`${where}: expected "key: value", got "${line.trim().slice(0, 60)}".`);
    const key = pair[1]!.toLowerCase();
    if (fields.has(key)) throw new CorpusError(`${where}: "${key}" is given twice.`);
    const value = pair[2]!.trim();
    if (value === '') {
      list = [];
      fields.set(key, list);
    } else {
      list = undefined;
      fields.set(key, unquote(value));
    }
  });
  return { fields, body: text.slice(closing + 1) };
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? quoted[2]! : value;
}

function scalar(fields: FrontMatter['fields'], key: string, file: string): string | undefined {
  const value = fields.get(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new CorpusError(`${file}: front matter "${key}" must be a single value, not a list.`);
  return value;
}

export function readMeta(fields: FrontMatter['fields'], file: string): DocumentMeta {
  const published = scalar(fields, 'published', file);
  if (published !== undefined && !isIsoDate(published)) {
    throw new CorpusError(`${file}: front matter "published" must be a date like 2020-01-05 (got "${published}").`);
  }
  const url = scalar(fields, 'url', file);
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) {
    throw new CorpusError(`${file}: front matter "url" must start with http:// or https:// (got "${url}").`);
  }
  const examples = fields.get('examples');
  if (typeof examples === 'string')
    throw new CorpusError(`${file}: front matter "examples" must be a list of "- question" lines.`);
  return { title: scalar(fields, 'title', file), published, url, source: scalar(fields, 'source', file), examples };
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Blank-line separated blocks, furniture lines dropped, inner line breaks folded to spaces. */
export function splitParagraphs(body: string, furniture: readonly string[]): string[] {
  const dropped = new Set(furniture.map((line) => line.trim()));
  return body
    .split(/\n[ \t]*\n/)
    .map((block) =>
      block
        .split('\n')
        .filter((line) => !dropped.has(line.trim()))
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .join(' '),
    )
    .filter((paragraph) => paragraph !== '');
}

function titleFromFileName(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Parses one article's text. Pure: used by the loader and by tests. */
export function parseDocument(id: string, source: string, file: string, furniture: readonly string[]): LoadedDocument {
  const { fields, body } = parseFrontMatter(source, file);
  const meta = readMeta(fields, file);
  let texts = splitParagraphs(body, furniture);
  let title = meta.title;
  // A Markdown article without a front-matter title may start with a "# Heading".
  const heading = /^#\s+(.+)$/.exec(texts[0] ?? '');
  if (heading && path.extname(file) === '.md') {
    title ??= heading[1]!.trim();
    texts = texts.slice(1);
  }
  if (texts.length === 0)
    throw new CorpusError(`${file}: has no paragraphs (it is empty, or holds only front matter and furniture).`);
  const paragraphs: Paragraph[] = texts.map((text, index) => ({ documentId: id, number: index + 1, text }));
  return {
    id,
    title: title ?? titleFromFileName(id),
    ...(meta.published !== undefined && { published: meta.published }),
    ...(meta.url !== undefined && { url: meta.url }),
    ...(meta.source !== undefined && { source: meta.source }),
    paragraphs,
    examples: meta.examples ?? [],
  };
}

/**
 * One article from its bytes or text, as a file of the corpus folder would be read: the same
 * checks (binary, non-UTF-8, malformed front matter, no paragraphs) and the same messages.
 * `name` is the file name the messages use; its extension (.md) decides whether a leading
 * "# Heading" is the title. Used for articles that do not come from the corpus folder.
 */
export function parseArticle(
  id: string,
  source: Uint8Array | string,
  name: string,
  furniture: readonly string[],
): LoadedDocument {
  const text = typeof source === 'string' ? source.replace(/^\uFEFF/, '') : decodeText(source, name);
  return parseDocument(id, text, name, furniture);
}

function readSmallText(file: string): string {
  let info;
  try {
    // Synchronous on purpose: 10,000 small files read in turn are several times faster without a
    // thread-pool round trip each, and loading happens once, before anything else can run.
    info = statSync(file);
  } catch (error) {
    throw new CorpusError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (info.size > MAX_DOCUMENT_BYTES) {
    throw new CorpusError(
      `${file}: is ${info.size} bytes; the limit is ${MAX_DOCUMENT_BYTES} bytes (2 MiB) per file. Split it into several articles.`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new CorpusError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  return decodeText(bytes, file);
}

export interface LoadedCorpus extends Corpus {
  readonly documents: readonly LoadedDocument[];
}

/** Loads every article in `dir`, sorted by file name. Throws CorpusError naming the file and the problem. */
export async function loadCorpus(dir: string, options: LoadCorpusOptions = {}): Promise<LoadedCorpus> {
  const furniture = options.furniture ?? ['Advertisement'];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'ENOTDIR'
          ? 'is not a folder'
          : `cannot be read (${code ?? 'error'})`;
    throw new CorpusError(
      `Corpus folder ${dir} ${why}. Set CORPUS_DIR to the folder that holds your articles (.md or .txt).`,
    );
  }
  const articleFiles = entries
    .filter((entry) => !entry.name.startsWith('_') && !entry.name.startsWith('.'))
    .filter((entry) => ARTICLE_EXTENSIONS.has(path.extname(entry.name).toLowerCase()))
    .map((entry) => entry.name)
    .sort();
  if (articleFiles.length === 0) {
    throw new CorpusError(`Corpus folder ${dir} has no articles: add at least one .md or .txt file.`);
  }
  const documents: LoadedDocument[] = [];
  for (const name of articleFiles) {
    const file = path.join(dir, name);
    const id = path.basename(name, path.extname(name));
    documents.push(parseDocument(id, readSmallText(file), file, furniture));
  }
  const aliasFile = path.join(dir, ALIASES_FILE);
  const hasAliases = entries.some((entry) => entry.name === ALIASES_FILE);
  const aliases: AliasGroup[] = hasAliases ? parseAliases(readSmallText(aliasFile), aliasFile) : [];
  return { documents, aliases };
}

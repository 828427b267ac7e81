/**
 * Turning what a moderator gives /stories add into an article: an attachment (a .md or .txt file in
 * the corpus/ format) or a link to a news page. Downloads go through safeFetch with the limits in
 * force; files are read by the corpus loader's own parser, with its checks and messages; pages are
 * extracted with Readability. Nothing is stored here. No Discord.
 */
import path from 'node:path';
import { CorpusError, decodeText, parseArticle } from '../corpus/index.js';
import { ExtractTimeout, extractOffThread } from '../ingest/extract-off-thread.js';
import { FetchRefused, formatBytes, safeFetch, type Resolver } from '../ingest/fetch.js';

export interface IntakeOptions {
  readonly maxFileBytes: number;
  readonly maxPageBytes: number;
  /** Tests only (STORIES_FETCH_ALLOW_LOOPBACK): 127.0.0.1 may be fetched. */
  readonly allowLoopback: boolean;
  /** The operator's furniture lines (CORPUS_FURNITURE), dropped as in the corpus. */
  readonly furniture: readonly string[];
  readonly resolver?: Resolver;
  readonly timeoutMs?: number;
}

/** An article ready to be stored. */
export interface Draft {
  readonly title: string;
  readonly published: string | undefined;
  readonly url: string | undefined;
  readonly source: string | undefined;
  readonly paragraphs: readonly string[];
  /** Example questions from a file's front matter (`examples:`). */
  readonly examples: readonly string[];
}

/** Why an article could not be read; `message` is written for the moderator. */
export class IntakeError extends Error {
  override readonly name = 'IntakeError';
}

export const FILE_EXTENSIONS = ['.md', '.txt'] as const;
export const PAGE_TYPES = ['text/html', 'text/plain'] as const;
/** Titles longer than this are cut: Discord shows at most 256 characters of one. */
const MAX_TITLE_LENGTH = 250;

export interface AttachmentInfo {
  readonly name: string;
  /** The size Discord reports, checked before downloading. */
  readonly size: number;
  readonly url: string;
}

function fitTitle(title: string): string {
  const clean = title.replace(/\s+/g, ' ').trim();
  return clean.length <= MAX_TITLE_LENGTH ? clean : `${clean.slice(0, MAX_TITLE_LENGTH - 1).trimEnd()}…`;
}

/** A title given with the command wins over the article's own. */
function titled(draft: Draft, title: string | null | undefined): Draft {
  const chosen = title?.trim();
  return chosen === undefined || chosen === '' ? draft : { ...draft, title: fitTitle(chosen) };
}

function asIntakeError(error: unknown): never {
  if (error instanceof CorpusError || error instanceof FetchRefused) throw new IntakeError(error.message);
  throw error;
}

/** A .md or .txt file's bytes, read as the corpus loader reads a file of CORPUS_DIR. */
export function draftFromFile(
  name: string,
  bytes: Uint8Array,
  options: Pick<IntakeOptions, 'furniture'>,
  title?: string | null,
): Draft {
  try {
    // The loader's rules look at the extension in any case (".MD" is Markdown), and a title-less
    // file is titled from its name, as a file of CORPUS_DIR is.
    const extension = path.extname(name);
    const normalised = `${name.slice(0, name.length - extension.length)}${extension.toLowerCase()}`;
    const document = parseArticle(
      path.basename(normalised, extension.toLowerCase()),
      bytes,
      normalised,
      options.furniture,
    );
    return titled(
      {
        title: fitTitle(document.title),
        published: document.published,
        url: document.url,
        source: document.source,
        paragraphs: document.paragraphs.map((paragraph) => paragraph.text),
        examples: document.examples,
      },
      title,
    );
  } catch (error) {
    return asIntakeError(error);
  }
}

/** Checks an attachment's name and announced size, downloads it and reads it. */
export async function draftFromAttachment(
  attachment: AttachmentInfo,
  options: IntakeOptions,
  title?: string | null,
): Promise<Draft> {
  const name = path.basename(attachment.name.replace(/\\/g, '/'));
  const extension = path.extname(name).toLowerCase();
  if (!(FILE_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new IntakeError(`${name}: only .md and .txt files can be added (written like the articles in corpus/).`);
  }
  if (attachment.size > options.maxFileBytes) {
    throw new IntakeError(
      `${name}: is ${formatBytes(attachment.size)}; files can be at most ${formatBytes(options.maxFileBytes)} (STORIES_MAX_FILE_BYTES).`,
    );
  }
  let bytes: Buffer;
  try {
    const fetched = await safeFetch(attachment.url, {
      maxBytes: options.maxFileBytes,
      maxBytesSetting: 'STORIES_MAX_FILE_BYTES',
      allowLoopback: options.allowLoopback,
      what: `${name}`,
      ...(options.resolver !== undefined && { resolver: options.resolver }),
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    });
    bytes = fetched.body;
  } catch (error) {
    return asIntakeError(error);
  }
  return draftFromFile(name, bytes, options, title);
}

/** The charset a page declares in a <meta> near its start, when its Content-Type did not say. */
function declaredCharset(body: Buffer): string | undefined {
  const head = body.subarray(0, 4096).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
}

/**
 * WHATWG reads latin1, iso-8859-1, ascii and windows-1252 alike as windows-1252, but Node 20's
 * TextDecoder maps bytes 0x80–0x9F to control characters instead of ’ “ ” – — €.
 */
const WINDOWS_1252_LABELS = new Set([
  'windows-1252',
  'cp1252',
  'x-cp1252',
  'latin1',
  'iso-8859-1',
  'iso8859-1',
  'l1',
  'ascii',
  'us-ascii',
]);
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(body: Buffer): string {
  let text = '';
  for (const byte of body)
    text += byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80]! : String.fromCharCode(byte);
  return text;
}

/** A page's text: UTF-8 (checked as the corpus loader checks files) unless it declares another charset. */
function pageText(body: Buffer, charset: string | undefined, where: string): string {
  const label = charset ?? declaredCharset(body);
  if (label === undefined || label === 'utf-8' || label === 'utf8') return decodeText(body, where);
  if (body.includes(0)) decodeText(body, where); // throws the loader's "binary" message
  if (WINDOWS_1252_LABELS.has(label)) return decodeWindows1252(body);
  let decoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    return decodeText(body, where); // a charset Node does not know: read as UTF-8, or refuse as the loader does
  }
  return decoder.decode(body);
}

/** Fetches a news page (or a plain-text file on the web) and extracts its article. */
export async function draftFromUrl(link: string, options: IntakeOptions, title?: string | null): Promise<Draft> {
  try {
    const fetched = await safeFetch(link, {
      maxBytes: options.maxPageBytes,
      maxBytesSetting: 'STORIES_MAX_PAGE_BYTES',
      allowLoopback: options.allowLoopback,
      acceptTypes: PAGE_TYPES,
      ...(options.resolver !== undefined && { resolver: options.resolver }),
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    });
    const where = fetched.url;
    if (fetched.mediaType === 'text/plain') {
      // A text file on the web is an article in the corpus/ format, as an attachment is.
      const base = path.basename(new URL(fetched.url).pathname) || 'page';
      const name = /\.(md|txt)$/i.test(base) ? base : `${base}.txt`;
      const draft = draftFromFile(name, fetched.body, options, title);
      return draft.url === undefined ? { ...draft, url: fetched.url } : draft;
    }
    const text = pageText(fetched.body, fetched.charset, where);
    let article;
    try {
      article = await extractOffThread(text, fetched.url, options.furniture);
    } catch (error) {
      if (error instanceof ExtractTimeout) {
        throw new IntakeError(
          `${where}: reading that page took too long. Add the article as a .md or .txt file instead.`,
        );
      }
      // A page malformed enough to break the HTML parser or Readability is a page we can't read.
      throw new IntakeError(
        `${where}: I couldn't read that page's HTML. Add the article as a .md or .txt file instead.`,
      );
    }
    if (article.paragraphs.length === 0) {
      throw new IntakeError(
        `${where}: I couldn't find an article's text on that page. Link to the article itself, or add it as a .md or .txt file.`,
      );
    }
    const hostTitle = new URL(fetched.url).hostname;
    return titled(
      {
        title: fitTitle(article.title ?? hostTitle),
        published: article.published,
        url: article.url,
        source: article.source,
        paragraphs: article.paragraphs,
        examples: [],
      },
      title,
    );
  } catch (error) {
    return asIntakeError(error);
  }
}

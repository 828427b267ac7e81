/**
 * Fetching a page a moderator linked, without letting the link reach anything it shouldn't.
 *
 * - Only http: and https:.
 * - The host name is resolved once per hop, every address it resolves to is checked
 *   (address.ts), and the connection is made to the checked address through a custom `lookup`:
 *   a DNS answer that changes between the check and the connection (DNS rebinding) is never asked
 *   for, so it cannot change where we connect.
 * - Redirects are followed by hand, at most 3, each new location checked as the first one was.
 * - One deadline (10 s) covers the whole fetch, redirects included.
 * - The body is read up to a byte limit; a larger Content-Length is refused before reading.
 * - Only the content types asked for (text/html and text/plain for pages).
 *
 * Every refusal is a FetchRefused with its own reason and a sentence for the moderator.
 * No Discord here: the bot's /stories command and tests call it alike.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { blockedKind, describeBlocked, isAllowedAddress } from './address.js';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Turns a host name into addresses. Injectable so that tests need no DNS. */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

export type RefusalReason =
  | 'bad-url'
  | 'scheme'
  | 'blocked-address'
  | 'dns'
  | 'too-many-redirects'
  | 'timeout'
  | 'too-big'
  | 'content-type'
  | 'http-status'
  | 'network';

/** A fetch we would not make, or that failed; `message` is written for the moderator. */
export class FetchRefused extends Error {
  override readonly name = 'FetchRefused';
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

export interface FetchOptions {
  /** Largest body accepted, in bytes (after decompression). */
  readonly maxBytes: number;
  /** The setting that sets `maxBytes`, named in the "too big" refusal. */
  readonly maxBytesSetting?: string;
  /** Whole fetch, redirects included. Default 10 s. */
  readonly timeoutMs?: number;
  /** Default 3. */
  readonly maxRedirects?: number;
  /** Tests only: lets 127.0.0.1 (and no other private address) through. */
  readonly allowLoopback?: boolean;
  readonly resolver?: Resolver;
  /** Media types accepted (e.g. ['text/html', 'text/plain']); undefined accepts any. */
  readonly acceptTypes?: readonly string[];
  /** What the fetched thing is called in messages ("the page", "the file"). */
  readonly what?: string;
}

export interface Fetched {
  /** The URL the body came from, after redirects. */
  readonly url: string;
  /** Media type, lower case, without parameters ('' when the server sent none). */
  readonly mediaType: string;
  /** The charset parameter of Content-Type, lower case, when given. */
  readonly charset: string | undefined;
  readonly body: Buffer;
}

export const FETCH_TIMEOUT_MS = 10_000;
export const MAX_REDIRECTS = 3;
const USER_AGENT = 'Mozilla/5.0 (compatible; FootnoteBot/0.1; quotes news articles for a Discord server)';

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** Parses and checks a URL's scheme. Throws FetchRefused. */
export function parseHttpUrl(text: string, base?: string): URL {
  let url: URL;
  try {
    url = base === undefined ? new URL(text.trim()) : new URL(text.trim(), base);
  } catch {
    throw new FetchRefused(
      'bad-url',
      `“${text.slice(0, 200)}” is not a web address. Give a full link starting with https://.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchRefused(
      'scheme',
      `Only http:// and https:// links can be fetched, not ${url.protocol.slice(0, 20)} links.`,
    );
  }
  return url;
}

/** The host of a URL as an IP literal (brackets removed), or undefined for a name. */
function literalAddress(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) === 0 ? undefined : host;
}

/** A DNS lookup cannot be cancelled; the deadline stops waiting for it all the same. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new Error('aborted'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Resolves and checks the host of `url`; returns the one address to connect to. */
async function checkedAddress(
  url: URL,
  options: FetchOptions,
  redirected: boolean,
  signal: AbortSignal,
): Promise<ResolvedAddress> {
  const literal = literalAddress(url);
  let addresses: readonly ResolvedAddress[];
  if (literal !== undefined) {
    addresses = [{ address: literal, family: isIP(literal) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await untilAborted((options.resolver ?? systemResolver)(url.hostname), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      addresses = [];
    }
    if (addresses.length === 0) {
      throw new FetchRefused(
        'dns',
        `I couldn't find the site ${url.hostname} (its name does not resolve). Check the link.`,
      );
    }
  }
  const allowLoopback = options.allowLoopback ?? false;
  // Every address the name has must be public: otherwise which one we would reach is up to DNS.
  for (const entry of addresses) {
    if (isAllowedAddress(entry.address, allowLoopback)) continue;
    const kind = blockedKind(entry.address) ?? 'reserved';
    const how = redirected ? 'The link redirected to' : 'The link points to';
    const via = literal === undefined ? `${url.hostname}, which resolves to ${entry.address}` : entry.address;
    throw new FetchRefused(
      'blocked-address',
      `${how} ${via}: ${describeBlocked(kind)}. I only fetch pages from public web addresses.`,
    );
  }
  return addresses[0]!;
}

/** A `lookup` that answers with the address we checked, whatever the name (no second DNS query). */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options.all === true) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as LookupFunction;
}

interface HopResult {
  readonly response: http.IncomingMessage;
}

function request(url: URL, pinned: ResolvedAddress, signal: AbortSignal): Promise<HopResult> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(
      url,
      {
        method: 'GET',
        agent: false, // no pooled sockets: each hop connects to its own checked address
        lookup: pinnedLookup(pinned),
        family: pinned.family,
        signal,
        headers: {
          'user-agent': USER_AGENT,
          accept: 'text/html,text/plain;q=0.9,*/*;q=0.1',
          'accept-encoding': 'gzip, deflate, br',
        },
      },
      (response) => resolve({ response }),
    );
    req.on('error', reject);
    req.end();
  });
}

function mediaTypeOf(header: string | undefined): { mediaType: string; charset: string | undefined } {
  if (header === undefined) return { mediaType: '', charset: undefined };
  const [type, ...params] = header.split(';');
  const charset = params
    .map((param) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(param)?.[1])
    .find((value) => value !== undefined);
  return { mediaType: (type ?? '').trim().toLowerCase(), charset: charset?.toLowerCase() };
}

function decoded(response: http.IncomingMessage): Readable {
  switch ((response.headers['content-encoding'] ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return response.pipe(createGunzip());
    case 'deflate':
      return response.pipe(createInflate());
    case 'br':
      return response.pipe(createBrotliDecompress());
    default:
      return response;
  }
}

function tooBig(options: FetchOptions, size?: number): FetchRefused {
  const what = options.what ?? 'The page';
  const setting = options.maxBytesSetting === undefined ? '' : ` (${options.maxBytesSetting})`;
  const actual = size === undefined ? 'larger than' : `${formatBytes(size)}; more than`;
  return new FetchRefused('too-big', `${what} is ${actual} the ${formatBytes(options.maxBytes)} I accept${setting}.`);
}

/** Reads a body up to `maxBytes` (after decompression), refusing anything larger. */
async function readLimited(response: http.IncomingMessage, options: FetchOptions): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  const identity = response.headers['content-encoding'] === undefined;
  if (identity && Number.isFinite(declared) && declared > options.maxBytes) {
    response.destroy();
    throw tooBig(options, declared);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = decoded(response);
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size > options.maxBytes) throw tooBig(options);
      chunks.push(buffer);
    }
  } finally {
    response.destroy();
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

function networkMessage(error: unknown, url: URL): FetchRefused {
  if (error instanceof FetchRefused) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR__ERROR_FORMAT_PADDING_1') {
    return new FetchRefused('network', `${url.hostname} sent a damaged compressed response.`);
  }
  return new FetchRefused(
    'network',
    `I couldn't load ${url.hostname}${code === undefined ? '' : ` (${code})`}. Check the link and try again.`,
  );
}

/**
 * Fetches `link` under the rules above. Resolves with the body, or rejects with FetchRefused.
 */
export async function safeFetch(link: string, options: FetchOptions): Promise<Fetched> {
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  timer.unref();
  let url = parseHttpUrl(link);
  try {
    for (let hop = 0; ; hop++) {
      const pinned = await checkedAddress(url, options, hop > 0, controller.signal);
      let response: http.IncomingMessage;
      try {
        ({ response } = await request(url, pinned, controller.signal));
      } catch (error) {
        if (timedOut) throw error;
        throw networkMessage(error, url);
      }
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location !== undefined) {
        response.destroy();
        if (hop >= maxRedirects) {
          throw new FetchRefused(
            'too-many-redirects',
            `The link redirected more than ${maxRedirects} times, so I stopped following it. Link to the article itself.`,
          );
        }
        url = parseHttpUrl(location, url.href);
        continue;
      }
      if (status < 200 || status >= 300) {
        response.destroy();
        const text = http.STATUS_CODES[status] ?? 'error';
        throw new FetchRefused('http-status', `${url.hostname} answered ${status} ${text} instead of the page.`);
      }
      const { mediaType, charset } = mediaTypeOf(response.headers['content-type']);
      if (options.acceptTypes !== undefined && !options.acceptTypes.includes(mediaType)) {
        response.destroy();
        const got = mediaType === '' ? 'no content type at all' : `“${mediaType.slice(0, 80)}”`;
        throw new FetchRefused(
          'content-type',
          `${options.what ?? 'The page'} is ${got}, not a web page or text: I accept only ${options.acceptTypes.join(' and ')}.`,
        );
      }
      let body: Buffer;
      try {
        body = await readLimited(response, options);
      } catch (error) {
        if (timedOut) throw error;
        throw networkMessage(error, url);
      }
      return { url: url.href, mediaType, charset, body };
    }
  } catch (error) {
    if (timedOut) {
      throw new FetchRefused(
        'timeout',
        `${options.what ?? 'The page'} took longer than ${+(timeoutMs / 1000).toFixed(1)} s to load, so I gave up.`,
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

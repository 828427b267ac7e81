/**
 * safeFetch against a web server on 127.0.0.1, with an injected resolver: no DNS query and no
 * packet ever leaves this machine. Names under .test are not resolvable by the system: a fetch
 * that connects to one proves it used the address we checked (the pinned `lookup`).
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchRefused, safeFetch, type FetchOptions, type Resolver } from '../../src/ingest/fetch.js';
import { PageServer } from '../support/page-server.ts';

let pages: PageServer;

beforeAll(async () => {
  pages = await PageServer.start();
  pages.route('/page', { headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<p>Hello</p>' });
  pages.route('/text', { headers: { 'content-type': 'text/plain' }, body: 'Plain text.' });
  pages.route('/image', { headers: { 'content-type': 'image/png' }, body: 'PNG' });
  pages.route('/no-type', { body: 'what is this' });
  pages.route('/slow', { headers: { 'content-type': 'text/html' }, body: '<p>late</p>', delayMs: 2_000 });
  pages.route('/big', { headers: { 'content-type': 'text/html' }, body: 'x'.repeat(5000) });
  pages.route('/big-chunked', { headers: { 'content-type': 'text/html' }, chunked: true, body: 'x'.repeat(50_000) });
  pages.route('/gzip-bomb', {
    headers: { 'content-type': 'text/html', 'content-encoding': 'gzip' },
    body: gzipSync(Buffer.alloc(200_000, 0x41)),
  });
  pages.route('/gzip-ok', {
    headers: { 'content-type': 'text/html', 'content-encoding': 'gzip' },
    body: gzipSync(Buffer.from('<p>zipped</p>')),
  });
  pages.route('/error', { status: 500, headers: { 'content-type': 'text/html' }, body: 'oops' });
  for (let i = 1; i <= 4; i++)
    pages.route(`/r${i}`, { status: 302, headers: { location: i === 4 ? '/page' : `/r${i + 1}` } });
  pages.route('/to-evil', (server) => ({ status: 302, headers: { location: `http://evil.test:${server.port}/page` } }));
  pages.route('/to-private-literal', { status: 301, headers: { location: 'http://192.168.1.10/admin' } });
  pages.route('/to-ftp', { status: 302, headers: { location: 'ftp://example.org/file' } });
});

afterAll(async () => {
  await pages?.close();
});

const calls: string[] = [];
/** Fixed answers; a name not listed does not resolve. */
function resolver(table: Record<string, string[] | (() => string[])>): Resolver {
  return async (hostname) => {
    calls.push(hostname);
    const entry = table[hostname];
    const addresses = typeof entry === 'function' ? entry() : (entry ?? []);
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

function options(extra: Partial<FetchOptions> = {}): FetchOptions {
  return {
    maxBytes: 10_000,
    allowLoopback: true,
    acceptTypes: ['text/html', 'text/plain'],
    resolver: resolver({}),
    ...extra,
  };
}

async function refusal(link: string, extra: Partial<FetchOptions> = {}): Promise<FetchRefused> {
  try {
    await safeFetch(link, options(extra));
  } catch (error) {
    if (error instanceof FetchRefused) return error;
    throw error;
  }
  throw new Error(`${link} was fetched`);
}

describe('safeFetch', () => {
  it('fetches an allowed page, with its media type and charset', async () => {
    const fetched = await safeFetch(`${pages.origin}/page`, options());
    expect(fetched).toMatchObject({ url: `${pages.origin}/page`, mediaType: 'text/html', charset: 'utf-8' });
    expect(fetched.body.toString()).toBe('<p>Hello</p>');
    expect((await safeFetch(`${pages.origin}/gzip-ok`, options())).body.toString()).toBe('<p>zipped</p>');
  });

  it('refuses 127.0.0.1 unless STORIES_FETCH_ALLOW_LOOPBACK is on, without connecting', async () => {
    const before = pages.requests.length;
    const refused = await refusal(`${pages.origin}/page`, { allowLoopback: false });
    expect(refused.reason).toBe('blocked-address');
    expect(refused.message).toBe(
      'The link points to 127.0.0.1: this machine itself (a loopback address). I only fetch pages from public web addresses.',
    );
    expect(pages.requests.length).toBe(before);
  });

  it('refuses a name that resolves to a private address, naming both', async () => {
    const refused = await refusal('http://intranet.test/wiki', {
      resolver: resolver({ 'intranet.test': ['10.0.0.5'] }),
    });
    expect(refused.message).toBe(
      'The link points to intranet.test, which resolves to 10.0.0.5: a private network address. I only fetch pages from public web addresses.',
    );
    const metadata = await refusal('http://metadata.test/', {
      resolver: resolver({ 'metadata.test': ['169.254.169.254'] }),
    });
    expect(metadata.message).toMatch(/resolves to 169\.254\.169\.254: a cloud metadata service address/);
    const cgnat = await refusal('http://carrier.test/', { resolver: resolver({ 'carrier.test': ['100.64.3.4'] }) });
    expect(cgnat.message).toMatch(/carrier-grade NAT/);
    const v6 = await refusal('http://six.test/', { resolver: resolver({ 'six.test': ['fd00::1'] }) });
    expect(v6.message).toMatch(/resolves to fd00::1: a private network address/);
  });

  it('refuses a name when any of its addresses is private (which one is reached is up to DNS)', async () => {
    const refused = await refusal('http://mixed.test/', {
      resolver: resolver({ 'mixed.test': ['93.184.216.34', '10.1.2.3'] }),
    });
    expect(refused.message).toMatch(/resolves to 10\.1\.2\.3/);
  });

  it('connects to the address it checked: a DNS answer that changes afterwards is never asked for', async () => {
    let lookups = 0;
    const rebinding = resolver({
      'rebind.test': () => {
        lookups++;
        return lookups === 1 ? ['127.0.0.1'] : ['10.0.0.5'];
      },
    });
    const fetched = await safeFetch(`http://rebind.test:${pages.port}/page`, options({ resolver: rebinding }));
    expect(fetched.body.toString()).toBe('<p>Hello</p>');
    expect(lookups).toBe(1);
    expect(pages.requests.at(-1)).toMatchObject({ path: '/page', host: `rebind.test:${pages.port}` });
  });

  it('checks every redirect as it checks the link, and follows at most 3', async () => {
    const evil = await refusal(`${pages.origin}/to-evil`, { resolver: resolver({ 'evil.test': ['127.0.0.2'] }) });
    expect(evil.message).toBe(
      'The link redirected to evil.test, which resolves to 127.0.0.2: this machine itself (a loopback address). I only fetch pages from public web addresses.',
    );
    const literal = await refusal(`${pages.origin}/to-private-literal`);
    expect(literal.message).toMatch(/^The link redirected to 192\.168\.1\.10: a private network address/);
    expect((await refusal(`${pages.origin}/to-ftp`)).reason).toBe('scheme');
    expect((await safeFetch(`${pages.origin}/r2`, options())).url).toBe(`${pages.origin}/page`);
    const tooMany = await refusal(`${pages.origin}/r1`);
    expect(tooMany.message).toBe(
      'The link redirected more than 3 times, so I stopped following it. Link to the article itself.',
    );
  });

  it('gives up after the timeout', async () => {
    const started = Date.now();
    const refused = await refusal(`${pages.origin}/slow`, { timeoutMs: 300 });
    expect(refused.reason).toBe('timeout');
    expect(refused.message).toBe('The page took longer than 0.3 s to load, so I gave up.');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('refuses bodies over the limit: by Content-Length, while reading, and after decompressing', async () => {
    const declared = await refusal(`${pages.origin}/big`, {
      maxBytes: 1000,
      maxBytesSetting: 'STORIES_MAX_PAGE_BYTES',
    });
    expect(declared.message).toBe('The page is 4.9 KiB; more than the 1000 bytes I accept (STORIES_MAX_PAGE_BYTES).');
    const chunked = await refusal(`${pages.origin}/big-chunked`, { maxBytes: 20_000 });
    expect(chunked.message).toBe('The page is larger than the 19.5 KiB I accept.');
    const bomb = await refusal(`${pages.origin}/gzip-bomb`, { maxBytes: 20_000 });
    expect(bomb.reason).toBe('too-big');
  });

  it('accepts only the content types asked for', async () => {
    expect((await refusal(`${pages.origin}/image`)).message).toBe(
      'The page is “image/png”, not a web page or text: I accept only text/html and text/plain.',
    );
    expect((await refusal(`${pages.origin}/no-type`)).message).toMatch(/^The page is no content type at all/);
    expect((await safeFetch(`${pages.origin}/image`, options({ acceptTypes: undefined }))).body.toString()).toBe('PNG');
    expect((await safeFetch(`${pages.origin}/text`, options())).mediaType).toBe('text/plain');
  });

  it('refuses other schemes, non-URLs, unknown names and HTTP errors, each in its own words', async () => {
    expect((await refusal('ftp://example.org/file')).message).toBe(
      'Only http:// and https:// links can be fetched, not ftp: links.',
    );
    expect((await refusal('javascript:alert(1)')).reason).toBe('scheme');
    expect((await refusal('not a link')).reason).toBe('bad-url');
    expect((await refusal('http://nowhere.test/')).message).toBe(
      "I couldn't find the site nowhere.test (its name does not resolve). Check the link.",
    );
    expect((await refusal(`${pages.origin}/error`)).message).toBe(
      '127.0.0.1 answered 500 Internal Server Error instead of the page.',
    );
    expect((await refusal('http://[::ffff:10.0.0.5]/')).message).toMatch(
      /::ffff:a00:5: a private network address|::ffff:10\.0\.0\.5: a private network address/,
    );
  });
});

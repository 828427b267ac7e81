/** Reading what /stories add is given: files as the corpus loader reads them, pages through Readability. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IntakeError,
  draftFromAttachment,
  draftFromFile,
  draftFromUrl,
  type IntakeOptions,
} from '../../src/stories/intake.js';
import { PageServer } from '../support/page-server.ts';

let pages: PageServer;
const OPTIONS: IntakeOptions = {
  maxFileBytes: 10_000,
  maxPageBytes: 50_000,
  allowLoopback: true,
  furniture: ['Advertisement'],
};
const ARTICLE =
  '<html><head><title>Old mill sold</title></head><body><article><h1>Old mill sold</h1><p>The old mill on the river was sold on Monday to a housing charity for a small sum.</p><p>The charity plans to build forty flats inside the mill\u2019s walls by 2034.</p></article></body></html>';

beforeAll(async () => {
  pages = await PageServer.start();
  pages.route('/latin1', {
    headers: { 'content-type': 'text/html; charset=iso-8859-1' },
    body: Buffer.from(ARTICLE.replace('\u2019', "'").replace('small sum', 'small sum in caf\xe9 vouchers'), 'latin1'),
  });
  pages.route('/meta-charset', {
    headers: { 'content-type': 'text/html' },
    body: Buffer.from(
      `<html><head><meta charset="windows-1252"></head>${ARTICLE.replace('\u2019', '\x92').slice(6)}`,
      'latin1',
    ),
  });
  pages.route('/not-utf8', { headers: { 'content-type': 'text/html' }, body: Buffer.from('<p>caf\xe9</p>', 'latin1') });
  pages.route('/notes.txt', {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: '---\ntitle: Plain notes\n---\n\nFirst note.\n\nSecond note.\n',
  });
  pages.route('/empty', {
    headers: { 'content-type': 'text/html' },
    body: '<html><body><nav><a href="/">Home</a></nav></body></html>',
  });
  pages.route('/file.md', {
    headers: { 'content-type': 'application/octet-stream' },
    body: '# Title from heading\n\nBody text.\n',
  });
});

afterAll(async () => {
  await pages?.close();
});

describe('draftFromFile', () => {
  it('reads the corpus format: front matter, furniture, heading title; a given title wins', () => {
    const draft = draftFromFile(
      'a.md',
      Buffer.from(
        '---\npublished: 2031-01-02\nexamples:\n  - Who?\n---\n# Heading title\n\nOne.\n\nAdvertisement\n\nTwo.\n',
      ),
      OPTIONS,
    );
    expect(draft).toEqual({
      title: 'Heading title',
      published: '2031-01-02',
      url: undefined,
      source: undefined,
      paragraphs: ['One.', 'Two.'],
      examples: ['Who?'],
    });
    expect(draftFromFile('a.md', Buffer.from('Text.'), OPTIONS, '  My  title ').title).toBe('My title');
    expect(draftFromFile('a.md', Buffer.from('Text.'), OPTIONS, 'x'.repeat(400)).title).toHaveLength(250);
  });

  it('refuses with the corpus loader’s messages', () => {
    expect(() => draftFromFile('e.md', Buffer.alloc(0), OPTIONS)).toThrow(
      new IntakeError('e.md: has no paragraphs (it is empty, or holds only front matter and furniture).'),
    );
    expect(() => draftFromFile('b.txt', Buffer.from([0x41, 0, 0x42]), OPTIONS)).toThrow(
      /b\.txt: looks like a binary file/,
    );
    expect(() => draftFromFile('l.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9]), OPTIONS)).toThrow(
      /l\.txt: is not valid UTF-8 text; save it as UTF-8\./,
    );
  });
});

describe('draftFromAttachment', () => {
  it('checks the extension and the announced size before downloading', async () => {
    const before = pages.requests.length;
    await expect(
      draftFromAttachment({ name: 'x.pdf', size: 10, url: `${pages.origin}/file.md` }, OPTIONS),
    ).rejects.toThrow(/x\.pdf: only \.md and \.txt files/);
    await expect(
      draftFromAttachment({ name: 'x.md', size: 20_000, url: `${pages.origin}/file.md` }, OPTIONS),
    ).rejects.toThrow(/x\.md: is 19\.5 KiB; files can be at most 9\.8 KiB \(STORIES_MAX_FILE_BYTES\)\./);
    expect(pages.requests.length).toBe(before);
    const draft = await draftFromAttachment(
      { name: '../../evil/notes.MD', size: 30, url: `${pages.origin}/file.md` },
      OPTIONS,
    );
    expect(draft.title).toBe('Title from heading');
  });

  it('refuses an attachment URL that points somewhere private', async () => {
    await expect(draftFromAttachment({ name: 'x.md', size: 10, url: 'http://10.0.0.5/x.md' }, OPTIONS)).rejects.toThrow(
      /private network address/,
    );
  });
});

describe('draftFromUrl', () => {
  it('decodes the charset a page declares, in its header or in a <meta>', async () => {
    const latin = await draftFromUrl(`${pages.origin}/latin1`, OPTIONS);
    expect(latin.paragraphs[0]).toContain('café vouchers');
    const meta = await draftFromUrl(`${pages.origin}/meta-charset`, OPTIONS);
    expect(meta.paragraphs[1]).toContain('mill’s walls');
  });

  it('refuses a page that is not UTF-8 and declares nothing else, with the loader’s message', async () => {
    await expect(draftFromUrl(`${pages.origin}/not-utf8`, OPTIONS)).rejects.toThrow(
      `${pages.origin}/not-utf8: is not valid UTF-8 text; save it as UTF-8.`,
    );
  });

  it('reads a text/plain link in the corpus format, keeping its URL', async () => {
    const draft = await draftFromUrl(`${pages.origin}/notes.txt`, OPTIONS);
    expect(draft).toMatchObject({
      title: 'Plain notes',
      paragraphs: ['First note.', 'Second note.'],
      url: `${pages.origin}/notes.txt`,
    });
  });

  it('says so when a page has no article', async () => {
    await expect(draftFromUrl(`${pages.origin}/empty`, OPTIONS)).rejects.toThrow(
      /I couldn't find an article's text on that page/,
    );
  });
});

import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusError, loadCorpus, MAX_DOCUMENT_BYTES } from '../../src/corpus/index.js';
import { parseDocument, splitParagraphs } from '../../src/corpus/load.js';

const STORY = 'iraq-parliament-votes-to-expel-us-troops';

async function corpusWith(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'footnote-corpus-'));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

describe('the shipped corpus', () => {
  it('holds the story as its first document, with 16 stable paragraphs and no furniture', async () => {
    const corpus = await loadCorpus('corpus');
    const story = corpus.documents[0]!;
    expect(story.id).toBe(STORY);
    expect(story.published).toBe('2020-01-05');
    expect(story.title).toMatch(/Iraq/);
    expect(story.paragraphs).toHaveLength(16);
    expect(story.paragraphs.map((p) => p.number)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(story.paragraphs[0]!.text).toMatch(/^Iraq’s parliament voted on Sunday/);
    expect(story.paragraphs[5]!.text).toBe('He urged them to opt for the accelerated timetable.');
    expect(story.paragraphs[15]!.text).toMatch(/we will have a greater action\.”$/);
    expect(story.paragraphs.some((p) => p.text.includes('Advertisement'))).toBe(false);
    expect(corpus.aliases.some((group) => group.includes('Soleimani'))).toBe(true);
  });
});

describe('parsing an article', () => {
  it('reads front matter, lists and a plain .txt file', () => {
    const doc = parseDocument(
      'a',
      '---\ntitle: "A title"\nurl: https://example.org/a\nexamples:\n  - One?\n  - Two?\n---\nFirst.\n\nSecond\nline.\n',
      'a.md',
      [],
    );
    expect(doc.title).toBe('A title');
    expect(doc.url).toBe('https://example.org/a');
    expect(doc.examples).toEqual(['One?', 'Two?']);
    expect(doc.paragraphs.map((p) => p.text)).toEqual(['First.', 'Second line.']);
    const txt = parseDocument('my-story', 'Only paragraph.\r\n', 'my-story.txt', []);
    expect(txt.title).toBe('My story');
  });

  it('drops configured furniture lines and numbers what is left', () => {
    expect(
      splitParagraphs('One.\n\nAdvertisement\n\nTwo.\nSubscribe\n\n\n\nThree.', ['Advertisement', 'Subscribe']),
    ).toEqual(['One.', 'Two.', 'Three.']);
  });
});

describe('a bad corpus stops with one clear message naming the file', () => {
  const cases: [string, Record<string, string | Buffer>, RegExp][] = [
    ['no documents', { 'notes.json': '{}' }, /has no articles/],
    ['an empty document', { 'a.md': '\n\n' }, /a\.md: has no paragraphs/],
    ['only furniture', { 'a.txt': 'Advertisement\n' }, /a\.txt: has no paragraphs/],
    ['a binary file', { 'a.txt': Buffer.from([0x50, 0x00, 0x01]) }, /a\.txt: looks like a binary file/],
    ['invalid UTF-8', { 'a.txt': Buffer.from([0xc3, 0x28, 0x41]) }, /a\.txt: is not valid UTF-8/],
    [
      'unclosed front matter',
      { 'a.md': '---\ntitle: x\nText.' },
      /a\.md: front matter starts with "---" but has no closing/,
    ],
    [
      'a malformed front matter line',
      { 'a.md': '---\njust words\n---\nText.' },
      /a\.md: front matter line 2: expected "key: value"/,
    ],
    ['a bad date', { 'a.md': '---\npublished: 5 Jan 2020\n---\nText.' }, /"published" must be a date like 2020-01-05/],
    ['a bad url', { 'a.md': '---\nurl: example.org\n---\nText.' }, /"url" must start with http/],
    [
      'a bad aliases line',
      { 'a.md': 'Text.', '_aliases.txt': 'US\n' },
      /_aliases\.txt: line 1 must list at least two phrases/,
    ],
  ];
  it.each(cases)('%s', async (_name, files, message) => {
    const dir = await corpusWith(files);
    await expect(loadCorpus(dir)).rejects.toThrow(message);
    await expect(loadCorpus(dir)).rejects.toBeInstanceOf(CorpusError);
  });

  it('a missing folder', async () => {
    await expect(loadCorpus('/nonexistent/footnote')).rejects.toThrow(
      /Corpus folder \/nonexistent\/footnote does not exist\. Set CORPUS_DIR/,
    );
  });

  it('a file over the size limit', async () => {
    const dir = await corpusWith({ 'big.txt': 'word '.repeat(MAX_DOCUMENT_BYTES / 5 + 10) });
    await expect(loadCorpus(dir)).rejects.toThrow(/big\.txt: is \d+ bytes; the limit is 2097152 bytes/);
  });

  it('ignores sub-folders and files that are not articles', async () => {
    const dir = await corpusWith({ 'b.txt': 'Bee.', 'a.md': 'Ay.', README: 'x', '_notes.md': 'ignored' });
    await mkdir(path.join(dir, 'drafts'));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.id)).toEqual(['a', 'b']);
  });
});

describe('parseArticle (an article that is not a file of the corpus folder)', () => {
  it('reads bytes or text as the loader reads a file, with the same checks and messages', async () => {
    const { parseArticle } = await import('../../src/corpus/index.js');
    const doc = parseArticle('notes', Buffer.from('\uFEFF# A heading\n\nOne.\n\nAdvertisement\n\nTwo.\n'), 'notes.md', [
      'Advertisement',
    ]);
    expect(doc.title).toBe('A heading');
    expect(doc.paragraphs.map((p) => p.text)).toEqual(['One.', 'Two.']);
    expect(parseArticle('plain', 'Text only.', 'plain.txt', []).title).toBe('Plain');
    const dir = await corpusWith({ 'bad.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]) });
    const fromDisk = await loadCorpus(dir).catch((error: Error) => error.message);
    expect(() => parseArticle('bad', Buffer.from([0x63, 0x61, 0x66, 0xe9]), path.join(dir, 'bad.txt'), [])).toThrow(
      fromDisk as string,
    );
    expect(() => parseArticle('nul', Buffer.from([0x41, 0]), 'nul.txt', [])).toThrow(
      'nul.txt: looks like a binary file (it contains NUL bytes); articles must be UTF-8 text.',
    );
    expect(() => parseArticle('fm', '---\ntitle: x\n', 'fm.md', [])).toThrow(CorpusError);
  });
});

/**
 * Extraction quality on saved pages of different shapes (tests/fixtures/pages/, made-up news):
 * the article's paragraphs come out whole and in order, without menus, ads, share bars,
 * newsletters, captions, pull quotes or comments; title, date, URL and site come from metadata.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle, isoDate } from '../../src/ingest/extract.js';

const PAGES = path.join(import.meta.dirname, '..', 'fixtures', 'pages');

function extract(name: string, url = 'https://fetched.example/page'): ReturnType<typeof extractArticle> {
  return extractArticle(readFileSync(path.join(PAGES, name), 'utf8'), url, ['Advertisement']);
}

/** Each paragraph's opening words, in order. */
function openings(paragraphs: readonly string[]): string[] {
  return paragraphs.map((text) => text.split(' ').slice(0, 4).join(' '));
}

interface Expectation {
  readonly file: string;
  readonly title: string;
  readonly published: string | undefined;
  readonly url: string;
  readonly source: string | undefined;
  readonly openings: readonly string[];
  readonly absent: readonly string[];
}

const EXPECTED: readonly Expectation[] = [
  {
    file: 'harbor-bridge.html',
    title: 'Harbor bridge to close for six weeks of repairs',
    published: '2031-03-14',
    url: 'https://courier.example/news/2031/03/harbor-bridge-closure',
    source: 'The Lakeside Courier',
    openings: [
      'The Millbrook harbor bridge',
      'Inspectors found corrosion on',
      'About 18,000 vehicles cross',
      'The number 7 and',
      'Shop owners on Pier',
      'The council has set',
      'The repair contract, worth',
    ],
    absent: [
      'Pizza Planet',
      'Advertisement',
      'Zephyr',
      'cookies',
      'Related stories',
      'Share on',
      'morning briefing',
      'harborwatcher',
      'About time',
      'school runs',
      'Free ferry tickets are a nice touch',
      'Most read',
      'SkyHop',
      'All rights reserved',
      'By Dana Whitcombe',
      'Subscribe',
    ],
  },
  {
    file: 'council-budget.html',
    title: 'Valebridge council approves budget with tram extension',
    published: '2031-06-02',
    url: 'https://dailypost.example/politics/valebridge-budget-tram',
    source: 'Valebridge Daily Post',
    openings: [
      'Councillors voted 31 to',
      'Valebridge city council approved',
      'The plan passed by',
      'To help pay for',
      'Council leader Marcus Adeyemi',
      'The first new stop,',
      'Councillor Beatrix Holm, who',
      'Traders in the Corn',
    ],
    absent: [
      'Read more',
      'Residents split',
      'Subscribe to the Daily Post',
      'Photo:',
      'Share this article',
      'roadrunner88',
      'potholes on Mill Lane',
      'garden sheds',
      'Zoo welcomes',
      'Registered in England',
      'Priya Lindqvist, Politics reporter',
      'Parking charges to rise',
      'This site uses cookies',
    ],
  },
  {
    file: 'wire-brief.html',
    title: 'Wire: Fishing fleet stays in port as storm nears',
    published: '2031-11-20',
    url: 'https://fetched.example/page',
    source: undefined,
    openings: [
      "Most of Port Salven's",
      'The harbour master, Gunnar',
      'The national weather service',
      'Fish merchants said prices',
      'The coast guard has',
    ],
    absent: ['Wire home', 'Archive', 'Cheap flights', 'ADVERTISEMENT', 'Copyright 2031', 'PORT SALVEN, Nov 20'],
  },
  {
    file: 'museum-reopening.html',
    title: 'Museum reopens after flood with new river gallery',
    published: '2032-02-09',
    url: 'https://fetched.example/page',
    source: 'Northfield Evening Star',
    openings: [
      'The Northfield Museum was',
      'A new gallery tells',
      'The Northfield Museum opened',
      'More than 2,300 visitors',
      'The largest change is',
      'Curator Hannah Oyelaran said',
      'The repairs cost 3.1',
      'The museum has moved',
    ],
    absent: [
      'Front page',
      'heritage newsletter',
      'boiler checks',
      'Popular now',
      'Bin collection',
      'grandchildren',
      'great-grandfather',
      '© Northfield',
    ],
  },
];

describe('extractArticle', () => {
  for (const page of EXPECTED) {
    it(`${page.file}: metadata, and the article's paragraphs in order without the page around them`, () => {
      const article = extract(page.file);
      expect(article.title).toBe(page.title);
      expect(article.published).toBe(page.published);
      expect(article.url).toBe(page.url);
      expect(article.source).toBe(page.source);
      expect(openings(article.paragraphs)).toEqual(page.openings);
      const text = article.paragraphs.join('\n');
      for (const junk of page.absent) expect(text, junk).not.toContain(junk);
      for (const paragraph of article.paragraphs) {
        expect(paragraph).toBe(paragraph.replace(/\s+/g, ' ').trim());
        expect(paragraph).toMatch(/[.!?"”]$/);
      }
    });
  }

  it('keeps quotes, numbers and punctuation exactly', () => {
    const article = extract('harbor-bridge.html');
    expect(article.paragraphs[4]).toBe(
      'Shop owners on Pier Street said they feared losing customers. "Half of my trade comes over that bridge," said Tomasz Brenner, who runs a bakery near the northern end. "Six weeks is a long time for a small business."',
    );
  });

  it('drops a pull quote that repeats the text, but not the text it repeats', () => {
    const text = extract('council-budget.html').paragraphs;
    expect(text.filter((p) => p.includes('A city that cannot move cannot grow'))).toHaveLength(1);
  });

  it('drops the operator’s furniture lines (CORPUS_FURNITURE)', () => {
    const html =
      '<html><body><article><h1>T</h1><p>First paragraph of a story that is long enough to be one.</p><p>Continue reading</p><p>Sponsored by Acme</p><p>Second paragraph of the same story, also long enough.</p></article></body></html>';
    expect(extractArticle(html, 'https://x.example/', ['Sponsored by Acme']).paragraphs).toEqual([
      'First paragraph of a story that is long enough to be one.',
      'Second paragraph of the same story, also long enough.',
    ]);
  });

  it('finds no paragraphs on a page without an article', () => {
    expect(
      extractArticle(
        '<html><head><title>Login</title></head><body><nav><a href="/">Home</a></nav><form><input></form></body></html>',
        'https://x.example/',
      ).paragraphs,
    ).toEqual([]);
    expect(extractArticle('', 'https://x.example/').paragraphs).toEqual([]);
  });

  it('ignores a canonical URL that is not http(s), and broken JSON-LD', () => {
    const html =
      '<html><head><link rel="canonical" href="javascript:alert(1)"><script type="application/ld+json">{not json</script></head><body><article><p>One paragraph of text that is long enough to count as the article.</p></article></body></html>';
    const article = extractArticle(html, 'https://fetched.example/a');
    expect(article.url).toBe('https://fetched.example/a');
    expect(article.paragraphs).toHaveLength(1);
  });

  it('reads dates as the publisher wrote them', () => {
    expect(isoDate('2031-06-02T23:30:00-05:00')).toBe('2031-06-02');
    expect(isoDate('2031-02-30')).toBeUndefined();
    expect(isoDate('June 2, 2031')).toBeUndefined();
  });
});

describe('extractArticle on arbitrary input', () => {
  it('never throws', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `<html><body><article><p>${s}</p><p>${s}</p></article></body></html>`),
        ),
        (html) => {
          const article = extractArticle(html, 'https://x.example/');
          return Array.isArray(article.paragraphs);
        },
      ),
      { numRuns: 150 },
    );
  });
});

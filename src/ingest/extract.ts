/**
 * A news page's HTML → its article: title, date, canonical URL, site name and paragraphs in the
 * page's own order, without menus, ads, share bars, newsletters or comments.
 *
 * Readability (Firefox's Reader View, on linkedom's DOM) finds the article body. It scores
 * blocks by text and link density, so it keeps an ad or a promo that sits *inside* the article
 * body, and sometimes a sidebar next to it; the page is cleaned first of what news sites mark as
 * furniture (by element, ARIA role, class or id), and the paragraphs it returns are filtered again
 * (link lists, "Advertisement" lines, pull quotes that repeat the text).
 *
 * Pure: a string in, data out. No network, no Discord.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

/** The little of the DOM this module uses (the project compiles without the DOM library). */
interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
}

interface DomElement extends DomNode {
  readonly tagName: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
}

interface DomDocument {
  readonly documentElement: DomElement;
  readonly title: string;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export interface ExtractedArticle {
  readonly title: string | undefined;
  /** YYYY-MM-DD, from the page's metadata. */
  readonly published: string | undefined;
  /** The page's canonical http(s) URL, else the URL it was fetched from. */
  readonly url: string;
  /** The site's name, from its metadata. */
  readonly source: string | undefined;
  readonly paragraphs: readonly string[];
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Never article text, wherever they are. */
const ALWAYS_DROPPED =
  'script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, input, select, textarea, dialog, figure, figcaption, picture, video, audio';
/** Page furniture by element or role; kept only when it holds the article (an <h1>, <article> or <main>). */
const FURNITURE_ELEMENTS =
  'nav, aside, footer, header, [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [role="dialog"], [role="alert"], [hidden], [aria-hidden="true"]';

/** Words in a class or id that news sites use for what is not the story. */
const FURNITURE_WORDS = new Set([
  'ad',
  'ads',
  'adv',
  'advert',
  'adverts',
  'advertisement',
  'advertising',
  'adslot',
  'adunit',
  'dfp',
  'gpt',
  'sponsor',
  'sponsored',
  'promo',
  'promotion',
  'promoted',
  'newsletter',
  'subscribe',
  'subscription',
  'signup',
  'paywall',
  'related',
  'recommended',
  'share',
  'sharing',
  'social',
  'comment',
  'comments',
  'disqus',
  'discussion',
  'replies',
  'cookie',
  'cookies',
  'consent',
  'gdpr',
  'breadcrumb',
  'breadcrumbs',
  'tags',
  'topics',
  'trending',
  'popular',
  'sidebar',
  'sidenav',
  'menu',
  'navbar',
  'nav',
  'navigation',
  'topbar',
  'toolbar',
  'masthead',
  'footer',
  'byline',
  'dateline',
  'author',
  'timestamp',
  'copyright',
  'caption',
  'outbrain',
  'taboola',
  'widget',
  'widgets',
  'modal',
  'popup',
  'meta',
]);
/** The same, written as one word with its hyphens dropped ("read-more" → "readmore"). */
const FURNITURE_JOINED = new Set([
  'readmore',
  'readalso',
  'alsoread',
  'mostread',
  'mostpopular',
  'pullquote',
  'sharebar',
  'moreon',
  'seealso',
]);

/** Lines that are page furniture on any site. */
const FURNITURE_LINES =
  /^(advertisement|advert|sponsored( content)?|promoted|ad|skip (to )?(main )?content|continue reading( below)?)$/i;

function isFurnitureName(value: string | null): boolean {
  if (value === null) return false;
  return value
    .toLowerCase()
    .split(/\s+/)
    .some(
      (name) =>
        name !== '' &&
        (FURNITURE_JOINED.has(name.replace(/[-_]/g, '')) ||
          name.split(/[-_]+/).some((word) => FURNITURE_WORDS.has(word))),
    );
}

function holdsArticle(element: DomElement): boolean {
  const tag = element.tagName.toLowerCase();
  if (tag === 'html' || tag === 'body' || tag === 'main' || tag === 'article' || tag === 'h1') return true;
  return element.querySelector('h1, article, main, [itemprop="articleBody"]') !== null;
}

function each(list: ArrayLike<DomElement>): DomElement[] {
  return Array.from(list);
}

/** Removes what is never the story, and furniture that does not hold the article. */
function clean(document: DomDocument): void {
  for (const element of each(document.querySelectorAll(ALWAYS_DROPPED))) element.remove();
  for (const element of each(document.querySelectorAll(FURNITURE_ELEMENTS))) {
    if (!holdsArticle(element)) element.remove();
  }
  for (const element of each(document.querySelectorAll('[class], [id]'))) {
    if (
      (isFurnitureName(element.getAttribute('class')) || isFurnitureName(element.getAttribute('id'))) &&
      !holdsArticle(element)
    ) {
      element.remove();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------------------------

function meta(document: DomDocument, selectors: readonly string[]): string | undefined {
  for (const selector of selectors) {
    const element = document.querySelector(selector);
    const value = (
      element?.getAttribute('content') ??
      element?.getAttribute('datetime') ??
      element?.getAttribute('href')
    )?.trim();
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** Values of a key anywhere in the page's JSON-LD blocks (NewsArticle and friends). */
function jsonLd(document: DomDocument, key: string): string | undefined {
  for (const script of each(document.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const found = findKey(data, key, 0);
    if (found !== undefined) return found;
  }
  return undefined;
}

function findKey(data: unknown, key: string, depth: number): string | undefined {
  if (depth > 6 || data === null || typeof data !== 'object') return undefined;
  if (Array.isArray(data)) {
    for (const item of data) {
      const found = findKey(item, key, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const record = data as Record<string, unknown>;
  const value = record[key];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const name = (value as Record<string, unknown>)['name'];
    if (typeof name === 'string' && name.trim() !== '') return name.trim();
  }
  for (const child of Object.values(record)) {
    const found = findKey(child, key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** "2031-06-02T17:05:00+01:00" → "2031-06-02" (the date as the publisher wrote it). */
export function isoDate(value: string | undefined | null): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value?.trim() ?? '');
  if (match === null) return undefined;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || !date.toISOString().startsWith(match[0]) ? undefined : match[0];
}

function httpUrl(value: string | undefined, base: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function collapse(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

interface Metadata {
  readonly title: string | undefined;
  readonly published: string | undefined;
  readonly url: string;
  readonly source: string | undefined;
}

function metadata(document: DomDocument, pageUrl: string): Metadata {
  const title =
    meta(document, ['meta[property="og:title"]', 'meta[name="twitter:title"]', 'meta[property="twitter:title"]']) ??
    jsonLd(document, 'headline') ??
    collapse(document.querySelector('h1')?.textContent) ??
    undefined;
  const published =
    isoDate(
      meta(document, [
        'meta[property="article:published_time"]',
        'meta[itemprop="datePublished"]',
        'meta[name="date"]',
        'meta[name="pubdate"]',
        'meta[name="publishdate"]',
        'meta[name="dc.date"]',
        'meta[name="DC.date.issued"]',
        'meta[name="parsely-pub-date"]',
      ]),
    ) ??
    isoDate(jsonLd(document, 'datePublished')) ??
    isoDate(
      document.querySelector('article time[datetime], main time[datetime], time[datetime]')?.getAttribute('datetime'),
    );
  const url = httpUrl(meta(document, ['link[rel="canonical"]', 'meta[property="og:url"]']), pageUrl) ?? pageUrl;
  const source =
    meta(document, ['meta[property="og:site_name"]', 'meta[name="application-name"]']) ?? jsonLd(document, 'publisher');
  return { title: title === '' ? undefined : title, published, url, source };
}

// ---------------------------------------------------------------------------------------------
// Paragraphs
// ---------------------------------------------------------------------------------------------

/** Headings and captions label the text; they are not paragraphs of it. */
const NOT_PARAGRAPHS = new Set([
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'figure',
  'figcaption',
  'nav',
  'aside',
  'footer',
  'header',
  'hr',
]);
/** Elements that end a run of text: the containers of paragraphs, and the labels above. */
const BLOCKS = new Set([
  'address',
  'article',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'td',
  'th',
  'ul',
  ...NOT_PARAGRAPHS,
]);

interface Run {
  text: string;
  linked: number;
}

function tagOf(node: DomNode): string {
  return node.nodeName.toLowerCase();
}

/** Walks the article in document order, one paragraph per block of running text. */
function collectParagraphs(root: DomNode, out: Run[]): void {
  let run: Run = { text: '', linked: 0 };
  const flush = (): void => {
    if (collapse(run.text) !== '') out.push({ text: collapse(run.text), linked: run.linked });
    run = { text: '', linked: 0 };
  };
  const inline = (node: DomNode, inLink: boolean): void => {
    if (node.nodeType === TEXT_NODE) {
      const text = node.textContent ?? '';
      run.text += text;
      if (inLink) run.linked += collapse(text).length;
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const tag = tagOf(node);
    if (tag === 'br') {
      // Two line breaks in a row end a paragraph (wire copy written with <br><br>).
      if (/\n\n\s*$/.test(run.text)) flush();
      else run.text += '\n\n';
      return;
    }
    for (const child of Array.from(node.childNodes)) inline(child, inLink || tag === 'a');
  };
  const visit = (node: DomNode): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === ELEMENT_NODE && BLOCKS.has(tagOf(child))) {
        flush();
        if (!NOT_PARAGRAPHS.has(tagOf(child))) visit(child);
      } else {
        inline(child, false);
      }
    }
    flush();
  };
  visit(root);
}

function isFurnitureLine(text: string, furniture: ReadonlySet<string>): boolean {
  return FURNITURE_LINES.test(text) || furniture.has(text.toLowerCase());
}

/** A paragraph that only repeats part of another (a pull quote) says nothing new. */
function withoutRepeats(paragraphs: readonly string[]): string[] {
  const bare = (text: string): string =>
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const bares = paragraphs.map(bare);
  return paragraphs.filter(
    (_, i) => !bares.some((other, j) => j !== i && other.length > bares[i]!.length && other.includes(bares[i]!)),
  );
}

function paragraphsOf(root: DomNode, furniture: ReadonlySet<string>): string[] {
  const runs: Run[] = [];
  collectParagraphs(root, runs);
  const kept = runs
    .filter((run) => /[\p{L}\p{N}]/u.test(run.text))
    .filter((run) => run.linked <= run.text.length * 0.5) // menus and link lists
    .map((run) => run.text)
    .filter((text) => !isFurnitureLine(text, furniture));
  return withoutRepeats(kept);
}

function readable(document: DomDocument): DomNode | undefined {
  const reader = new Readability<DomNode>(document as never, { serializer: (node) => node as unknown as DomNode });
  const article = reader.parse();
  return article?.content ?? undefined;
}

/** linkedom leaves a fragment or an empty string without a document element: give it one. */
function parse(html: string): DomDocument {
  const whole = /<html[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
  return (parseHTML(whole) as unknown as { document: DomDocument }).document;
}

/**
 * The article on a page. `furniture` are the operator's furniture lines (CORPUS_FURNITURE), dropped
 * here as in the corpus. Returns no paragraphs when the page has no article text.
 */
export function extractArticle(html: string, pageUrl: string, furniture: readonly string[] = []): ExtractedArticle {
  const furnitureSet = new Set(furniture.map((line) => line.trim().toLowerCase()));
  const document = parse(html);
  const found = metadata(document, pageUrl);
  const titleFallback = collapse(document.title);
  clean(document);
  let content = readable(document);
  let paragraphs = content === undefined ? [] : paragraphsOf(content, furnitureSet);
  if (paragraphs.length === 0) {
    // The cleaning took too much (a site that names its article body like a widget): try the raw page.
    const raw = parse(html);
    content = readable(raw);
    paragraphs = content === undefined ? [] : paragraphsOf(content, furnitureSet);
  }
  return {
    title: found.title ?? (titleFallback === '' ? undefined : titleFallback),
    published: found.published,
    url: found.url,
    source: found.source,
    paragraphs,
  };
}

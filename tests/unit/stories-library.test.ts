/** Which engine answers where: the operator's corpus everywhere, a server's own articles only in it. */
import { describe, expect, it } from 'vitest';
import type { Corpus, CorpusDocument } from '../../src/corpus/types.js';
import type { Engine } from '../../src/engine/index.js';
import { StoreUnavailableError, type StoredStory, type StoryStore } from '../../src/store/settings.js';
import { Library, RETRY_OPEN_MS, isStoryId, storyDocument, type BuildReport } from '../../src/stories/library.js';
import { exampleQuestions, namesIn } from '../../src/stories/examples.js';
import { createEngine } from '../../src/engine/index.js';
import { fakeEngine, makeDoc, STORY } from './discord-fakes.js';

const OPERATOR: Corpus = { documents: [STORY], aliases: [] };

function stored(
  id: number,
  guildId: string,
  title: string,
  paragraphs: string[],
  examples: string[] = [],
): StoredStory {
  return { id: `story-${id}`, guildId, title, paragraphs, examples, addedBy: 'u', addedAt: id };
}

class MemoryStories implements Pick<StoryStore, 'loadStories' | 'releaseStories' | 'listStories' | 'onStoriesChanged'> {
  readonly stories: StoredStory[] = [];
  /** Each loadStories call's servers. */
  readonly loads: string[][] = [];
  readonly released: string[] = [];
  failing = false;
  private listener: ((guildId: string) => void) | undefined;
  loadStories(guildIds: readonly string[]): Promise<string[]> {
    this.loads.push([...guildIds]);
    if (this.failing) return Promise.reject(new StoreUnavailableError('database away'));
    const wanted = new Set(guildIds);
    return Promise.resolve(
      [...new Set(this.stories.filter((s) => wanted.has(s.guildId)).map((s) => s.guildId))].reverse(),
    );
  }
  releaseStories(guildIds: readonly string[]): void {
    this.released.push(...guildIds);
  }
  listStories(guildId: string): StoredStory[] {
    return this.stories.filter((story) => story.guildId === guildId);
  }
  onStoriesChanged(listener: (guildId: string) => void): void {
    this.listener = listener;
  }
  /** Another process changed a server's articles. */
  announce(guildId: string): void {
    this.listener?.(guildId);
  }
}

/** Lets the library's queued builds run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

function library(
  store: MemoryStories,
  builds: BuildReport[],
  extra: {
    maxCached?: number;
    createEngine?: (stories: readonly CorpusDocument[]) => Engine;
    now?: () => number;
    loadErrors?: string[][];
  } = {},
): Library {
  return new Library({
    corpus: OPERATOR,
    operator: fakeEngine({ docs: OPERATOR.documents }),
    stories: store,
    createEngine:
      extra.createEngine ?? ((stories) => fakeEngine({ docs: [...OPERATOR.documents, ...stories], examples: [] })),
    onBuilt: (report) => builds.push(report),
    ...(extra.maxCached !== undefined && { maxCached: extra.maxCached }),
    ...(extra.now !== undefined && { now: extra.now }),
    onLoadError: (guildIds) => extra.loadErrors?.push([...guildIds]),
  });
}

describe('Library', () => {
  it('answers DMs and servers without articles with the operator engine, building nothing', async () => {
    const builds: BuildReport[] = [];
    const lib = library(new MemoryStories(), builds);
    expect(await lib.engineFor(null)).toBe(lib.operator);
    expect(await lib.engineFor('g1')).toBe(lib.operator);
    expect(builds).toEqual([]);
    expect(lib.isBuiltIn(STORY.id)).toBe(true);
    expect(lib.isBuiltIn('story-1')).toBe(false);
  });

  it('gives each server the operator’s articles plus its own, and no one else’s', async () => {
    const store = new MemoryStories();
    store.stories.push(
      stored(1, 'g1', 'Garden', ['A rooftop garden opened.']),
      stored(2, 'g2', 'Bridge', ['The bridge closed.']),
    );
    const lib = library(store, []);
    const one = await lib.engineFor('g1');
    const two = await lib.engineFor('g2');
    expect(one.documents.map((d) => d.id)).toEqual([STORY.id, 'story-1']);
    expect(two.documents.map((d) => d.id)).toEqual([STORY.id, 'story-2']);
    expect((await lib.engineFor(null)).documents.map((d) => d.id)).toEqual([STORY.id]);
    expect(one.passage('story-2', 1)).toBeUndefined();
  });

  it('rebuilds only the server that changed; the others keep their engine', async () => {
    const store = new MemoryStories();
    store.stories.push(stored(1, 'g1', 'Garden', ['Garden text.']), stored(2, 'g2', 'Bridge', ['Bridge text.']));
    const builds: BuildReport[] = [];
    const lib = library(store, builds);
    await lib.open(['g1', 'g2']);
    await settle();
    expect(builds.map((b) => [b.guildId, b.cause])).toEqual([
      ['g2', 'warm-up'],
      ['g1', 'warm-up'],
    ]);
    const twoBefore = lib.engineIfReady('g2');
    store.stories.push(stored(3, 'g1', 'Market', ['Market text.']));
    const after = await lib.refresh('g1', true);
    expect(after.documents.map((d) => d.id)).toEqual([STORY.id, 'story-1', 'story-3']);
    expect(lib.engineIfReady('g1')).toBe(after);
    expect(lib.engineIfReady('g2')).toBe(twoBefore);
    expect(builds.slice(2).map((b) => [b.guildId, b.cause])).toEqual([['g1', 'change']]);
  });

  it('puts a change ahead of the warm-up queue, and a server with nothing left goes back to the operator engine', async () => {
    const store = new MemoryStories();
    for (let i = 1; i <= 5; i++) store.stories.push(stored(i, `g${i}`, `T${i}`, [`Text ${i}.`]));
    const builds: BuildReport[] = [];
    const lib = library(store, builds);
    await lib.open(['g1', 'g2', 'g3', 'g4', 'g5']);
    store.stories.splice(0, 1); // g1 loses its only article
    const refreshed = lib.refresh('g1', false);
    await refreshed;
    await settle();
    expect(builds[0]).toBeDefined();
    expect(builds.map((b) => b.guildId)).not.toContain('g1');
    expect(await refreshed).toBe(lib.operator);
    expect(lib.serverCount).toBe(4);
  });

  it('loads and indexes only the servers it is given, reading those given together at once', async () => {
    const store = new MemoryStories();
    store.stories.push(stored(1, 'g1', 'A', ['a.']), stored(2, 'g2', 'B', ['b.']), stored(3, 'elsewhere', 'C', ['c.']));
    const builds: BuildReport[] = [];
    const lib = library(store, builds);
    // GUILD_CREATEs arriving in one turn of the event loop: one read.
    await Promise.all([lib.open(['g1']), lib.open(['g2']), lib.open(['g3'])]);
    await settle();
    expect(store.loads).toEqual([['g1', 'g2', 'g3']]);
    expect(builds.map((b) => b.guildId).sort()).toEqual(['g1', 'g2']);
    expect(lib.serverCount).toBe(2);
    await lib.open(['g1', 'g2']); // already open: nothing read again
    expect(store.loads).toHaveLength(1);
    lib.close('g2');
    expect(store.released).toEqual(['g2']);
    expect(lib.serverCount).toBe(1);
    expect(lib.engineIfReady('g2')).toBeUndefined(); // would be read again if asked there
  });

  it('a question in a server not opened yet reads its articles first', async () => {
    const store = new MemoryStories();
    store.stories.push(stored(1, 'g1', 'A', ['a.']));
    const lib = library(store, []);
    expect((await lib.engineFor('g1')).documents.map((d) => d.id)).toEqual([STORY.id, 'story-1']);
    expect(store.loads).toEqual([['g1']]);
  });

  it('when the articles cannot be read, answers from the operator’s and tries again later', async () => {
    const store = new MemoryStories();
    store.stories.push(stored(1, 'g1', 'A', ['a.']));
    store.failing = true;
    let now = 1_000_000;
    const loadErrors: string[][] = [];
    const lib = library(store, [], { now: () => now, loadErrors });
    await lib.open(['g1']);
    expect(loadErrors).toEqual([['g1']]);
    expect(await lib.engineFor('g1')).toBe(lib.operator);
    expect(store.loads).toHaveLength(1); // not retried on every question
    store.failing = false;
    now += RETRY_OPEN_MS;
    expect((await lib.engineFor('g1')).documents).toHaveLength(2);
    expect(store.loads).toHaveLength(2);
  });

  it('rebuilds a loaded server when another process changed its articles', async () => {
    const store = new MemoryStories();
    store.stories.push(stored(1, 'g1', 'A', ['a.']));
    const builds: BuildReport[] = [];
    const lib = library(store, builds);
    await lib.open(['g1']);
    await settle();
    store.stories.push(stored(2, 'g1', 'B', ['b.']));
    store.announce('g1');
    store.announce('not-served'); // another shard's server: nothing to do
    await settle();
    expect(lib.engineIfReady('g1')?.documents.map((d) => d.id)).toEqual([STORY.id, 'story-1', 'story-2']);
    expect(builds.map((b) => [b.guildId, b.cause])).toEqual([
      ['g1', 'warm-up'],
      ['g1', 'change'],
    ]);
  });

  it('keeps at most maxCached engines, rebuilding an evicted one when asked', async () => {
    const store = new MemoryStories();
    store.stories.push(stored(1, 'g1', 'A', ['a.']), stored(2, 'g2', 'B', ['b.']));
    const builds: BuildReport[] = [];
    const lib = library(store, builds, { maxCached: 1 });
    await lib.engineFor('g1');
    await lib.engineFor('g2');
    expect(lib.engineIfReady('g1')).toBeUndefined();
    expect((await lib.engineFor('g1')).documents).toHaveLength(2);
    expect(builds.map((b) => [b.guildId, b.cause])).toEqual([
      ['g1', 'demand'],
      ['g2', 'demand'],
      ['g1', 'demand'],
    ]);
  });

  it('keeps answering with the operator engine when a build fails', async () => {
    const store = new MemoryStories();
    store.stories.push(stored(1, 'g1', 'A', ['a.']));
    const errors: string[] = [];
    const lib = new Library({
      corpus: OPERATOR,
      operator: fakeEngine({ docs: OPERATOR.documents }),
      stories: store,
      createEngine: () => {
        throw new Error('boom');
      },
      onBuildError: (guildId) => errors.push(guildId),
    });
    expect(await lib.engineFor('g1')).toBe(lib.operator);
    expect(errors).toEqual(['g1']);
  });

  it('shows the server’s own example questions first, newest article first', async () => {
    const store = new MemoryStories();
    store.stories.push(
      stored(1, 'g1', 'A', ['a.'], ['About A?', 'More A?']),
      stored(2, 'g1', 'B', ['b.'], ['About B?']),
    );
    const lib = library(store, []);
    const engine = await lib.engineFor('g1');
    expect(engine.exampleQuestions(4)).toEqual(['About B?', 'About A?', 'More A?', 'Why did Iraq vote?']);
    lib.setExamples('g1', 'story-2', ['New B?']);
    expect(engine.exampleQuestions(2)).toEqual(['New B?', 'About A?']);
  });

  it('names stories by ids no operator file name is mistaken for', () => {
    expect(isStoryId('story-12')).toBe(true);
    expect(isStoryId('story-0')).toBe(false);
    expect(isStoryId('iraq-parliament-votes-to-expel-us-troops')).toBe(false);
    expect(storyDocument(stored(7, 'g', 'T', ['x', 'y'])).paragraphs.map((p) => [p.documentId, p.number])).toEqual([
      ['story-7', 1],
      ['story-7', 2],
    ]);
  });
});

describe('example questions for a new article', () => {
  it('finds names, not capitalised sentence openers', () => {
    expect(
      namesIn('Inspectors found rust. Chief engineer Rosalind Okafor said it was safe. Drivers will use Quarry Road.'),
    ).toEqual(['Rosalind Okafor', 'Quarry Road']);
    expect(namesIn('The Bank of England raised rates.')).toEqual(['Bank of England']);
  });

  it('keeps only questions the real engine answers from that article', () => {
    const doc = makeDoc('story-1', 'Harbor bridge to close', [
      'The Millbrook harbor bridge will close for six weeks while engineers replace its cables, the transport office said.',
      'Chief engineer Rosalind Okafor said waiting another winter would make the repair more expensive.',
      'Drivers will be sent along the Quarry Road detour.',
    ]);
    const engine = createEngine({ documents: [STORY, doc], aliases: [] });
    const questions = exampleQuestions(
      engine,
      'story-1',
      doc.paragraphs.map((p) => p.text),
      [],
    );
    expect(questions).toHaveLength(2);
    for (const question of questions) expect(engine.answer(question).passages[0]?.document).toBe('story-1');
    expect(questions[0]).toBe('What did Rosalind Okafor say?');
    expect(exampleQuestions(engine, 'story-1', [], ['Own one?', 'Own two?', 'Own three?'])).toEqual([
      'Own one?',
      'Own two?',
    ]);
  });
});

/** Which engine answers where: the operator's corpus everywhere, a server's own articles only in it. */
import { describe, expect, it } from 'vitest';
import type { Corpus } from '../../src/corpus/types.js';
import type { Engine } from '../../src/engine/index.js';
import type { StoredStory, StoryStore } from '../../src/store/settings.js';
import { Library, isStoryId, storyDocument, type BuildReport } from '../../src/stories/library.js';
import { exampleQuestions, namesIn } from '../../src/stories/examples.js';
import { createEngine } from '../../src/engine/index.js';
import { fakeEngine, makeDoc, STORY } from './discord-fakes.js';

const OPERATOR: Corpus = { documents: [STORY], aliases: [] };

function stored(id: number, guildId: string, title: string, paragraphs: string[], examples: string[] = []): StoredStory {
  return { id: `story-${id}`, guildId, title, paragraphs, examples, addedBy: 'u', addedAt: id };
}

class MemoryStories implements Pick<StoryStore, 'listStories' | 'guildsWithStories'> {
  readonly stories: StoredStory[] = [];
  listStories(guildId: string): StoredStory[] {
    return this.stories.filter((story) => story.guildId === guildId);
  }
  guildsWithStories(): string[] {
    return [...new Set(this.stories.map((story) => story.guildId))].reverse();
  }
}

function library(store: MemoryStories, builds: BuildReport[], extra: { maxCached?: number; createEngine?: (corpus: Corpus) => Engine } = {}): Library {
  return new Library({
    corpus: OPERATOR,
    operator: fakeEngine({ docs: OPERATOR.documents }),
    stories: store,
    createEngine: extra.createEngine ?? ((corpus) => fakeEngine({ docs: corpus.documents, examples: [] })),
    onBuilt: (report) => builds.push(report),
    ...(extra.maxCached !== undefined && { maxCached: extra.maxCached }),
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
    store.stories.push(stored(1, 'g1', 'Garden', ['A rooftop garden opened.']), stored(2, 'g2', 'Bridge', ['The bridge closed.']));
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
    await lib.warmUp();
    expect(builds.map((b) => [b.guildId, b.cause])).toEqual([['g2', 'warm-up'], ['g1', 'warm-up']]);
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
    const warming = lib.warmUp();
    store.stories.splice(0, 1); // g1 loses its only article
    const refreshed = lib.refresh('g1', false);
    await Promise.all([warming, refreshed]);
    expect(builds[0]).toBeDefined();
    expect(builds.map((b) => b.guildId)).not.toContain('g1');
    expect(await refreshed).toBe(lib.operator);
    expect(lib.serverCount).toBe(4);
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
    expect(builds.map((b) => [b.guildId, b.cause])).toEqual([['g1', 'demand'], ['g2', 'demand'], ['g1', 'demand']]);
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
    store.stories.push(stored(1, 'g1', 'A', ['a.'], ['About A?', 'More A?']), stored(2, 'g1', 'B', ['b.'], ['About B?']));
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
    expect(storyDocument(stored(7, 'g', 'T', ['x', 'y'])).paragraphs.map((p) => [p.documentId, p.number])).toEqual([['story-7', 1], ['story-7', 2]]);
  });
});

describe('example questions for a new article', () => {
  it('finds names, not capitalised sentence openers', () => {
    expect(namesIn('Inspectors found rust. Chief engineer Rosalind Okafor said it was safe. Drivers will use Quarry Road.')).toEqual(['Rosalind Okafor', 'Quarry Road']);
    expect(namesIn('The Bank of England raised rates.')).toEqual(['Bank of England']);
  });

  it('keeps only questions the real engine answers from that article', () => {
    const doc = makeDoc('story-1', 'Harbor bridge to close', [
      'The Millbrook harbor bridge will close for six weeks while engineers replace its cables, the transport office said.',
      'Chief engineer Rosalind Okafor said waiting another winter would make the repair more expensive.',
      'Drivers will be sent along the Quarry Road detour.',
    ]);
    const engine = createEngine({ documents: [STORY, doc], aliases: [] });
    const questions = exampleQuestions(engine, 'story-1', doc.paragraphs.map((p) => p.text), []);
    expect(questions).toHaveLength(2);
    for (const question of questions) expect(engine.answer(question).passages[0]?.document).toBe('story-1');
    expect(questions[0]).toBe('What did Rosalind Okafor say?');
    expect(exampleQuestions(engine, 'story-1', [], ['Own one?', 'Own two?', 'Own three?'])).toEqual(['Own one?', 'Own two?']);
  });
});

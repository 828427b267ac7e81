/**
 * Which articles answer where: in a server, the operator's corpus plus that server's own articles;
 * in DMs, the operator's corpus alone. One engine per server that has articles, built from both
 * and cached, so answering never builds anything and never looks at another server's articles.
 *
 * An engine is built synchronously (the engine's API has no other way), so builds are kept off
 * the hot path: they run one at a time from a queue, each after yielding to the event loop so the
 * interactions already received are answered first, and a server keeps answering with its old
 * engine until the new one replaces it. After an add or a remove, that server's build goes to the
 * front of the queue; other servers' engines are not touched. At start-up every server's engine is
 * queued, most recently changed first; a question in a server whose engine is not built yet moves
 * it to the front.
 *
 * No Discord here.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Corpus, CorpusDocument } from '../corpus/types.js';
import type { Answer, AnswerOptions, Engine, Passage, Suggestion } from '../engine/index.js';
import type { Paragraph } from '../corpus/types.js';
import type { StoredStory, StoryStore } from '../store/settings.js';

export interface BuildReport {
  readonly guildId: string;
  readonly ms: number;
  readonly documents: number;
  readonly paragraphs: number;
  /** Why it was built: warm-up at start, a question in a server not built yet, or a change. */
  readonly cause: 'warm-up' | 'demand' | 'change';
}

export interface LibraryOptions {
  /** The operator's corpus (CORPUS_DIR) and its engine, shared by every server. */
  readonly corpus: Corpus;
  readonly operator: Engine;
  readonly stories: Pick<StoryStore, 'listStories' | 'guildsWithStories'>;
  readonly createEngine: (corpus: Corpus) => Engine;
  /** Most servers' engines kept in memory; the least recently used go first (rebuilt on demand). */
  readonly maxCached?: number;
  readonly onBuilt?: (report: BuildReport) => void;
  readonly onBuildError?: (guildId: string, error: unknown) => void;
}

/** Ids of servers' own articles (`story-<n>`, see the store); the operator's are file names. */
export function isStoryId(id: string): boolean {
  return /^story-[1-9]\d{0,15}$/.test(id);
}

/** A stored article as the engine reads it. */
export function storyDocument(story: StoredStory): CorpusDocument {
  const paragraphs: Paragraph[] = story.paragraphs.map((text, index) => ({ documentId: story.id, number: index + 1, text }));
  return {
    id: story.id,
    title: story.title,
    ...(story.published !== undefined && { published: story.published }),
    ...(story.url !== undefined && { url: story.url }),
    ...(story.source !== undefined && { source: story.source }),
    paragraphs,
    examples: story.examples,
  };
}

/**
 * A server's engine: the built engine, with the server's own example questions first (they are
 * what its members came to ask about). Examples can be set after the build without rebuilding.
 */
class ServerEngine implements Engine {
  constructor(
    private readonly inner: Engine,
    private readonly operatorExamples: () => string[],
    readonly stories: Map<string, StoredStory>,
  ) {}

  get documents(): readonly CorpusDocument[] {
    return this.inner.documents;
  }

  answer(question: string, options?: AnswerOptions): Answer {
    return this.inner.answer(question, options);
  }

  suggest(partial: string, limit?: number, maxLabelLength?: number): Suggestion[] {
    return this.inner.suggest(partial, limit, maxLabelLength);
  }

  passage(documentId: string, paragraph: number): Passage | undefined {
    return this.inner.passage(documentId, paragraph);
  }

  context(documentId: string, paragraph: number): Paragraph[] {
    return this.inner.context(documentId, paragraph);
  }

  exampleQuestions(limit = 3): string[] {
    // Newest article first; the first example of each article before the second of any.
    const own = [...this.stories.values()].reverse().map((story) => story.examples);
    const interleaved: string[] = [];
    for (let round = 0; own.some((list) => list.length > round); round++) {
      for (const list of own) if (list[round] !== undefined) interleaved.push(list[round]!);
    }
    return [...new Set([...interleaved, ...this.operatorExamples()])].slice(0, Math.max(0, limit));
  }
}

interface Pending {
  readonly guildId: string;
  readonly cause: BuildReport['cause'];
  readonly promise: Promise<Engine>;
  readonly resolve: (engine: Engine) => void;
}

const DEFAULT_MAX_CACHED = 500;

export class Library {
  readonly operator: Engine;
  private readonly builtIn: ReadonlySet<string>;
  /** Servers with at least one article. */
  private readonly withStories = new Set<string>();
  /** Built engines, least recently used first (Map keeps insertion order). */
  private readonly cache = new Map<string, ServerEngine>();
  private readonly queue: Pending[] = [];
  private readonly pending = new Map<string, Pending>();
  private running = false;
  private readonly maxCached: number;

  constructor(private readonly options: LibraryOptions) {
    this.operator = options.operator;
    this.builtIn = new Set(options.corpus.documents.map((doc) => doc.id));
    this.maxCached = options.maxCached ?? DEFAULT_MAX_CACHED;
    for (const guildId of options.stories.guildsWithStories()) this.withStories.add(guildId);
  }

  /** True for the operator's articles (CORPUS_DIR), which /stories cannot remove. */
  isBuiltIn(documentId: string): boolean {
    return this.builtIn.has(documentId);
  }

  /** Servers that have their own articles. */
  get serverCount(): number {
    return this.withStories.size;
  }

  /** Queues every server's engine, most recently changed first (up to the cache size). */
  warmUp(): Promise<void> {
    const guilds = this.options.stories.guildsWithStories().slice(0, this.maxCached);
    return Promise.all(guilds.map((guildId) => this.request(guildId, 'warm-up', false))).then(() => undefined);
  }

  /** The engine answering in `guildId` (null: a DM), without waiting; undefined while it is being built. */
  engineIfReady(guildId: string | null): Engine | undefined {
    if (guildId === null || !this.withStories.has(guildId)) return this.operator;
    const engine = this.cache.get(guildId);
    if (engine !== undefined) this.touch(guildId, engine);
    return engine;
  }

  /** The engine answering in `guildId` (null: a DM). Builds it first, ahead of the queue, when needed. */
  engineFor(guildId: string | null): Engine | Promise<Engine> {
    return this.engineIfReady(guildId) ?? this.request(guildId!, 'demand', true);
  }

  /**
   * Rebuilds a server's engine after its articles changed (the store already holds the change),
   * ahead of every other build. Resolves with the new engine once it answers.
   */
  refresh(guildId: string, hasStories: boolean): Promise<Engine> {
    if (hasStories) this.withStories.add(guildId);
    return this.request(guildId, 'change', true);
  }

  private touch(guildId: string, engine: ServerEngine): void {
    this.cache.delete(guildId);
    this.cache.set(guildId, engine);
  }

  private request(guildId: string, cause: BuildReport['cause'], urgent: boolean): Promise<Engine> {
    let entry = this.pending.get(guildId);
    if (entry === undefined) {
      let resolve!: (engine: Engine) => void;
      const promise = new Promise<Engine>((done) => (resolve = done));
      entry = { guildId, cause, promise, resolve };
      this.pending.set(guildId, entry);
      this.queue.push(entry);
    }
    if (urgent) {
      // To the front: a waiting question or a moderator's change goes before the warm-up.
      this.queue.splice(this.queue.indexOf(entry), 1);
      this.queue.unshift(entry);
    }
    void this.drain();
    return entry.promise;
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        // Let the interactions already received be answered before a build takes the thread.
        await yieldToEventLoop();
        const entry = this.queue.shift();
        if (entry === undefined) break;
        // From here to the swap nothing awaits: a change made after this line queues a new build.
        this.pending.delete(entry.guildId);
        entry.resolve(this.build(entry.guildId, entry.cause));
      }
    } finally {
      this.running = false;
    }
  }

  private build(guildId: string, cause: BuildReport['cause']): Engine {
    let stories: StoredStory[];
    try {
      stories = this.options.stories.listStories(guildId);
    } catch (error) {
      this.options.onBuildError?.(guildId, error);
      return this.cache.get(guildId) ?? this.operator;
    }
    if (stories.length === 0) {
      this.withStories.delete(guildId);
      this.cache.delete(guildId);
      return this.operator;
    }
    const started = performance.now();
    let inner: Engine;
    try {
      const documents = [...this.options.corpus.documents, ...stories.map(storyDocument)];
      inner = this.options.createEngine({ documents, aliases: this.options.corpus.aliases });
    } catch (error) {
      // The server keeps answering with what it had (or the operator's articles).
      this.options.onBuildError?.(guildId, error);
      return this.cache.get(guildId) ?? this.operator;
    }
    const engine = new ServerEngine(
      inner,
      () => this.operator.exampleQuestions(5),
      new Map(stories.map((story) => [story.id, story])),
    );
    this.withStories.add(guildId);
    this.touch(guildId, engine);
    while (this.cache.size > this.maxCached) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    this.options.onBuilt?.({
      guildId,
      ms: Math.round((performance.now() - started) * 10) / 10,
      documents: inner.documents.length,
      paragraphs: inner.documents.reduce((sum, doc) => sum + doc.paragraphs.length, 0),
      cause,
    });
    return engine;
  }

  /** Sets an article's example questions in the engine that answers for its server (no rebuild). */
  setExamples(guildId: string, storyId: string, examples: readonly string[]): void {
    const story = this.cache.get(guildId)?.stories.get(storyId);
    if (story !== undefined) this.cache.get(guildId)!.stories.set(storyId, { ...story, examples });
  }
}

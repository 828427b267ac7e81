/**
 * Which articles answer where: in a server, the operator's corpus plus that server's own articles;
 * in DMs, the operator's corpus alone. One engine per server that has articles, built from both
 * and cached, so answering never builds anything and never looks at another server's articles.
 * (The engine extends the operator's index with the server's articles: the operator's is shared.)
 *
 * An engine is built synchronously (the engine's API has no other way), so builds are kept off
 * the hot path: they run one at a time from a queue, each after yielding to the event loop so the
 * interactions already received are answered first, and a server keeps answering with its old
 * engine until the new one replaces it. After an add or a remove, that server's build goes to the
 * front of the queue; other servers' engines are not touched.
 *
 * Only the servers this process serves are loaded and indexed (issue #18: a shard indexes its own
 * servers' articles, plus the operator's corpus). The Discord layer calls `open` when the shard
 * gets a server (GUILD_CREATE; servers move between shards at a restart) and `close` when the bot
 * leaves it. Opening reads the servers' articles from the store in batches and queues their
 * engines, most recently changed first; a question in a server whose engine is not built yet moves
 * it to the front. When another process changes a loaded server's articles the store says so
 * (`onStoriesChanged`) and that server is rebuilt.
 *
 * If the database cannot be read when a server is opened, the server answers from the operator's
 * articles, and opening is tried again by a question there after RETRY_OPEN_MS (or when the store
 * reports the server's articles after reconnecting).
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
  readonly stories: Pick<StoryStore, 'loadStories' | 'releaseStories' | 'listStories' | 'onStoriesChanged'>;
  /**
   * Builds a server's engine: the operator's articles and these, the server's own. A promise lets
   * other servers be answered while it builds.
   */
  readonly createEngine: (stories: readonly CorpusDocument[]) => Engine | Promise<Engine>;
  /** Most servers' engines kept in memory; the least recently used go first (rebuilt on demand). */
  readonly maxCached?: number;
  readonly onBuilt?: (report: BuildReport) => void;
  readonly onBuildError?: (guildId: string, error: unknown) => void;
  /** The store could not be read when these servers were opened; they answer from the operator's articles meanwhile. */
  readonly onLoadError?: (guildIds: readonly string[], error: unknown) => void;
  readonly now?: () => number;
}

/** After a failed load, a question in that server tries loading again once this long has passed. */
export const RETRY_OPEN_MS = 30_000;

/** Ids of servers' own articles (`story-<n>`, see the store); the operator's are file names. */
export function isStoryId(id: string): boolean {
  return /^story-[1-9]\d{0,15}$/.test(id);
}

/** A stored article as the engine reads it. */
export function storyDocument(story: StoredStory): CorpusDocument {
  const paragraphs: Paragraph[] = story.paragraphs.map((text, index) => ({
    documentId: story.id,
    number: index + 1,
    text,
  }));
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
  /** A warm-up build someone then waits for is reported as theirs. */
  cause: BuildReport['cause'];
  readonly promise: Promise<Engine>;
  readonly resolve: (engine: Engine) => void;
}

const DEFAULT_MAX_CACHED = 500;

export class Library {
  readonly operator: Engine;
  private readonly builtIn: ReadonlySet<string>;
  /** Servers this process serves whose articles are being read or have been read (resolves either way). */
  private readonly opening = new Map<string, Promise<void>>();
  /** Servers whose articles have been read. */
  private readonly loaded = new Set<string>();
  /** Servers whose articles could not be read, and when. */
  private readonly failedAt = new Map<string, number>();
  /** Servers asked for since the last batch read, and how to tell their callers it is done. */
  private batch = new Map<string, () => void>();
  /** Loaded servers with at least one article. */
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
    options.stories.onStoriesChanged((guildId) => this.changedElsewhere(guildId));
  }

  /** True for the operator's articles (CORPUS_DIR), which /stories cannot remove. */
  isBuiltIn(documentId: string): boolean {
    return this.builtIn.has(documentId);
  }

  /** Servers this process serves that have their own articles. */
  get serverCount(): number {
    return this.withStories.size;
  }

  /**
   * This process now serves these servers: reads their articles (servers asked for in the same turn
   * of the event loop are read together) and queues their engines, most recently changed first (up
   * to the cache size). Resolves once they are read, or could not be; never rejects.
   */
  open(guildIds: readonly string[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const guildId of guildIds) {
      let opening = this.opening.get(guildId);
      if (opening === undefined) {
        let done!: () => void;
        opening = new Promise<void>((resolve) => (done = resolve));
        this.opening.set(guildId, opening);
        this.failedAt.delete(guildId);
        if (this.batch.size === 0) setImmediate(() => void this.readBatch());
        this.batch.set(guildId, done);
      }
      waits.push(opening);
    }
    return Promise.all(waits).then(() => undefined);
  }

  private async readBatch(): Promise<void> {
    const batch = this.batch;
    this.batch = new Map();
    const guildIds = [...batch.keys()];
    if (guildIds.length === 0) return;
    try {
      const withStories = new Set(await this.options.stories.loadStories(guildIds));
      for (const guildId of guildIds) {
        if (this.opening.get(guildId) === undefined) continue; // closed meanwhile
        this.loaded.add(guildId);
        if (withStories.has(guildId)) this.withStories.add(guildId);
      }
      let queued = 0;
      for (const guildId of withStories) {
        if (queued++ >= this.maxCached) break;
        if (this.loaded.has(guildId) && !this.cache.has(guildId)) void this.request(guildId, 'warm-up', false);
      }
    } catch (error) {
      const now = (this.options.now ?? Date.now)();
      for (const guildId of guildIds) {
        this.opening.delete(guildId);
        this.failedAt.set(guildId, now);
      }
      this.options.onLoadError?.(guildIds, error);
    }
    for (const done of batch.values()) done();
  }

  /** This process no longer serves the server (the bot left it): its engine and articles are dropped. */
  close(guildId: string): void {
    this.opening.delete(guildId);
    this.loaded.delete(guildId);
    this.failedAt.delete(guildId);
    this.withStories.delete(guildId);
    this.cache.delete(guildId);
    this.options.stories.releaseStories([guildId]);
  }

  /** The store read a loaded (or failed) server's articles again and they differ: rebuild it. */
  private changedElsewhere(guildId: string): void {
    if (!this.loaded.has(guildId) && !this.failedAt.has(guildId)) return;
    void this.refresh(guildId, this.options.stories.listStories(guildId).length > 0);
  }

  /** Marks a server as read: the store's memory holds its articles. */
  private markLoaded(guildId: string): void {
    this.loaded.add(guildId);
    this.failedAt.delete(guildId);
    if (!this.opening.has(guildId)) this.opening.set(guildId, Promise.resolve());
  }

  /**
   * The engine answering in `guildId` (null: a DM), without waiting; undefined while that server's
   * articles are being read or its engine built.
   */
  engineIfReady(guildId: string | null): Engine | undefined {
    if (guildId === null) return this.operator;
    if (!this.loaded.has(guildId)) {
      // Not readable just now: the operator's articles, until a retry is due.
      const failed = this.failedAt.get(guildId);
      return failed !== undefined && (this.options.now ?? Date.now)() - failed < RETRY_OPEN_MS
        ? this.operator
        : undefined;
    }
    if (!this.withStories.has(guildId)) return this.operator;
    const engine = this.cache.get(guildId);
    if (engine !== undefined) this.touch(guildId, engine);
    return engine;
  }

  /**
   * The engine answering in `guildId` (null: a DM). Reads the server's articles first when it was
   * not opened yet (a question before its GUILD_CREATE was handled), and builds its engine, ahead
   * of the queue, when needed.
   */
  engineFor(guildId: string | null): Engine | Promise<Engine> {
    const ready = this.engineIfReady(guildId);
    if (ready !== undefined) return ready;
    const id = guildId!;
    if (this.loaded.has(id)) return this.request(id, 'demand', true);
    return this.open([id]).then(() => {
      if (!this.loaded.has(id)) return this.operator; // could not be read: logged by onLoadError
      return this.engineIfReady(id) ?? this.request(id, 'demand', true);
    });
  }

  /**
   * Rebuilds a server's engine after its articles changed (the store already holds the change),
   * ahead of every other build. Resolves with the new engine once it answers.
   */
  refresh(guildId: string, hasStories: boolean): Promise<Engine> {
    this.markLoaded(guildId);
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
      if (entry.cause === 'warm-up') entry.cause = cause;
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
        // A change made after this line queues a new build, which runs after this one's swap.
        this.pending.delete(entry.guildId);
        entry.resolve(await this.build(entry.guildId, entry.cause));
      }
    } finally {
      this.running = false;
    }
  }

  private async build(guildId: string, cause: BuildReport['cause']): Promise<Engine> {
    if (!this.loaded.has(guildId)) return this.operator; // closed while queued
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
      inner = await this.options.createEngine(stories.map(storyDocument));
    } catch (error) {
      // The server keeps answering with what it had (or the operator's articles).
      this.options.onBuildError?.(guildId, error);
      return this.cache.get(guildId) ?? this.operator;
    }
    // The server may have been let go while its index was built (the bot left it): keep nothing.
    if (!this.loaded.has(guildId)) return this.operator;
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

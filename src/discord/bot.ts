/**
 * The Discord client: intents, event wiring, in-flight tracking and a graceful stop.
 * Gateway resume/re-identify and 429 waits are discord.js's job; we only log those events and
 * never exit on them, except for close codes Discord says are final (bad token, intents).
 */
import {
  Client,
  DiscordjsError,
  DiscordjsErrorCodes,
  Events,
  GatewayIntentBits,
  type ClientOptions,
  type Guild,
  type Interaction,
  type Message,
} from 'discord.js';
import type { BotConfig } from '../config.js';
import type { Engine } from '../engine/index.js';
import type { QuestionStore, SettingsStore } from '../store/settings.js';
import { handleMessage, type AutoContext } from './auto-channel.js';
import type { StoriesDeps } from './context.js';
import { Cooldown, RecentIds } from './cooldown.js';
import { handleInteraction } from './interactions.js';
import { errorInfo, scrub, type Logger } from './log.js';
import { NO_MENTIONS } from './render.js';

/** A start-up or gateway failure the operator must fix; `message` says how. */
export class FatalBotError extends Error {
  override readonly name = 'FatalBotError';
}

export const DISALLOWED_INTENTS_MESSAGE =
  'Discord refused the Message Content intent (gateway close 4014). Enable it in the Discord Developer Portal → ' +
  'your application → Bot → Privileged Gateway Intents → Message Content Intent, or set DISCORD_MESSAGE_CONTENT=false.';
export const TOKEN_REJECTED_MESSAGE =
  'DISCORD_TOKEN was rejected by Discord (401) — reset it in the Developer Portal (your application → Bot → Reset Token) and put the new token in .env.';

export const SHARDING_REQUIRED_MESSAGE =
  'Discord requires sharding: the bot is in too many servers for one gateway connection (gateway close 4011). ' +
  'Set SHARD_COUNT=auto in .env (see .env.example) and start again.';

/** Gateway close codes after which reconnecting cannot help. */
const FATAL_CLOSE_CODES: Readonly<Record<number, string>> = {
  4004: 'DISCORD_TOKEN was rejected by the Discord gateway (4004 Authentication failed) — reset it in the Developer Portal (your application → Bot → Reset Token) and put the new token in .env.',
  4010: 'Discord refused the shard number (gateway close 4010 Invalid shard). Check SHARD_COUNT and SHARD_LIST: every id in SHARD_LIST must be below SHARD_COUNT.',
  4011: SHARDING_REQUIRED_MESSAGE,
  4013: 'Discord rejected the requested gateway intents as invalid (4013). This is a bug in Footnote; please report it.',
  4014: DISALLOWED_INTENTS_MESSAGE,
};

export function intentsFor(config: Pick<BotConfig, 'messageContent'>): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
  if (config.messageContent) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

/** Turns a login failure into the sentence the operator needs. */
export function describeLoginError(error: unknown, apiUrl: string): string {
  if (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) return TOKEN_REJECTED_MESSAGE;
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 401) return TOKEN_REJECTED_MESSAGE;
  const message = error instanceof Error ? error.message : String(error);
  if (/disallowed intents/i.test(message)) return DISALLOWED_INTENTS_MESSAGE;
  if (/authentication failed/i.test(message)) return FATAL_CLOSE_CODES[4004]!;
  if (/invalid intents/i.test(message)) return FATAL_CLOSE_CODES[4013]!;
  if (/sharding is required/i.test(message)) return SHARDING_REQUIRED_MESSAGE;
  if (/invalid shard/i.test(message)) return FATAL_CLOSE_CODES[4010]!;
  return `Could not connect to Discord at ${apiUrl}: ${scrub(message)}. Check the network connection and DISCORD_API_URL.`;
}

export interface BotDeps {
  readonly config: BotConfig;
  readonly engine: Engine;
  readonly store: SettingsStore & QuestionStore;
  readonly answerPassages: number;
  readonly logger: Logger;
  /** This process's shard when run by the sharding manager; absent for the one-process bot (shard 0 of 1). */
  readonly shard?: { readonly id: number; readonly count: number };
  /** Servers' own articles and unanswered questions (/stories). */
  readonly stories?: StoriesDeps | undefined;
  /** Called once when the bot cannot go on (e.g. gateway close 4014 after start). */
  readonly onFatal: (message: string) => void;
}

export class FootnoteBot {
  readonly client: Client;
  private readonly ctx: AutoContext;
  private readonly inflight = new Set<Promise<void>>();
  private accepting = true;
  private fatal = false;

  constructor(private readonly deps: BotDeps) {
    const { config, logger } = deps;
    const options: ClientOptions = {
      intents: intentsFor(config),
      rest: { api: config.apiUrl },
      allowedMentions: { ...NO_MENTIONS, parse: [] },
      // Explicit, so IDENTIFY always says which shard this is (discord.js would also read SHARDS from the environment).
      shards: [deps.shard?.id ?? 0],
      shardCount: deps.shard?.count ?? 1,
    };
    this.client = new Client(options);
    this.ctx = {
      engine: deps.engine,
      settings: deps.store,
      questions: deps.store,
      cooldown: new Cooldown(config.askCooldownSeconds),
      answerPassages: deps.answerPassages,
      messageContent: config.messageContent,
      logger,
      stories: deps.stories,
      seenMessages: new RecentIds(),
    };
    this.wire();
  }

  private track(work: Promise<void>): void {
    this.inflight.add(work);
    void work.finally(() => this.inflight.delete(work));
  }

  private failFatally(message: string): void {
    if (this.fatal) return;
    this.fatal = true;
    this.deps.onFatal(message);
  }

  private wire(): void {
    const { client } = this;
    const { logger } = this.deps;
    client.on(Events.InteractionCreate, (interaction: Interaction) => {
      if (!this.accepting) return;
      this.track(handleInteraction(interaction, this.ctx));
    });
    client.on(Events.MessageCreate, (message: Message) => {
      if (!this.accepting || client.user === null) return;
      this.track(handleMessage(message, this.ctx, client.user.id));
    });
    client.on(Events.ChannelDelete, (channel) => {
      this.track(
        this.ctx.settings.forgetChannel(channel.id).then(
          (removed) => {
            if (removed > 0) logger.info({ channel: channel.id }, 'deleted channel removed from settings');
          },
          (error: unknown) =>
            logger.error({ err: errorInfo(error), channel: channel.id }, 'could not forget deleted channel'),
        ),
      );
    });
    client.once(Events.ClientReady, (ready) => {
      logger.info(
        {
          user: ready.user.tag,
          application: ready.application.id,
          guilds: ready.guilds.cache.size,
          intents: intentsFor(this.deps.config).length,
        },
        'connected to Discord',
      );
      // Every server Discord gave this shard (most were opened as they arrived, below).
      const library = this.ctx.stories?.library;
      if (library !== undefined) {
        const started = performance.now();
        void library.open([...ready.guilds.cache.keys()]).then(() =>
          logger.info(
            {
              servers: ready.guilds.cache.size,
              withArticles: library.serverCount,
              ms: Math.round(performance.now() - started),
            },
            "servers' articles loaded",
          ),
        );
      }
    });
    // A server's own articles are loaded and indexed by the shard that serves it, when it gets it.
    const open = (guild: Guild): void => void this.ctx.stories?.library.open([guild.id]);
    client.on(Events.GuildCreate, open);
    client.on(Events.GuildAvailable, open);
    client.on(Events.GuildDelete, (guild) => this.ctx.stories?.library.close(guild.id));
    client.on(Events.ShardDisconnect, (event, shardId) => {
      const fatal = FATAL_CLOSE_CODES[event.code];
      logger.warn(
        { shard: shardId, code: event.code },
        fatal === undefined ? 'gateway disconnected' : 'gateway closed for good',
      );
      if (fatal !== undefined) this.failFatally(fatal);
    });
    client.on(Events.ShardReconnecting, (shardId) => logger.info({ shard: shardId }, 'gateway reconnecting'));
    client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shard: shardId, replayed }, 'gateway resumed'));
    client.on(Events.ShardError, (error, shardId) =>
      logger.warn({ shard: shardId, err: errorInfo(error) }, 'gateway error'),
    );
    client.on(Events.Error, (error) => logger.error({ err: errorInfo(error) }, 'discord.js error'));
    client.on(Events.Warn, (message) => logger.warn(scrub(message)));
    client.on(Events.Debug, (message) => {
      if (message.startsWith('Provided token')) return;
      logger.debug(scrub(message));
    });
    client.rest.on('rateLimited', (info) =>
      logger.info({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }, 'rate limited; waiting'),
    );
  }

  /** Logs in. Rejects with FatalBotError carrying the operator's instructions. */
  async start(): Promise<void> {
    try {
      await this.client.login(this.deps.config.token);
    } catch (error) {
      this.deps.logger.debug({ err: errorInfo(error) }, 'login failed');
      throw new FatalBotError(describeLoginError(error, this.deps.config.apiUrl));
    }
  }

  get inflightCount(): number {
    return this.inflight.size;
  }

  /** Stops taking new work, waits (at most `graceMs`) for answers in flight, disconnects. */
  async stop(graceMs: number): Promise<void> {
    this.accepting = false;
    const pending = [...this.inflight];
    if (pending.length > 0) {
      this.deps.logger.info({ inflight: pending.length }, 'finishing answers in flight');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled(pending),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    }
    await this.client.destroy();
  }
}

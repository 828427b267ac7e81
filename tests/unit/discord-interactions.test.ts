import { describe, expect, it } from 'vitest';
import type { Interaction } from 'discord.js';
import { handleInteraction } from '../../src/discord/interactions.js';
import { Cooldown } from '../../src/discord/cooldown.js';
import type { HandlerContext } from '../../src/discord/context.js';
import type { Logger } from '../../src/discord/log.js';
import { STORE_UNAVAILABLE_TEXT } from '../../src/discord/render.js';
import { StoreUnavailableError } from '../../src/store/settings.js';
import { STORY, fakeEngine } from './discord-fakes.js';

interface Logged {
  level: string;
  obj: Record<string, unknown>;
  msg: string | undefined;
}

function context(logged: Logged[]): HandlerContext {
  const log =
    (level: string) =>
    (obj: Record<string, unknown>, msg?: string): void => {
      logged.push({ level, obj, msg });
    };
  const logger = {
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    debug: log('debug'),
  } as unknown as Logger;
  return {
    engine: fakeEngine({ docs: [STORY] }),
    settings: {
      listChannels: () => [],
      addChannel: () => Promise.resolve(true),
      removeChannel: () => Promise.resolve(true),
      forgetChannel: () => Promise.resolve(0),
    },
    questions: { rememberQuestion: () => Promise.resolve('k'), recallQuestion: () => Promise.resolve(undefined) },
    cooldown: new Cooldown(0),
    answerPassages: 3,
    messageContent: false,
    logger,
  };
}

/** Just enough of a ChatInputCommandInteraction for the router. */
function slash(getString: () => string, replies: unknown[]): Interaction {
  const interaction = {
    id: '1',
    guildId: 'g',
    channelId: 'c',
    guild: null,
    channel: null,
    user: { id: 'u' },
    commandName: 'ask',
    deferred: false,
    replied: false,
    isAutocomplete: () => false,
    isChatInputCommand: () => true,
    isContextMenuCommand: () => false,
    isMessageContextMenuCommand: () => false,
    isButton: () => false,
    isRepliable: () => true,
    options: { getSubcommand: () => null, getString, getBoolean: () => null },
    reply: async (options: unknown) => {
      replies.push(options);
      interaction.replied = true;
    },
    followUp: async (options: unknown) => {
      replies.push(options);
    },
  };
  return interaction as unknown as Interaction;
}

describe('handleInteraction', () => {
  it('answers and logs one line with guild, command, latency and outcome', async () => {
    const logged: Logged[] = [];
    const replies: unknown[] = [];
    await handleInteraction(
      slash(() => 'why the vote?', replies),
      context(logged),
    );
    expect(replies).toHaveLength(1);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.obj).toMatchObject({ guild: 'g', command: '/ask', answered: true, outcome: 'answer' });
    expect(typeof logged[0]!.obj['latencyMs']).toBe('number');
  });

  it('turns a handler error into a private "Something went wrong (ref …)" and exactly one logged error', async () => {
    const logged: Logged[] = [];
    const replies: { content?: string; flags?: number }[] = [];
    await handleInteraction(
      slash(() => {
        throw new Error('boom');
      }, replies),
      context(logged),
    );
    const errors = logged.filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    const ref = errors[0]!.obj['ref'] as string;
    expect(ref).toMatch(/^[A-Z0-9]{6}$/);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.content).toBe(`Something went wrong (ref ${ref}). Please try again in a moment.`);
    expect(replies[0]!.flags).toBe(64);
    expect(logged.at(-1)!.obj).toMatchObject({ answered: false, outcome: 'error' });
  });

  it('a database that cannot be reached: a private "try again, nothing was changed", logged as a warning, not an error', async () => {
    const logged: Logged[] = [];
    const replies: { content?: string; flags?: number }[] = [];
    await handleInteraction(
      slash(() => {
        throw new StoreUnavailableError('cannot reach PostgreSQL to add a channel: connect ECONNREFUSED');
      }, replies),
      context(logged),
    );
    expect(logged.filter((line) => line.level === 'error')).toEqual([]);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.content).toBe(STORE_UNAVAILABLE_TEXT);
    expect(replies[0]!.content).toMatch(/can't reach.*nothing was changed.*try again/i);
    expect(replies[0]!.flags).toBe(64);
    expect(logged.at(-1)!.obj).toMatchObject({ answered: false, outcome: 'store-unavailable' });
  });
});

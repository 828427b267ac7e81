/** End to end: `npm run deploy-commands` registers every command with one bulk overwrite, global or per guild. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordDouble } from '../support/discord-double.ts';
import { runDeployCommands } from '../support/bot-process.ts';

let double: DiscordDouble;

beforeAll(async () => {
  double = await DiscordDouble.start();
});
afterAll(async () => {
  await double?.close();
});

const NAMES = ['ask', 'passage', 'article', 'channels', 'stories', 'Ask Footnote'];

describe('deploy-commands', () => {
  it('registers globally by default, finding the application id from the token', async () => {
    const result = await runDeployCommands({ DISCORD_API_URL: double.apiUrl, DISCORD_TOKEN: double.token });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Registered 6 commands globally/);
    expect(double.requests.some((r) => r.method === 'GET' && r.path === '/applications/@me')).toBe(true);
    const puts = double.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.path)).toEqual([`/applications/${double.applicationId}/commands`]);
    const commands = double.commands();
    expect(commands.map((c) => c.name)).toEqual(NAMES);
    const ask = commands.find((c) => c.name === 'ask')!;
    expect(ask.contexts).toEqual([0, 1]);
    expect(ask.options).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'question', max_length: 300, autocomplete: true, required: true }),
      ]),
    );
    const channels = commands.find((c) => c.name === 'channels')!;
    expect(channels.default_member_permissions).toBe('32');
    expect(channels.contexts).toEqual([0]);
    const stories = commands.find((c) => c.name === 'stories')!;
    expect(stories.default_member_permissions).toBe('32');
    expect(stories.contexts).toEqual([0]);
    expect(commands.find((c) => c.name === 'Ask Footnote')!.type).toBe(3);
  });

  it('registers to one guild with DISCORD_GUILD_ID (and an explicit DISCORD_CLIENT_ID), overwriting in bulk', async () => {
    const before = double.requests.length;
    const env = {
      DISCORD_API_URL: double.apiUrl,
      DISCORD_TOKEN: double.token,
      DISCORD_CLIENT_ID: double.applicationId,
      DISCORD_GUILD_ID: '900000000000000001',
    };
    expect((await runDeployCommands(env)).code).toBe(0);
    const again = await runDeployCommands(env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/to server 900000000000000001/);
    const mine = double.requests.slice(before);
    expect(
      mine.every(
        (r) =>
          r.method === 'PUT' && r.path === `/applications/${double.applicationId}/guilds/900000000000000001/commands`,
      ),
    ).toBe(true);
    expect(double.commands({ guildId: '900000000000000001' }).map((c) => c.name)).toEqual(NAMES);
    expect(double.validationErrors).toEqual([]);
  });

  it('explains a rejected token', async () => {
    const result = await runDeployCommands({ DISCORD_API_URL: double.apiUrl, DISCORD_TOKEN: 'wrong.token.value' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('DISCORD_TOKEN was rejected by Discord (401)');
    expect(result.stderr).not.toContain('wrong.token.value');
  });

  it('explains a missing token', async () => {
    const result = await runDeployCommands({ DISCORD_API_URL: double.apiUrl });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('.env.example');
  });
});

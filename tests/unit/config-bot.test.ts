import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_DISCORD_API_URL,
  loadBotConfig,
  loadEngineConfig,
  loadShardingConfig,
} from '../../src/config.js';

describe('loadBotConfig', () => {
  it('needs only DISCORD_TOKEN and fills in defaults', () => {
    expect(loadBotConfig({ DISCORD_TOKEN: 'abc.def.ghi' })).toEqual({
      token: 'abc.def.ghi',
      clientId: undefined,
      guildId: undefined,
      apiUrl: DEFAULT_DISCORD_API_URL,
      dataDir: './data',
      databaseUrl: undefined,
      logLevel: 'info',
      messageContent: false,
      askCooldownSeconds: 3,
    });
  });

  it('points to .env.example when the token is missing or blank', () => {
    expect(() => loadBotConfig({})).toThrow(ConfigError);
    expect(() => loadBotConfig({ DISCORD_TOKEN: '   ' })).toThrow(/DISCORD_TOKEN.*\.env\.example/);
  });

  it('reads every variable', () => {
    const config = loadBotConfig({
      DISCORD_TOKEN: 't',
      DISCORD_CLIENT_ID: '123456789012345678',
      DISCORD_GUILD_ID: '876543210987654321',
      DISCORD_API_URL: 'http://127.0.0.1:5000/api/',
      DATA_DIR: '/tmp/x',
      LOG_LEVEL: 'DEBUG',
      DISCORD_MESSAGE_CONTENT: 'true',
      ASK_COOLDOWN_SECONDS: '0',
    });
    expect(config).toMatchObject({
      clientId: '123456789012345678',
      guildId: '876543210987654321',
      apiUrl: 'http://127.0.0.1:5000/api',
      dataDir: '/tmp/x',
      logLevel: 'debug',
      messageContent: true,
      askCooldownSeconds: 0,
    });
  });

  it.each([
    [{ DISCORD_CLIENT_ID: 'my-bot' }, /DISCORD_CLIENT_ID/],
    [{ DISCORD_GUILD_ID: '12a' }, /DISCORD_GUILD_ID/],
    [{ DISCORD_API_URL: 'discord.com' }, /DISCORD_API_URL/],
    [{ DISCORD_API_URL: 'https://discord.com/api/v10' }, /version/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ DISCORD_MESSAGE_CONTENT: 'maybe' }, /DISCORD_MESSAGE_CONTENT/],
    [{ ASK_COOLDOWN_SECONDS: '-1' }, /ASK_COOLDOWN_SECONDS/],
    [{ ASK_COOLDOWN_SECONDS: '2.5' }, /ASK_COOLDOWN_SECONDS/],
    [{ DISCORD_TOKEN: 'Bot abc' }, /spaces/],
    [{ DATABASE_URL: 'mysql://db/footnote' }, /DATABASE_URL must be a PostgreSQL URL/],
    [{ DATABASE_URL: 'footnote.sqlite' }, /DATABASE_URL/],
  ])('rejects %o', (env, message) => {
    expect(() => loadBotConfig({ DISCORD_TOKEN: 'tok', ...env })).toThrow(message);
  });

  it('takes a PostgreSQL DATABASE_URL, and never echoes one it refuses (it may hold a password)', () => {
    expect(loadBotConfig({ DISCORD_TOKEN: 't', DATABASE_URL: 'postgres://u:pw@db:5432/footnote' }).databaseUrl).toBe(
      'postgres://u:pw@db:5432/footnote',
    );
    expect(loadBotConfig({ DISCORD_TOKEN: 't', DATABASE_URL: 'postgresql://db/footnote' }).databaseUrl).toBe(
      'postgresql://db/footnote',
    );
    expect(loadBotConfig({ DISCORD_TOKEN: 't', DATABASE_URL: ' ' }).databaseUrl).toBeUndefined();
    expect(() => loadBotConfig({ DISCORD_TOKEN: 't', DATABASE_URL: 'mysql://u:hunter2@db/footnote' })).toThrow(
      /^(?!.*hunter2)/s,
    );
  });

  it('never puts the token in an error message', () => {
    try {
      loadBotConfig({ DISCORD_TOKEN: 'secret.token.value', LOG_LEVEL: 'nope' });
    } catch (error) {
      expect((error as Error).message).not.toContain('secret.token.value');
    }
  });

  it('keeps the engine settings working alongside', () => {
    expect(loadEngineConfig({}).answerPassages).toBe(3);
  });
});

describe('loadShardingConfig', () => {
  it('is one process unless SHARD_COUNT is set', () => {
    expect(loadShardingConfig({})).toEqual({ mode: 'single' });
    expect(loadShardingConfig({ SHARD_COUNT: ' ', SHARD_LIST: '' })).toEqual({ mode: 'single' });
  });

  it('runs the manager for SHARD_COUNT=auto or N, with SHARD_LIST sorted and without repeats', () => {
    expect(loadShardingConfig({ SHARD_COUNT: 'AUTO' })).toEqual({ mode: 'manager', count: 'auto', list: undefined });
    expect(loadShardingConfig({ SHARD_COUNT: '4', SHARD_LIST: '3, 1,1' })).toEqual({
      mode: 'manager',
      count: 4,
      list: [1, 3],
    });
  });

  it("a child of the manager takes its shard from discord.js's variables, whatever SHARD_LIST says", () => {
    expect(loadShardingConfig({ SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '3', SHARD_LIST: '1' })).toEqual({
      mode: 'shard',
      id: 1,
      count: 3,
    });
    expect(() => loadShardingConfig({ SHARDING_MANAGER: 'true', SHARDS: '3', SHARD_COUNT: '3' })).toThrow(ConfigError);
  });

  it.each([
    [{ SHARD_COUNT: 'many' }, /SHARD_COUNT must be auto/],
    [{ SHARD_COUNT: '0' }, /SHARD_COUNT must be/],
    [{ SHARD_COUNT: '5000' }, /SHARD_COUNT must be/],
    [{ SHARD_LIST: '0' }, /SHARD_LIST needs SHARD_COUNT/],
    [{ SHARD_COUNT: '2', SHARD_LIST: '0,2,3' }, /SHARD_LIST names shard 2, 3, but SHARD_COUNT is 2 \(shards 0 to 1\)/],
    [{ SHARD_COUNT: '2', SHARD_LIST: '0;1' }, /SHARD_LIST must be shard ids separated by commas/],
    [{ SHARD_COUNT: 'auto', SHARD_LIST: '0' }, /fixed SHARD_COUNT/],
  ])('rejects %o', (env, message) => {
    expect(() => loadShardingConfig(env)).toThrow(message);
  });
});

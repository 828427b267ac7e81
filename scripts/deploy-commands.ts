/**
 * `npm run deploy-commands`: registers every command declared in src/discord/commands/ with one
 * bulk overwrite — globally, or to one server when DISCORD_GUILD_ID is set (instant, for testing).
 */
import dotenv from 'dotenv';
import { REST, Routes, type APIApplication, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import { ConfigError, loadBotConfig } from '../src/config.js';
import { commandPayloads } from '../src/discord/commands/index.js';
import { TOKEN_REJECTED_MESSAGE } from '../src/discord/bot.js';
import { addSecret, scrub } from '../src/discord/log.js';

dotenv.config({ quiet: true });

function die(message: string): never {
  process.stderr.write(`deploy-commands: ${scrub(message)}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  if (process.env['DISCORD_TOKEN'] !== undefined) addSecret(process.env['DISCORD_TOKEN']);
  let config;
  try {
    config = loadBotConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) die(`Configuration error: ${error.message}`);
    throw error;
  }
  addSecret(config.token);
  const rest = new REST({ api: config.apiUrl }).setToken(config.token);
  const status = (error: unknown): unknown => (error as { status?: unknown } | null)?.status;
  let clientId = config.clientId;
  if (clientId === undefined) {
    try {
      const application = (await rest.get(Routes.currentApplication())) as APIApplication;
      clientId = application.id;
    } catch (error) {
      if (status(error) === 401) die(TOKEN_REJECTED_MESSAGE);
      throw error;
    }
  }
  const applicationId: string = clientId;
  const body = commandPayloads();
  const route =
    config.guildId === undefined
      ? Routes.applicationCommands(applicationId)
      : Routes.applicationGuildCommands(applicationId, config.guildId);
  let registered: RESTPutAPIApplicationCommandsResult;
  try {
    registered = (await rest.put(route, { body })) as RESTPutAPIApplicationCommandsResult;
  } catch (error) {
    if (status(error) === 401) die(TOKEN_REJECTED_MESSAGE);
    if (status(error) === 403 && config.guildId !== undefined) {
      die(
        `Discord refused to register commands in server ${config.guildId} (403). Is the bot in that server, invited with the applications.commands scope?`,
      );
    }
    throw error;
  }
  const where = config.guildId === undefined ? 'globally' : `to server ${config.guildId}`;
  process.stdout.write(
    `Registered ${registered.length} commands ${where}: ${registered.map((command) => command.name).join(', ')}\n`,
  );
}

main().catch((error: unknown) => {
  die(`Registering commands failed: ${error instanceof Error ? error.message : String(error)}`);
});

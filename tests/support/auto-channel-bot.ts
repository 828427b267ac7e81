/**
 * A Discord test double with one guild (a general channel and an auto channel, Message Content
 * granted) and the real bot running against it, the auto channel already set up by `/channels`.
 * The setup of the e2e suites about auto channels; only the cooldown differs between them.
 */
import { DiscordDouble } from './discord-double.ts';
import { addAutoChannel, startBot, tempDir, type BotProcess } from './bot-process.ts';

export interface AutoChannelGuild {
  readonly guild: string;
  readonly general: string;
  readonly auto: string;
}

export interface AutoChannelBot {
  readonly double: DiscordDouble;
  readonly bot: BotProcess;
  /** Stops the bot, closes the double and removes the data folder. */
  stop(): Promise<void>;
}

export async function startAutoChannelBot(ids: AutoChannelGuild, cooldownSeconds: number): Promise<AutoChannelBot> {
  const double = await DiscordDouble.start({
    privilegedIntents: ['MessageContent'],
    guilds: [
      {
        id: ids.guild,
        name: 'Test Guild',
        channels: [
          { id: ids.general, name: 'general' },
          { id: ids.auto, name: 'ask-the-story' },
        ],
      },
    ],
  });
  const data = tempDir();
  let bot: BotProcess | undefined;
  try {
    bot = await startBot({
      DISCORD_API_URL: double.apiUrl,
      DISCORD_TOKEN: double.token,
      DATA_DIR: data.dir,
      DISCORD_MESSAGE_CONTENT: 'true',
      ASK_COOLDOWN_SECONDS: String(cooldownSeconds),
    });
    await addAutoChannel(double, ids.auto);
  } catch (error) {
    // Nothing is left running when the setup itself fails.
    await bot?.stop();
    await double.close();
    data.remove();
    throw error;
  }
  const started = bot;
  return {
    double,
    bot: started,
    stop: async () => {
      await started.stop();
      await double.close();
      data.remove();
    },
  };
}

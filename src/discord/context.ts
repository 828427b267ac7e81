/** What every handler gets: the engine, the stores, settings and a logger. Built once in bot.ts. */
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { Engine } from '../engine/index.js';
import type { QuestionStore, SettingsStore } from '../store/settings.js';
import type { Cooldown } from './cooldown.js';
import type { Logger } from './log.js';

export interface HandlerContext {
  readonly engine: Engine;
  readonly settings: SettingsStore;
  readonly questions: QuestionStore;
  readonly cooldown: Cooldown;
  readonly answerPassages: number;
  /** Whether the privileged Message Content intent is requested (DISCORD_MESSAGE_CONTENT). */
  readonly messageContent: boolean;
  readonly logger: Logger;
}

/** What a handler did, for the one log line per interaction. */
export interface Outcome {
  readonly answered: boolean;
  readonly outcome: string;
}

export interface CommandData {
  readonly name: string;
  toJSON(): RESTPostAPIApplicationCommandsJSONBody;
}

export interface ChatCommand {
  readonly kind: 'chat';
  readonly data: CommandData;
  execute(interaction: ChatInputCommandInteraction, ctx: HandlerContext): Promise<Outcome>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: HandlerContext): Promise<void>;
}

export interface MessageCommand {
  readonly kind: 'message';
  readonly data: CommandData;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: HandlerContext): Promise<Outcome>;
}

export type Command = ChatCommand | MessageCommand;

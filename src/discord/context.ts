/** What every handler gets: the engine, the stores, settings and a logger. Built once in bot.ts. */
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { StoriesConfig } from '../config.js';
import type { Engine } from '../engine/index.js';
import type { QuestionStore, SettingsStore, StoryStore } from '../store/settings.js';
import type { Library } from '../stories/library.js';
import type { UnansweredRecorder } from '../stories/unanswered.js';
import type { Cooldown } from './cooldown.js';
import type { Logger } from './log.js';

/** Articles servers add themselves (/stories) and the questions they could not answer. */
export interface StoriesDeps {
  readonly store: StoryStore;
  readonly library: Library;
  readonly config: StoriesConfig;
  /** The operator's furniture lines (CORPUS_FURNITURE), dropped from added articles too. */
  readonly furniture: readonly string[];
  /** Where declined questions are kept; undefined when RECORD_UNANSWERED=false. */
  readonly unanswered: UnansweredRecorder | undefined;
}

export interface HandlerContext {
  /**
   * The engine for where the interaction happened: the operator's corpus plus the server's own
   * articles in a server, the operator's corpus alone in DMs (interactions.ts picks it).
   */
  readonly engine: Engine;
  readonly settings: SettingsStore;
  readonly questions: QuestionStore;
  readonly cooldown: Cooldown;
  readonly answerPassages: number;
  /** Whether the privileged Message Content intent is requested (DISCORD_MESSAGE_CONTENT). */
  readonly messageContent: boolean;
  readonly logger: Logger;
  /** Per-server articles; undefined when the bot runs with the operator's corpus only (unit tests). */
  readonly stories?: StoriesDeps | undefined;
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

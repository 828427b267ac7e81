/** Every command, declared once: used by scripts/deploy-commands.ts to register and by the bot to dispatch. */
import type { Command, CommandData } from '../context.js';
import { ask } from './ask.js';
import { askMenu } from './ask-menu.js';
import { article } from './article.js';
import { channels } from './channels.js';
import { passage } from './passage.js';
import { stories } from './stories.js';

export const commands: readonly Command[] = [ask, passage, article, channels, stories, askMenu];

export function commandPayloads(): ReturnType<CommandData['toJSON']>[] {
  return commands.map((command) => command.data.toJSON());
}

export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.data.name === name);
}

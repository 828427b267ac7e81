/**
 * "Never ping": every message the bot sends (interaction replies, follow-ups, edits, channel
 * messages, embeds-only ones included) must carry allowed_mentions that parse nothing, name no
 * users or roles and do not ping the author of a replied-to message.
 */
import type { DiscordDouble } from './discord-double.ts';

export interface UnsafeMessage {
  id: string;
  source: string;
  content: string;
  allowedMentions: unknown;
}

/** Bot messages whose allowed_mentions is missing or lets anything ping (empty when all are safe). */
export function messagesWithUnsafeMentions(double: DiscordDouble): UnsafeMessage[] {
  return double
    .botMessages()
    .filter((m) => {
      const am = m.allowedMentions;
      if (am === null) return true;
      return (
        (am.parse ?? ['missing']).length > 0 ||
        (am.users ?? []).length > 0 ||
        (am.roles ?? []).length > 0 ||
        am.replied_user === true
      );
    })
    .map((m) => ({ id: m.id, source: m.source, content: m.content.slice(0, 80), allowedMentions: m.allowedMentions }));
}

/** The hostile inputs of issue 4, each labelled. */
export const HOSTILE_INPUTS: readonly (readonly [label: string, text: string])[] = [
  ['empty', ''],
  ['whitespace-only', ' \t \n '],
  ['emoji-only', '🤔🤔🤔 🇮🇶'],
  ['zero-width', '\u200b\u200c\u200d\ufeff'],
  ['control characters', '\u0000\u0001\u0007\u001b[31m why\u0008 vote?'],
  ['right-to-left', '\u202eلماذا صوت البرلمان العراقي؟'],
  ['hebrew', 'למה הפרלמנט הצביע?'],
  ['300 characters', 'why did iraq vote suleimani '.repeat(11).slice(0, 299) + '?'],
  ['6,000 characters', ('Why did the parliament vote? ' + '*_~`|>#'.repeat(3) + ' ').repeat(200).slice(0, 5999) + '?'],
  ['markdown', '**why** did _iraq_ ~~vote~~ ||now|| __really__ > quote\n# heading\n- list?'],
  ['code fences', '```js\nwhy(did, iraq, vote)\n``` ``` unclosed?'],
  ['masked link', '[why did iraq vote](https://evil.example/phish) ?'],
  ['@everyone', '@everyone why did iraq vote?'],
  ['@here', '@here why did iraq vote?'],
  ['user mention', '<@100000000000000001> <@!100000000000000002> why did iraq vote?'],
  ['role mention', '<@&900000000000000008> why did iraq vote?'],
  ['channel mention', '<#900000000000000010> why did iraq vote?'],
  ['url', 'https://example.com/why?did=iraq&vote=1 <https://example.com/x>?'],
  ['another language', 'Pourquoi le parlement irakien a-t-il voté pour expulser les troupes américaines ?'],
  ['chinese', '为什么伊拉克议会投票？'],
];

/**
 * Cleaning user text before it reaches the engine or is echoed back.
 * Pure functions; Discord limits live in ./render.ts.
 */

/** The longest question `/ask` accepts (the option's setMaxLength). */
export const MAX_QUESTION_LENGTH = 300;

// C0/C1 controls (newlines and tabs become spaces below), and invisible format characters:
// zero-width space/joiners, bidi marks and embeddings/isolates, word joiner, BOM, soft hyphen.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** Removes invisible and control characters, collapses whitespace, trims and caps the length. */
export function cleanQuestion(raw: string, maxLength = MAX_QUESTION_LENGTH): string {
  const cleaned = raw.replace(CONTROL, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return capCodePoints(cleaned, maxLength);
}

/** The first `max` UTF-16 units of `text`, never splitting a surrogate pair. */
export function capCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut).trimEnd();
}

/** True when the text has at least one letter or digit in any script (so it can be searched). */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** Removes mentions of the bot (`<@id>` / `<@!id>`) from a message's text. */
export function stripBotMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ');
}

/**
 * State carried by buttons (custom_id) and autocomplete choices (value), so they keep working
 * after a restart without any memory of the original answer. Every encoded string is at most
 * 100 characters (Discord's limit for both).
 *
 *   ctx:<docIndex>:<paragraph>        "Context ¶N" button
 *   more:<offset>:<question>          "More passages", question inline (when it fits)
 *   moreq:<offset>:<key>              "More passages", question kept in SQLite under <key>
 *   ¶ref:<docIndex>:<paragraph>       an autocomplete choice for /ask's `question`
 */
import { MAX_CUSTOM_ID_LENGTH } from './render.js';

export type ButtonState =
  | { readonly kind: 'context'; readonly docIndex: number; readonly paragraph: number }
  | { readonly kind: 'more'; readonly offset: number; readonly question: string }
  | { readonly kind: 'more-stored'; readonly offset: number; readonly key: string };

export interface PassageRef {
  readonly docIndex: number;
  readonly paragraph: number;
}

const INDEX = /^(0|[1-9]\d{0,5})$/;
const KEY = /^[A-Za-z0-9_-]{1,40}$/;

function parseIndex(text: string | undefined): number | undefined {
  return text !== undefined && INDEX.test(text) ? Number(text) : undefined;
}

export function encodeContext(docIndex: number, paragraph: number): string {
  return `ctx:${docIndex}:${paragraph}`;
}

/** The inline form, or undefined when the question does not fit in a custom_id. */
export function encodeMoreInline(offset: number, question: string): string | undefined {
  const id = `more:${offset}:${question}`;
  return id.length <= MAX_CUSTOM_ID_LENGTH && question.length > 0 ? id : undefined;
}

export function encodeMoreStored(offset: number, key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid question key ${JSON.stringify(key)}`);
  return `moreq:${offset}:${key}`;
}

export function decodeButton(customId: string): ButtonState | undefined {
  if (customId.length > MAX_CUSTOM_ID_LENGTH) return undefined;
  const first = customId.indexOf(':');
  const second = first < 0 ? -1 : customId.indexOf(':', first + 1);
  if (second < 0) return undefined;
  const kind = customId.slice(0, first);
  const a = customId.slice(first + 1, second);
  const rest = customId.slice(second + 1);
  switch (kind) {
    case 'ctx': {
      const docIndex = parseIndex(a);
      const paragraph = parseIndex(rest);
      return docIndex === undefined || paragraph === undefined ? undefined : { kind: 'context', docIndex, paragraph };
    }
    case 'more': {
      const offset = parseIndex(a);
      return offset === undefined || rest === '' ? undefined : { kind: 'more', offset, question: rest };
    }
    case 'moreq': {
      const offset = parseIndex(a);
      return offset === undefined || !KEY.test(rest) ? undefined : { kind: 'more-stored', offset, key: rest };
    }
    default:
      return undefined;
  }
}

export const REF_PREFIX = '¶ref:';

export function encodeRef(docIndex: number, paragraph: number): string {
  return `${REF_PREFIX}${docIndex}:${paragraph}`;
}

/** A chosen autocomplete suggestion, or undefined when the text is an ordinary question. */
export function decodeRef(value: string): PassageRef | undefined {
  const match = /^¶ref:(\d{1,6}):(\d{1,6})$/.exec(value.trim());
  if (match === null) return undefined;
  return { docIndex: Number(match[1]), paragraph: Number(match[2]) };
}

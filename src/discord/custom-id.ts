/**
 * State carried by buttons (custom_id) and autocomplete choices (value), so they keep working
 * after a restart without any memory of the original answer. Every encoded string is at most
 * 100 characters (Discord's limit for both).
 *
 *   ctx:<docKey>:<paragraph>          "Context ¶N" button
 *   more:<offset>:<question>          "More passages", question inline (when it fits)
 *   moreq:<offset>:<key>              "More passages", question kept in SQLite under <key>
 *   ¶ref:<docKey>:<paragraph>         an autocomplete choice for /ask's `question`
 *
 * A document is named by a stable key, never by its position in the corpus (adding or reordering
 * articles must not make old buttons point at another story): its id when the id is short and made
 * of safe characters, otherwise `~` plus a 12-character hash of the id. A key no loaded document
 * has (an article removed or renamed, or an old position-based id) resolves to nothing, and the
 * handlers answer "that passage is no longer available".
 */
import { createHash } from 'node:crypto';
import { MAX_CUSTOM_ID_LENGTH } from './render.js';

export type ButtonState =
  | { readonly kind: 'context'; readonly docKey: string; readonly paragraph: number }
  | { readonly kind: 'more'; readonly offset: number; readonly question: string }
  | { readonly kind: 'more-stored'; readonly offset: number; readonly key: string };

export interface PassageRef {
  readonly docKey: string;
  readonly paragraph: number;
}

const INDEX = /^(0|[1-9]\d{0,5})$/;
const KEY = /^[A-Za-z0-9_-]{1,40}$/;
/** Ids used as they are: no ':' (the separator) and short enough for any encoding to fit in 100. */
const PLAIN_DOC_ID = /^[A-Za-z0-9._-]{1,60}$/;
const DOC_KEY = /^([A-Za-z0-9._-]{1,60}|~[A-Za-z0-9_-]{12})$/;

function parseIndex(text: string | undefined): number | undefined {
  return text !== undefined && INDEX.test(text) ? Number(text) : undefined;
}

/** The stable key of a document id (the id itself when it fits, else `~` + a short hash). */
export function docKey(documentId: string): string {
  if (PLAIN_DOC_ID.test(documentId)) return documentId;
  return `~${createHash('sha256').update(documentId, 'utf8').digest('base64url').slice(0, 12)}`;
}

const keyTables = new WeakMap<readonly { readonly id: string }[], Map<string, number>>();

/** The document a key names, or undefined when no loaded document has that key. */
export function findByDocKey<D extends { readonly id: string }>(docs: readonly D[], key: string): D | undefined {
  let table = keyTables.get(docs);
  if (table === undefined) {
    table = new Map();
    docs.forEach((doc, index) => {
      const k = docKey(doc.id);
      if (!table!.has(k)) table!.set(k, index);
    });
    keyTables.set(docs, table);
  }
  const index = table.get(key);
  return index === undefined ? undefined : docs[index];
}

export function encodeContext(documentId: string, paragraph: number): string {
  return `ctx:${docKey(documentId)}:${paragraph}`;
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
      const paragraph = parseIndex(rest);
      return !DOC_KEY.test(a) || paragraph === undefined ? undefined : { kind: 'context', docKey: a, paragraph };
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

export function encodeRef(documentId: string, paragraph: number): string {
  return `${REF_PREFIX}${docKey(documentId)}:${paragraph}`;
}

/** A chosen autocomplete suggestion, or undefined when the text is an ordinary question. */
export function decodeRef(value: string): PassageRef | undefined {
  const match = /^¶ref:([^:\s]{1,61}):(0|[1-9]\d{0,5})$/.exec(value.trim());
  if (match === null || !DOC_KEY.test(match[1]!)) return undefined;
  return { docKey: match[1]!, paragraph: Number(match[2]) };
}

/**
 * Discord API v10 request-body validation used by the Discord test double.
 *
 * Every check answers with Discord's "Invalid Form Body" shape: a nested `errors`
 * object whose leaves are `{ _errors: [{ code, message }] }`, keyed by the JSON path
 * of the offending field (array indices as string keys), e.g.
 * `{ embeds: { 0: { fields: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } } } }`.
 */

export type Obj = Record<string, unknown>;
export type FormPath = readonly (string | number)[];

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asObj = (v: unknown): Obj | undefined => (isObj(v) ? v : undefined);
export const asArr = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);
export const asStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const asNum = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** One leaf error as Discord reports it. */
export interface FormErrorItem {
  code: string;
  message: string;
}

/** Collects errors into Discord's nested `errors` object. */
export class FormErrors {
  readonly tree: Obj = {};
  /** Flat, human-readable list: `"data.embeds.0.fields: Must be 25 or fewer in length."`. */
  readonly reasons: string[] = [];

  get empty(): boolean {
    return this.reasons.length === 0;
  }

  add(path: FormPath, code: string, message: string): void {
    let node: Obj = this.tree;
    for (const key of path) {
      const k = String(key);
      const next = node[k];
      if (isObj(next)) {
        node = next;
      } else {
        const created: Obj = {};
        node[k] = created;
        node = created;
      }
    }
    const list = asArr(node._errors) ?? [];
    const item: FormErrorItem = { code, message };
    list.push(item);
    node._errors = list;
    this.reasons.push(`${path.length ? path.join('.') : '(body)'}: ${message} [${code}]`);
  }
}

const maxLen = (n: number): string => `Must be ${n} or fewer in length.`;
const between = (a: number, b: number): string => `Must be between ${a} and ${b} in length.`;
const REQUIRED = 'This field is required';

/** Checks an optional string field; returns its length (0 when absent). */
function checkString(
  fe: FormErrors,
  path: FormPath,
  value: unknown,
  opts: { max: number; min?: number; required?: boolean },
): number {
  if (value === undefined || value === null) {
    if (opts.required) fe.add(path, 'BASE_TYPE_REQUIRED', REQUIRED);
    return 0;
  }
  if (typeof value !== 'string') {
    fe.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    return 0;
  }
  const min = opts.min ?? 0;
  if (opts.required && value.length === 0) {
    fe.add(path, 'BASE_TYPE_REQUIRED', REQUIRED);
  } else if (value.length > opts.max || value.length < min) {
    if (min > 0) fe.add(path, 'BASE_TYPE_BAD_LENGTH', between(min, opts.max));
    else fe.add(path, 'BASE_TYPE_MAX_LENGTH', maxLen(opts.max));
  }
  return value.length;
}

const URL_RE = /^(https?|attachment):\/\/\S+$/i;

function checkUrl(fe: FormErrors, path: FormPath, value: unknown, required: boolean): void {
  if (value === undefined || value === null) {
    if (required) fe.add(path, 'BASE_TYPE_REQUIRED', REQUIRED);
    return;
  }
  if (typeof value !== 'string' || !URL_RE.test(value)) {
    fe.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  } else if (value.length > 2048) {
    fe.add(path, 'BASE_TYPE_MAX_LENGTH', maxLen(2048));
  }
}

/** Validates one embed; returns the number of characters it contributes to the 6000 total. */
export function validateEmbed(fe: FormErrors, path: FormPath, embed: unknown): number {
  if (!isObj(embed)) {
    fe.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return 0;
  }
  let total = 0;
  total += checkString(fe, [...path, 'title'], embed.title, { max: 256 });
  total += checkString(fe, [...path, 'description'], embed.description, { max: 4096 });
  if (embed.url !== undefined && embed.url !== null) checkUrl(fe, [...path, 'url'], embed.url, false);
  if (embed.color !== undefined && embed.color !== null) {
    const c = embed.color;
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c > 0xffffff) {
      fe.add([...path, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
    }
  }
  if (embed.timestamp !== undefined && embed.timestamp !== null) {
    if (typeof embed.timestamp !== 'string' || Number.isNaN(Date.parse(embed.timestamp))) {
      fe.add([...path, 'timestamp'], 'DATE_TYPE_PARSE', 'Could not parse timestamp. Should be ISO8601.');
    }
  }
  const fields = embed.fields;
  if (fields !== undefined && fields !== null) {
    const list = asArr(fields);
    if (!list) {
      fe.add([...path, 'fields'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    } else {
      if (list.length > 25) fe.add([...path, 'fields'], 'BASE_TYPE_MAX_LENGTH', maxLen(25));
      list.forEach((field, i) => {
        const fp = [...path, 'fields', i];
        if (!isObj(field)) {
          fe.add(fp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
          return;
        }
        total += checkString(fe, [...fp, 'name'], field.name, { max: 256, required: true });
        total += checkString(fe, [...fp, 'value'], field.value, { max: 1024, required: true });
        if (field.inline !== undefined && field.inline !== null && typeof field.inline !== 'boolean') {
          fe.add([...fp, 'inline'], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
        }
      });
    }
  }
  const footer = embed.footer;
  if (footer !== undefined && footer !== null) {
    if (!isObj(footer))
      fe.add([...path, 'footer'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    else {
      total += checkString(fe, [...path, 'footer', 'text'], footer.text, { max: 2048, required: true });
      if (footer.icon_url !== undefined && footer.icon_url !== null)
        checkUrl(fe, [...path, 'footer', 'icon_url'], footer.icon_url, false);
    }
  }
  const author = embed.author;
  if (author !== undefined && author !== null) {
    if (!isObj(author))
      fe.add([...path, 'author'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    else {
      total += checkString(fe, [...path, 'author', 'name'], author.name, { max: 256, required: true });
      if (author.url !== undefined && author.url !== null) checkUrl(fe, [...path, 'author', 'url'], author.url, false);
      if (author.icon_url !== undefined && author.icon_url !== null)
        checkUrl(fe, [...path, 'author', 'icon_url'], author.icon_url, false);
    }
  }
  for (const key of ['image', 'thumbnail'] as const) {
    const media = embed[key];
    if (media === undefined || media === null) continue;
    if (!isObj(media)) fe.add([...path, key], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    else checkUrl(fe, [...path, key, 'url'], media.url, true);
  }
  return total;
}

const BUTTON = 2;
const STRING_SELECT = 3;
const TEXT_INPUT = 4;
const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);
const LINK_STYLE = 5;
const PREMIUM_STYLE = 6;
const ACTION_ROW = 1;
/** Components V2 layout types that may hold children (section 9, container 17, label 18). */
const V2_CONTAINERS = new Set([9, 17, 18]);

interface ComponentWalk {
  customIds: Map<string, FormPath>;
  count: number;
}

function checkCustomId(fe: FormErrors, path: FormPath, value: unknown, walk: ComponentWalk): void {
  if (value === undefined || value === null) {
    fe.add([...path, 'custom_id'], 'BASE_TYPE_REQUIRED', REQUIRED);
    return;
  }
  if (typeof value !== 'string') {
    fe.add([...path, 'custom_id'], 'BASE_TYPE_STRING', 'Must be a string.');
    return;
  }
  if (value.length < 1 || value.length > 100) {
    fe.add([...path, 'custom_id'], 'BASE_TYPE_BAD_LENGTH', between(1, 100));
    return;
  }
  if (walk.customIds.has(value)) {
    fe.add([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
  } else {
    walk.customIds.set(value, path);
  }
}

function validateInteractive(fe: FormErrors, path: FormPath, c: Obj, walk: ComponentWalk): void {
  const type = c.type;
  if (type === BUTTON) {
    const style = c.style;
    if (typeof style !== 'number' || style < 1 || style > 6) {
      fe.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6}.');
      return;
    }
    checkString(fe, [...path, 'label'], c.label, { max: 80 });
    if (style === LINK_STYLE) {
      checkUrl(fe, [...path, 'url'], c.url, true);
      if (c.custom_id !== undefined && c.custom_id !== null) {
        fe.add(
          [...path, 'custom_id'],
          'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
          'A link button cannot have a custom_id',
        );
      }
    } else if (style === PREMIUM_STYLE) {
      if (typeof c.sku_id !== 'string') fe.add([...path, 'sku_id'], 'BASE_TYPE_REQUIRED', REQUIRED);
    } else {
      checkCustomId(fe, path, c.custom_id, walk);
      if (c.url !== undefined && c.url !== null) {
        fe.add([...path, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'Only link buttons can have a url');
      }
    }
    if (style !== PREMIUM_STYLE) {
      const hasLabel = typeof c.label === 'string' && c.label.length > 0;
      if (!hasLabel && !isObj(c.emoji)) {
        fe.add(
          [...path, 'label'],
          'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED',
          'A button must have a label or an emoji',
        );
      }
    }
    return;
  }
  if (typeof type === 'number' && SELECT_TYPES.has(type)) {
    checkCustomId(fe, path, c.custom_id, walk);
    checkString(fe, [...path, 'placeholder'], c.placeholder, { max: 150 });
    const min = c.min_values;
    const max = c.max_values;
    if (min !== undefined && min !== null && (typeof min !== 'number' || min < 0 || min > 25)) {
      fe.add([...path, 'min_values'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 25.');
    }
    if (max !== undefined && max !== null && (typeof max !== 'number' || max < 1 || max > 25)) {
      fe.add([...path, 'max_values'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 25.');
    }
    if (type === STRING_SELECT) {
      const options = asArr(c.options);
      if (!options || options.length < 1 || options.length > 25) {
        fe.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', between(1, 25));
      } else {
        const values = new Set<string>();
        options.forEach((o, i) => {
          const op = [...path, 'options', i];
          if (!isObj(o)) {
            fe.add(op, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
            return;
          }
          checkString(fe, [...op, 'label'], o.label, { min: 1, max: 100, required: true });
          checkString(fe, [...op, 'value'], o.value, { min: 1, max: 100, required: true });
          checkString(fe, [...op, 'description'], o.description, { max: 100 });
          if (typeof o.value === 'string') {
            if (values.has(o.value))
              fe.add(
                [...op, 'value'],
                'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED',
                'Select component option values must be unique',
              );
            values.add(o.value);
          }
        });
      }
    }
    return;
  }
  if (type === TEXT_INPUT) {
    checkCustomId(fe, path, c.custom_id, walk);
    checkString(fe, [...path, 'label'], c.label, { max: 45 });
    checkString(fe, [...path, 'value'], c.value, { max: 4000 });
    checkString(fe, [...path, 'placeholder'], c.placeholder, { max: 100 });
    return;
  }
}

function walkV2(fe: FormErrors, path: FormPath, c: unknown, walk: ComponentWalk): void {
  if (!isObj(c)) {
    fe.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  walk.count++;
  if (c.type === ACTION_ROW) {
    validateActionRow(fe, path, c, walk, false);
    return;
  }
  if (typeof c.type === 'number' && V2_CONTAINERS.has(c.type)) {
    const children = asArr(c.components) ?? [];
    children.forEach((child, i) => walkV2(fe, [...path, 'components', i], child, walk));
    if (isObj(c.accessory)) walkV2(fe, [...path, 'accessory'], c.accessory, walk);
    if (isObj(c.component)) walkV2(fe, [...path, 'component'], c.component, walk);
    return;
  }
  if (c.type === 10) checkString(fe, [...path, 'content'], c.content, { min: 1, max: 4000, required: true });
  validateInteractive(fe, path, c, walk);
}

function validateActionRow(fe: FormErrors, path: FormPath, row: Obj, walk: ComponentWalk, modal: boolean): void {
  const children = asArr(row.components);
  if (!children || children.length < 1 || children.length > 5) {
    fe.add([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', between(1, 5));
    return;
  }
  const hasWide = children.some(
    (c) => isObj(c) && typeof c.type === 'number' && (SELECT_TYPES.has(c.type) || c.type === TEXT_INPUT),
  );
  if (hasWide && children.length > 1) {
    fe.add(
      [...path, 'components'],
      'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
      'The specified component exceeds the maximum width',
    );
  }
  children.forEach((c, i) => {
    const cp = [...path, 'components', i];
    if (!isObj(c)) {
      fe.add(cp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    walk.count++;
    const t = c.type;
    const allowed = modal ? t === TEXT_INPUT : t === BUTTON || (typeof t === 'number' && SELECT_TYPES.has(t));
    if (!allowed) {
      fe.add(
        [...cp, 'type'],
        'UNION_TYPE_CHOICES',
        `Value of field "type" must be one of (${modal ? '4' : '2, 3, 5, 6, 7, 8'}).`,
      );
      return;
    }
    validateInteractive(fe, cp, c, walk);
  });
}

/** Validates a message `components` array (classic action rows, or Components V2 when `v2`). */
export function validateComponents(fe: FormErrors, path: FormPath, components: unknown, v2: boolean): void {
  if (components === undefined || components === null) return;
  const list = asArr(components);
  if (!list) {
    fe.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  const walk: ComponentWalk = { customIds: new Map(), count: 0 };
  if (v2) {
    list.forEach((c, i) => walkV2(fe, [...path, i], c, walk));
    if (walk.count > 40) fe.add(path, 'BASE_TYPE_MAX_LENGTH', maxLen(40));
    return;
  }
  if (list.length > 5) fe.add(path, 'BASE_TYPE_MAX_LENGTH', maxLen(5));
  list.forEach((row, i) => {
    const rp = [...path, i];
    if (!isObj(row)) {
      fe.add(rp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    if (row.type !== ACTION_ROW) {
      fe.add([...rp, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
      return;
    }
    validateActionRow(fe, rp, row, walk, false);
  });
}

const IS_COMPONENTS_V2 = 1 << 15;

export interface MessageValidationOptions {
  /** Whether this is an edit (fields are optional; emptiness is checked on the merged message by the caller). */
  partial: boolean;
}

/**
 * Validates a message body (channel message, interaction callback `data`, webhook execute/edit).
 * Does not perform the empty-message check (that is code 50006, not 50035).
 */
export function validateMessageBody(fe: FormErrors, path: FormPath, body: Obj, _opts: MessageValidationOptions): void {
  const content = body.content;
  if (content !== undefined && content !== null) {
    if (typeof content !== 'string') fe.add([...path, 'content'], 'BASE_TYPE_STRING', 'Must be a string.');
    else if (content.length > 2000) fe.add([...path, 'content'], 'BASE_TYPE_MAX_LENGTH', maxLen(2000));
  }
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  const v2 = (flags & IS_COMPONENTS_V2) !== 0;
  const embeds = body.embeds;
  if (embeds !== undefined && embeds !== null) {
    const list = asArr(embeds);
    if (!list) fe.add([...path, 'embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    else {
      if (list.length > 10) fe.add([...path, 'embeds'], 'BASE_TYPE_MAX_LENGTH', maxLen(10));
      let total = 0;
      list.forEach((e, i) => {
        total += validateEmbed(fe, [...path, 'embeds', i], e);
      });
      if (total > 6000)
        fe.add([...path, 'embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
    }
  }
  if (v2) {
    const hasContent = typeof content === 'string' && content.length > 0;
    const hasEmbeds = (asArr(embeds)?.length ?? 0) > 0;
    if (hasContent || hasEmbeds) {
      fe.add(
        [...path, hasContent ? 'content' : 'embeds'],
        'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        "The 'content' and 'embeds' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2",
      );
    }
  }
  validateComponents(fe, [...path, 'components'], body.components, v2);
  const am = body.allowed_mentions;
  if (am !== undefined && am !== null) {
    if (!isObj(am))
      fe.add([...path, 'allowed_mentions'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    else {
      const parse = asArr(am.parse) ?? [];
      for (const [i, p] of parse.entries()) {
        if (p !== 'users' && p !== 'roles' && p !== 'everyone') {
          fe.add(
            [...path, 'allowed_mentions', 'parse', i],
            'BASE_TYPE_CHOICES',
            "Value must be one of ('roles', 'users', 'everyone').",
          );
        }
      }
      for (const kind of ['users', 'roles'] as const) {
        const ids = asArr(am[kind]);
        if (!ids) continue;
        if (ids.length > 100) fe.add([...path, 'allowed_mentions', kind], 'BASE_TYPE_MAX_LENGTH', maxLen(100));
        if (ids.length > 0 && parse.includes(kind)) {
          fe.add(
            [...path, 'allowed_mentions'],
            'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
            `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
          );
        }
      }
    }
  }
  const ref = body.message_reference;
  if (ref !== undefined && ref !== null) {
    if (!isObj(ref))
      fe.add([...path, 'message_reference'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    else if (typeof ref.message_id !== 'string' && ref.type !== 1) {
      fe.add([...path, 'message_reference', 'message_id'], 'BASE_TYPE_REQUIRED', REQUIRED);
    }
  }
  const stickers = asArr(body.sticker_ids);
  if (stickers && stickers.length > 3) fe.add([...path, 'sticker_ids'], 'BASE_TYPE_MAX_LENGTH', maxLen(3));
  const attachments = asArr(body.attachments);
  if (attachments && attachments.length > 10) fe.add([...path, 'attachments'], 'BASE_TYPE_MAX_LENGTH', maxLen(10));
}

/** True when the message would have nothing to show (Discord answers 50006). */
export function isEmptyMessage(
  m: {
    content?: unknown;
    embeds?: unknown;
    components?: unknown;
    attachments?: unknown;
    sticker_ids?: unknown;
    poll?: unknown;
  },
  fileCount: number,
): boolean {
  const content = typeof m.content === 'string' ? m.content.trim() : '';
  const n = (v: unknown): number => asArr(v)?.length ?? 0;
  return (
    content.length === 0 &&
    n(m.embeds) === 0 &&
    n(m.components) === 0 &&
    n(m.attachments) === 0 &&
    n(m.sticker_ids) === 0 &&
    fileCount === 0 &&
    !isObj(m.poll)
  );
}

/** Validates an APPLICATION_COMMAND_AUTOCOMPLETE_RESULT `data`. */
export function validateAutocompleteData(fe: FormErrors, path: FormPath, data: unknown): void {
  if (!isObj(data)) {
    fe.add(path, 'BASE_TYPE_REQUIRED', REQUIRED);
    return;
  }
  const choices = asArr(data.choices);
  if (!choices) {
    fe.add([...path, 'choices'], 'BASE_TYPE_REQUIRED', REQUIRED);
    return;
  }
  if (choices.length > 25) fe.add([...path, 'choices'], 'BASE_TYPE_MAX_LENGTH', maxLen(25));
  validateChoiceList(fe, [...path, 'choices'], choices);
}

function validateChoiceList(fe: FormErrors, path: FormPath, choices: unknown[]): void {
  choices.forEach((c, i) => {
    const cp = [...path, i];
    if (!isObj(c)) {
      fe.add(cp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    checkString(fe, [...cp, 'name'], c.name, { min: 1, max: 100, required: true });
    const v = c.value;
    if (typeof v === 'string') {
      if (v.length > 100) fe.add([...cp, 'value'], 'BASE_TYPE_MAX_LENGTH', maxLen(100));
    } else if (typeof v !== 'number') {
      fe.add([...cp, 'value'], 'BASE_TYPE_REQUIRED', REQUIRED);
    }
  });
}

/** Validates a MODAL callback `data`. */
export function validateModalData(fe: FormErrors, path: FormPath, data: unknown): void {
  if (!isObj(data)) {
    fe.add(path, 'BASE_TYPE_REQUIRED', REQUIRED);
    return;
  }
  checkString(fe, [...path, 'custom_id'], data.custom_id, { min: 1, max: 100, required: true });
  checkString(fe, [...path, 'title'], data.title, { min: 1, max: 45, required: true });
  const rows = asArr(data.components);
  if (!rows || rows.length < 1 || rows.length > 5) {
    fe.add([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', between(1, 5));
    return;
  }
  const walk: ComponentWalk = { customIds: new Map(), count: 0 };
  rows.forEach((row, i) => {
    const rp = [...path, 'components', i];
    if (!isObj(row)) {
      fe.add(rp, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    if (row.type === ACTION_ROW) validateActionRow(fe, rp, row, walk, true);
    else walkV2(fe, rp, row, walk);
  });
}

// --- Application commands -------------------------------------------------------------

const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkCommandName(fe: FormErrors, path: FormPath, name: unknown, chatInput: boolean): void {
  if (typeof name !== 'string') {
    fe.add(path, 'BASE_TYPE_REQUIRED', REQUIRED);
    return;
  }
  if (chatInput) {
    if (!CHAT_INPUT_NAME.test(name) || name !== name.toLowerCase()) {
      fe.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
  } else if (name.length < 1 || name.length > 32) {
    fe.add(path, 'BASE_TYPE_BAD_LENGTH', between(1, 32));
  }
}

const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;

function validateOptions(fe: FormErrors, path: FormPath, options: unknown, depth: number): void {
  if (options === undefined || options === null) return;
  const list = asArr(options);
  if (!list) {
    fe.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (list.length > 25) fe.add(path, 'BASE_TYPE_MAX_LENGTH', maxLen(25));
  const names = new Set<string>();
  let sawOptional = false;
  list.forEach((o, i) => {
    const op = [...path, i];
    if (!isObj(o)) {
      fe.add(op, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    const type = o.type;
    if (typeof type !== 'number' || type < 1 || type > 11) {
      fe.add([...op, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.');
      return;
    }
    checkCommandName(fe, [...op, 'name'], o.name, true);
    if (typeof o.name === 'string') {
      if (names.has(o.name))
        fe.add([...op, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
      names.add(o.name);
    }
    checkString(fe, [...op, 'description'], o.description, { min: 1, max: 100, required: true });
    if (type === SUB_COMMAND || type === SUB_COMMAND_GROUP) {
      if (depth >= (type === SUB_COMMAND_GROUP ? 1 : 2)) {
        fe.add(
          [...op, 'type'],
          'APPLICATION_COMMAND_OPTION_TYPE_INVALID',
          'Sub-command and sub-command group option types are mutually exclusive to all other types',
        );
      }
      validateOptions(fe, [...op, 'options'], o.options, depth + 1);
      return;
    }
    if (o.required === true) {
      if (sawOptional)
        fe.add(
          [...op, 'required'],
          'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          'Required options must be placed before non-required options',
        );
    } else {
      sawOptional = true;
    }
    const choices = asArr(o.choices);
    if (choices) {
      if (choices.length > 25) fe.add([...op, 'choices'], 'BASE_TYPE_MAX_LENGTH', maxLen(25));
      validateChoiceList(fe, [...op, 'choices'], choices);
      if (o.autocomplete === true && choices.length > 0) {
        fe.add(
          [...op, 'autocomplete'],
          'APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE',
          'Autocomplete and choices are mutually exclusive',
        );
      }
    }
    if (typeof o.min_length === 'number' && (o.min_length < 0 || o.min_length > 6000)) {
      fe.add([...op, 'min_length'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 6000.');
    }
    if (typeof o.max_length === 'number' && (o.max_length < 1 || o.max_length > 6000)) {
      fe.add([...op, 'max_length'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 6000.');
    }
  });
}

/** Validates one application command; `path` is e.g. `[3]` within a bulk overwrite. */
export function validateCommand(fe: FormErrors, path: FormPath, cmd: unknown): void {
  if (!isObj(cmd)) {
    fe.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const type = cmd.type ?? 1;
  if (type !== 1 && type !== 2 && type !== 3 && type !== 4) {
    fe.add([...path, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4}.');
    return;
  }
  const chatInput = type === 1;
  checkCommandName(fe, [...path, 'name'], cmd.name, chatInput);
  if (chatInput) {
    checkString(fe, [...path, 'description'], cmd.description, { min: 1, max: 100, required: true });
    validateOptions(fe, [...path, 'options'], cmd.options, 0);
  } else {
    if (typeof cmd.description === 'string' && cmd.description.length > 0) {
      fe.add(
        [...path, 'description'],
        'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION',
        'Context menu commands cannot have description',
      );
    }
    if ((asArr(cmd.options)?.length ?? 0) > 0) {
      fe.add(
        [...path, 'options'],
        'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS',
        'Context menu commands cannot have options',
      );
    }
  }
}

/** Validates a bulk-overwrite body (array of commands): per-command checks, duplicate names, per-type counts. */
export function validateCommandList(fe: FormErrors, body: unknown): void {
  const list = asArr(body);
  if (!list) {
    fe.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  const seen = new Set<string>();
  const counts = new Map<number, number>();
  list.forEach((cmd, i) => {
    validateCommand(fe, [i], cmd);
    if (!isObj(cmd)) return;
    const type = typeof cmd.type === 'number' ? cmd.type : 1;
    counts.set(type, (counts.get(type) ?? 0) + 1);
    if (typeof cmd.name === 'string') {
      const key = `${type}:${cmd.name}`;
      if (seen.has(key))
        fe.add(
          [i, 'name'],
          'APPLICATION_COMMANDS_DUPLICATE_NAME',
          `Application command names must be unique (duplicate: ${cmd.name})`,
        );
      seen.add(key);
    }
  });
  if ((counts.get(1) ?? 0) > 100)
    fe.add([], 'BASE_TYPE_MAX_LENGTH', 'Maximum number of chat input application commands reached (100)');
  if ((counts.get(2) ?? 0) > 15)
    fe.add([], 'BASE_TYPE_MAX_LENGTH', 'Maximum number of user context menu commands reached (15)');
  if ((counts.get(3) ?? 0) > 15)
    fe.add([], 'BASE_TYPE_MAX_LENGTH', 'Maximum number of message context menu commands reached (15)');
}

/**
 * DiscordDouble — an in-process, protocol-level test double for Discord API v10.
 *
 * It serves REST over HTTP (node:http) and the gateway over WebSocket (`ws`) on one
 * 127.0.0.1 port, so the real discord.js 14 client can be pointed at it with
 * `new Client({ intents, rest: { api: double.apiUrl } })` and `client.login(double.token)`.
 *
 * See tests/support/README.md for the full, test-facing documentation.
 */
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationFlags,
  ComponentType,
  GatewayIntentBits,
  GatewayOpcodes,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import {
  FormErrors,
  asArr,
  asObj,
  asStr,
  isEmptyMessage,
  isObj,
  validateAutocompleteData,
  validateCommand,
  validateCommandList,
  validateMessageBody,
  validateModalData,
  type Obj,
} from './validation.ts';

export { FormErrors } from './validation.ts';

// ---------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------

/** Any key of discord-api-types' PermissionFlagsBits, e.g. 'SendMessages', 'EmbedLinks'. */
export type PermissionName = keyof typeof PermissionFlagsBits;
export type PrivilegedIntent = 'MessageContent' | 'GuildMembers' | 'GuildPresences';

export interface ChannelSpec {
  id: string;
  name: string;
  /** Channel type; default 0 (GUILD_TEXT). */
  type?: number;
  /** Permissions the bot lacks in this channel (sent to the client as a member permission overwrite deny). */
  missingPermissions?: PermissionName[];
  topic?: string;
  parentId?: string;
}

export interface GuildSpec {
  id: string;
  name: string;
  channels: ChannelSpec[];
  ownerId?: string;
  /** Permissions of the @everyone role; default: a typical member permission set (see DEFAULT_MEMBER_PERMISSIONS). */
  everyonePermissions?: bigint;
  /** Permissions of the bot's managed role; default: DEFAULT_MEMBER_PERMISSIONS. */
  botPermissions?: bigint;
  preferredLocale?: string;
}

export interface DiscordDoubleOptions {
  token?: string;
  applicationId?: string;
  /** Defaults to applicationId (as for real bots). */
  botUserId?: string;
  botUsername?: string;
  applicationName?: string;
  /** Default: one guild '900000000000000001' ("Test Guild") with one text channel '900000000000000010' ("general"). */
  guilds?: GuildSpec[];
  /** Privileged intents the application is allowed to request; default none. */
  privilegedIntents?: PrivilegedIntent[];
  /** Time the bot has to send the initial interaction callback; default 3000 ms. */
  interactionDeadlineMs?: number;
  /** heartbeat_interval sent in HELLO; default 41250 ms. */
  heartbeatIntervalMs?: number;
  /** How long interaction tokens work for webhook endpoints; default 15 minutes. */
  webhookTokenTtlMs?: number;
  /** Dispatch MESSAGE_CREATE for the bot's own (non-ephemeral) messages, like Discord does; default true. */
  echoBotMessages?: boolean;
  /** `shards` in GET /gateway/bot; default one per 1,000 guilds (at least 1), as Discord recommends. */
  recommendedShards?: number;
  /** `session_start_limit.max_concurrency` in GET /gateway/bot; default 1. */
  maxConcurrency?: number;
  /**
   * An IDENTIFY without sharding (no `shard`, or `[0, 1]`) from a bot in more guilds than this is
   * closed with 4011 "Sharding required"; default 2,500, as on Discord.
   */
  unshardedGuildLimit?: number;
}

export interface IdentifyRecord {
  /** Session the READY created. */
  sessionId: string;
  intents: number;
  /** Names of the GatewayIntentBits set in `intents`. */
  intentNames: string[];
  token: string;
  properties: unknown;
  shard: unknown;
  compress: unknown;
  presence: unknown;
  /** Path + query of the WebSocket connection that identified. */
  connectionUrl: string;
  at: number;
}

export interface ResumeRecord {
  sessionId: string;
  seq: number;
  replayed: number;
  connectionUrl: string;
  at: number;
}

export interface GatewayConnectionRecord {
  url: string;
  at: number;
  /** Close code, once closed (1006 = abnormal). */
  closeCode: number | null;
  /** Who initiated the close. */
  closedBy: 'double' | 'client' | null;
}

export interface UploadedFile {
  fieldName: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  /** Route template, e.g. `/channels/:channel/messages`, or `(unmatched)`. */
  route: string;
  /** Query string including `?`, or ''. */
  query: string;
  /** Parsed JSON body (or payload_json of a multipart body); undefined when none. */
  body: unknown;
  files: UploadedFile[];
  /** The raw Authorization header (e.g. `Bot abc...`), or undefined. */
  authorization: string | undefined;
  /** Status the double answered with (0 while in flight). */
  status: number;
  interactionId: string | null;
  at: number;
}

export interface AnsweredError {
  method: string;
  path: string;
  route: string;
  status: number;
  /** Discord JSON error code (e.g. 50035, 40060, 10062, 50013), 0 for 401/404 route. */
  code: number;
  message: string;
  /** Discord's nested `errors` object for 50035. */
  errors?: Obj;
  /** Flattened reasons, e.g. `data.embeds.0.fields: Must be 25 or fewer in length. [BASE_TYPE_MAX_LENGTH]`. */
  reasons: string[];
  interactionId: string | null;
  at: number;
}

export interface AllowedMentionsRecord {
  parse?: string[];
  users?: string[];
  roles?: string[];
  replied_user?: boolean;
}

export type MessageSource =
  | 'channel' // POST /channels/:id/messages
  | 'interaction-reply' // callback 4/5 (the @original)
  | 'interaction-followup' // POST /webhooks/:app/:token
  | 'component-host' // synthesized bot message a button was attached to (sendButton without messageId)
  | 'user'; // dispatchMessage / targets of message commands

export interface DoubleMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  author: { id: string; username: string; bot: boolean };
  content: string;
  embeds: Obj[];
  components: Obj[];
  flags: number;
  ephemeral: boolean;
  /** True while a deferred (type 5) response is still "thinking". */
  loading: boolean;
  /** As sent by the bot on the latest create/edit; null when the request had none. */
  allowedMentions: AllowedMentionsRecord | null;
  messageReference: {
    messageId: string;
    channelId: string | null;
    guildId: string | null;
    failIfNotExists: boolean | null;
  } | null;
  attachments: { id: string; filename: string; size: number; contentType: string }[];
  tts: boolean;
  source: MessageSource;
  interactionId: string | null;
  createdAt: number;
  editedAt: number | null;
  /** Earlier versions, oldest first. */
  history: { content: string; embeds: Obj[]; components: Obj[]; flags: number; at: number }[];
  deleted: boolean;
}

export type InteractionKind =
  'slash' | 'autocomplete' | 'button' | 'select' | 'message-command' | 'user-command' | 'modal-submit';

export interface CallbackRecord {
  type: number;
  data: Obj | undefined;
  /** ms after dispatch. */
  latencyMs: number;
  withResponse: boolean;
  at: number;
}

export type FailureReason = 'no-response-before-deadline' | 'late-response';

export interface SettledReply {
  kind: 'reply' | 'update' | 'followup' | 'autocomplete' | 'modal' | 'deleted';
  /** The visible message (null for autocomplete/modal). */
  message: DoubleMessage | null;
  content: string;
  embeds: Obj[];
  components: Obj[];
  flags: number;
  ephemeral: boolean;
  allowedMentions: AllowedMentionsRecord | null;
  /** Autocomplete choices (kind 'autocomplete'). */
  choices: { name: string; value: string | number }[] | null;
  /** Modal data (kind 'modal'). */
  modal: Obj | null;
  followUps: DoubleMessage[];
}

export interface SlashOption {
  name: string;
  /** ApplicationCommandOptionType (3 string, 4 integer, 5 boolean, 6 user, 7 channel, 8 role, 10 number, 11 attachment (value: an id from `addAttachment`), 1 subcommand, 2 group). */
  type: number;
  value?: string | number | boolean;
  options?: SlashOption[];
  focused?: boolean;
}

/** A file a user "uploaded" with a slash command (an ATTACHMENT option), served by the double on 127.0.0.1. */
export interface AttachmentSpec {
  filename: string;
  /** The bytes served at the attachment's URL. */
  content: Buffer | string;
  /** Sent as `content_type` in the payload and as Content-Type when served; omitted when undefined. */
  contentType?: string;
  /** The size Discord reports in the payload; default: the content's length (set it to test a size check). */
  size?: number;
}

/** The attachment object Discord puts in `data.resolved.attachments`. */
export interface DoubleAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
}

export interface InteractionContextOptions {
  /** Default: first channel of the guild (or a DM channel when `dm`). */
  channelId?: string;
  /** Default: first configured guild (ignored when `dm`). */
  guildId?: string;
  /** Default '100000000000000001'. */
  userId?: string;
  username?: string;
  /** The invoking member's permissions (guild only); default DEFAULT_MEMBER_PERMISSIONS. */
  memberPermissions?: bigint | string;
  /** Deliver as a DM interaction (`user` + `channel` {type 1}, no guild/member). */
  dm?: boolean;
  locale?: string;
}

export interface SlashCommandOptions extends InteractionContextOptions {
  name: string;
  options?: SlashOption[];
  /** Default: id of the registered command with this name, else a fresh snowflake. */
  commandId?: string;
}

export interface ButtonOptions extends InteractionContextOptions {
  customId: string;
  /** The message carrying the button; default: a synthesized bot message with that button. */
  messageId?: string;
}

export interface SelectOptions extends ButtonOptions {
  values: string[];
}

export interface MessageCommandOptions extends InteractionContextOptions {
  name: string;
  targetMessage: { id?: string; content: string; authorId?: string; authorBot?: boolean; embeds?: Obj[] };
  commandId?: string;
}

export interface UserCommandOptions extends InteractionContextOptions {
  name: string;
  targetUserId: string;
  commandId?: string;
}

export interface ModalSubmitOptions extends InteractionContextOptions {
  customId: string;
  fields: Record<string, string>;
}

export interface DispatchMessageOptions {
  /** Default: first channel of the guild (or the author's DM channel when `dm`). */
  channelId?: string;
  guildId?: string;
  content: string;
  /** Default '100000000000000001'. */
  authorId?: string;
  authorName?: string;
  authorBot?: boolean;
  /** Prepends `<@bot>` to the content unless it already mentions the bot. */
  mentionsBot?: boolean;
  /** Makes it a reply (type 19) to this message. */
  replyToMessageId?: string;
  embeds?: Obj[];
  dm?: boolean;
}

export interface RateLimitOptions {
  /** Matched against the path after /api/v10 (e.g. /channels/1/messages). Default: any route. */
  route?: RegExp;
  method?: string;
  /** Default 300 ms. Sent as float seconds in `retry_after`, `Retry-After` and `X-RateLimit-Reset-After`. */
  retryAfterMs?: number;
  global?: boolean;
}

export interface StoredCommand {
  id: string;
  application_id: string;
  version: string;
  type: number;
  name: string;
  description: string;
  options?: unknown[];
  default_member_permissions: string | null;
  dm_permission: boolean;
  contexts: unknown;
  integration_types: unknown;
  nsfw: boolean;
  guild_id?: string;
  name_localizations: unknown;
  description_localizations: unknown;
}

export interface PingingMessage {
  message: DoubleMessage;
  /** What could ping: 'everyone', 'here', 'user:<id>', 'role:<id>', 'replied_user'. */
  pings: string[];
}

// ---------------------------------------------------------------------------------------
// Constants & helpers
// ---------------------------------------------------------------------------------------

const P = PermissionFlagsBits;
/** A typical member/@everyone permission set. */
export const DEFAULT_MEMBER_PERMISSIONS: bigint =
  P.CreateInstantInvite |
  P.AddReactions |
  P.Stream |
  P.ViewChannel |
  P.SendMessages |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.UseExternalEmojis |
  P.Connect |
  P.Speak |
  P.UseVAD |
  P.ChangeNickname |
  P.UseApplicationCommands |
  P.CreatePublicThreads |
  P.CreatePrivateThreads |
  P.UseExternalStickers |
  P.SendMessagesInThreads |
  P.UseEmbeddedActivities |
  P.SendVoiceMessages |
  P.SendPolls |
  P.UseExternalApps;
const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((a, b) => a | b, 0n);
const DM_PERMISSIONS: bigint =
  P.AddReactions |
  P.ViewChannel |
  P.SendMessages |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.UseExternalEmojis |
  P.UseApplicationCommands |
  P.UseExternalStickers |
  P.SendVoiceMessages |
  P.SendPolls |
  P.UseExternalApps;

const PRIVILEGED: Record<PrivilegedIntent, number> = {
  MessageContent: GatewayIntentBits.MessageContent,
  GuildMembers: GatewayIntentBits.GuildMembers,
  GuildPresences: GatewayIntentBits.GuildPresences,
};
const ALL_INTENTS = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === 'number')
  .reduce((a, b) => a | b, 0);

export const DEFAULT_USER_ID = '100000000000000001';
const DISCORD_EPOCH = 1420070400000n;
let snowflakeIncrement = 0n;
/** A fresh, time-ordered snowflake. */
export function snowflake(): string {
  snowflakeIncrement = (snowflakeIncrement + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeIncrement).toString();
}

/** The shard of `count` that serves a guild, as Discord computes it: (guild_id >> 22) % count, in BigInt. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

const iso = (ms: number): string => new Date(ms).toISOString();
const TEXT_CHANNEL_TYPES = new Set([0, 1, 2, 3, 5, 10, 11, 12, 13]);
const LOADING = MessageFlags.Loading;
const EPHEMERAL = MessageFlags.Ephemeral;

interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  locale: string;
  everyonePerms: bigint;
  botRolePerms: bigint;
  botRoleId: string;
  joinedAt: number;
  channels: Map<string, ChannelState>;
}

interface ChannelState {
  id: string;
  name: string;
  type: number;
  guildId: string | null;
  missing: bigint;
  topic: string | null;
  parentId: string | null;
  position: number;
  /** DM recipient user id. */
  recipientId: string | null;
}

interface UserState {
  id: string;
  username: string;
  bot: boolean;
}

interface Session {
  id: string;
  /** [shard id, shard count] from IDENTIFY; [0, 1] when the client did not shard. */
  shard: [number, number];
  intents: number;
  seq: number;
  history: { s: number; t: string; d: unknown }[];
  conn: Conn | null;
  valid: boolean;
}

interface Conn {
  ws: WebSocket;
  url: string;
  session: Session | null;
  record: GatewayConnectionRecord;
}

interface RestCtx {
  method: string;
  path: string;
  route: string;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
  auth: string | undefined;
  record: RecordedRequest;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** For error bookkeeping. */
  reasons?: string[];
}

interface RateLimitRule extends RateLimitOptions {
  remaining: number;
}

type Handler = (ctx: RestCtx, params: string[]) => Reply | Promise<Reply>;

interface RouteDef {
  method: string;
  re: RegExp;
  template: string;
  handler: Handler;
}

interface IxState {
  id: string;
  token: string;
  type: number;
  kind: InteractionKind;
  name: string;
  payload: Obj;
  channelId: string;
  guildId: string | null;
  userId: string;
  dispatchedAt: number;
  callbacks: CallbackRecord[];
  originalMessageId: string | null;
  hostMessageId: string | null;
  hostEditedAfterCallback: boolean;
  originalDeleted: boolean;
  followUpIds: string[];
  errors: AnsweredError[];
  failed: boolean;
  failureReason: FailureReason | null;
  lastChangeAt: number;
  timer: NodeJS.Timeout | null;
}

class HttpError {
  constructor(readonly reply: Reply) {}
}

function jsonError(status: number, code: number, message: string, errors?: FormErrors): Reply {
  const body: Obj = { message, code };
  if (errors) body.errors = errors.tree;
  return { status, body, reasons: errors ? errors.reasons : [message] };
}
const invalidForm = (fe: FormErrors): Reply => jsonError(400, 50035, 'Invalid Form Body', fe);
const unknownChannel = (): Reply => jsonError(404, 10003, 'Unknown Channel');
const unknownMessage = (): Reply => jsonError(404, 10008, 'Unknown Message');
const unknownWebhook = (): Reply => jsonError(404, 10015, 'Unknown Webhook');
const unknownInteraction = (): Reply => jsonError(404, 10062, 'Unknown interaction');
const missingPermissions = (): Reply => jsonError(403, 50013, 'Missing Permissions');
const emptyMessage = (): Reply => jsonError(400, 50006, 'Cannot send an empty message');
const ok = (body: unknown): Reply => ({ status: 200, body });
const noContent = (): Reply => ({ status: 204 });

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function parseMultipart(buf: Buffer, boundary: string): { payload: unknown; files: UploadedFile[] } {
  const delimiter = Buffer.from(`--${boundary}`);
  const files: UploadedFile[] = [];
  let payload: unknown = undefined;
  let pos = buf.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    const next = buf.indexOf(delimiter, start);
    if (next === -1) break;
    let part = buf.subarray(start, next);
    if (part.subarray(0, 2).toString() === '\r\n') part = part.subarray(2);
    if (part.subarray(part.length - 2).toString() === '\r\n') part = part.subarray(0, part.length - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? 'application/octet-stream';
      if (name === 'payload_json') payload = JSON.parse(content.toString('utf8'));
      else if (filename !== undefined)
        files.push({ fieldName: name, filename, contentType: type, size: content.length });
    }
    pos = next;
  }
  return { payload, files };
}

function permissionNames(bits: bigint): string[] {
  return Object.entries(PermissionFlagsBits)
    .filter(([, v]) => (bits & v) === v && v !== 0n)
    .map(([k]) => k);
}

function intentNames(intents: number): string[] {
  return Object.entries(GatewayIntentBits)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && (intents & e[1]) !== 0)
    .map(([k]) => k);
}

function toPermBits(v: bigint | string | undefined, fallback: bigint): bigint {
  if (v === undefined) return fallback;
  return typeof v === 'bigint' ? v : BigInt(v);
}

// ---------------------------------------------------------------------------------------
// InteractionHandle
// ---------------------------------------------------------------------------------------

interface HandleHost {
  waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T>;
  getMessage(id: string): DoubleMessage | undefined;
}

/** What the test holds for one dispatched interaction. */
export class InteractionHandle {
  readonly #s: IxState;
  readonly #host: HandleHost;

  /** @internal */
  constructor(state: IxState, host: HandleHost) {
    this.#s = state;
    this.#host = host;
  }

  get id(): string {
    return this.#s.id;
  }
  get token(): string {
    return this.#s.token;
  }
  get kind(): InteractionKind {
    return this.#s.kind;
  }
  /** The INTERACTION_CREATE `d` payload as dispatched. */
  get payload(): Obj {
    return this.#s.payload;
  }
  /** Accepted callbacks (normally exactly one). */
  get callbacks(): readonly CallbackRecord[] {
    return this.#s.callbacks;
  }
  /** Follow-up messages created via POST /webhooks/:app/:token (including one that replaced a deferred reply). */
  get followUps(): DoubleMessage[] {
    return this.#s.followUpIds
      .map((id) => this.#host.getMessage(id))
      .filter((m): m is DoubleMessage => m !== undefined);
  }
  /** The @original message (reply, or the component's message after type 6/7), if any. */
  get original(): DoubleMessage | null {
    return this.#s.originalMessageId ? (this.#host.getMessage(this.#s.originalMessageId) ?? null) : null;
  }
  /** Every 4xx (except 429) the double answered for this interaction's callback/webhook requests. */
  get errors(): readonly AnsweredError[] {
    return this.#s.errors;
  }
  /** True once the deadline passed without a callback, or a callback arrived late. */
  get failed(): boolean {
    return this.#s.failed;
  }
  get failureReason(): FailureReason | null {
    return this.#s.failureReason;
  }

  /** Resolves with the first accepted callback; rejects on timeout or when the interaction failed. */
  response(timeoutMs = 5000): Promise<CallbackRecord> {
    return this.#host.waitUntil(
      () => {
        const first = this.#s.callbacks[0];
        if (first) return first;
        if (this.#s.failed)
          throw new Error(`interaction ${this.#s.kind} "${this.#s.name}" failed: ${this.#s.failureReason ?? '?'}`);
        return undefined;
      },
      timeoutMs,
      `a callback for interaction ${this.#s.kind} "${this.#s.name}"`,
    );
  }

  /** Resolves with the failure reason once the interaction failed; rejects on timeout. */
  waitForFailure(timeoutMs = 5000): Promise<FailureReason> {
    return this.#host.waitUntil(
      () => this.#s.failureReason ?? undefined,
      timeoutMs,
      `interaction "${this.#s.name}" to fail`,
    );
  }

  /** Resolves once at least `n` follow-ups exist. */
  waitForFollowUps(n: number, timeoutMs = 5000): Promise<DoubleMessage[]> {
    return this.#host.waitUntil(
      () => (this.#s.followUpIds.length >= n ? this.followUps : undefined),
      timeoutMs,
      `${n} follow-ups on "${this.#s.name}"`,
    );
  }

  /** Resolves with the 4xx errors once at least `n` exist. */
  waitForErrors(n = 1, timeoutMs = 5000): Promise<readonly AnsweredError[]> {
    return this.#host.waitUntil(
      () => (this.#s.errors.length >= n ? this.#s.errors : undefined),
      timeoutMs,
      `${n} errors on "${this.#s.name}"`,
    );
  }

  #visible(): SettledReply | undefined {
    const s = this.#s;
    const cb = s.callbacks[0];
    if (!cb) return undefined;
    const followUps = this.followUps;
    const base = { choices: null, modal: null, followUps };
    const fromMessage = (kind: SettledReply['kind'], m: DoubleMessage): SettledReply => ({
      ...base,
      kind,
      message: m,
      content: m.content,
      embeds: m.embeds,
      components: m.components,
      flags: m.flags,
      ephemeral: m.ephemeral,
      allowedMentions: m.allowedMentions,
    });
    const empty = {
      message: null,
      content: '',
      embeds: [],
      components: [],
      flags: 0,
      ephemeral: false,
      allowedMentions: null,
    };
    if (cb.type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
      const choices = (asArr(cb.data?.choices) ?? []).filter(isObj).map((c) => ({
        name: String(c.name),
        value: typeof c.value === 'number' ? c.value : String(c.value),
      }));
      return { ...base, ...empty, kind: 'autocomplete', choices };
    }
    if (cb.type === InteractionResponseType.Modal) return { ...base, ...empty, kind: 'modal', modal: cb.data ?? null };
    if (s.originalDeleted) return { ...base, ...empty, kind: 'deleted' };
    const original = this.original;
    if (cb.type === InteractionResponseType.ChannelMessageWithSource && original) return fromMessage('reply', original);
    if (cb.type === InteractionResponseType.DeferredChannelMessageWithSource && original && !original.loading) {
      return fromMessage(s.followUpIds.includes(original.id) ? 'followup' : 'reply', original);
    }
    if (cb.type === InteractionResponseType.UpdateMessage && original) return fromMessage('update', original);
    if (cb.type === InteractionResponseType.DeferredMessageUpdate) {
      if (s.hostEditedAfterCallback && original) return fromMessage('update', original);
      const last = followUps[followUps.length - 1];
      if (last) return fromMessage('followup', last);
    }
    return undefined;
  }

  /**
   * Resolves with the final visible outcome: the reply (after any deferral has been edited),
   * the updated component message, the autocomplete choices or the modal. Waits until nothing
   * changed for `quietMs` (default 100) so a reply followed by quick edits yields the last edit.
   * Rejects if the interaction failed (deadline) or on timeout (default 5000 ms).
   */
  async settled(timeoutMs = 5000, opts: { quietMs?: number } = {}): Promise<SettledReply> {
    const quietMs = opts.quietMs ?? 100;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const remaining = deadline - Date.now();
      const visible = await this.#host.waitUntil(
        () => {
          if (this.#s.failed)
            throw new Error(`interaction ${this.#s.kind} "${this.#s.name}" failed: ${this.#s.failureReason ?? '?'}`);
          return this.#visible();
        },
        Math.max(remaining, 1),
        `interaction ${this.#s.kind} "${this.#s.name}" to settle`,
      );
      const quietFor = Date.now() - this.#s.lastChangeAt;
      if (quietFor >= quietMs) return visible;
      if (Date.now() + (quietMs - quietFor) > deadline) return visible;
      await new Promise((r) => setTimeout(r, quietMs - quietFor));
    }
  }

  /** Like settled() but never rejects for failure: `{ ok: true, reply }` or `{ ok: false, reason }`. */
  async outcome(
    timeoutMs = 5000,
  ): Promise<{ ok: true; reply: SettledReply } | { ok: false; reason: FailureReason | 'timeout' }> {
    try {
      return { ok: true, reply: await this.settled(timeoutMs) };
    } catch {
      return { ok: false, reason: this.#s.failureReason ?? 'timeout' };
    }
  }
}

// ---------------------------------------------------------------------------------------
// DiscordDouble
// ---------------------------------------------------------------------------------------

export class DiscordDouble {
  readonly token: string;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly botUsername: string;
  readonly applicationName: string;
  readonly interactionDeadlineMs: number;
  readonly heartbeatIntervalMs: number;
  readonly webhookTokenTtlMs: number;
  readonly echoBotMessages: boolean;
  readonly privilegedIntents: readonly PrivilegedIntent[];
  readonly maxConcurrency: number;
  readonly unshardedGuildLimit: number;
  #recommendedShards: number | undefined;

  /** Every REST request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Every 400 the double answered. */
  readonly validationErrors: AnsweredError[] = [];
  /** Every response with status >= 400 (incl. 401, 403, 404, 429). */
  readonly errorResponses: AnsweredError[] = [];
  /** Requests answered 429 by rateLimitNext(). */
  readonly rateLimitedRequests: RecordedRequest[] = [];
  /** Requests to routes the double does not implement (answered 404 code 0). */
  readonly unhandledRequests: RecordedRequest[] = [];
  /** Successful IDENTIFYs (each produced a READY). */
  readonly identifies: IdentifyRecord[] = [];
  /** Successful RESUMEs (each produced RESUMED). */
  readonly resumes: ResumeRecord[] = [];
  /** Close codes the double closed gateway connections with (e.g. 4004, 4014, 4000). */
  readonly closeCodesSent: number[] = [];
  /** Every gateway WebSocket connection. */
  readonly gatewayConnections: GatewayConnectionRecord[] = [];
  /** Every gateway payload the clients sent (op + d), for debugging. */
  readonly gatewayReceived: { op: number; d: unknown; at: number }[] = [];
  /** Number of op 9 INVALID_SESSION sent. */
  invalidSessionsSent = 0;
  /** Number of HEARTBEATs received. */
  heartbeatsReceived = 0;

  #server: http.Server;
  #wss: WebSocketServer;
  #port = 0;
  #guilds = new Map<string, GuildState>();
  #dmChannels = new Map<string, ChannelState>();
  #users = new Map<string, UserState>();
  #messages = new Map<string, DoubleMessage>();
  #attachments = new Map<string, { object: DoubleAttachment; content: Buffer; contentType: string | undefined }>();
  /** Every download of an attachment URL, in order (method, path). */
  readonly attachmentDownloads: { path: string; at: number }[] = [];
  #messageOrder: string[] = [];
  #interactions = new Map<string, IxState>();
  #interactionsByToken = new Map<string, IxState>();
  #sessions = new Map<string, Session>();
  #conns = new Set<Conn>();
  #commands = new Map<string, StoredCommand[]>();
  #rateLimits: RateLimitRule[] = [];
  #routes: RouteDef[] = [];
  #waiters = new Set<() => void>();
  #ackHeartbeats = true;
  #closed = false;

  private constructor(opts: DiscordDoubleOptions) {
    this.token = opts.token ?? 'MTAwMDAwMDAwMDAwMDAwMDAw.double.test-token';
    this.applicationId = opts.applicationId ?? '800000000000000001';
    this.botUserId = opts.botUserId ?? this.applicationId;
    this.botUsername = opts.botUsername ?? 'Footnote';
    this.applicationName = opts.applicationName ?? this.botUsername;
    this.interactionDeadlineMs = opts.interactionDeadlineMs ?? 3000;
    this.heartbeatIntervalMs = opts.heartbeatIntervalMs ?? 41250;
    this.webhookTokenTtlMs = opts.webhookTokenTtlMs ?? 15 * 60_000;
    this.echoBotMessages = opts.echoBotMessages ?? true;
    this.privilegedIntents = [...(opts.privilegedIntents ?? [])];
    this.#recommendedShards = opts.recommendedShards;
    this.maxConcurrency = opts.maxConcurrency ?? 1;
    this.unshardedGuildLimit = opts.unshardedGuildLimit ?? 2500;
    this.#users.set(this.botUserId, { id: this.botUserId, username: this.botUsername, bot: true });
    const guilds = opts.guilds ?? [
      { id: '900000000000000001', name: 'Test Guild', channels: [{ id: '900000000000000010', name: 'general' }] },
    ];
    for (const g of guilds) this.#addGuildState(g);
    this.#server = http.createServer((req, res) => void this.#onHttp(req, res));
    this.#server.keepAliveTimeout = 1000;
    this.#wss = new WebSocketServer({ server: this.#server });
    this.#wss.on('connection', (ws, req) => this.#onConnection(ws, req));
    this.#defineRoutes();
  }

  /** Starts a double on 127.0.0.1 with a random free port. */
  static async start(opts: DiscordDoubleOptions = {}): Promise<DiscordDouble> {
    const d = new DiscordDouble(opts);
    await new Promise<void>((resolve, reject) => {
      d.#server.once('error', reject);
      d.#server.listen(0, '127.0.0.1', () => resolve());
    });
    d.#port = (d.#server.address() as AddressInfo).port;
    return d;
  }

  get port(): number {
    return this.#port;
  }
  /** `http://127.0.0.1:PORT/api` — what the bot takes as DISCORD_API_URL / `rest.api`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }
  /** The gateway URL returned by GET /gateway/bot. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }
  /** The resume_gateway_url sent in READY (same server, path /resume). */
  get resumeGatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}/resume`;
  }
  get identifyCount(): number {
    return this.identifies.length;
  }
  get lastIdentify(): IdentifyRecord | null {
    return this.identifies[this.identifies.length - 1] ?? null;
  }
  /** Number of gateway sockets currently open that have identified or resumed. */
  get liveSessionCount(): number {
    return [...this.#conns].filter((c) => c.session !== null).length;
  }
  /** `shards` in GET /gateway/bot: the option, else one shard per 1,000 guilds. */
  get recommendedShards(): number {
    return this.#recommendedShards ?? Math.max(1, Math.ceil(this.#guilds.size / 1000));
  }
  /** Shard ids (of `count`) with a live, identified or resumed connection right now. */
  liveShards(count?: number): number[] {
    const ids = [...this.#conns]
      .map((c) => c.session)
      .filter(
        (session): session is Session =>
          session !== null && session.valid && (count === undefined || session.shard[1] === count),
      )
      .map((session) => session.shard[0]);
    return [...new Set(ids)].sort((a, b) => a - b);
  }
  /** Guild ids in the order they were added. */
  get guildIds(): string[] {
    return [...this.#guilds.keys()];
  }

  // ---- waiting ---------------------------------------------------------------------

  #notify(): void {
    for (const w of [...this.#waiters]) w();
  }

  /**
   * Generic wait: resolves with the first non-undefined value of `check`, re-evaluated on every
   * double state change and every 10 ms (so it can also watch client-side state). A throwing
   * check rejects. Rejects after `timeoutMs` (default 5000).
   */
  waitUntil<T>(check: () => T | undefined, timeoutMs = 5000, what = 'condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | null = null;
      let poll: NodeJS.Timeout | null = null;
      const finish = (fn: () => void): void => {
        if (timer) clearTimeout(timer);
        if (poll) clearInterval(poll);
        this.#waiters.delete(waiter);
        fn();
      };
      const waiter = (): void => {
        let v: T | undefined;
        try {
          v = check();
        } catch (e) {
          finish(() => reject(e instanceof Error ? e : new Error(String(e))));
          return;
        }
        if (v !== undefined) {
          const value = v;
          finish(() => resolve(value));
        }
      };
      this.#waiters.add(waiter);
      waiter();
      if (!this.#waiters.has(waiter)) return;
      timer = setTimeout(() => {
        finish(() => reject(new Error(`DiscordDouble: timed out after ${timeoutMs} ms waiting for ${what}`)));
      }, timeoutMs);
      poll = setInterval(waiter, 10);
    });
  }

  /** Resolves when at least `count` (default 1) READYs (+ their GUILD_CREATEs) have been sent. */
  waitForReady(opts: { timeoutMs?: number; count?: number } = {}): Promise<IdentifyRecord> {
    const count = opts.count ?? 1;
    return this.waitUntil(() => this.identifies[count - 1], opts.timeoutMs ?? 5000, `READY #${count}`);
  }

  /** Resolves when at least `count` (default 1) RESUMEDs have been sent. */
  waitForResume(opts: { timeoutMs?: number; count?: number } = {}): Promise<ResumeRecord> {
    const count = opts.count ?? 1;
    return this.waitUntil(() => this.resumes[count - 1], opts.timeoutMs ?? 5000, `RESUMED #${count}`);
  }

  /** Resolves when the double has closed a gateway connection with `code`. */
  waitForCloseCode(code: number, timeoutMs = 5000): Promise<number> {
    return this.waitUntil(
      () => (this.closeCodesSent.includes(code) ? code : undefined),
      timeoutMs,
      `close code ${code}`,
    );
  }

  /** Resolves with the first request (past or future) matching the predicate, once it has been answered. */
  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitUntil(
      () => this.requests.find((r) => r.status !== 0 && pred(r)),
      timeoutMs,
      'a matching REST request',
    );
  }

  /** Resolves once the bot has posted at least `n` messages (any source) in the channel. */
  waitForChannelMessages(channelId: string, n = 1, timeoutMs = 5000): Promise<DoubleMessage[]> {
    return this.waitUntil(
      () => {
        const list = this.channelMessages(channelId);
        return list.length >= n ? list : undefined;
      },
      timeoutMs,
      `${n} bot messages in channel ${channelId}`,
    );
  }

  // ---- state helpers ---------------------------------------------------------------

  #addGuildState(g: GuildSpec): GuildState {
    const state: GuildState = {
      id: g.id,
      name: g.name,
      ownerId: g.ownerId ?? '100000000000000099',
      locale: g.preferredLocale ?? 'en-US',
      everyonePerms: g.everyonePermissions ?? DEFAULT_MEMBER_PERMISSIONS,
      botRolePerms: g.botPermissions ?? DEFAULT_MEMBER_PERMISSIONS,
      botRoleId: (BigInt(g.id) + 7n).toString(),
      joinedAt: Date.now() - 86_400_000,
      channels: new Map(),
    };
    g.channels.forEach((c, i) => state.channels.set(c.id, this.#channelState(c, g.id, i)));
    this.#guilds.set(g.id, state);
    return state;
  }

  #channelState(c: ChannelSpec, guildId: string, position: number): ChannelState {
    let missing = 0n;
    for (const name of c.missingPermissions ?? []) missing |= PermissionFlagsBits[name];
    return {
      id: c.id,
      name: c.name,
      type: c.type ?? 0,
      guildId,
      missing,
      topic: c.topic ?? null,
      parentId: c.parentId ?? null,
      position,
      recipientId: null,
    };
  }

  #findChannel(id: string): ChannelState | undefined {
    for (const g of this.#guilds.values()) {
      const c = g.channels.get(id);
      if (c) return c;
    }
    return this.#dmChannels.get(id);
  }

  #dmChannelFor(userId: string): ChannelState {
    for (const c of this.#dmChannels.values()) if (c.recipientId === userId) return c;
    return this.#newDmChannel((BigInt(userId) + 1_000_000n).toString(), userId);
  }

  /** A DM channel with `userId`, remembered under `id`. */
  #newDmChannel(id: string, userId: string): ChannelState {
    const c: ChannelState = {
      id,
      name: '',
      type: 1,
      guildId: null,
      missing: 0n,
      topic: null,
      parentId: null,
      position: 0,
      recipientId: userId,
    };
    this.#dmChannels.set(id, c);
    return c;
  }

  #user(id: string, username?: string, bot?: boolean): UserState {
    const existing = this.#users.get(id);
    if (existing) {
      if (username) existing.username = username;
      if (bot !== undefined && id !== this.botUserId) existing.bot = bot;
      return existing;
    }
    const u: UserState = { id, username: username ?? `user${id.slice(-4)}`, bot: bot ?? false };
    this.#users.set(id, u);
    return u;
  }

  #userObject(id: string): Obj {
    const u = this.#user(id);
    const o: Obj = {
      id: u.id,
      username: u.username,
      discriminator: '0',
      global_name: u.bot ? null : u.username,
      avatar: null,
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
    };
    if (u.bot) o.bot = true;
    return o;
  }

  #botUserObject(): Obj {
    return { ...this.#userObject(this.botUserId), verified: true, mfa_enabled: false, email: null, locale: 'en-US' };
  }

  #memberObject(userId: string, guild: GuildState, permissions?: bigint): Obj {
    const o: Obj = {
      user: this.#userObject(userId),
      roles: userId === this.botUserId ? [guild.botRoleId] : [],
      joined_at: iso(guild.joinedAt),
      premium_since: null,
      nick: null,
      avatar: null,
      banner: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
    if (permissions !== undefined) o.permissions = permissions.toString();
    return o;
  }

  #botPermsIn(channel: ChannelState): bigint {
    if (!channel.guildId) return DM_PERMISSIONS;
    const guild = this.#guilds.get(channel.guildId);
    if (!guild) return 0n;
    const base = guild.everyonePerms | guild.botRolePerms;
    if ((base & P.Administrator) !== 0n) return ALL_PERMISSIONS;
    return base & ~channel.missing;
  }

  #channelObject(c: ChannelState): Obj {
    if (!c.guildId) {
      return {
        id: c.id,
        type: 1,
        flags: 0,
        last_message_id: null,
        recipients: c.recipientId ? [this.#userObject(c.recipientId)] : [],
      };
    }
    const overwrites =
      c.missing !== 0n ? [{ id: this.botUserId, type: 1, allow: '0', deny: c.missing.toString() }] : [];
    return {
      id: c.id,
      type: c.type,
      guild_id: c.guildId,
      name: c.name,
      position: c.position,
      permission_overwrites: overwrites,
      parent_id: c.parentId,
      topic: c.topic,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
    };
  }

  #roleObject(id: string, name: string, perms: bigint, position: number, botTag: boolean): Obj {
    const o: Obj = {
      id,
      name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: perms.toString(),
      managed: botTag,
      mentionable: false,
      flags: 0,
    };
    if (botTag) o.tags = { bot_id: this.botUserId };
    return o;
  }

  #guildObject(g: GuildState, full: boolean): Obj {
    const o: Obj = {
      id: g.id,
      name: g.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: g.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        this.#roleObject(g.id, '@everyone', g.everyonePerms, 0, false),
        this.#roleObject(g.botRoleId, this.botUsername, g.botRolePerms, 1, true),
      ],
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: g.locale,
      public_updates_channel_id: null,
      nsfw_level: 0,
      stickers: [],
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      max_members: 500000,
    };
    if (full) {
      Object.assign(o, {
        joined_at: iso(g.joinedAt),
        large: false,
        unavailable: false,
        member_count: 2,
        voice_states: [],
        members: [this.#memberObject(this.botUserId, g)],
        channels: [...g.channels.values()].map((c) => this.#channelObject(c)),
        threads: [],
        presences: [],
        stage_instances: [],
        guild_scheduled_events: [],
        soundboard_sounds: [],
        lazy: true,
      });
    }
    return o;
  }

  #applicationFlags(): number {
    let flags = 0;
    if (this.privilegedIntents.includes('MessageContent')) flags |= ApplicationFlags.GatewayMessageContentLimited;
    if (this.privilegedIntents.includes('GuildMembers')) flags |= ApplicationFlags.GatewayGuildMembersLimited;
    if (this.privilegedIntents.includes('GuildPresences')) flags |= ApplicationFlags.GatewayPresenceLimited;
    return flags;
  }

  #applicationObject(): Obj {
    return {
      id: this.applicationId,
      name: this.applicationName,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: 'd0c0ffee'.repeat(8),
      flags: this.#applicationFlags(),
      owner: this.#userObject('100000000000000099'),
      team: null,
      bot: this.#userObject(this.botUserId),
      approximate_guild_count: this.#guilds.size,
      approximate_user_install_count: 0,
      install_params: { scopes: ['bot', 'applications.commands'], permissions: DEFAULT_MEMBER_PERMISSIONS.toString() },
      integration_types_config: { '0': {} },
      hook: true,
      redirect_uris: [],
      interactions_endpoint_url: null,
      tags: [],
    };
  }

  // ---- messages --------------------------------------------------------------------

  #storeMessage(m: DoubleMessage): DoubleMessage {
    this.#messages.set(m.id, m);
    this.#messageOrder.push(m.id);
    return m;
  }

  #newBotMessage(
    channel: ChannelState,
    body: Obj,
    source: MessageSource,
    interactionId: string | null,
    files: UploadedFile[],
  ): DoubleMessage {
    const ref = asObj(body.message_reference);
    const flags = typeof body.flags === 'number' ? body.flags : 0;
    const m: DoubleMessage = {
      id: snowflake(),
      channelId: channel.id,
      guildId: channel.guildId,
      author: { id: this.botUserId, username: this.botUsername, bot: true },
      content: asStr(body.content) ?? '',
      embeds: (asArr(body.embeds) ?? []).filter(isObj),
      components: (asArr(body.components) ?? []).filter(isObj),
      flags,
      ephemeral: (flags & EPHEMERAL) !== 0,
      loading: (flags & LOADING) !== 0,
      allowedMentions: this.#allowedMentions(body.allowed_mentions),
      messageReference:
        ref && typeof ref.message_id === 'string'
          ? {
              messageId: ref.message_id,
              channelId: asStr(ref.channel_id) ?? channel.id,
              guildId: asStr(ref.guild_id) ?? channel.guildId,
              failIfNotExists: typeof ref.fail_if_not_exists === 'boolean' ? ref.fail_if_not_exists : null,
            }
          : null,
      attachments: files.map((f) => ({
        id: snowflake(),
        filename: f.filename,
        size: f.size,
        contentType: f.contentType,
      })),
      tts: body.tts === true,
      source,
      interactionId,
      createdAt: Date.now(),
      editedAt: null,
      history: [],
      deleted: false,
    };
    return this.#storeMessage(m);
  }

  #allowedMentions(v: unknown): AllowedMentionsRecord | null {
    const o = asObj(v);
    if (!o) return null;
    const r: AllowedMentionsRecord = {};
    const parse = asArr(o.parse);
    if (parse) r.parse = parse.map(String);
    const users = asArr(o.users);
    if (users) r.users = users.map(String);
    const roles = asArr(o.roles);
    if (roles) r.roles = roles.map(String);
    if (typeof o.replied_user === 'boolean') r.replied_user = o.replied_user;
    return r;
  }

  #editMessage(m: DoubleMessage, body: Obj, files: UploadedFile[]): void {
    m.history.push({
      content: m.content,
      embeds: m.embeds,
      components: m.components,
      flags: m.flags,
      at: m.editedAt ?? m.createdAt,
    });
    if ('content' in body) m.content = asStr(body.content) ?? '';
    if ('embeds' in body) m.embeds = (asArr(body.embeds) ?? []).filter(isObj);
    if ('components' in body) m.components = (asArr(body.components) ?? []).filter(isObj);
    if ('allowed_mentions' in body) m.allowedMentions = this.#allowedMentions(body.allowed_mentions);
    if (typeof body.flags === 'number') {
      const keep = m.flags & (EPHEMERAL | MessageFlags.IsComponentsV2);
      m.flags = keep | (body.flags & (MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2));
    }
    if ('attachments' in body) {
      const kept = (asArr(body.attachments) ?? []).filter(isObj).map((a) => String(a.id));
      m.attachments = m.attachments.filter((a) => kept.includes(a.id));
    }
    for (const f of files)
      m.attachments.push({ id: snowflake(), filename: f.filename, size: f.size, contentType: f.contentType });
    if (m.loading) {
      m.loading = false;
      m.flags &= ~LOADING;
    } else {
      m.editedAt = Date.now();
    }
  }

  #messageType(m: DoubleMessage): number {
    if (m.source === 'interaction-reply' && m.interactionId) {
      const ix = this.#interactions.get(m.interactionId);
      if (ix?.type === InteractionType.ApplicationCommand) return ix.kind === 'slash' ? 20 : 23;
    }
    return m.messageReference ? 19 : 0;
  }

  #apiMessage(m: DoubleMessage, forGateway = false, depth = 0): Obj {
    const users = [...m.content.matchAll(/<@!?(\d{15,21})>/g)].map((x) => x[1] ?? '');
    const roles = [...m.content.matchAll(/<@&(\d{15,21})>/g)].map((x) => x[1] ?? '');
    const channel = this.#findChannel(m.channelId);
    const guild = channel?.guildId ? this.#guilds.get(channel.guildId) : undefined;
    const o: Obj = {
      id: m.id,
      channel_id: m.channelId,
      author: m.author.id === this.botUserId ? this.#userObject(this.botUserId) : this.#userObject(m.author.id),
      content: m.content,
      timestamp: iso(m.createdAt),
      edited_timestamp: m.editedAt ? iso(m.editedAt) : null,
      tts: m.tts,
      mention_everyone: m.author.id !== this.botUserId && /@(everyone|here)/.test(m.content),
      mentions: [...new Set(users)].map((id) => {
        const u = this.#userObject(id);
        if (forGateway && guild) u.member = { ...this.#memberObject(id, guild), user: undefined };
        return u;
      }),
      mention_roles: [...new Set(roles)],
      attachments: m.attachments.map((a) => ({
        id: a.id,
        filename: a.filename,
        size: a.size,
        content_type: a.contentType,
        url: `https://cdn.discordapp.com/attachments/${m.channelId}/${a.id}/${a.filename}`,
        proxy_url: `https://media.discordapp.net/attachments/${m.channelId}/${a.id}/${a.filename}`,
      })),
      embeds: m.embeds,
      pinned: false,
      type: this.#messageType(m),
      flags: m.flags,
      components: m.components,
    };
    if (forGateway && guild) {
      o.guild_id = guild.id;
      if (m.author.id !== this.botUserId || m.source === 'channel')
        o.member = { ...this.#memberObject(m.author.id, guild), user: undefined };
    }
    if (m.interactionId) {
      const ix = this.#interactions.get(m.interactionId);
      o.webhook_id = this.applicationId;
      o.application_id = this.applicationId;
      if (ix) {
        o.interaction_metadata = {
          id: ix.id,
          type: ix.type,
          user: this.#userObject(ix.userId),
          authorizing_integration_owners: ix.payload.authorizing_integration_owners ?? {},
          ...(ix.type === InteractionType.ApplicationCommand ? { name: ix.name } : {}),
        };
      }
    }
    if (m.messageReference) {
      o.message_reference = {
        type: 0,
        message_id: m.messageReference.messageId,
        channel_id: m.messageReference.channelId ?? m.channelId,
        ...(m.messageReference.guildId ? { guild_id: m.messageReference.guildId } : {}),
      };
      const referenced = this.#messages.get(m.messageReference.messageId);
      if (referenced && depth === 0) o.referenced_message = this.#apiMessage(referenced, forGateway, 1);
    }
    return o;
  }

  // ---- gateway ---------------------------------------------------------------------

  #send(conn: Conn, payload: Obj): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(payload));
  }

  #closeConn(conn: Conn, code: number, reason: string): void {
    this.closeCodesSent.push(code);
    conn.record.closedBy = 'double';
    conn.record.closeCode = code;
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.close(code, reason);
    this.#notify();
  }

  #onConnection(ws: WebSocket, req: http.IncomingMessage): void {
    const url = req.url ?? '/';
    const record: GatewayConnectionRecord = { url, at: Date.now(), closeCode: null, closedBy: null };
    this.gatewayConnections.push(record);
    const conn: Conn = { ws, url, session: null, record };
    this.#conns.add(conn);
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      this.#conns.delete(conn);
      if (record.closedBy === null) {
        record.closedBy = 'client';
        record.closeCode = code;
      }
      const session = conn.session;
      if (session && session.conn === conn) {
        session.conn = null;
        // A client closing with 1000/1001 ends its session (Discord semantics).
        if (record.closedBy === 'client' && (code === 1000 || code === 1001)) session.valid = false;
      }
      this.#notify();
    });
    ws.on('message', (data) => this.#onGatewayMessage(conn, rawToString(data)));
    const q = new URL(url, 'ws://x').searchParams;
    if (q.get('v') !== null && q.get('v') !== '10') {
      this.#closeConn(conn, 4012, 'Invalid API version');
      return;
    }
    if (q.get('encoding') !== null && q.get('encoding') !== 'json') {
      this.#closeConn(conn, 4002, 'Error while decoding payload.');
      return;
    }
    this.#send(conn, {
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: this.heartbeatIntervalMs, _trace: ['["discord-double"]'] },
      s: null,
      t: null,
    });
    this.#notify();
  }

  #onGatewayMessage(conn: Conn, text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.#closeConn(conn, 4002, 'Error while decoding payload.');
      return;
    }
    if (!isObj(msg) || typeof msg.op !== 'number') {
      this.#closeConn(conn, 4002, 'Error while decoding payload.');
      return;
    }
    this.gatewayReceived.push({ op: msg.op, d: msg.d, at: Date.now() });
    switch (msg.op) {
      case GatewayOpcodes.Heartbeat:
        this.heartbeatsReceived++;
        if (this.#ackHeartbeats) this.#send(conn, { op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
        break;
      case GatewayOpcodes.Identify:
        this.#onIdentify(conn, asObj(msg.d) ?? {});
        break;
      case GatewayOpcodes.Resume:
        this.#onResume(conn, asObj(msg.d) ?? {});
        break;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!conn.session) this.#closeConn(conn, 4003, 'Not authenticated.');
        break;
      default:
        this.#closeConn(conn, 4001, 'Unknown opcode.');
    }
    this.#notify();
  }

  /** IDENTIFY and RESUME both need a connection not yet authenticated and the bot's token; closes it otherwise. */
  #authenticates(conn: Conn, d: Obj): boolean {
    if (conn.session) {
      this.#closeConn(conn, 4005, 'Already authenticated.');
      return false;
    }
    const token = asStr(d.token) ?? '';
    if (token.replace(/^Bot\s+/i, '') !== this.token) {
      this.#closeConn(conn, 4004, 'Authentication failed.');
      return false;
    }
    return true;
  }

  #onIdentify(conn: Conn, d: Obj): void {
    if (!this.#authenticates(conn, d)) return;
    const token = asStr(d.token) ?? '';
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || (intents & ~ALL_INTENTS) !== 0) {
      this.#closeConn(conn, 4013, 'Invalid intent(s).');
      return;
    }
    for (const [name, bit] of Object.entries(PRIVILEGED) as [PrivilegedIntent, number][]) {
      if ((intents & bit) !== 0 && !this.privilegedIntents.includes(name)) {
        this.#closeConn(conn, 4014, 'Disallowed intent(s).');
        return;
      }
    }
    const shardRaw = asArr(d.shard);
    if (
      shardRaw &&
      (typeof shardRaw[0] !== 'number' ||
        typeof shardRaw[1] !== 'number' ||
        shardRaw[0] >= shardRaw[1] ||
        shardRaw[1] < 1)
    ) {
      this.#closeConn(conn, 4010, 'Invalid shard.');
      return;
    }
    const shard: [number, number] = shardRaw ? [shardRaw[0] as number, shardRaw[1] as number] : [0, 1];
    if (shard[1] === 1 && this.#guilds.size > this.unshardedGuildLimit) {
      this.#closeConn(conn, 4011, 'Sharding required.');
      return;
    }
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shard,
      intents,
      seq: 0,
      history: [],
      conn,
      valid: true,
    };
    const own = [...this.#guilds.values()].filter((g) => shardOf(g.id, shard[1]) === shard[0]);
    this.#sessions.set(session.id, session);
    conn.session = session;
    this.#dispatchTo(session, 'READY', {
      v: 10,
      user_settings: {},
      user: this.#botUserObject(),
      guilds: own.map((g) => ({ id: g.id, unavailable: true })),
      relationships: [],
      private_channels: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.resumeGatewayUrl,
      shard,
      application: { id: this.applicationId, flags: this.#applicationFlags() },
      auth: {},
      _trace: ['["discord-double"]'],
    });
    if ((intents & GatewayIntentBits.Guilds) !== 0) {
      for (const g of own) this.#dispatchTo(session, 'GUILD_CREATE', this.#guildObject(g, true));
    }
    this.identifies.push({
      sessionId: session.id,
      intents,
      intentNames: intentNames(intents),
      token,
      properties: d.properties,
      shard: d.shard,
      compress: d.compress,
      presence: d.presence,
      connectionUrl: conn.url,
      at: Date.now(),
    });
  }

  #onResume(conn: Conn, d: Obj): void {
    if (!this.#authenticates(conn, d)) return;
    const session = this.#sessions.get(asStr(d.session_id) ?? '');
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    if (!session || !session.valid) {
      this.invalidSessionsSent++;
      this.#send(conn, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    if (seq > session.seq) {
      this.#closeConn(conn, 4007, 'Invalid seq.');
      return;
    }
    const old = session.conn;
    if (old && old !== conn) this.#closeConn(old, 4000, 'Session resumed elsewhere.');
    session.conn = conn;
    conn.session = session;
    const missed = session.history.filter((e) => e.s > seq);
    for (const e of missed) this.#send(conn, { op: GatewayOpcodes.Dispatch, t: e.t, s: e.s, d: e.d });
    this.#dispatchTo(session, 'RESUMED', { _trace: ['["discord-double"]'] });
    this.resumes.push({ sessionId: session.id, seq, replayed: missed.length, connectionUrl: conn.url, at: Date.now() });
  }

  #dispatchTo(session: Session, t: string, d: unknown): void {
    session.seq++;
    const entry = { s: session.seq, t, d };
    session.history.push(entry);
    if (session.history.length > 2000) session.history.shift();
    if (session.conn) this.#send(session.conn, { op: GatewayOpcodes.Dispatch, t, s: entry.s, d });
  }

  /**
   * Sends a dispatch to every valid session (buffered for resume when disconnected), filtered by
   * intent and, as on Discord, by shard: an event of a guild goes only to the sessions whose shard
   * serves that guild, and one outside any guild (DMs) only to shard 0. `guildId` undefined: every session.
   */
  #broadcast(
    t: string,
    d: unknown,
    requiredIntent: number | null,
    transform?: (session: Session) => unknown,
    guildId?: string | null,
  ): number {
    let delivered = 0;
    for (const session of this.#sessions.values()) {
      if (!session.valid) continue;
      if (requiredIntent !== null && (session.intents & requiredIntent) === 0) continue;
      if (guildId !== undefined && (guildId === null ? 0 : shardOf(guildId, session.shard[1])) !== session.shard[0])
        continue;
      this.#dispatchTo(session, t, transform ? transform(session) : d);
      delivered++;
    }
    this.#notify();
    return delivered;
  }

  /** Dispatches an arbitrary event to every valid session (no intent filtering). Returns the number of sessions. */
  dispatchRaw(t: string, d: unknown): number {
    return this.#broadcast(t, d, null);
  }

  /** Closes live gateway connections: with `code` (default 4000, resumable), or abruptly (`terminate`: client sees 1006). */
  dropConnection(opts: { code?: number; terminate?: boolean } = {}): void {
    const code = opts.code ?? 4000;
    for (const conn of [...this.#conns]) {
      if (!conn.session) continue;
      if ([1000, 4004, 4007, 4010, 4011, 4012, 4013, 4014].includes(code)) conn.session.valid = false;
      if (opts.terminate) {
        conn.record.closedBy = 'double';
        conn.record.closeCode = 1006;
        conn.ws.terminate();
      } else {
        this.#closeConn(conn, code, 'Dropped by DiscordDouble');
      }
    }
    this.#notify();
  }

  /** Sends op 7 RECONNECT to live sessions (the client should reconnect and RESUME). */
  sendReconnect(): void {
    for (const conn of this.#conns)
      if (conn.session) this.#send(conn, { op: GatewayOpcodes.Reconnect, d: null, s: null, t: null });
  }

  /** Sends op 9 INVALID_SESSION to live sessions; unless `resumable`, the sessions are discarded (client must IDENTIFY). */
  invalidateSession(opts: { resumable?: boolean } = {}): void {
    const resumable = opts.resumable ?? false;
    for (const conn of this.#conns) {
      if (!conn.session) continue;
      if (!resumable) conn.session.valid = false;
      this.invalidSessionsSent++;
      this.#send(conn, { op: GatewayOpcodes.InvalidSession, d: resumable, s: null, t: null });
    }
  }

  /** Sends op 1 HEARTBEAT (a heartbeat request) to live sessions. */
  requestHeartbeat(): void {
    for (const conn of this.#conns)
      if (conn.session) this.#send(conn, { op: GatewayOpcodes.Heartbeat, d: null, s: null, t: null });
  }

  /** Stop (false) or resume (true) answering HEARTBEATs with HEARTBEAT_ACK (to simulate a zombie connection). */
  setHeartbeatAcks(enabled: boolean): void {
    this.#ackHeartbeats = enabled;
  }

  // ---- guild/channel events ---------------------------------------------------------

  /** Adds a guild and dispatches GUILD_CREATE (as when the bot joins a guild). */
  addGuild(spec: GuildSpec): void {
    const g = this.#addGuildState(spec);
    this.#broadcast('GUILD_CREATE', this.#guildObject(g, true), GatewayIntentBits.Guilds, undefined, g.id);
  }

  /** Removes a guild and dispatches GUILD_DELETE (bot removed). */
  removeGuild(guildId: string): void {
    this.#guilds.delete(guildId);
    this.#broadcast('GUILD_DELETE', { id: guildId, unavailable: false }, GatewayIntentBits.Guilds, undefined, guildId);
  }

  /** Adds a channel and dispatches CHANNEL_CREATE. */
  addChannel(guildId: string, spec: ChannelSpec): void {
    const g = this.#guilds.get(guildId);
    if (!g) throw new Error(`DiscordDouble: unknown guild ${guildId}`);
    const c = this.#channelState(spec, guildId, g.channels.size);
    g.channels.set(c.id, c);
    this.#broadcast('CHANNEL_CREATE', this.#channelObject(c), GatewayIntentBits.Guilds, undefined, guildId);
  }

  /** Removes a channel and dispatches CHANNEL_DELETE. */
  deleteChannel(guildId: string, channelId: string): void {
    const g = this.#guilds.get(guildId);
    const c = g?.channels.get(channelId);
    if (!g || !c) throw new Error(`DiscordDouble: unknown channel ${guildId}/${channelId}`);
    g.channels.delete(channelId);
    this.#broadcast('CHANNEL_DELETE', this.#channelObject(c), GatewayIntentBits.Guilds, undefined, guildId);
  }

  /** Replaces the bot's missing permissions in a channel and dispatches CHANNEL_UPDATE with the new overwrite. */
  setMissingPermissions(channelId: string, missing: PermissionName[]): void {
    const c = this.#findChannel(channelId);
    if (!c?.guildId) throw new Error(`DiscordDouble: unknown guild channel ${channelId}`);
    c.missing = missing.reduce((a, n) => a | PermissionFlagsBits[n], 0n);
    this.#broadcast('CHANNEL_UPDATE', this.#channelObject(c), GatewayIntentBits.Guilds, undefined, c.guildId);
  }

  /** Names of the permissions the bot has in a channel (as the double computes them). */
  botPermissions(channelId: string): string[] {
    const c = this.#findChannel(channelId);
    return c ? permissionNames(this.#botPermsIn(c)) : [];
  }

  // ---- MESSAGE_CREATE ---------------------------------------------------------------

  #defaultGuild(guildId?: string): GuildState {
    const g = guildId ? this.#guilds.get(guildId) : this.#guilds.values().next().value;
    if (!g) throw new Error(`DiscordDouble: no guild ${guildId ?? '(none configured)'}`);
    return g;
  }

  #resolveChannel(opts: { channelId?: string; guildId?: string; dm?: boolean }, userId: string): ChannelState {
    if (opts.dm) {
      if (opts.channelId) {
        return this.#dmChannels.get(opts.channelId) ?? this.#newDmChannel(opts.channelId, userId);
      }
      return this.#dmChannelFor(userId);
    }
    if (opts.channelId) {
      const c = this.#findChannel(opts.channelId);
      if (!c) throw new Error(`DiscordDouble: unknown channel ${opts.channelId}`);
      return c;
    }
    const g = this.#defaultGuild(opts.guildId);
    const first = g.channels.values().next().value;
    if (!first) throw new Error(`DiscordDouble: guild ${g.id} has no channels`);
    return first;
  }

  #userMessage(
    channel: ChannelState,
    o: {
      content: string;
      authorId: string;
      authorName?: string;
      authorBot?: boolean;
      embeds?: Obj[];
      id?: string;
      replyTo?: string;
    },
  ): DoubleMessage {
    const u = this.#user(o.authorId, o.authorName, o.authorBot);
    return this.#storeMessage({
      id: o.id ?? snowflake(),
      channelId: channel.id,
      guildId: channel.guildId,
      author: { id: u.id, username: u.username, bot: u.bot },
      content: o.content,
      embeds: o.embeds ?? [],
      components: [],
      flags: 0,
      ephemeral: false,
      loading: false,
      allowedMentions: null,
      messageReference: o.replyTo
        ? { messageId: o.replyTo, channelId: channel.id, guildId: channel.guildId, failIfNotExists: null }
        : null,
      attachments: [],
      tts: false,
      source: 'user',
      interactionId: null,
      createdAt: Date.now(),
      editedAt: null,
      history: [],
      deleted: false,
    });
  }

  #dispatchMessageCreate(m: DoubleMessage): void {
    const channel = this.#findChannel(m.channelId);
    const intent = channel?.guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
    const full = this.#apiMessage(m, true);
    const mentionsBot = new RegExp(`<@!?${this.botUserId}>`).test(m.content);
    this.#broadcast(
      'MESSAGE_CREATE',
      full,
      intent,
      (session) => {
        const hasContent = (session.intents & GatewayIntentBits.MessageContent) !== 0;
        if (hasContent || !channel?.guildId || mentionsBot || m.author.id === this.botUserId) return full;
        return { ...full, content: '', embeds: [], attachments: [], components: [] };
      },
      channel?.guildId ?? null,
    );
  }

  /** Dispatches MESSAGE_CREATE for a message a user (or another bot) posted; returns its id. */
  dispatchMessage(opts: DispatchMessageOptions): string {
    const authorId = opts.authorId ?? DEFAULT_USER_ID;
    const channel = this.#resolveChannel(opts, authorId);
    let content = opts.content;
    if (opts.mentionsBot && !new RegExp(`<@!?${this.botUserId}>`).test(content))
      content = `<@${this.botUserId}> ${content}`;
    const m = this.#userMessage(channel, {
      content,
      authorId,
      ...(opts.authorName !== undefined ? { authorName: opts.authorName } : {}),
      authorBot: opts.authorBot ?? false,
      ...(opts.embeds ? { embeds: opts.embeds } : {}),
      ...(opts.replyToMessageId ? { replyTo: opts.replyToMessageId } : {}),
    });
    this.#dispatchMessageCreate(m);
    return m.id;
  }

  // ---- interactions ----------------------------------------------------------------

  #createInteraction(
    type: InteractionType,
    kind: InteractionKind,
    name: string,
    data: Obj | undefined,
    ctx: InteractionContextOptions,
    extra: Obj = {},
  ): InteractionHandle {
    const userId = ctx.userId ?? DEFAULT_USER_ID;
    this.#user(userId, ctx.username, false);
    const channel = this.#resolveChannel(ctx, userId);
    const id = snowflake();
    const token = `aW50ZXJhY3Rpb24.${id}.${randomBytes(24).toString('base64url')}`;
    const payload: Obj = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      locale: ctx.locale ?? 'en-US',
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
      channel_id: channel.id,
      channel: this.#channelObject(channel),
      app_permissions: this.#botPermsIn(channel).toString(),
      ...extra,
    };
    if (data) payload.data = data;
    if (channel.guildId) {
      const guild = this.#defaultGuild(channel.guildId);
      payload.guild_id = guild.id;
      payload.guild_locale = guild.locale;
      payload.guild = { id: guild.id, locale: guild.locale, features: [] };
      payload.member = this.#memberObject(userId, guild, toPermBits(ctx.memberPermissions, DEFAULT_MEMBER_PERMISSIONS));
      payload.context = 0;
      payload.authorizing_integration_owners = { '0': guild.id };
    } else {
      payload.user = this.#userObject(userId);
      payload.context = 1;
      payload.authorizing_integration_owners = { '0': '0' };
    }
    const state: IxState = {
      id,
      token,
      type,
      kind,
      name,
      payload,
      channelId: channel.id,
      guildId: channel.guildId,
      userId,
      dispatchedAt: Date.now(),
      callbacks: [],
      originalMessageId: null,
      hostMessageId: asStr(asObj(extra.message)?.id) ?? null,
      hostEditedAfterCallback: false,
      originalDeleted: false,
      followUpIds: [],
      errors: [],
      failed: false,
      failureReason: null,
      lastChangeAt: Date.now(),
      timer: null,
    };
    state.timer = setTimeout(() => {
      state.timer = null;
      if (state.callbacks.length === 0 && !state.failed) {
        state.failed = true;
        state.failureReason = 'no-response-before-deadline';
        state.lastChangeAt = Date.now();
        this.#notify();
      }
    }, this.interactionDeadlineMs);
    state.timer.unref();
    this.#interactions.set(id, state);
    this.#interactionsByToken.set(token, state);
    this.#broadcast('INTERACTION_CREATE', payload, null, undefined, channel.guildId ?? null);
    return new InteractionHandle(state, {
      waitUntil: (c, t, w) => this.waitUntil(c, t, w),
      getMessage: (mid) => this.#messages.get(mid),
    });
  }

  #commandId(name: string, type: number, guildId: string | null, explicit?: string): string {
    if (explicit) return explicit;
    const scopes = [guildId ?? '', 'global'];
    for (const scope of scopes) {
      const found = this.#commands.get(scope)?.find((c) => c.name === name && c.type === type);
      if (found) return found.id;
    }
    return (
      BigInt(`0x${createHash('sha1').update(`${type}:${name}`).digest('hex').slice(0, 13)}`) + 1_000_000_000_000_000n
    ).toString();
  }

  #resolvedForOptions(options: SlashOption[] | undefined, guild: GuildState | null, resolved: Obj): void {
    for (const o of options ?? []) {
      if (o.options) this.#resolvedForOptions(o.options, guild, resolved);
      if (o.value === undefined) continue;
      const id = String(o.value);
      const bucket = (key: string): Obj => {
        const existing = asObj(resolved[key]);
        if (existing) return existing;
        const created: Obj = {};
        resolved[key] = created;
        return created;
      };
      if (o.type === ApplicationCommandOptionType.User || o.type === ApplicationCommandOptionType.Mentionable) {
        bucket('users')[id] = this.#userObject(id);
        if (guild)
          bucket('members')[id] = { ...this.#memberObject(id, guild, DEFAULT_MEMBER_PERMISSIONS), user: undefined };
      } else if (o.type === ApplicationCommandOptionType.Channel) {
        const c = this.#findChannel(id);
        if (c)
          bucket('channels')[id] = {
            id: c.id,
            name: c.name,
            type: c.type,
            permissions: this.#botPermsIn(c).toString(),
          };
      } else if (o.type === ApplicationCommandOptionType.Role && guild) {
        bucket('roles')[id] = this.#roleObject(id, `role${id.slice(-4)}`, 0n, 1, false);
      } else if (o.type === ApplicationCommandOptionType.Attachment) {
        const attachment = this.#attachments.get(id);
        if (attachment) bucket('attachments')[id] = { ...attachment.object };
      }
    }
  }

  #optionsPayload(options: SlashOption[] | undefined): Obj[] | undefined {
    if (!options) return undefined;
    return options.map((o) => {
      const out: Obj = { name: o.name, type: o.type };
      if (o.value !== undefined) out.value = o.value;
      if (o.focused) out.focused = true;
      if (o.options) out.options = this.#optionsPayload(o.options);
      return out;
    });
  }

  /**
   * Stores a file as if a user had attached it to a slash command, and returns its attachment
   * object. Pass its `id` as the `value` of an option of type 11 (ATTACHMENT): the interaction then
   * carries it in `data.resolved.attachments`. Its `url` is served by the double (on 127.0.0.1,
   * without auth, like Discord's CDN) with `contentType`; downloads are listed in `attachmentDownloads`.
   */
  addAttachment(spec: AttachmentSpec): DoubleAttachment {
    const id = snowflake();
    const content = Buffer.isBuffer(spec.content) ? spec.content : Buffer.from(spec.content, 'utf8');
    const name = encodeURIComponent(spec.filename);
    const object: DoubleAttachment = {
      id,
      filename: spec.filename,
      size: spec.size ?? content.length,
      url: `http://127.0.0.1:${this.port}/attachments/${id}/${name}`,
      proxy_url: `http://127.0.0.1:${this.port}/attachments/${id}/${name}`,
      ...(spec.contentType !== undefined ? { content_type: spec.contentType } : {}),
    };
    this.#attachments.set(id, { object, content, contentType: spec.contentType });
    return object;
  }

  /** Dispatches a CHAT_INPUT application command interaction. */
  sendSlashCommand(opts: SlashCommandOptions): InteractionHandle {
    const userId = opts.userId ?? DEFAULT_USER_ID;
    const channel = this.#resolveChannel(opts, userId);
    const guild = channel.guildId ? (this.#guilds.get(channel.guildId) ?? null) : null;
    const data: Obj = {
      id: this.#commandId(opts.name, 1, guild?.id ?? null, opts.commandId),
      name: opts.name,
      type: ApplicationCommandType.ChatInput,
    };
    const options = this.#optionsPayload(opts.options);
    if (options) data.options = options;
    const resolved: Obj = {};
    this.#resolvedForOptions(opts.options, guild, resolved);
    if (Object.keys(resolved).length) data.resolved = resolved;
    return this.#createInteraction(InteractionType.ApplicationCommand, 'slash', opts.name, data, {
      ...opts,
      channelId: channel.id,
    });
  }

  /** Dispatches an APPLICATION_COMMAND_AUTOCOMPLETE interaction (mark one option `focused: true`; its value is the partial input). */
  sendAutocomplete(opts: SlashCommandOptions): InteractionHandle {
    const userId = opts.userId ?? DEFAULT_USER_ID;
    const channel = this.#resolveChannel(opts, userId);
    const data: Obj = {
      id: this.#commandId(opts.name, 1, channel.guildId, opts.commandId),
      name: opts.name,
      type: ApplicationCommandType.ChatInput,
      options: this.#optionsPayload(opts.options) ?? [],
    };
    return this.#createInteraction(InteractionType.ApplicationCommandAutocomplete, 'autocomplete', opts.name, data, {
      ...opts,
      channelId: channel.id,
    });
  }

  /** Dispatches a MESSAGE context-menu command with the target message in `data.resolved.messages`. */
  sendMessageCommand(opts: MessageCommandOptions): InteractionHandle {
    const userId = opts.userId ?? DEFAULT_USER_ID;
    const channel = this.#resolveChannel(opts, userId);
    const t = opts.targetMessage;
    const existing = t.id ? this.#messages.get(t.id) : undefined;
    const target =
      existing ??
      this.#userMessage(channel, {
        content: t.content,
        authorId: t.authorId ?? '100000000000000002',
        authorBot: t.authorBot ?? false,
        ...(t.embeds ? { embeds: t.embeds } : {}),
        ...(t.id ? { id: t.id } : {}),
      });
    const data: Obj = {
      id: this.#commandId(opts.name, 3, channel.guildId, opts.commandId),
      name: opts.name,
      type: ApplicationCommandType.Message,
      target_id: target.id,
      resolved: { messages: { [target.id]: this.#apiMessage(target) } },
    };
    return this.#createInteraction(InteractionType.ApplicationCommand, 'message-command', opts.name, data, {
      ...opts,
      channelId: channel.id,
    });
  }

  /** Dispatches a USER context-menu command. */
  sendUserCommand(opts: UserCommandOptions): InteractionHandle {
    const userId = opts.userId ?? DEFAULT_USER_ID;
    const channel = this.#resolveChannel(opts, userId);
    const guild = channel.guildId ? (this.#guilds.get(channel.guildId) ?? null) : null;
    const resolved: Obj = { users: { [opts.targetUserId]: this.#userObject(opts.targetUserId) } };
    if (guild)
      resolved.members = {
        [opts.targetUserId]: {
          ...this.#memberObject(opts.targetUserId, guild, DEFAULT_MEMBER_PERMISSIONS),
          user: undefined,
        },
      };
    const data: Obj = {
      id: this.#commandId(opts.name, 2, channel.guildId, opts.commandId),
      name: opts.name,
      type: ApplicationCommandType.User,
      target_id: opts.targetUserId,
      resolved,
    };
    return this.#createInteraction(InteractionType.ApplicationCommand, 'user-command', opts.name, data, {
      ...opts,
      channelId: channel.id,
    });
  }

  #hostMessage(
    channel: ChannelState,
    customId: string,
    messageId: string | undefined,
    componentType: number,
  ): DoubleMessage {
    if (messageId) {
      const m = this.#messages.get(messageId);
      if (!m) throw new Error(`DiscordDouble: unknown message ${messageId}`);
      return m;
    }
    const component: Obj =
      componentType === ComponentType.Button
        ? { type: 2, style: 1, label: 'Button', custom_id: customId, id: 2 }
        : {
            type: 3,
            custom_id: customId,
            options: [{ label: 'Option', value: 'option' }],
            min_values: 1,
            max_values: 1,
            id: 2,
          };
    const m = this.#newBotMessage(
      channel,
      { content: 'Message with a component', components: [{ type: 1, id: 1, components: [component] }] },
      'component-host',
      null,
      [],
    );
    return m;
  }

  /** Dispatches a MESSAGE_COMPONENT (button) interaction. */
  sendButton(opts: ButtonOptions): InteractionHandle {
    const userId = opts.userId ?? DEFAULT_USER_ID;
    const channel = this.#resolveChannel(opts, userId);
    const host = this.#hostMessage(channel, opts.customId, opts.messageId, ComponentType.Button);
    return this.#createInteraction(
      InteractionType.MessageComponent,
      'button',
      opts.customId,
      { custom_id: opts.customId, component_type: ComponentType.Button },
      { ...opts, channelId: channel.id },
      { message: this.#apiMessage(host) },
    );
  }

  /** Dispatches a MESSAGE_COMPONENT (string select) interaction. */
  sendSelect(opts: SelectOptions): InteractionHandle {
    const userId = opts.userId ?? DEFAULT_USER_ID;
    const channel = this.#resolveChannel(opts, userId);
    const host = this.#hostMessage(channel, opts.customId, opts.messageId, ComponentType.StringSelect);
    return this.#createInteraction(
      InteractionType.MessageComponent,
      'select',
      opts.customId,
      { custom_id: opts.customId, component_type: ComponentType.StringSelect, values: opts.values },
      { ...opts, channelId: channel.id },
      { message: this.#apiMessage(host) },
    );
  }

  /** Dispatches a MODAL_SUBMIT interaction with text-input values. */
  sendModalSubmit(opts: ModalSubmitOptions): InteractionHandle {
    const components = Object.entries(opts.fields).map(([customId, value], i) => ({
      type: 1,
      id: i * 2 + 1,
      components: [{ type: 4, id: i * 2 + 2, custom_id: customId, value }],
    }));
    return this.#createInteraction(
      InteractionType.ModalSubmit,
      'modal-submit',
      opts.customId,
      { custom_id: opts.customId, components },
      opts,
    );
  }

  /** All dispatched interactions' handles are not kept; this returns the raw ids known to the double. */
  interactionIds(): string[] {
    return [...this.#interactions.keys()];
  }

  // ---- inspection ------------------------------------------------------------------

  /** A stored message (bot or user) by id. */
  message(id: string): DoubleMessage | undefined {
    return this.#messages.get(id);
  }

  /** All bot-authored messages (every source), oldest first. */
  botMessages(): DoubleMessage[] {
    return this.#messageOrder
      .map((id) => this.#messages.get(id))
      .filter(
        (m): m is DoubleMessage => m !== undefined && m.author.id === this.botUserId && m.source !== 'component-host',
      );
  }

  /** Bot-authored messages in a channel (channel sends, interaction replies incl. ephemeral, follow-ups), oldest first. */
  channelMessages(channelId: string): DoubleMessage[] {
    return this.botMessages().filter((m) => m.channelId === channelId);
  }

  /** Bot messages whose content could ping someone given their allowed_mentions. Replied-user pings only with `includeReplies`. */
  messagesThatCouldPing(opts: { includeReplies?: boolean } = {}): PingingMessage[] {
    const out: PingingMessage[] = [];
    for (const m of this.botMessages()) {
      const am = m.allowedMentions;
      const parse = am?.parse ?? null;
      const allows = (kind: 'users' | 'roles' | 'everyone', id?: string): boolean => {
        if (!am) return true;
        if (parse?.includes(kind)) return true;
        if (id && kind === 'users') return am.users?.includes(id) ?? false;
        if (id && kind === 'roles') return am.roles?.includes(id) ?? false;
        return false;
      };
      const pings: string[] = [];
      if (/@everyone/.test(m.content) && allows('everyone')) pings.push('everyone');
      if (/@here/.test(m.content) && allows('everyone')) pings.push('here');
      for (const [, id] of m.content.matchAll(/<@!?(\d+)>/g)) if (id && allows('users', id)) pings.push(`user:${id}`);
      for (const [, id] of m.content.matchAll(/<@&(\d+)>/g)) if (id && allows('roles', id)) pings.push(`role:${id}`);
      if (opts.includeReplies && m.messageReference && (am === null || am.replied_user === true))
        pings.push('replied_user');
      if (pings.length) out.push({ message: m, pings: [...new Set(pings)] });
    }
    return out;
  }

  /** Commands registered through bulk overwrite/create: global by default, or for a guild. */
  commands(opts: { guildId?: string } = {}): StoredCommand[] {
    return [...(this.#commands.get(opts.guildId ?? 'global') ?? [])];
  }

  /** Make the next `n` matching REST requests answer 429 (they are not processed). */
  rateLimitNext(n: number, opts: RateLimitOptions = {}): void {
    this.#rateLimits.push({ ...opts, remaining: n });
  }

  // ---- HTTP ------------------------------------------------------------------------

  async #onHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const file = /^\/attachments\/(\d+)\/[^/]+$/.exec(url.pathname);
    if (file && method === 'GET') {
      // Discord's CDN: no auth; the bytes as uploaded.
      this.attachmentDownloads.push({ path: url.pathname, at: Date.now() });
      const attachment = this.#attachments.get(file[1]!);
      if (!attachment) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('404: Not Found');
      } else {
        res.writeHead(200, {
          'Content-Length': String(attachment.content.length),
          ...(attachment.contentType !== undefined ? { 'Content-Type': attachment.contentType } : {}),
        });
        res.end(attachment.content);
      }
      this.#notify();
      return;
    }
    const m = /^\/api\/v10(\/.*)$/.exec(url.pathname);
    const path = m?.[1] ?? url.pathname;
    const auth = req.headers.authorization;
    const record: RecordedRequest = {
      method,
      path,
      route: '(unmatched)',
      query: url.search,
      body: undefined,
      files: [],
      authorization: auth,
      status: 0,
      interactionId: null,
      at: Date.now(),
    };
    this.requests.push(record);
    let reply: Reply;
    try {
      if (!m) throw new HttpError(jsonError(404, 0, '404: Not Found'));
      const ctype = req.headers['content-type'] ?? '';
      if (raw.length > 0) {
        if (ctype.startsWith('application/json')) {
          try {
            record.body = JSON.parse(raw.toString('utf8'));
          } catch {
            throw new HttpError(jsonError(400, 50109, 'The request body contains invalid JSON.'));
          }
        } else if (ctype.startsWith('multipart/form-data')) {
          const boundary = /boundary=("?)([^";]+)\1/.exec(ctype)?.[2] ?? '';
          const parsed = parseMultipart(raw, boundary);
          record.body = parsed.payload;
          record.files = parsed.files;
        }
      }
      reply = await this.#routeRequest(method, path, url.searchParams, record);
    } catch (e) {
      if (e instanceof HttpError) reply = e.reply;
      else
        reply = jsonError(
          500,
          0,
          `500: DiscordDouble internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
    }
    record.status = reply.status;
    if (reply.status >= 400) this.#recordError(record, reply);
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': '10000',
      'X-RateLimit-Remaining': '9999',
      'X-RateLimit-Reset': ((Date.now() + 1000) / 1000).toFixed(3),
      'X-RateLimit-Reset-After': '1.000',
      'X-RateLimit-Bucket': createHash('sha1').update(`${method} ${record.route}`).digest('hex').slice(0, 16),
      ...reply.headers,
    };
    if (reply.status === 204 || reply.body === undefined) {
      res.writeHead(reply.status, headers);
      res.end();
    } else {
      res.writeHead(reply.status, { ...headers, 'Content-Type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    }
    this.#notify();
  }

  #recordError(record: RecordedRequest, reply: Reply): void {
    const body = asObj(reply.body) ?? {};
    const err: AnsweredError = {
      method: record.method,
      path: record.path,
      route: record.route,
      status: reply.status,
      code: typeof body.code === 'number' ? body.code : 0,
      message: asStr(body.message) ?? '',
      ...(isObj(body.errors) ? { errors: body.errors } : {}),
      reasons: reply.reasons ?? [asStr(body.message) ?? ''],
      interactionId: record.interactionId,
      at: Date.now(),
    };
    this.errorResponses.push(err);
    if (reply.status === 400) this.validationErrors.push(err);
    if (record.interactionId && reply.status !== 429) {
      const ix = this.#interactions.get(record.interactionId);
      if (ix) {
        ix.errors.push(err);
        ix.lastChangeAt = Date.now();
      }
    }
  }

  #route(method: string, template: string, handler: Handler): void {
    const re = new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/:[a-zA-Z]+/g, '([^/]+)')}$`);
    this.#routes.push({ method, re, template, handler });
  }

  async #routeRequest(method: string, path: string, query: URLSearchParams, record: RecordedRequest): Promise<Reply> {
    let matched: { def: RouteDef; params: string[] } | null = null;
    let pathMatched = false;
    for (const def of this.#routes) {
      const mm = def.re.exec(path);
      if (!mm) continue;
      pathMatched = true;
      if (def.method !== method) continue;
      matched = { def, params: mm.slice(1).map((p) => decodeURIComponent(p)) };
      break;
    }
    if (matched) record.route = matched.def.template;
    const tokenAuthed = /^\/(interactions\/[^/]+\/[^/]+\/callback|webhooks\/[^/]+\/[^/]+)/.test(path);
    // Associate with an interaction for bookkeeping.
    const cb = /^\/interactions\/([^/]+)\/([^/]+)\/callback$/.exec(path);
    if (cb?.[1]) record.interactionId = this.#interactions.has(cb[1]) ? cb[1] : null;
    const wh = /^\/webhooks\/[^/]+\/([^/]+)/.exec(path);
    if (wh?.[1]) record.interactionId = this.#interactionsByToken.get(wh[1])?.id ?? null;
    // Auth.
    const auth = record.authorization;
    const publicRoute = path === '/gateway';
    if (auth !== undefined ? auth !== `Bot ${this.token}` : !tokenAuthed && !publicRoute) {
      return jsonError(401, 0, '401: Unauthorized');
    }
    // Rate limits.
    const rule = this.#rateLimits.find(
      (r) => r.remaining > 0 && (!r.route || r.route.test(path)) && (!r.method || r.method.toUpperCase() === method),
    );
    if (rule) {
      rule.remaining--;
      this.#rateLimits = this.#rateLimits.filter((r) => r.remaining > 0);
      this.rateLimitedRequests.push(record);
      const secs = (rule.retryAfterMs ?? 300) / 1000;
      const headers: Record<string, string> = {
        'Retry-After': secs.toString(),
        'X-RateLimit-Limit': '5',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': ((Date.now() + secs * 1000) / 1000).toFixed(3),
        'X-RateLimit-Reset-After': secs.toFixed(3),
        'X-RateLimit-Scope': rule.global ? 'global' : 'user',
      };
      if (rule.global) headers['X-RateLimit-Global'] = 'true';
      return {
        status: 429,
        headers,
        body: { message: 'You are being rate limited.', retry_after: secs, global: rule.global ?? false },
        reasons: ['rate limited'],
      };
    }
    if (!matched) {
      if (!pathMatched) this.unhandledRequests.push(record);
      return pathMatched ? jsonError(405, 0, '405: Method Not Allowed') : jsonError(404, 0, '404: Not Found');
    }
    const ctx: RestCtx = {
      method,
      path,
      route: matched.def.template,
      query,
      body: record.body,
      files: record.files,
      auth,
      record,
    };
    return matched.def.handler(ctx, matched.params);
  }

  #requireBodyObj(ctx: RestCtx): Obj {
    const b = asObj(ctx.body);
    if (!b) {
      const fe = new FormErrors();
      fe.add([], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      throw new HttpError(invalidForm(fe));
    }
    return b;
  }

  #defineRoutes(): void {
    const r = (method: string, template: string, handler: Handler): void => this.#route(method, template, handler);

    r('GET', '/gateway', () => ok({ url: this.gatewayUrl }));
    r('GET', '/gateway/bot', () =>
      ok({
        url: this.gatewayUrl,
        shards: this.recommendedShards,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: this.maxConcurrency },
      }),
    );
    r('GET', '/users/@me', () => ok(this.#botUserObject()));
    r('GET', '/users/:user', (_c, [id]) => ok(this.#userObject(id ?? '')));
    r('POST', '/users/@me/channels', (ctx) => {
      const b = this.#requireBodyObj(ctx);
      const rid = asStr(b.recipient_id);
      if (!rid) {
        const fe = new FormErrors();
        fe.add(['recipient_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
        return invalidForm(fe);
      }
      this.#user(rid);
      return ok(this.#channelObject(this.#dmChannelFor(rid)));
    });
    r('GET', '/applications/@me', () => ok(this.#applicationObject()));
    r('PATCH', '/applications/@me', () => ok(this.#applicationObject()));
    r('GET', '/oauth2/applications/@me', () => ok(this.#applicationObject()));

    // Guilds
    const guildOr404 = (id: string | undefined): GuildState => {
      const g = id ? this.#guilds.get(id) : undefined;
      if (!g) throw new HttpError(jsonError(404, 10004, 'Unknown Guild'));
      return g;
    };
    r('GET', '/guilds/:guild', (_c, [gid]) => ok(this.#guildObject(guildOr404(gid), false)));
    r('GET', '/guilds/:guild/channels', (_c, [gid]) =>
      ok([...guildOr404(gid).channels.values()].map((c) => this.#channelObject(c))),
    );
    r('GET', '/guilds/:guild/roles', (_c, [gid]) => ok(asArr(this.#guildObject(guildOr404(gid), false).roles) ?? []));
    r('GET', '/guilds/:guild/members/:user', (_c, [gid, uid]) => {
      const g = guildOr404(gid);
      if (uid !== this.botUserId && !this.#users.has(uid ?? '')) return jsonError(404, 10007, 'Unknown Member');
      return ok(this.#memberObject(uid ?? '', g));
    });

    // Channels
    const channelOr404 = (id: string | undefined): ChannelState => {
      const c = id ? this.#findChannel(id) : undefined;
      if (!c) throw new HttpError(unknownChannel());
      return c;
    };
    const requireView = (c: ChannelState): void => {
      if ((this.#botPermsIn(c) & P.ViewChannel) === 0n) throw new HttpError(jsonError(403, 50001, 'Missing Access'));
    };
    r('GET', '/channels/:channel', (_c, [cid]) => {
      const c = channelOr404(cid);
      requireView(c);
      return ok(this.#channelObject(c));
    });
    r('POST', '/channels/:channel/typing', (_c, [cid]) => {
      requireView(channelOr404(cid));
      return noContent();
    });
    r('GET', '/channels/:channel/messages', (ctx, [cid]) => {
      const c = channelOr404(cid);
      requireView(c);
      if ((this.#botPermsIn(c) & P.ReadMessageHistory) === 0n) return ok([]);
      const limit = Math.min(Number(ctx.query.get('limit') ?? 50), 100);
      const list = this.#messageOrder
        .map((id) => this.#messages.get(id))
        .filter((m): m is DoubleMessage => m !== undefined && m.channelId === c.id && !m.deleted && !m.ephemeral)
        .reverse()
        .slice(0, limit);
      return ok(list.map((m) => this.#apiMessage(m)));
    });
    r('GET', '/channels/:channel/messages/:message', (_c, [cid, mid]) => {
      const c = channelOr404(cid);
      requireView(c);
      const m = this.#messages.get(mid ?? '');
      if (!m || m.channelId !== c.id || m.deleted || m.ephemeral) return unknownMessage();
      return ok(this.#apiMessage(m));
    });
    r('POST', '/channels/:channel/messages', (ctx, [cid]) => this.#createChannelMessage(ctx, cid ?? ''));
    r('PATCH', '/channels/:channel/messages/:message', (ctx, [cid, mid]) => {
      const c = channelOr404(cid);
      const m = this.#messages.get(mid ?? '');
      if (!m || m.channelId !== c.id || m.deleted) return unknownMessage();
      if (m.author.id !== this.botUserId)
        return jsonError(403, 50005, 'Cannot edit a message authored by another user');
      return this.#applyEdit(ctx, m, []);
    });
    r('DELETE', '/channels/:channel/messages/:message', (_c, [cid, mid]) => {
      const c = channelOr404(cid);
      const m = this.#messages.get(mid ?? '');
      if (!m || m.channelId !== c.id || m.deleted) return unknownMessage();
      if (m.author.id !== this.botUserId && (this.#botPermsIn(c) & P.ManageMessages) === 0n)
        return missingPermissions();
      m.deleted = true;
      this.#broadcast(
        'MESSAGE_DELETE',
        { id: m.id, channel_id: c.id, ...(c.guildId ? { guild_id: c.guildId } : {}) },
        c.guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages,
        undefined,
        c.guildId ?? null,
      );
      return noContent();
    });
    r('PUT', '/channels/:channel/messages/:message/reactions/:emoji/@me', (_c, [cid, mid]) => {
      const c = channelOr404(cid);
      requireView(c);
      if (!this.#messages.has(mid ?? '')) return unknownMessage();
      if ((this.#botPermsIn(c) & P.AddReactions) === 0n) return missingPermissions();
      return noContent();
    });
    r('DELETE', '/channels/:channel/messages/:message/reactions/:emoji/@me', () => noContent());

    // Application commands
    const scopeOf = (app: string | undefined, guild: string | undefined): string => {
      if (app !== this.applicationId) throw new HttpError(jsonError(403, 50001, 'Missing Access'));
      if (guild !== undefined) guildOr404(guild);
      return guild ?? 'global';
    };
    r('GET', '/applications/:app/commands', (_c, [app]) => ok(this.#commands.get(scopeOf(app, undefined)) ?? []));
    r('GET', '/applications/:app/guilds/:guild/commands', (_c, [app, g]) =>
      ok(this.#commands.get(scopeOf(app, g)) ?? []),
    );
    r('PUT', '/applications/:app/commands', (ctx, [app]) => this.#bulkOverwrite(ctx, scopeOf(app, undefined)));
    r('PUT', '/applications/:app/guilds/:guild/commands', (ctx, [app, g]) => this.#bulkOverwrite(ctx, scopeOf(app, g)));
    r('POST', '/applications/:app/commands', (ctx, [app]) => this.#createCommand(ctx, scopeOf(app, undefined)));
    r('POST', '/applications/:app/guilds/:guild/commands', (ctx, [app, g]) =>
      this.#createCommand(ctx, scopeOf(app, g)),
    );
    const oneCommand = (scope: string, id: string | undefined): StoredCommand => {
      const c = this.#commands.get(scope)?.find((x) => x.id === id);
      if (!c) throw new HttpError(jsonError(404, 10063, 'Unknown application command'));
      return c;
    };
    r('GET', '/applications/:app/commands/:command', (_c, [app, id]) => ok(oneCommand(scopeOf(app, undefined), id)));
    r('GET', '/applications/:app/guilds/:guild/commands/:command', (_c, [app, g, id]) =>
      ok(oneCommand(scopeOf(app, g), id)),
    );
    const deleteCommand = (scope: string, id: string | undefined): Reply => {
      oneCommand(scope, id);
      this.#commands.set(
        scope,
        (this.#commands.get(scope) ?? []).filter((x) => x.id !== id),
      );
      return noContent();
    };
    r('DELETE', '/applications/:app/commands/:command', (_c, [app, id]) => deleteCommand(scopeOf(app, undefined), id));
    r('DELETE', '/applications/:app/guilds/:guild/commands/:command', (_c, [app, g, id]) =>
      deleteCommand(scopeOf(app, g), id),
    );

    // Interactions
    r('POST', '/interactions/:interaction/:token/callback', (ctx, [id, token]) =>
      this.#interactionCallback(ctx, id ?? '', token ?? ''),
    );
    r('POST', '/webhooks/:app/:token', (ctx, [app, token]) => this.#followUp(ctx, app ?? '', token ?? ''));
    r('GET', '/webhooks/:app/:token/messages/:message', (ctx, [app, token, mid]) => {
      const { msg } = this.#webhookMessage(app, token, mid);
      void ctx;
      return ok(this.#apiMessage(msg));
    });
    r('PATCH', '/webhooks/:app/:token/messages/:message', (ctx, [app, token, mid]) => {
      const { ix, msg } = this.#webhookMessage(app, token, mid);
      const reply = this.#applyEdit(ctx, msg, ctx.files);
      if (reply.status === 200) {
        if (msg.id === ix.hostMessageId) ix.hostEditedAfterCallback = true;
        ix.lastChangeAt = Date.now();
      }
      return reply;
    });
    r('DELETE', '/webhooks/:app/:token/messages/:message', (_c, [app, token, mid]) => {
      const { ix, msg } = this.#webhookMessage(app, token, mid);
      msg.deleted = true;
      if (msg.id === ix.originalMessageId) ix.originalDeleted = true;
      ix.lastChangeAt = Date.now();
      return noContent();
    });
  }

  // ---- REST handlers ----------------------------------------------------------------

  #createChannelMessage(ctx: RestCtx, channelId: string): Reply {
    const c = this.#findChannel(channelId);
    if (!c) return unknownChannel();
    const perms = this.#botPermsIn(c);
    if ((perms & P.ViewChannel) === 0n) return jsonError(403, 50001, 'Missing Access');
    if (!TEXT_CHANNEL_TYPES.has(c.type)) return jsonError(400, 50008, 'Cannot send messages in a non-text channel');
    if ((perms & P.SendMessages) === 0n) return missingPermissions();
    const body = this.#requireBodyObj(ctx);
    const fe = new FormErrors();
    validateMessageBody(fe, [], body, { partial: false });
    if (!fe.empty) return invalidForm(fe);
    if (isEmptyMessage(body, ctx.files.length)) return emptyMessage();
    if ((asArr(body.embeds)?.length ?? 0) > 0 && (perms & P.EmbedLinks) === 0n) return missingPermissions();
    if (ctx.files.length > 0 && (perms & P.AttachFiles) === 0n) return missingPermissions();
    if (ctx.files.some((f) => f.size > 10 * 1024 * 1024)) return jsonError(413, 40005, 'Request entity too large');
    const ref = asObj(body.message_reference);
    let send = body;
    if (ref && typeof ref.message_id === 'string') {
      const target = this.#messages.get(ref.message_id);
      const refChannel = asStr(ref.channel_id) ?? c.id;
      if (!target || target.deleted || target.channelId !== refChannel) {
        if (ref.fail_if_not_exists === false) {
          send = { ...body, message_reference: undefined };
        } else {
          const rfe = new FormErrors();
          rfe.add(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
          return invalidForm(rfe);
        }
      }
    }
    const m = this.#newBotMessage(c, send, 'channel', null, ctx.files);
    if (this.echoBotMessages) this.#dispatchMessageCreate(m);
    return ok(this.#apiMessage(m));
  }

  #applyEdit(ctx: RestCtx, msg: DoubleMessage, files: UploadedFile[]): Reply {
    const body = this.#requireBodyObj(ctx);
    const fe = new FormErrors();
    validateMessageBody(fe, [], body, { partial: true });
    if (!fe.empty) return invalidForm(fe);
    const merged = {
      content: 'content' in body ? body.content : msg.content,
      embeds: 'embeds' in body ? body.embeds : msg.embeds,
      components: 'components' in body ? body.components : msg.components,
      attachments: 'attachments' in body ? body.attachments : msg.attachments,
    };
    if (isEmptyMessage(merged, files.length)) return emptyMessage();
    this.#editMessage(msg, body, files);
    return ok(this.#apiMessage(msg));
  }

  #interactionCallback(ctx: RestCtx, id: string, token: string): Reply {
    const ix = this.#interactions.get(id);
    if (!ix || ix.token !== token) return unknownInteraction();
    if (ix.callbacks.length > 0) return jsonError(400, 40060, 'Interaction has already been acknowledged.');
    const latency = Date.now() - ix.dispatchedAt;
    if (latency > this.interactionDeadlineMs) {
      if (!ix.failed || ix.failureReason !== 'late-response') {
        ix.failed = true;
        ix.failureReason = 'late-response';
        ix.lastChangeAt = Date.now();
      }
      return unknownInteraction();
    }
    const body = this.#requireBodyObj(ctx);
    const type = body.type;
    const allowed: Record<number, number[]> = {
      [InteractionType.Ping]: [InteractionResponseType.Pong],
      [InteractionType.ApplicationCommand]: [4, 5, 9],
      [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
      [InteractionType.ApplicationCommandAutocomplete]: [8],
      [InteractionType.ModalSubmit]: [4, 5, 6, 7],
    };
    const fe = new FormErrors();
    if (typeof type !== 'number' || !(allowed[ix.type] ?? []).includes(type)) {
      fe.add(
        ['type'],
        'INTERACTION_RESPONSE_TYPE_INVALID',
        `Interaction response type ${String(type)} is not valid for interaction type ${ix.type}`,
      );
      return invalidForm(fe);
    }
    const data = asObj(body.data);
    if (body.data !== undefined && body.data !== null && !data) {
      fe.add(['data'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return invalidForm(fe);
    }
    const channel = this.#findChannel(ix.channelId) ?? this.#dmChannelFor(ix.userId);
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        validateMessageBody(fe, ['data'], data ?? {}, { partial: false });
        if (!fe.empty) return invalidForm(fe);
        if (isEmptyMessage(data ?? {}, ctx.files.length)) return emptyMessage();
        break;
      }
      case InteractionResponseType.UpdateMessage: {
        validateMessageBody(fe, ['data'], data ?? {}, { partial: true });
        if (!fe.empty) return invalidForm(fe);
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        validateAutocompleteData(fe, ['data'], data);
        if (!fe.empty) return invalidForm(fe);
        break;
      case InteractionResponseType.Modal:
        validateModalData(fe, ['data'], data);
        if (!fe.empty) return invalidForm(fe);
        break;
      default:
        break;
    }
    // Accept.
    let resourceMessage: DoubleMessage | null = null;
    if (type === InteractionResponseType.ChannelMessageWithSource) {
      resourceMessage = this.#newBotMessage(channel, data ?? {}, 'interaction-reply', ix.id, ctx.files);
      ix.originalMessageId = resourceMessage.id;
    } else if (type === InteractionResponseType.DeferredChannelMessageWithSource) {
      const flags = (typeof data?.flags === 'number' ? data.flags & EPHEMERAL : 0) | LOADING;
      resourceMessage = this.#newBotMessage(channel, { content: '', flags }, 'interaction-reply', ix.id, []);
      ix.originalMessageId = resourceMessage.id;
    } else if (
      type === InteractionResponseType.DeferredMessageUpdate ||
      type === InteractionResponseType.UpdateMessage
    ) {
      ix.originalMessageId = ix.hostMessageId;
      const host = ix.hostMessageId ? this.#messages.get(ix.hostMessageId) : undefined;
      if (host && type === InteractionResponseType.UpdateMessage) {
        this.#editMessage(host, data ?? {}, ctx.files);
        ix.hostEditedAfterCallback = true;
      }
      resourceMessage = host ?? null;
    }
    ix.callbacks.push({
      type,
      data: data ?? undefined,
      latencyMs: latency,
      withResponse: ctx.query.get('with_response') === 'true',
      at: Date.now(),
    });
    ix.lastChangeAt = Date.now();
    if (ix.timer) {
      clearTimeout(ix.timer);
      ix.timer = null;
    }
    if (
      resourceMessage &&
      this.echoBotMessages &&
      !resourceMessage.ephemeral &&
      type === InteractionResponseType.ChannelMessageWithSource
    ) {
      this.#dispatchMessageCreate(resourceMessage);
    }
    if (ctx.query.get('with_response') === 'true') {
      const resource: Obj = { type };
      if (resourceMessage) resource.message = this.#apiMessage(resourceMessage);
      return ok({
        interaction: {
          id: ix.id,
          type: ix.type,
          response_message_id: resourceMessage?.id ?? null,
          response_message_loading: resourceMessage?.loading ?? false,
          response_message_ephemeral: resourceMessage?.ephemeral ?? false,
        },
        resource,
      });
    }
    return noContent();
  }

  #webhookInteraction(app: string | undefined, token: string | undefined): IxState {
    const ix = token ? this.#interactionsByToken.get(token) : undefined;
    if (!ix || app !== this.applicationId) throw new HttpError(unknownWebhook());
    if (ix.callbacks.length === 0) throw new HttpError(unknownWebhook());
    if (Date.now() - ix.dispatchedAt > this.webhookTokenTtlMs)
      throw new HttpError(jsonError(401, 50027, 'Invalid Webhook Token'));
    return ix;
  }

  #webhookMessage(
    app: string | undefined,
    token: string | undefined,
    mid: string | undefined,
  ): { ix: IxState; msg: DoubleMessage } {
    const ix = this.#webhookInteraction(app, token);
    const id = mid === '@original' ? ix.originalMessageId : mid;
    const msg = id ? this.#messages.get(id) : undefined;
    const belongs = msg && (msg.interactionId === ix.id || msg.id === ix.hostMessageId);
    if (!msg || !belongs || msg.deleted) throw new HttpError(unknownMessage());
    return { ix, msg };
  }

  #followUp(ctx: RestCtx, app: string, token: string): Reply {
    const ix = this.#webhookInteraction(app, token);
    const body = this.#requireBodyObj(ctx);
    const fe = new FormErrors();
    validateMessageBody(fe, [], body, { partial: false });
    if (!fe.empty) return invalidForm(fe);
    if (isEmptyMessage(body, ctx.files.length)) return emptyMessage();
    const original = ix.originalMessageId ? this.#messages.get(ix.originalMessageId) : undefined;
    let msg: DoubleMessage;
    if (original?.loading && original.interactionId === ix.id) {
      // The first follow-up after a deferred reply replaces the "thinking…" message.
      this.#editMessage(original, body, ctx.files);
      msg = original;
    } else {
      const channel = this.#findChannel(ix.channelId) ?? this.#dmChannelFor(ix.userId);
      msg = this.#newBotMessage(channel, body, 'interaction-followup', ix.id, ctx.files);
      if (this.echoBotMessages && !msg.ephemeral) this.#dispatchMessageCreate(msg);
    }
    ix.followUpIds.push(msg.id);
    ix.lastChangeAt = Date.now();
    return ctx.query.get('wait') === 'true' ? ok(this.#apiMessage(msg)) : noContent();
  }

  #storeCommand(scope: string, body: Obj, existing: StoredCommand[]): StoredCommand {
    const type = typeof body.type === 'number' ? body.type : 1;
    const name = String(body.name);
    const prev = existing.find((c) => c.name === name && c.type === type);
    const cmd: StoredCommand = {
      id: prev?.id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      type,
      name,
      description: asStr(body.description) ?? '',
      default_member_permissions: asStr(body.default_member_permissions) ?? null,
      dm_permission: body.dm_permission !== false,
      contexts: body.contexts ?? null,
      integration_types: body.integration_types ?? [0],
      nsfw: body.nsfw === true,
      name_localizations: body.name_localizations ?? null,
      description_localizations: body.description_localizations ?? null,
    };
    const options = asArr(body.options);
    if (options) cmd.options = JSON.parse(JSON.stringify(options)) as unknown[];
    if (scope !== 'global') cmd.guild_id = scope;
    return cmd;
  }

  #bulkOverwrite(ctx: RestCtx, scope: string): Reply {
    const fe = new FormErrors();
    validateCommandList(fe, ctx.body);
    if (!fe.empty) return invalidForm(fe);
    const existing = this.#commands.get(scope) ?? [];
    const list = (asArr(ctx.body) ?? []).filter(isObj).map((b) => this.#storeCommand(scope, b, existing));
    this.#commands.set(scope, list);
    return ok(list);
  }

  #createCommand(ctx: RestCtx, scope: string): Reply {
    const fe = new FormErrors();
    validateCommand(fe, [], ctx.body);
    if (!fe.empty) return invalidForm(fe);
    const body = this.#requireBodyObj(ctx);
    const existing = this.#commands.get(scope) ?? [];
    const cmd = this.#storeCommand(scope, body, existing);
    const isNew = !existing.some((c) => c.id === cmd.id);
    this.#commands.set(scope, [...existing.filter((c) => c.id !== cmd.id), cmd]);
    return { status: isNew ? 201 : 200, body: cmd };
  }

  // ---- lifecycle -------------------------------------------------------------------

  /** Closes every socket and the server. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const ix of this.#interactions.values()) {
      if (ix.timer) clearTimeout(ix.timer);
      ix.timer = null;
    }
    for (const conn of this.#conns) conn.ws.terminate();
    this.#conns.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

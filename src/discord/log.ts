/** Structured logs (pino, JSON lines on stdout). Secrets never reach them. */
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

const secrets = new Set<string>();

/** Registers a secret (the bot token) so scrub() removes it from any text. */
export function addSecret(secret: string): void {
  const trimmed = secret.trim();
  if (trimmed.length >= 8) secrets.add(trimmed);
  // discord.js's own debug output shows a "censored" token that still carries its middle part:
  // every long segment of a token is treated as secret too.
  for (const part of trimmed.split(/[.\s]+/)) if (part.length >= 6) secrets.add(part);
}

/** Removes registered secrets, token-shaped strings and interaction/webhook tokens from text. */
export function scrub(text: string): string {
  let out = text;
  // Longest first, so a whole token is replaced before its parts.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join('[redacted]');
  return out
    .replace(/\b[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}\b/g, '[redacted]')
    .replace(/\b(webhooks|interactions)\/(\d+)\/[\w.-]{20,}/g, '$1/$2/[redacted]');
}

export interface ErrorInfo {
  type: string;
  message: string;
  code?: string | number;
  status?: number;
  stack?: string;
}

/** A loggable, scrubbed view of anything thrown. */
export function errorInfo(error: unknown): ErrorInfo {
  if (!(error instanceof Error)) {
    let message: string;
    try {
      message = typeof error === 'object' && error !== null ? JSON.stringify(error).slice(0, 2000) : String(error);
    } catch {
      message = String(error);
    }
    return { type: typeof error, message: scrub(message) };
  }
  const info: ErrorInfo = { type: error.name, message: scrub(error.message) };
  const extra = error as Error & { code?: unknown; status?: unknown };
  if (typeof extra.code === 'string' || typeof extra.code === 'number') info.code = extra.code;
  if (typeof extra.status === 'number') info.status = extra.status;
  if (error.stack !== undefined) info.stack = scrub(error.stack);
  return info;
}

/** `bindings` go on every line: the shard id in a shard process, `role: 'manager'` in the sharding manager. */
export function createLogger(level: string, bindings: Readonly<Record<string, string | number>> = {}): Logger {
  return pino(
    {
      level,
      base: { app: 'footnote', ...bindings },
      redact: {
        paths: [
          'token',
          '*.token',
          'config.token',
          'headers.authorization',
          '*.headers.authorization',
          'requestBody',
          '*.requestBody',
        ],
        censor: '[redacted]',
      },
      serializers: { err: errorInfo },
    },
    pino.destination({ fd: 1, sync: true }),
  );
}

/** A short reference shown to users and logged with the error, e.g. "K7Q2MX". */
export function errorRef(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(6)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

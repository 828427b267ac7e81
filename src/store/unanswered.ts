/**
 * What is kept of questions the bot declined in a server (`/stories unanswered`), and for how long.
 * The README's "Unanswered questions" section states these numbers; keep them in step.
 */

/** The longest question text kept (the /ask option's own limit). */
export const UNANSWERED_MAX_LENGTH = 300;
/** Questions are forgotten after this long. */
export const UNANSWERED_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** At most this many per server; the oldest go first. */
export const UNANSWERED_MAX_PER_SERVER = 1000;

/**
 * The text questions are grouped by: case, punctuation, quotes and spacing do not make two
 * questions different ("Who is the mayor?" and "who is the mayor" are one question).
 */
export function normaliseQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

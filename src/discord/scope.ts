/**
 * Where an interaction or message happened decides what answers it: a server's own articles are
 * searched only in that server (and the operator's everywhere). Every handler gets its engine
 * from here, so no handler can reach another server's articles.
 */
import type { HandlerContext } from './context.js';

/** The context with the engine for `guildId` (null: a DM). Waits only while that server's engine is first built. */
export async function scopedContext(ctx: HandlerContext, guildId: string | null): Promise<HandlerContext> {
  if (ctx.stories === undefined) return ctx;
  const engine = await ctx.stories.library.engineFor(guildId);
  return engine === ctx.engine ? ctx : { ...ctx, engine };
}

/** Keeps a question the bot declined in a server (RECORD_UNANSWERED), never failing the answer over it. */
export function recordDeclined(
  ctx: HandlerContext,
  guildId: string | null,
  channelId: string | null,
  question: string,
): void {
  const recorder = ctx.stories?.unanswered;
  if (guildId === null || recorder === undefined) return;
  recorder.record(guildId, channelId, question);
}

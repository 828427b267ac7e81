/**
 * Where an interaction or message happened decides what answers it: a server's own articles are
 * searched only in that server (and the operator's everywhere). Every handler gets its engine
 * from here, so no handler can reach another server's articles.
 */
import type { HandlerContext } from './context.js';
import { errorInfo } from './log.js';

/** The context with the engine for `guildId` (null: a DM). Waits only while that server's engine is first built. */
export async function scopedContext(ctx: HandlerContext, guildId: string | null): Promise<HandlerContext> {
  if (ctx.stories === undefined) return ctx;
  const engine = await ctx.stories.library.engineFor(guildId);
  return engine === ctx.engine ? ctx : { ...ctx, engine };
}

/** Keeps a question the bot declined in a server (RECORD_UNANSWERED), never failing the answer over it. */
export function recordDeclined(ctx: HandlerContext, guildId: string | null, channelId: string | null, question: string): void {
  const store = ctx.stories?.unanswered;
  if (guildId === null || store === undefined) return;
  try {
    store.recordUnanswered(guildId, channelId, question);
  } catch (error) {
    ctx.logger.warn({ err: errorInfo(error), guild: guildId }, 'could not record an unanswered question');
  }
}

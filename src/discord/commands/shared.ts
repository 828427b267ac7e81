/** The answering flow shared by /ask and the "Ask Footnote" message menu. */
import type { RepliableInteraction } from 'discord.js';
import { composeAnswer } from '../answering.js';
import type { HandlerContext, Outcome } from '../context.js';
import { renderNotice } from '../render.js';
import { respond, visibilityFor } from '../respond.js';
import { recordDeclined } from '../scope.js';
import { cleanQuestion } from '../text.js';

export async function answerInteraction(
  interaction: RepliableInteraction,
  ctx: HandlerContext,
  rawQuestion: string,
  wantsPrivate: boolean,
  emptyText?: string,
): Promise<Outcome> {
  const question = cleanQuestion(rawQuestion);
  if (question === '') {
    const composed = await composeAnswer(ctx, '');
    await respond(interaction, emptyText === undefined ? composed.payload : renderNotice(emptyText), true);
    return { answered: false, outcome: 'empty' };
  }
  const wait = ctx.cooldown.take(interaction.user.id);
  if (wait > 0) {
    await respond(interaction, renderNotice(`You're asking quickly — please try again in ${wait} s.`), true);
    return { answered: false, outcome: 'cooldown' };
  }
  const visibility = visibilityFor(interaction, ctx, wantsPrivate);
  const composed = await composeAnswer(ctx, question, { note: visibility.note });
  // "The story doesn't say" is only for the asker; so are answers the channel rules make private.
  await respond(interaction, composed.payload, composed.found ? visibility.ephemeral : true);
  // After the reply: keeping it (a durable write) must not delay the answer.
  if (composed.kind === 'not-found') recordDeclined(ctx, interaction.guildId, interaction.channelId, question);
  return { answered: composed.found, outcome: visibility.restricted ? `${composed.kind}-restricted` : composed.kind };
}

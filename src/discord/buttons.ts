/** "More passages" and "Context ¶N" buttons. All state is in the custom_id (or SQLite), so they survive restarts. */
import type { ButtonInteraction } from 'discord.js';
import { goneText, moreCustomId } from './answering.js';
import type { HandlerContext, Outcome } from './context.js';
import { decodeButton, findByDocKey } from './custom-id.js';
import { renderAnswer, renderContext, renderNotice } from './render.js';
import { respond } from './respond.js';

export async function handleButton(interaction: ButtonInteraction, ctx: HandlerContext): Promise<Outcome> {
  const state = decodeButton(interaction.customId);
  const { engine } = ctx;
  if (state === undefined) {
    await respond(interaction, renderNotice('This button no longer works. Ask again with /ask.'), true);
    return { answered: false, outcome: 'unknown-button' };
  }
  if (state.kind === 'context') {
    const doc = findByDocKey(engine.documents, state.docKey);
    const paragraphs = doc === undefined ? [] : engine.context(doc.id, state.paragraph);
    if (doc === undefined || paragraphs.length === 0) {
      await respond(interaction, renderNotice(goneText(state.docKey)), true);
      return { answered: false, outcome: 'context-missing' };
    }
    await respond(interaction, renderContext(doc, state.paragraph, paragraphs), true);
    return { answered: true, outcome: 'context' };
  }
  const question = state.kind === 'more' ? state.question : await ctx.questions.recallQuestion(state.key);
  if (question === undefined) {
    await respond(interaction, renderNotice('This button has expired. Ask again with /ask.'), true);
    return { answered: false, outcome: 'more-expired' };
  }
  const answer = engine.answer(question, { top: ctx.answerPassages, offset: state.offset });
  if (!answer.answered || answer.passages.length === 0) {
    await respond(interaction, renderNotice('No more passages for that question.'), true);
    return { answered: false, outcome: 'no-more' };
  }
  const next = answer.hasMore ? await moreCustomId(ctx, question, state.offset + answer.passages.length) : undefined;
  await respond(interaction, renderAnswer(answer, engine.documents, { moreCustomId: next }), true);
  return { answered: true, outcome: 'more' };
}

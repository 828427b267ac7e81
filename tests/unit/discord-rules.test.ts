import { describe, expect, it } from 'vitest';
import { decideVisibility, isAutoChannel, looksLikeQuestion, restrictedNote } from '../../src/discord/channel-rules.js';
import { Cooldown, RecentIds } from '../../src/discord/cooldown.js';
import {
  decodeButton,
  decodeRef,
  encodeContext,
  encodeMoreInline,
  encodeMoreStored,
  encodeRef,
  docKey,
  findByDocKey,
} from '../../src/discord/custom-id.js';
import { MAX_CUSTOM_ID_LENGTH } from '../../src/discord/render.js';
import { cleanQuestion, hasWords, stripBotMention } from '../../src/discord/text.js';
import fc from 'fast-check';

const where = (channelId: string, parentId: string | null = null) => ({ guildId: 'g', channelId, parentId });

describe('channel rules', () => {
  const settings = [
    { channelId: 'a', auto: false },
    { channelId: 'b', auto: true },
  ];
  it('no channels configured: public anywhere unless private was asked', () => {
    expect(decideVisibility([], where('x'), false)).toEqual({
      ephemeral: false,
      restricted: false,
      publicChannelIds: [],
    });
    expect(decideVisibility([], where('x'), true).ephemeral).toBe(true);
  });
  it('configured channel (or a thread in it): public', () => {
    expect(decideVisibility(settings, where('a'), false).ephemeral).toBe(false);
    expect(decideVisibility(settings, where('thread', 'b'), false).ephemeral).toBe(false);
    expect(decideVisibility(settings, where('a'), true).ephemeral).toBe(true);
  });
  it('elsewhere: private, naming the public channels', () => {
    const v = decideVisibility(settings, where('x'), false);
    expect(v).toEqual({ ephemeral: true, restricted: true, publicChannelIds: ['a', 'b'] });
    expect(restrictedNote(v.publicChannelIds)).toBe(
      'Only you can see this answer. In this server I answer in public in <#a>, <#b>.',
    );
  });
  it('DMs are never restricted', () => {
    expect(decideVisibility(settings, { guildId: null, channelId: 'dm' }, false).ephemeral).toBe(false);
  });
  it('auto channels', () => {
    expect(isAutoChannel(settings, where('b'))).toBe(true);
    expect(isAutoChannel(settings, where('a'))).toBe(false);
    expect(isAutoChannel(settings, where('t', 'b'))).toBe(true);
    expect(isAutoChannel([], where('b'))).toBe(false);
  });
  it('questions end with ? or mention the bot', () => {
    expect(looksLikeQuestion('why did they vote?', false)).toBe(true);
    expect(looksLikeQuestion('why did they vote？ ', false)).toBe(true);
    expect(looksLikeQuestion('nice weather', false)).toBe(false);
    expect(looksLikeQuestion('nice weather', true)).toBe(true);
  });
  it('long channel lists are shortened', () => {
    const ids = Array.from({ length: 30 }, (_, i) => String(i));
    expect(restrictedNote(ids)).toContain('and 20 more');
  });
});

describe('cooldown', () => {
  it('lets the first ask through and makes the next wait', () => {
    let now = 1_000_000;
    const cooldown = new Cooldown(3, () => now);
    expect(cooldown.take('u')).toBe(0);
    now += 500;
    expect(cooldown.take('u')).toBe(3);
    expect(cooldown.take('other')).toBe(0);
    now += 2_000;
    expect(cooldown.take('u')).toBe(1);
    now += 600;
    expect(cooldown.take('u')).toBe(0);
  });
  it('0 seconds turns it off', () => {
    const cooldown = new Cooldown(0);
    expect(cooldown.take('u')).toBe(0);
    expect(cooldown.take('u')).toBe(0);
  });
  it('recent ids: once only, bounded', () => {
    const recent = new RecentIds(2);
    expect(recent.firstTime('1')).toBe(true);
    expect(recent.firstTime('1')).toBe(false);
    recent.firstTime('2');
    recent.firstTime('3');
    expect(recent.firstTime('1')).toBe(true); // evicted
  });
});

describe('custom ids', () => {
  it('round-trips context buttons, naming the document by id, not position', () => {
    expect(encodeContext('iraq-vote', 16)).toBe('ctx:iraq-vote:16');
    expect(decodeButton(encodeContext('iraq-vote', 16))).toEqual({
      kind: 'context',
      docKey: 'iraq-vote',
      paragraph: 16,
    });
  });
  it('documents keep their key when articles are added or reordered; unknown keys find nothing', () => {
    const a = { id: 'story-a' };
    const b = { id: 'story b: the sequel (draft)' };
    const c = { id: 'x'.repeat(80) };
    const before = [a, b];
    const after = [c, b, { id: 'new-story' }, a];
    for (const doc of [a, b, c]) {
      const key = docKey(doc.id);
      if (before.includes(doc)) expect(findByDocKey(before, key)).toBe(doc);
      expect(findByDocKey(after, key)).toBe(doc);
      const ctx = decodeButton(encodeContext(doc.id, 3));
      expect(ctx?.kind === 'context' ? findByDocKey(after, ctx.docKey) : undefined).toBe(doc);
      expect(findByDocKey(after, decodeRef(encodeRef(doc.id, 3))!.docKey)).toBe(doc);
    }
    // Ids that do not fit or carry the separator become a short hash.
    expect(docKey(b.id)).toMatch(/^~[A-Za-z0-9_-]{12}$/);
    expect(docKey(c.id)).toMatch(/^~[A-Za-z0-9_-]{12}$/);
    expect(docKey(c.id)).not.toBe(docKey('y'.repeat(80)));
    // An old position-based id, or a removed article, names no document.
    expect(findByDocKey(after, '0')).toBeUndefined();
    expect(findByDocKey([c, b], docKey(a.id))).toBeUndefined();
  });
  it('round-trips inline More buttons, colons and all', () => {
    const id = encodeMoreInline(3, 'why: did they vote?')!;
    expect(decodeButton(id)).toEqual({ kind: 'more', offset: 3, question: 'why: did they vote?' });
  });
  it('refuses questions that do not fit inline; stored keys round-trip', () => {
    expect(encodeMoreInline(3, 'x'.repeat(100))).toBeUndefined();
    expect(decodeButton(encodeMoreStored(6, 'AbC_-123'))).toEqual({ kind: 'more-stored', offset: 6, key: 'AbC_-123' });
    expect(() => encodeMoreStored(1, 'bad key!')).toThrow();
  });
  it('rejects malformed ids', () => {
    for (const id of [
      '',
      'ctx',
      'ctx:1',
      'ctx:a:x',
      'ctx:a:01',
      'ctx:a b:1',
      'ctx::1',
      'more:1:',
      'moreq:1:bad key',
      'zzz:1:2',
      'x'.repeat(101),
    ]) {
      expect(decodeButton(id)).toBeUndefined();
    }
  });
  it('every encoding stays within 100 characters (property)', () => {
    fc.assert(
      fc.property(
        fc.nat(999_999),
        fc.nat(999_999),
        fc.string({ maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 300 }),
        (a, b, question, id) => {
          expect(encodeContext(id, b).length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH);
          expect(encodeRef(id, b).length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH);
          expect(decodeButton(encodeContext(id, b))).toEqual({ kind: 'context', docKey: docKey(id), paragraph: b });
          expect(decodeRef(encodeRef(id, b))).toEqual({ docKey: docKey(id), paragraph: b });
          const inline = encodeMoreInline(a, question);
          if (inline !== undefined) {
            expect(inline.length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH);
            expect(decodeButton(inline)).toEqual({ kind: 'more', offset: a, question });
          }
        },
      ),
    );
  });
  it('suggestion refs are recognised, ordinary questions are not', () => {
    expect(decodeRef('¶ref:iraq-vote:5')).toEqual({ docKey: 'iraq-vote', paragraph: 5 });
    expect(decodeRef('what is ¶ref:0:5')).toBeUndefined();
    expect(decodeRef('why did iraq vote?')).toBeUndefined();
  });
});

describe('question text', () => {
  it('strips control and zero-width characters and collapses whitespace', () => {
    expect(cleanQuestion('  why\u200b did\u0000 they\n\tvote\u202e?  ')).toBe('why did they vote?');
  });
  it('keeps other scripts and emoji; caps at 300', () => {
    expect(cleanQuestion('למה הצביעו?')).toBe('למה הצביעו?');
    expect(cleanQuestion('🤔'.repeat(200)).length).toBeLessThanOrEqual(300);
    expect(hasWords('🤔🤔')).toBe(false);
    expect(hasWords('なぜ')).toBe(true);
  });
  it('strips the bot mention', () => {
    expect(stripBotMention('<@42> why? <@!42>', '42').trim()).toBe('why?');
  });
});

import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplicationCommandOptionType,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  type Interaction,
  type Message,
  type TextChannel,
} from 'discord.js';
import { DiscordDouble, shardOf } from './support/discord-double.ts';

const GUILD = '900000000000000001';
const GENERAL = '900000000000000010';
const READONLY = '900000000000000011';
const NOEMBED = '900000000000000012';
const DEADLINE_MS = 1000;

type Behaviour = (i: Interaction) => Promise<unknown>;

let double: DiscordDouble;
let client: Client;
const behaviours = new Map<string, { fn: Behaviour; resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
const extraClients: Client[] = [];

function interactionKey(i: Interaction): string {
  if (i.isCommand() || i.isAutocomplete()) return i.commandName;
  if (i.isMessageComponent()) return i.customId;
  return '?';
}

/** Registers what the bot does for the next interaction with this command name / custom id; resolves with its result. */
function botWill(key: string, fn: Behaviour): Promise<unknown> {
  return new Promise((resolve, reject) => {
    behaviours.set(key, { fn, resolve, reject });
  });
}

function newClient(intents: number[] = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]): Client {
  return new Client({
    intents,
    rest: { api: double.apiUrl },
    // Skip @discordjs/ws's 5 s identify throttle so re-identifies are fast in tests.
    ws: { buildIdentifyThrottler: () => ({ waitForIdentify: () => Promise.resolve() }) },
  });
}

async function expectApiError(p: Promise<unknown>, code: number): Promise<DiscordAPIError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DiscordAPIError);
    const err = e as DiscordAPIError;
    expect(err.code).toBe(code);
    return err;
  }
  throw new Error(`expected DiscordAPIError ${code}, but the call succeeded`);
}

beforeAll(async () => {
  double = await DiscordDouble.start({
    heartbeatIntervalMs: 400,
    interactionDeadlineMs: DEADLINE_MS,
    guilds: [
      {
        id: GUILD,
        name: 'Test Guild',
        channels: [
          { id: GENERAL, name: 'general' },
          { id: READONLY, name: 'read-only', missingPermissions: ['SendMessages'] },
          { id: NOEMBED, name: 'no-embeds', missingPermissions: ['EmbedLinks'] },
        ],
      },
    ],
  });
  client = newClient();
  client.on(Events.InteractionCreate, (i) => {
    const b = behaviours.get(interactionKey(i));
    if (!b) return;
    behaviours.delete(interactionKey(i));
    b.fn(i).then(b.resolve, b.reject);
  });
  const ready = once(client, Events.ClientReady);
  await client.login(double.token);
  await ready;
});

afterAll(async () => {
  for (const c of extraClients) await c.destroy();
  await client?.destroy();
  await double?.close();
});

describe('DiscordDouble with a real discord.js client', () => {
  it('logs in: READY + GUILD_CREATE are cached and permissions computed', async () => {
    const identify = await double.waitForReady();
    expect(identify.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    expect(double.identifyCount).toBe(1);
    expect(double.gatewayConnections[0]?.url).toContain('v=10');
    expect(double.gatewayConnections[0]?.url).toContain('encoding=json');
    expect(client.user?.id).toBe(double.botUserId);
    expect(client.application?.id).toBe(double.applicationId);
    const guild = client.guilds.cache.get(GUILD);
    expect(guild?.name).toBe('Test Guild');
    expect(guild?.channels.cache.size).toBe(3);
    const general = client.channels.cache.get(GENERAL);
    expect(general?.type).toBe(ChannelType.GuildText);
    const me = guild!.members.me!;
    expect(me.permissionsIn(GENERAL).has(PermissionFlagsBits.SendMessages)).toBe(true);
    expect(me.permissionsIn(READONLY).has(PermissionFlagsBits.SendMessages)).toBe(false);
    expect(me.permissionsIn(NOEMBED).has(PermissionFlagsBits.EmbedLinks)).toBe(false);
    // Every REST request so far carried the bot token.
    expect(double.requests.every((r) => r.authorization === `Bot ${double.token}`)).toBe(true);
  });

  it('slash command arrives as ChatInputCommandInteraction; reply() is settled', async () => {
    const done = botWill('ask', async (i) => {
      if (!i.isChatInputCommand()) throw new Error('not chat input');
      expect(i.inGuild()).toBe(true);
      expect(i.channelId).toBe(GENERAL);
      expect(i.memberPermissions?.has(PermissionFlagsBits.SendMessages)).toBe(true);
      await i.reply({ content: `You asked: ${i.options.getString('question', true)}` });
    });
    const ix = double.sendSlashCommand({
      name: 'ask',
      channelId: GENERAL,
      options: [{ name: 'question', type: ApplicationCommandOptionType.String, value: 'who?' }],
    });
    await done;
    const res = await ix.response();
    expect(res.type).toBe(4);
    const settled = await ix.settled();
    expect(settled.kind).toBe('reply');
    expect(settled.content).toBe('You asked: who?');
    expect(settled.ephemeral).toBe(false);
    expect(ix.failed).toBe(false);
  });

  it('deferReply() + editReply() settles on the edit; ephemeral flags arrive', async () => {
    const done = botWill('slow', async (i) => {
      if (!i.isChatInputCommand()) throw new Error('not chat input');
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await new Promise((r) => setTimeout(r, 50));
      await i.editReply({ content: 'finally', embeds: [{ title: 'T', description: 'D' }] });
    });
    const ix = double.sendSlashCommand({ name: 'slow', channelId: GENERAL });
    const first = await ix.response();
    expect(first.type).toBe(5);
    await done;
    const settled = await ix.settled();
    expect(settled.content).toBe('finally');
    expect(settled.embeds[0]?.title).toBe('T');
    expect(settled.ephemeral).toBe(true);
    expect(settled.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(settled.flags & MessageFlags.Loading).toBe(0);
  });

  it('autocomplete respond() works; 26 choices is rejected with 50035', async () => {
    const good = botWill('search', async (i) => {
      if (!i.isAutocomplete()) throw new Error('not autocomplete');
      const focused = i.options.getFocused();
      await i.respond(['a', 'b', 'c'].map((x) => ({ name: `${focused}${x}`, value: x })));
    });
    const ix = double.sendAutocomplete({
      name: 'search',
      channelId: GENERAL,
      options: [{ name: 'query', type: ApplicationCommandOptionType.String, value: 'fo', focused: true }],
    });
    await good;
    const settled = await ix.settled();
    expect(settled.kind).toBe('autocomplete');
    expect(settled.choices).toEqual([
      { name: 'foa', value: 'a' },
      { name: 'fob', value: 'b' },
      { name: 'foc', value: 'c' },
    ]);

    const bad = botWill('search', async (i) => {
      if (!i.isAutocomplete()) throw new Error('not autocomplete');
      await i.respond(Array.from({ length: 26 }, (_, n) => ({ name: `c${n}`, value: `${n}` })));
    });
    const ix2 = double.sendAutocomplete({
      name: 'search',
      options: [{ name: 'query', type: ApplicationCommandOptionType.String, value: '', focused: true }],
    });
    await expectApiError(bad, 50035);
    expect(ix2.errors[0]?.reasons.join()).toContain('data.choices');
    expect(double.validationErrors.at(-1)?.errors).toEqual({
      data: { choices: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } },
    });
  });

  it('button interaction + reply', async () => {
    const done = botWill('more:42', async (i) => {
      if (!i.isButton()) throw new Error('not a button');
      await i.reply({
        content: 'more!',
        components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'more:43', label: 'More' }] }],
      });
    });
    const ix = double.sendButton({ customId: 'more:42', channelId: GENERAL });
    await done;
    const settled = await ix.settled();
    expect(settled.content).toBe('more!');
    expect(settled.components).toHaveLength(1);
  });

  it('button interaction + update() edits the component message', async () => {
    const done = botWill('page:2', async (i) => {
      if (!i.isButton()) throw new Error('not a button');
      await i.update({ content: 'page 2' });
    });
    const ix = double.sendButton({ customId: 'page:2' });
    await done;
    const settled = await ix.settled();
    expect(settled.kind).toBe('update');
    expect(settled.content).toBe('page 2');
  });

  it('message context menu command carries the target message', async () => {
    const done = botWill('Cite this', async (i) => {
      if (!i.isMessageContextMenuCommand()) throw new Error('not a message command');
      await i.reply({ content: `target: ${i.targetMessage.content}` });
    });
    const ix = double.sendMessageCommand({
      name: 'Cite this',
      targetMessage: { content: 'the story says X', authorId: '100000000000000002' },
      channelId: GENERAL,
      guildId: GUILD,
    });
    await done;
    expect((await ix.settled()).content).toBe('target: the story says X');
  });

  it('DM slash command (user + channel type 1)', async () => {
    const done = botWill('ask', async (i) => {
      if (!i.isChatInputCommand()) throw new Error('not chat input');
      expect(i.inGuild()).toBe(false);
      expect(i.user.id).toBe('100000000000000005');
      await i.reply({ content: 'dm reply' });
    });
    const ix = double.sendSlashCommand({ name: 'ask', dm: true, userId: '100000000000000005' });
    await done;
    expect((await ix.settled()).content).toBe('dm reply');
  });

  it('rejects embeds with 26 fields or a 1,025-char field value, and 2,001-char content (50035)', async () => {
    const fields26 = botWill('embed26', async (i) => {
      if (!i.isChatInputCommand()) throw new Error('x');
      await i.reply({
        embeds: [{ title: 'x', fields: Array.from({ length: 26 }, (_, n) => ({ name: `f${n}`, value: 'v' })) }],
      });
    });
    const ix1 = double.sendSlashCommand({ name: 'embed26' });
    await expectApiError(fields26, 50035);
    expect(ix1.errors[0]?.errors).toEqual({
      data: {
        embeds: {
          0: { fields: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } },
        },
      },
    });

    const longValue = botWill('embedlong', async (i) => {
      if (!i.isChatInputCommand()) throw new Error('x');
      await i.reply({ embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] });
    });
    const ix2 = double.sendSlashCommand({ name: 'embedlong' });
    await expectApiError(longValue, 50035);
    expect(ix2.errors[0]?.reasons).toEqual([
      'data.embeds.0.fields.0.value: Must be 1024 or fewer in length. [BASE_TYPE_MAX_LENGTH]',
    ]);

    const longContent = botWill('long', async (i) => {
      if (!i.isChatInputCommand()) throw new Error('x');
      await i.reply({ content: 'x'.repeat(2001) });
    });
    const ix3 = double.sendSlashCommand({ name: 'long' });
    await expectApiError(longContent, 50035);
    expect(ix3.errors[0]?.reasons[0]).toContain('data.content');
    expect(ix3.callbacks).toHaveLength(0);
  });

  it('follow-ups, fetchReply, deleteReply, files and withResponse', async () => {
    const done = botWill('multi', async (i) => {
      if (!i.isChatInputCommand()) throw new Error('x');
      const res = await i.deferReply({ withResponse: true });
      expect(res.interaction.responseMessageLoading).toBe(true);
      // The first follow-up after a deferral replaces the "thinking…" message.
      const first = await i.followUp({ content: 'first' });
      const second = await i.followUp({
        content: 'second',
        files: [{ attachment: Buffer.from('hello'), name: 'a.txt' }],
      });
      expect(second.attachments.first()?.name).toBe('a.txt');
      const fetched = await i.fetchReply();
      expect(fetched.id).toBe(first.id);
      await i.deleteReply(second);
    });
    const ix = double.sendSlashCommand({ name: 'multi' });
    await done;
    const settled = await ix.settled();
    expect(settled.kind).toBe('followup');
    expect(settled.content).toBe('first');
    expect(ix.followUps.map((m) => [m.content, m.deleted, m.attachments.length])).toEqual([
      ['first', false, 0],
      ['second', true, 1],
    ]);
  });

  it('showModal, deferUpdate + editReply, select menus', async () => {
    const modal = botWill('feedback', async (i) => {
      if (!i.isChatInputCommand()) throw new Error('x');
      await i.showModal({
        custom_id: 'fb',
        title: 'Feedback',
        components: [{ type: 1, components: [{ type: 4, custom_id: 'text', label: 'Text', style: 1 }] }],
      });
    });
    const ix1 = double.sendSlashCommand({ name: 'feedback' });
    await modal;
    expect((await ix1.settled()).kind).toBe('modal');

    const upd = botWill('refresh', async (i) => {
      if (!i.isButton()) throw new Error('x');
      await i.deferUpdate();
      await i.editReply({ content: 'refreshed' });
    });
    const ix2 = double.sendButton({ customId: 'refresh' });
    await upd;
    const s2 = await ix2.settled();
    expect(s2.kind).toBe('update');
    expect(s2.content).toBe('refreshed');

    const sel = botWill('pick', async (i) => {
      if (!i.isStringSelectMenu()) throw new Error('x');
      await i.reply({ content: `picked ${i.values.join(',')}` });
    });
    const ix3 = double.sendSelect({ customId: 'pick', values: ['b'] });
    await sel;
    expect((await ix3.settled()).content).toBe('picked b');
  });

  it('component and empty-message validation', async () => {
    const button = (id: string): { type: 2; style: 1; custom_id: string; label: string } => ({
      type: 2,
      style: 1,
      custom_id: id,
      label: id,
    });
    const cases: { body: Record<string, unknown>; code: number; reason: string }[] = [
      {
        body: { content: 'x', components: [{ type: 1, components: ['a', 'b', 'c', 'd', 'e', 'f'].map(button) }] },
        code: 50035,
        reason: 'components.0.components: Must be between 1 and 5',
      },
      {
        body: { content: 'x', components: [{ type: 1, components: [button('a'), button('a')] }] },
        code: 50035,
        reason: 'COMPONENT_CUSTOM_ID_DUPLICATED',
      },
      {
        body: {
          content: 'x',
          components: [
            { type: 1, components: [{ type: 2, style: 5, label: 'l', custom_id: 'c', url: 'https://x.y' }] },
          ],
        },
        code: 50035,
        reason: 'components.0.components.0.custom_id',
      },
      {
        body: {
          content: 'x',
          components: Array.from({ length: 6 }, (_, n) => ({ type: 1, components: [button(`b${n}`)] })),
        },
        code: 50035,
        reason: 'components: Must be 5 or fewer',
      },
      {
        body: { content: 'x', components: [{ type: 1, components: [{ ...button('a'), label: 'l'.repeat(81) }] }] },
        code: 50035,
        reason: 'label: Must be 80 or fewer',
      },
      {
        body: { embeds: [{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2001) }] },
        code: 50035,
        reason: 'Embed size exceeds maximum size of 6000',
      },
      {
        body: { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) },
        code: 50035,
        reason: 'embeds: Must be 10 or fewer',
      },
      {
        body: { embeds: [{ fields: [{ name: 'n', value: '' }] }] },
        code: 50035,
        reason: 'fields.0.value: This field is required',
      },
      { body: { content: '' }, code: 50006, reason: 'Cannot send an empty message' },
    ];
    for (const c of cases) {
      const err = await expectApiError(client.rest.post(Routes.channelMessages(GENERAL), { body: c.body }), c.code);
      expect(err.status).toBe(400);
      expect(double.validationErrors.at(-1)?.reasons.join('\n')).toContain(c.reason);
    }
  });

  it('a second callback gets 40060', async () => {
    const done = botWill('twice', async (i) => {
      if (!i.isChatInputCommand()) throw new Error('x');
      await i.reply({ content: 'once' });
      // discord.js refuses locally, so go around it with a raw REST call.
      await client.rest.post(Routes.interactionCallback(i.id, i.token), {
        body: { type: 4, data: { content: 'twice' } },
        auth: false,
      });
    });
    const ix = double.sendSlashCommand({ name: 'twice' });
    await expectApiError(done, 40060);
    expect(ix.callbacks).toHaveLength(1);
    expect((await ix.settled()).content).toBe('once');
  });

  it('replying after the deadline gets 10062 and the interaction is failed', async () => {
    const done = botWill('late', async (i) => {
      if (!i.isChatInputCommand()) throw new Error('x');
      await new Promise((r) => setTimeout(r, DEADLINE_MS + 150));
      await i.reply({ content: 'too late' });
    });
    const ix = double.sendSlashCommand({ name: 'late' });
    // The deadline passes with no callback: the user would see "The application did not respond".
    expect(await ix.waitForFailure(DEADLINE_MS + 500)).toBe('no-response-before-deadline');
    await expectApiError(done, 10062);
    expect(ix.failed).toBe(true);
    expect(ix.failureReason).toBe('late-response');
    await expect(ix.settled(500)).rejects.toThrow(/failed/);
  });

  it('channel.send waits out a 429 and sends exactly once', async () => {
    const channel = client.channels.cache.get(GENERAL) as TextChannel;
    const before = double.channelMessages(GENERAL).length;
    double.rateLimitNext(1, { route: /^\/channels\/\d+\/messages$/, retryAfterMs: 300 });
    const t0 = Date.now();
    const sent = await channel.send({ content: 'after the limit' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(sent.content).toBe('after the limit');
    expect(double.rateLimitedRequests).toHaveLength(1);
    const posted = double.channelMessages(GENERAL).slice(before);
    expect(posted.map((m) => m.content)).toEqual(['after the limit']);
  });

  it('channel.send to a channel missing SendMessages → 50013; embeds without EmbedLinks → 50013; unknown channel → 10003', async () => {
    const ro = client.channels.cache.get(READONLY) as TextChannel;
    await expectApiError(ro.send('hi'), 50013);
    const ne = client.channels.cache.get(NOEMBED) as TextChannel;
    await expectApiError(ne.send({ embeds: [{ description: 'x' }] }), 50013);
    await ne.send('plain text is fine');
    await expectApiError(
      client.rest.post(Routes.channelMessages('123456789012345678'), { body: { content: 'x' } }),
      10003,
    );
    await expectApiError(client.rest.post(Routes.channelMessages(GENERAL), { body: {} }), 50006);
  });

  it('MESSAGE_CREATE reaches messageCreate (content only when mentioned, no MessageContent intent); replies keep message_reference', async () => {
    const received: Message[] = [];
    const handler = (m: Message): void => {
      if (!m.author.bot) received.push(m);
    };
    client.on(Events.MessageCreate, handler);
    try {
      double.dispatchMessage({
        channelId: GENERAL,
        guildId: GUILD,
        content: 'not for the bot',
        authorId: '100000000000000003',
      });
      const mid = double.dispatchMessage({
        channelId: GENERAL,
        guildId: GUILD,
        content: 'what happened?',
        authorId: '100000000000000003',
        mentionsBot: true,
      });
      await double.waitUntil(() => (received.length >= 2 ? true : undefined), 2000, 'two messageCreate events');
      expect(received[0]?.content).toBe('');
      expect(received[1]?.content).toBe(`<@${double.botUserId}> what happened?`);
      expect(received[1]?.mentions.users.has(double.botUserId)).toBe(true);
      await received[1]!.reply({ content: 'It says <@100000000000000003> did it', allowedMentions: { parse: [] } });
      await received[1]!.reply({ content: 'ping <@100000000000000003>' });
      const mine = double.channelMessages(GENERAL).filter((m) => m.messageReference?.messageId === mid);
      expect(mine).toHaveLength(2);
      const pinging = double.messagesThatCouldPing().map((p) => p.message.content);
      expect(pinging).toContain('ping <@100000000000000003>');
      expect(pinging).not.toContain('It says <@100000000000000003> did it');
    } finally {
      client.off(Events.MessageCreate, handler);
    }
  });

  it('bulk overwrite via client.application.commands.set and rejects a bad name over REST', async () => {
    const set = await client.application!.commands.set([
      {
        name: 'ask',
        description: 'Ask about the story',
        options: [
          {
            name: 'question',
            description: 'Your question',
            type: ApplicationCommandOptionType.String,
            required: true,
            autocomplete: true,
          },
        ],
      },
      { name: 'Cite this', type: 3 },
    ]);
    expect(set.size).toBe(2);
    expect(
      double
        .commands()
        .map((c) => c.name)
        .sort(),
    ).toEqual(['Cite this', 'ask']);
    await client.application!.commands.set([{ name: 'ask', description: 'Ask' }], GUILD);
    expect(double.commands({ guildId: GUILD }).map((c) => c.name)).toEqual(['ask']);
    const err = await expectApiError(
      client.rest.put(Routes.applicationCommands(double.applicationId), {
        body: [{ name: 'Bad Name', description: 'x' }],
      }),
      50035,
    );
    expect(err.status).toBe(400);
    expect(double.validationErrors.at(-1)?.errors).toEqual({
      0: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }] } },
    });
    expect(double.commands()).toHaveLength(2);
  });

  it('CHANNEL_DELETE and GUILD_CREATE update the client cache', async () => {
    double.addChannel(GUILD, { id: '900000000000000013', name: 'temp' });
    await double.waitUntil(() => client.channels.cache.get('900000000000000013'), 2000, 'channel create');
    double.deleteChannel(GUILD, '900000000000000013');
    await double.waitUntil(
      () => (client.channels.cache.has('900000000000000013') ? undefined : true),
      2000,
      'channel delete',
    );
    const joined = once(client, Events.GuildCreate);
    double.addGuild({
      id: '900000000000000101',
      name: 'Second',
      channels: [{ id: '900000000000000110', name: 'news' }],
    });
    await joined;
    expect(client.guilds.cache.get('900000000000000101')?.channels.cache.get('900000000000000110')?.name).toBe('news');
  });

  it('dropConnection → client RESUMEs on resume_gateway_url and still gets interactions', async () => {
    const resumesBefore = double.resumes.length;
    double.dropConnection({ code: 4000 });
    // Dispatched while disconnected: must be replayed on RESUME.
    const done = botWill('after-drop', async (i) => {
      if (!i.isChatInputCommand()) throw new Error('x');
      await i.reply({ content: 'still here' });
    });
    const ix = double.sendSlashCommand({ name: 'after-drop' });
    const resume = await double.waitForResume({ count: resumesBefore + 1 });
    expect(resume.connectionUrl.startsWith('/resume')).toBe(true);
    expect(resume.replayed).toBeGreaterThanOrEqual(1);
    await done;
    expect((await ix.settled()).content).toBe('still here');
    expect(double.identifyCount).toBe(1);
  });

  it('sendReconnect (op 7) → client resumes', async () => {
    const before = double.resumes.length;
    double.sendReconnect();
    await double.waitForResume({ count: before + 1 });
    const done = botWill('after-reconnect', async (i) => {
      if (!i.isChatInputCommand()) throw new Error('x');
      await i.reply({ content: 'ok' });
    });
    const ix = double.sendSlashCommand({ name: 'after-reconnect' });
    await done;
    expect((await ix.settled()).content).toBe('ok');
  });

  it('invalidateSession → client identifies again', async () => {
    const count = double.identifyCount;
    double.invalidateSession();
    await double.waitForReady({ count: count + 1 });
    const done = botWill('after-invalid', async (i) => {
      if (!i.isChatInputCommand()) throw new Error('x');
      await i.reply({ content: 'fresh session' });
    });
    const ix = double.sendSlashCommand({ name: 'after-invalid' });
    await done;
    expect((await ix.settled()).content).toBe('fresh session');
  });

  it('wrong token → login rejects (401 → TokenInvalid)', async () => {
    const bad = newClient();
    extraClients.push(bad);
    await expect(bad.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(double.errorResponses.some((e) => e.status === 401 && e.message === '401: Unauthorized')).toBe(true);
  });

  it('a privileged intent that is not granted → close 4014 surfaces as a client error', async () => {
    const greedy = newClient([
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
    ]);
    extraClients.push(greedy);
    const shardErrors: Error[] = [];
    greedy.on(Events.ShardError, (e) => shardErrors.push(e));
    await expect(greedy.login(double.token)).rejects.toThrow(/disallowed intents/i);
    expect(double.closeCodesSent).toContain(4014);
  });
});

describe('DiscordDouble serving shards', () => {
  /** Real-looking guild ids; `(id >> 22) % 2` is 0, 1, 0, 1 and `% 3` is 1, 2, 0, 1. */
  const IDS = [0n, 1n, 2n, 3n].map((k) => (((214576000000n + k) << 22n) | 5n).toString());
  let sharded: DiscordDouble;
  const clients: Client[] = [];

  function shardClient(shard: number, count: number): Client {
    const c = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: sharded.apiUrl },
      shards: [shard],
      shardCount: count,
      ws: { buildIdentifyThrottler: () => ({ waitForIdentify: () => Promise.resolve() }) },
    });
    clients.push(c);
    return c;
  }

  beforeAll(async () => {
    sharded = await DiscordDouble.start({
      heartbeatIntervalMs: 400,
      recommendedShards: 2,
      maxConcurrency: 16,
      unshardedGuildLimit: 3,
      guilds: IDS.map((id, i) => ({
        id,
        name: `Guild ${i}`,
        channels: [{ id: (BigInt(id) + 10n).toString(), name: 'general' }],
      })),
    });
  });

  afterAll(async () => {
    for (const c of clients) await c.destroy();
    await sharded.close();
  });

  it('computes shards with BigInt, as Discord does', () => {
    expect(IDS.map((id) => shardOf(id, 2))).toEqual([0, 1, 0, 1]);
    expect(IDS.map((id) => shardOf(id, 3))).toEqual([1, 2, 0, 1]);
    expect(shardOf('18446744073709551615', 7)).toBe(Number((18446744073709551615n >> 22n) % 7n));
  });

  it('GET /gateway/bot recommends a shard count and gives max_concurrency', async () => {
    const response = await fetch(`${sharded.apiUrl}/v10/gateway/bot`, {
      headers: { Authorization: `Bot ${sharded.token}` },
    });
    const body = (await response.json()) as { shards: number; session_start_limit: { max_concurrency: number } };
    expect(body.shards).toBe(2);
    expect(body.session_start_limit.max_concurrency).toBe(16);
  });

  it("each shard gets READY and GUILD_CREATE for its own guilds only, and only its guilds' interactions", async () => {
    const zero = shardClient(0, 2);
    const one = shardClient(1, 2);
    const seen: [number, string | null][] = [];
    for (const [index, c] of [zero, one].entries()) {
      c.on(Events.InteractionCreate, (i) => {
        seen.push([index, i.guildId]);
        if (i.isRepliable()) void i.reply('ok');
      });
    }
    await Promise.all([zero.login(sharded.token), one.login(sharded.token)]);
    await sharded.waitUntil(
      () => (zero.guilds.cache.size === 2 && one.guilds.cache.size === 2 ? true : undefined),
      5000,
      'both shards to get their guilds',
    );
    expect([...zero.guilds.cache.keys()].sort()).toEqual([IDS[0], IDS[2]].sort());
    expect([...one.guilds.cache.keys()].sort()).toEqual([IDS[1], IDS[3]].sort());
    expect(sharded.identifies.map((record) => record.shard)).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    expect(sharded.liveShards(2)).toEqual([0, 1]);

    for (const guildId of IDS) await sharded.sendSlashCommand({ name: 'ask', guildId }).settled();
    await sharded.sendSlashCommand({ name: 'ask', dm: true }).settled();
    expect(seen).toEqual([
      [0, IDS[0]],
      [1, IDS[1]],
      [0, IDS[2]],
      [1, IDS[3]],
      [0, null], // DMs go to shard 0
    ]);
  });

  it('an unsharded bot in more guilds than the limit is closed with 4011', async () => {
    const whole = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: sharded.apiUrl },
      shards: [0],
      shardCount: 1,
    });
    clients.push(whole);
    await expect(whole.login(sharded.token)).rejects.toThrow(/sharding is required/i);
    expect(sharded.closeCodesSent).toContain(4011);
  });
});

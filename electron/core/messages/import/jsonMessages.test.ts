import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_LINE_CHARS, readJsonDocument, readJsonLines } from './jsonMessages.node.ts';
import { collect, fixturePath, messagesOf, reasonsOf } from './testSupport.node.ts';

describe('reading JSON', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-json-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  function jsonFile(name: string, content: string | Buffer): string {
    const file = join(folder, name);
    writeFileSync(file, content);
    return file;
  }

  it('reads JSON lines, rejecting each bad line by its number and skipping blank ones', async () => {
    const outcomes = await collect(
      readJsonLines(fixturePath('messages.jsonl'), { defaultChannel: 'social_post' }),
    );
    expect(outcomes.map((outcome) => [outcome.index, outcome.kind])).toEqual([
      [0, 'message'],
      [1, 'message'],
      [2, 'message'],
      [3, 'rejected'],
      [4, 'rejected'],
      [5, 'message'],
      [6, 'rejected'],
    ]);
    expect(reasonsOf(outcomes)).toEqual([
      'Line 4 is not valid JSON.',
      'Line 6 is not a message object.',
      'Line 8 has no message text.',
    ]);
    const messages = messagesOf(outcomes);
    expect(messages[0]).toMatchObject({
      sourceId: 'm-1001',
      channel: 'web_form',
      from: 'jordan.lee@example.net',
      receivedAt: '2024-03-05T08:30:00.000Z',
    });
    expect(messages[1]).toMatchObject({
      channel: 'sms',
      from: '+64 21 555 0142',
      receivedAt: '2024-03-04T20:02:11.000Z',
    });
    // No channel, and an unknown one: the caller's default. An unreadable date: none.
    expect(messages[2]).toMatchObject({ channel: 'social_post', receivedAt: '2024-03-05T09:13:20.000Z' });
    expect(messages[3]).toMatchObject({
      channel: 'social_post',
      receivedAt: null,
      text: 'Thanks for the CV tips!',
    });
  });

  it('reads a Facebook conversation export, threading it on its path', async () => {
    const outcomes = await collect(readJsonDocument(fixturePath('facebook-messages.json')));
    const messages = messagesOf(outcomes);
    expect(messages.map((message) => [message.from, message.receivedAt, message.threadKey])).toEqual([
      ['Mere Kaa', '2024-03-10T08:55:00.000Z', 'inbox/merekaa_10158'],
      ['Outpost Careers', '2024-03-10T07:55:00.000Z', 'inbox/merekaa_10158'],
    ]);
    // A photo-only message has no text to import.
    expect(reasonsOf(outcomes)).toEqual(['Item 3 has no message text.']);
  });

  it('reads a top-level array, and sender details given as an object', async () => {
    const file = jsonFile(
      'array.json',
      JSON.stringify([
        {
          id: 7,
          body: 'Hello',
          from: { name: 'Tia Rangi', email: 'Tia@Example.org' },
          created_at: '2024-03-01T00:00:00Z',
        },
        'not an object',
        { message: 'Second', username: '@tia', conversation_id: 'c-1', in_reply_to: 7 },
      ]),
    );
    const outcomes = await collect(readJsonDocument(file, { defaultChannel: 'social_dm' }));
    expect(messagesOf(outcomes)).toMatchObject([
      { sourceId: '7', text: 'Hello', from: 'tia@example.org', fromName: 'Tia Rangi', channel: 'social_dm' },
      { text: 'Second', from: '@tia', threadKey: 'c-1', inReplyTo: '7' },
    ]);
    expect(reasonsOf(outcomes)).toEqual(['Item 2 is not a message object.']);
  });

  it('reads a .json file that holds JSON lines', async () => {
    const file = jsonFile('lines.json', '{"text":"one","from":"@a"}\n{"text":"two","from":"@b"}\n{broken\n');
    const outcomes = await collect(readJsonDocument(file));
    expect(messagesOf(outcomes).map((message) => message.text)).toEqual(['one', 'two']);
    expect(reasonsOf(outcomes)).toEqual(['Line 3 is not valid JSON.']);
  });

  it('fails the whole file when it is neither a document nor lines of objects, without quoting it', async () => {
    const truncated = jsonFile(
      'truncated.json',
      '{\n  "messages": [\n    { "text": "private words about my job"',
    );
    await expect(collect(readJsonDocument(truncated))).rejects.toMatchObject({
      code: 'FILE_MALFORMED',
      message: 'The file is not valid JSON.',
    });
    const noList = jsonFile('nolist.json', '{"participants": ["a", "b"]}');
    await expect(collect(readJsonDocument(noList))).rejects.toMatchObject({
      code: 'FILE_MALFORMED',
      message: 'The JSON file holds no list of messages.',
    });
  });

  it('rejects an overlong line without holding it, and reads UTF-16 and BOM-prefixed files', async () => {
    const long = jsonFile('long.jsonl', `{"text":"${'a'.repeat(MAX_JSON_LINE_CHARS)}"}\n{"text":"after"}\n`);
    const outcomes = await collect(readJsonLines(long));
    expect(reasonsOf(outcomes)).toEqual(['Line 1 is longer than the 2,000,000-character limit.']);
    expect(messagesOf(outcomes).map((message) => message.text)).toEqual(['after']);

    const utf16 = jsonFile(
      'utf16.jsonl',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"text":"Kia ora, Māui"}\r\n', 'utf16le')]),
    );
    expect(messagesOf(await collect(readJsonLines(utf16)))[0]?.text).toBe('Kia ora, Māui');
    const bom = jsonFile('bom.json', `\ufeff${JSON.stringify({ messages: [{ text: 'with BOM' }] })}`);
    expect(messagesOf(await collect(readJsonDocument(bom)))[0]?.text).toBe('with BOM');
  });
});

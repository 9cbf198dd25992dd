import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewCsv, readCsvMessages, suggestColumnMapping } from './csvMessages.node.ts';
import { collect, fixturePath, messagesOf } from './testSupport.node.ts';

describe('guessing the column mapping', () => {
  it('recognises the header names of common exports', () => {
    expect(
      suggestColumnMapping(['message_id', 'conversation_id', 'sent_at', 'sender', 'sender_name', 'message']),
    ).toEqual({
      id: 'message_id',
      thread: 'conversation_id',
      receivedAt: 'sent_at',
      from: 'sender',
      name: 'sender_name',
      text: 'message',
    });
    expect(suggestColumnMapping(['Timestamp', 'Username', 'Body', 'Channel'])).toEqual({
      receivedAt: 'Timestamp',
      from: 'Username',
      text: 'Body',
      channel: 'Channel',
    });
    expect(suggestColumnMapping(['created_at', 'author', 'content', 'thread', 'id'])).toEqual({
      receivedAt: 'created_at',
      from: 'author',
      text: 'content',
      thread: 'thread',
      id: 'id',
    });
    expect(suggestColumnMapping(['Date', 'Handle', 'Text'])).toEqual({
      receivedAt: 'Date',
      from: 'Handle',
      text: 'Text',
    });
  });

  it('gives each column to one field and leaves unknown columns unmapped', () => {
    expect(suggestColumnMapping(['Message', 'Message ID', 'Likes'])).toEqual({
      text: 'Message',
      id: 'Message ID',
    });
    expect(suggestColumnMapping(['Nachricht', 'Absender'])).toEqual({});
  });
});

describe('reading CSV exports', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-csv-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  function csvFile(name: string, content: string | Buffer): string {
    const file = join(folder, name);
    writeFileSync(file, content);
    return file;
  }

  it('reads UTF-8 with a BOM and CRLF, a quoted multi-line message, and rejects a row without text by its line', async () => {
    const outcomes = await collect(readCsvMessages(fixturePath('chat-export-utf8-bom.csv')));
    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'message',
      'message',
      'message',
      'rejected',
      'message',
    ]);
    const messages = messagesOf(outcomes);
    expect(messages[0]).toMatchObject({
      sourceId: 'c-101',
      channel: 'chat',
      from: '@blueheron',
      fromName: 'Blue Heron',
      text: 'Hey, is the CV workshop still on Saturday? 🙂',
      receivedAt: '2024-03-05T09:30:00.000Z',
      threadKey: 'conv-7',
    });
    expect(messages[2]?.text).toBe(
      'Great. Two questions:\n1. Do I bring a printed copy?\n2. My last job "ended badly" — should I mention it?',
    );
    expect(messages[3]).toMatchObject({
      fromName: 'Tūī',
      text: 'kia ora — can I book a session for next week?',
    });
    expect(outcomes[3]).toEqual({
      kind: 'rejected',
      index: 3,
      reason: 'The row on line 7 has no message text.',
    });
  });

  it('reads tab-separated UTF-16LE from Excel and maps the platform column to channels', async () => {
    const messages = messagesOf(await collect(readCsvMessages(fixturePath('social-utf16le.csv'))));
    expect(messages.map((message) => [message.from, message.channel, message.text])).toEqual([
      ['@mere.k', 'social_dm', "Kia ora, I'd like help with my CV for Māori health roles."],
      ['@li.wei', 'social_post', '我想了解实习机会。'],
      ['@mere.k', 'social_dm', 'Also: can a "career break" go on the CV?\nThanks.'],
    ]);
    expect(messages[0]?.receivedAt).toBe(new Date(2024, 2, 10, 8, 15).toISOString());
  });

  it('reads semicolon-separated windows-1252 with a mapping the counsellor chose', async () => {
    const file = fixturePath('sms-windows-1252.csv');
    const preview = await previewCsv(file);
    expect(preview).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ';',
      hasHeaderRow: true,
      columns: ['Date', 'Numéro', 'Nom', 'Message'],
      suggestedMapping: { receivedAt: 'Date', text: 'Message' },
    });
    expect(preview.sampleRows).toHaveLength(3);

    const mapping = { text: 'Message', from: 'Numéro', name: 'Nom', receivedAt: 'Date' };
    const messages = messagesOf(await collect(readCsvMessages(file, { mapping, defaultChannel: 'sms' })));
    expect(
      messages.map((message) => [message.channel, message.from, message.fromName, message.text]),
    ).toEqual([
      ['sms', '+33 6 12 34 56 78', 'Léa', 'Bonjour, j’ai reçu une offre d’emploi à 1 800 €. C’est correct ?'],
      [
        'sms',
        '+33 6 98 76 54 32',
        'Émile',
        'Merci pour le rendez-vous.\nJe réfléchis encore à la formation.',
      ],
      ['sms', '+33 6 12 34 56 78', 'Léa', 'D’accord, à jeudi !'],
    ]);
    // "05/03/2024" is March in France and May in the US: left undated rather than guessed.
    expect(messages.map((message) => message.receivedAt)).toEqual([
      null,
      new Date(2024, 2, 5, 15, 10).toISOString(),
      new Date(2024, 2, 6, 9, 0).toISOString(),
    ]);
  });

  it('detects a file without a header row and names its columns by position', async () => {
    const file = csvFile(
      'headerless.csv',
      '2024-03-05T10:00:00Z,jo@example.org,Can I bring my CV?\n2024-03-05T11:00:00Z,jo@example.org,Thanks\n',
    );
    const preview = await previewCsv(file);
    expect(preview).toMatchObject({
      hasHeaderRow: false,
      columns: ['Column 1', 'Column 2', 'Column 3'],
      suggestedMapping: {},
    });
    expect(preview.sampleRows[0]).toEqual(['2024-03-05T10:00:00Z', 'jo@example.org', 'Can I bring my CV?']);

    await expect(collect(readCsvMessages(file))).rejects.toMatchObject({
      code: 'MAPPING_REQUIRED',
      message: 'Choose which column holds the message text.',
    });
    const mapping = { text: 'Column 3', from: 'Column 2', receivedAt: 'Column 1' };
    const messages = messagesOf(await collect(readCsvMessages(file, { mapping })));
    expect(messages.map((message) => message.text)).toEqual(['Can I bring my CV?', 'Thanks']);
  });

  it('makes repeated header names distinct so a mapping names one column', async () => {
    const file = csvFile('dupes.csv', 'Date,Date,Text\n2024-01-01,2024-02-02,hello\n');
    const preview = await previewCsv(file);
    expect(preview.columns).toEqual(['Date', 'Date (2)', 'Text']);
    const [message] = messagesOf(
      await collect(readCsvMessages(file, { mapping: { text: 'Text', receivedAt: 'Date (2)' } })),
    );
    expect(message?.receivedAt).toBe(new Date(2024, 1, 2).toISOString());
  });

  it('refuses a mapping that names a column the file does not have', async () => {
    await expect(
      collect(readCsvMessages(fixturePath('chat-export-utf8-bom.csv'), { mapping: { text: 'Body' } })),
    ).rejects.toMatchObject({ code: 'MAPPING_INVALID' });
  });

  it('fails the whole file on a quote that never closes, since its rows cannot be told apart, without quoting it', async () => {
    const file = csvFile(
      'unclosed.csv',
      'from,text\n@a,fine\n@b,"this quote never closes\n@c,secret words\n',
    );
    const failure = collect(readCsvMessages(file));
    await expect(failure).rejects.toMatchObject({ name: 'ImportFileError', code: 'FILE_MALFORMED' });
    await expect(failure).rejects.not.toThrow(/secret|quote never/);
  });

  it('keeps stray quotes inside unquoted fields and rows with missing or extra fields', async () => {
    const file = csvFile('ragged.csv', 'from,text,channel\n@a,she said "no" to the offer\n@b,ok,sms,extra\n');
    const messages = messagesOf(await collect(readCsvMessages(file)));
    expect(messages.map((message) => [message.text, message.channel])).toEqual([
      ['she said "no" to the offer', 'chat'],
      ['ok', 'sms'],
    ]);
  });

  it('stops with CANCELLED part-way through a long file', async () => {
    const rows = Array.from(
      { length: 50_000 },
      (_, n) => `@u${n},message number ${n} about the apprenticeship`,
    );
    const file = csvFile('long.csv', `from,text\n${rows.join('\n')}\n`);
    const controller = new AbortController();
    let read = 0;
    const reading = (async () => {
      for await (const _outcome of readCsvMessages(file, { signal: controller.signal })) {
        if (++read === 10) controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: 'ImportFileError', code: 'CANCELLED' });
    expect(read).toBeLessThan(50_000);
  });

  it('reads an accent first seen deep in the file in the file’s one encoding', async () => {
    const rows = Array.from({ length: 5000 }, (_, n) => `@u${n},message ${n}`).join('\n');
    const file = csvFile(
      'late-accent.csv',
      Buffer.from(`from,text\n${rows}\n@z,Ça va très bien\n`, 'latin1'),
    );
    const messages = messagesOf(await collect(readCsvMessages(file)));
    expect(messages.at(-1)?.text).toBe('Ça va très bien');
  });
});

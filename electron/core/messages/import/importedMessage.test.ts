import { describe, expect, it } from 'vitest';
import {
  MAX_FIELD_CHARS,
  MAX_TEXT_CHARS,
  buildItemOutcome,
  cleanText,
  contentHash,
  normaliseMessageId,
  normaliseSender,
  parseChannel,
} from './importedMessage.node.ts';
import { parseTimestamp } from './timestamps.node.ts';

describe('building an imported message', () => {
  it('normalises the fields and hashes channel, sender and text', () => {
    const outcome = buildItemOutcome(4, 'Line 5', {
      sourceId: '  m-77 ',
      channel: 'sms',
      from: ' Kai.Tane@Example.ORG ',
      fromName: ' Kai\n Tane ',
      text: '\r\n  Can we talk about the job offer?\r\n\r\n  ',
      receivedAt: '2024-03-05T09:00:00.000Z',
      threadKey: 'conv-1',
    });
    expect(outcome).toEqual({
      kind: 'message',
      index: 4,
      message: {
        sourceId: 'm-77',
        channel: 'sms',
        from: 'kai.tane@example.org',
        fromName: 'Kai Tane',
        subject: null,
        text: 'Can we talk about the job offer?',
        receivedAt: '2024-03-05T09:00:00.000Z',
        threadKey: 'conv-1',
        inReplyTo: null,
        contentHash: contentHash('sms', 'kai.tane@example.org', 'Can we talk about the job offer?'),
      },
    });
  });

  it('rejects an item without text, naming it but never quoting it', () => {
    expect(
      buildItemOutcome(0, 'Line 3', { channel: 'chat', text: ' \n\t ', from: '@secret-handle' }),
    ).toEqual({
      kind: 'rejected',
      index: 0,
      reason: 'Line 3 has no message text.',
    });
  });

  it('rejects rather than truncates text over the limit, so no message is stored without its end', () => {
    const outcome = buildItemOutcome(1, 'Item 2', { channel: 'chat', text: 'a'.repeat(MAX_TEXT_CHARS + 1) });
    expect(outcome).toEqual({
      kind: 'rejected',
      index: 1,
      reason: 'Item 2 has text longer than the 200,000-character limit.',
    });
    expect(buildItemOutcome(1, 'Item 2', { channel: 'chat', text: 'a'.repeat(MAX_TEXT_CHARS) }).kind).toBe(
      'message',
    );
  });

  it('gives the same hash to the same message however its whitespace and line breaks came out', () => {
    const fromEmail = contentHash('email', 'a@example.org', 'Hello there,\r\n\r\nsee you   Tuesday.');
    expect(contentHash('email', 'a@example.org', 'Hello there, see you Tuesday.')).toBe(fromEmail);
    expect(contentHash('email', 'a@example.org', 'Hello there,\nsee you Tuesday!')).not.toBe(fromEmail);
    expect(contentHash('chat', 'a@example.org', 'Hello there, see you Tuesday.')).not.toBe(fromEmail);
    expect(contentHash('email', 'b@example.org', 'Hello there, see you Tuesday.')).not.toBe(fromEmail);
    // Composed and decomposed accents are the same text.
    expect(contentHash('chat', null, 'café')).toBe(contentHash('chat', null, 'cafe\u0301'));
  });

  it('cleans control characters and lone surrogates a damaged file leaves behind', () => {
    expect(cleanText('\ufeffa\u0000b\u0007c\td\r\ne\rf  \n')).toBe('abc\td\ne\nf');
    expect(cleanText('broken \ud83d end')).toBe('broken \ufffd end');
    expect(cleanText('kept 🙂 pair')).toBe('kept 🙂 pair');
  });

  it('cleans pathological text in linear time', () => {
    const started = performance.now();
    const text = cleanText(`${' '.repeat(150_000)}x${'\t \n'.repeat(50_000)}y`);
    expect(text).toBe(`x${'\n'.repeat(50_000)}y`);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('drops overlong ids and shortens overlong names', () => {
    const long = 'x'.repeat(MAX_FIELD_CHARS + 1);
    const outcome = buildItemOutcome(0, 'Line 1', {
      channel: 'chat',
      text: 'hi',
      sourceId: long,
      subject: long,
    });
    expect(outcome.kind === 'message' && outcome.message.sourceId).toBeNull();
    expect(outcome.kind === 'message' && outcome.message.subject).toHaveLength(MAX_FIELD_CHARS);
  });

  it('lower-cases email addresses but keeps handles as written', () => {
    expect(normaliseSender(' Jo@Example.COM ')).toBe('jo@example.com');
    expect(normaliseSender('@BlueHeron')).toBe('@BlueHeron');
    expect(normaliseSender('+64 21 555 0142')).toBe('+64 21 555 0142');
    expect(normaliseSender('   ')).toBeNull();
  });

  it('reads message ids with or without angle brackets', () => {
    expect(normaliseMessageId('<abc@host>')).toBe('abc@host');
    expect(normaliseMessageId(' <root@a>\r\n <second@b>')).toBe('root@a');
    expect(normaliseMessageId('bare-id@host')).toBe('bare-id@host');
    expect(normaliseMessageId('')).toBeNull();
    expect(normaliseMessageId(undefined)).toBeNull();
  });

  it('maps channel names from exports, falling back to the caller’s default', () => {
    expect(parseChannel('SMS', 'chat')).toBe('sms');
    expect(parseChannel('social_dm', 'chat')).toBe('social_dm');
    expect(parseChannel('Direct message', 'chat')).toBe('social_dm');
    expect(parseChannel('Web form', 'chat')).toBe('web_form');
    expect(parseChannel('Instagram DM', 'chat')).toBe('social_dm');
    expect(parseChannel('Facebook post', 'chat')).toBe('social_post');
    expect(parseChannel('carrier pigeon', 'sms')).toBe('sms');
    expect(parseChannel(42, 'email')).toBe('email');
  });
});

describe('reading timestamps', () => {
  it('reads ISO 8601 with a zone, epoch seconds and milliseconds', () => {
    expect(parseTimestamp('2024-03-05T09:02:11+13:00')).toBe('2024-03-04T20:02:11.000Z');
    expect(parseTimestamp('2024-03-05T09:02:11.250Z')).toBe('2024-03-05T09:02:11.250Z');
    expect(parseTimestamp('2024-03-05 09:02 UTC')).toBe('2024-03-05T09:02:00.000Z');
    expect(parseTimestamp(1709630000)).toBe('2024-03-05T09:13:20.000Z');
    expect(parseTimestamp('1709630000000')).toBe('2024-03-05T09:13:20.000Z');
  });

  it('reads RFC 5322 and Twitter dates', () => {
    expect(parseTimestamp('Tue, 5 Mar 2024 14:22:01 +0100 (CET)')).toBe('2024-03-05T13:22:01.000Z');
    expect(parseTimestamp('Wed Oct 10 20:19:24 +0000 2018')).toBe('2018-10-10T20:19:24.000Z');
  });

  it('takes a date without a zone as local time, as the export showed it', () => {
    expect(parseTimestamp('2024-03-05 14:22')).toBe(new Date(2024, 2, 5, 14, 22).toISOString());
    expect(parseTimestamp('2024/03/05')).toBe(new Date(2024, 2, 5).toISOString());
  });

  it('leaves ambiguous, impossible and damaged dates unread', () => {
    for (const value of [
      '05/03/2024 14:22',
      '2024-02-30',
      '2024-13-01',
      'sometime on Tuesday',
      '12',
      '',
      null,
      NaN,
    ]) {
      expect(parseTimestamp(value)).toBeNull();
    }
    expect(parseTimestamp(-5)).toBeNull();
    expect(parseTimestamp('99999-01-01')).toBeNull();
  });
});

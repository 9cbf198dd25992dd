import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEmailMessage } from './emailMessage.node.ts';
import { MAX_EMAIL_BYTES } from './importedMessage.node.ts';
import type { ImportedMessage, ItemOutcome } from './importedMessage.node.ts';
import { fixturePath } from './testSupport.node.ts';

async function parseFixture(name: string): Promise<ImportedMessage> {
  const outcome = await parseEmailMessage(readFileSync(fixturePath(name)), 0);
  if (outcome.kind !== 'message') throw new Error(`expected a message, got: ${outcome.reason}`);
  return outcome.message;
}

function email(headers: string, body: string): Buffer {
  return Buffer.from(
    `${headers.trim().replace(/\n/g, '\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}`,
    'utf8',
  );
}

describe('parsing one email', () => {
  it('prefers the plain part of a Gmail multipart/alternative and joins quoted-printable soft breaks', async () => {
    const message = await parseFixture('gmail-alternative-qp.eml');
    expect(message).toMatchObject({
      sourceId: 'CAJ8x3FqQ2rV+5bN_k1mZx9w@mail.gmail.com',
      channel: 'email',
      from: 'aroha.ngata@example.com',
      fromName: 'Aroha Ngata',
      subject: 'Apprenticeship or polytech?',
      receivedAt: '2024-03-05T09:14:02.000Z',
      threadKey: 'CAJ8x3FqQ2rV+5bN_k1mZx9w@mail.gmail.com',
      inReplyTo: null,
    });
    expect(message.text).toContain('between the electrician apprenticeship and going back to polytech');
    expect(message.text).toContain("honestly I can't decide — everyone in my family");
    expect(message.text).toContain('Ngā mihi,\nAroha');
    expect(message.text).not.toContain('<div');
    expect(message.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('decodes windows-1252 quoted-printable from Outlook, in the body and the encoded-word headers', async () => {
    const message = await parseFixture('outlook-windows-1252.eml');
    expect(message.fromName).toBe('Renée Dupré');
    expect(message.subject).toBe('Interview on Thursday – can you help?');
    expect(message.text).toContain(
      'I’m writing about the café supervisor job – the interview is on Thursday',
    );
    expect(message.text).toContain('€45');
    expect(message.sourceId).toBe(
      'AM0PR02MB1234C5D6E7F8A9B0C1D2E3F4A5B6C@AM0PR02MB1234.eurprd02.prod.outlook.com',
    );
  });

  it('decodes an 8-bit ISO-8859-1 body from Apple Mail', async () => {
    const message = await parseFixture('apple-mail-iso-8859-1.eml');
    expect(message).toMatchObject({
      from: 'juergen.mueller@example.de',
      fromName: 'Jürgen Müller',
      subject: 'Bewerbung für die Ausbildung',
      receivedAt: '2024-03-07T07:41:17.000Z',
    });
    expect(message.text).toContain('ich möchte über meine Bewerbung');
    expect(message.text).toContain('Viele Grüße aus München');
  });

  it('decodes a Shift_JIS body and ISO-2022-JP and UTF-8 encoded words', async () => {
    const message = await parseFixture('shift-jis-encoded-words.eml');
    expect(message.subject).toBe('就職の相談');
    expect(message.fromName).toBe('佐藤 花子');
    expect(message.text).toContain('就職活動について相談したいです。面接がとても不安です。');
  });

  it('keeps the readable words of an HTML-only newsletter and drops styles, links and tracking pixels', async () => {
    const message = await parseFixture('html-only-newsletter.eml');
    expect(message.text).toContain('Regional Jobs Bulletin – March');
    expect(message.text).toContain(
      'Three new traineeships opened this week in aged care, forestry and IT support.',
    );
    expect(message.text).toContain('Aged care: closes 22 March');
    expect(message.text).not.toMatch(/font-family|@media|track\.example|<|>/);
  });

  it('never reads attachments into the text', async () => {
    const message = await parseFixture('pdf-attachment.eml');
    expect(message.text).toBe(
      "Hi,\n\nI've attached my CV ahead of Friday's mock interview. I'm not sure the\ngap year looks OK - can we go through it?\n\nThanks,\nPriya",
    );
    expect(message.text).not.toMatch(/PDF|REFEREE|base64/);
  });

  it('threads a reply under the root of References, and leaves an unreadable date empty', async () => {
    const message = await parseFixture('reply-with-references.eml');
    expect(message).toMatchObject({
      sourceId: 'CAJ8x3FqR9tW+reply3@mail.gmail.com',
      inReplyTo: '5f2a9c1e-reply2@example.org',
      threadKey: 'CAJ8x3FqQ2rV+5bN_k1mZx9w@mail.gmail.com',
      receivedAt: null,
    });
    expect(message.text).toContain('> Would Wednesday at 2pm suit you?');
  });

  it('threads on In-Reply-To when there are no References', async () => {
    const outcome = await parseEmailMessage(
      email('From: a@example.org\nMessage-ID: <3@x>\nIn-Reply-To: <2@x>', 'Yes, Monday.'),
      0,
    );
    expect(outcome.kind === 'message' && outcome.message).toMatchObject({
      threadKey: '2@x',
      inReplyTo: '2@x',
    });
  });

  it('replaces invalid bytes in a UTF-8 body instead of failing', async () => {
    const message = await parseFixture('utf8-invalid-bytes.eml');
    expect(message.text).toContain('Here’s my cover letter draft for the café role:');
    expect(message.text).toContain('— thanks!');
    expect(message.text).toContain('\ufffd');
  });

  it('takes the first member when From is a group', async () => {
    const outcome = await parseEmailMessage(
      email(
        'From: Family: Mum <Mum@Example.org>, Dad <dad@example.org>;\nSubject: about Tia',
        'We are worried.',
      ),
      0,
    );
    expect(outcome.kind === 'message' && outcome.message).toMatchObject({
      from: 'mum@example.org',
      fromName: 'Mum',
    });
  });

  it('rejects a message with only an attachment, a message with no body, and one over the size limit', async () => {
    const attachmentOnly = email(
      'From: a@example.org\nContent-Type: multipart/mixed; boundary="b"',
      '--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="cv.pdf"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b--\n',
    );
    const reasons = await Promise.all(
      [
        attachmentOnly,
        email('From: a@example.org\nSubject: private subject', ''),
        Buffer.alloc(MAX_EMAIL_BYTES + 1, 0x61),
      ].map(
        async (raw, index) =>
          ((await parseEmailMessage(raw, index)) as Extract<ItemOutcome, { kind: 'rejected' }>).reason,
      ),
    );
    expect(reasons).toEqual([
      'The email has no readable text body.',
      'The email has no readable text body.',
      'The email is larger than the 25 MB limit.',
    ]);
  });

  it('reads a forwarded message/rfc822 attachment as an attachment, not as the sender’s words', async () => {
    const outcome = await parseEmailMessage(
      email(
        'From: a@example.org\nContent-Type: multipart/mixed; boundary="b"',
        '--b\nContent-Type: text/plain\n\nSee below.\n--b\nContent-Type: message/rfc822\n\nFrom: other@example.org\nSubject: old\n\nForwarded words.\n--b--\n',
      ),
      0,
    );
    expect(outcome.kind === 'message' && outcome.message.text).toBe('See below.');
  });

  it('rejects MIME nesting deeper than any real client writes, without a crash', async () => {
    const depth = 200;
    const opening = Array.from(
      { length: depth },
      (_, i) => `--b${i}\nContent-Type: multipart/mixed; boundary="b${i + 1}"\n\n`,
    ).join('');
    const raw = email(
      'From: a@example.org\nContent-Type: multipart/mixed; boundary="b0"',
      `${opening}--b${depth}\nContent-Type: text/plain\n\ndeep\n`,
    );
    const outcome = await parseEmailMessage(raw, 0, 'The email starting on line 9');
    expect(outcome).toEqual({
      kind: 'rejected',
      index: 0,
      reason: 'The email starting on line 9 could not be read as an email.',
    });
  });
});

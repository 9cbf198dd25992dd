import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildEml, replySubject, writeNewFile } from './emlFile.node.ts';

describe('eml files', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-eml-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('adds "Re: " once', () => {
    expect(replySubject('Interview tips')).toBe('Re: Interview tips');
    expect(replySubject('RE: Interview tips')).toBe('RE: Interview tips');
    expect(replySubject('  ')).toBe('Re: your message');
    expect(replySubject(null)).toBe('Re: your message');
  });

  it('never replaces a file: a taken name gets a number, and no temporary file is left', async () => {
    writeFileSync(join(folder, 'Reply.eml'), 'someone else’s file');
    expect(await writeNewFile(folder, 'Reply', Buffer.from('one'))).toBe('Reply (2).eml');
    expect(await writeNewFile(folder, 'Reply', Buffer.from('two'))).toBe('Reply (3).eml');
    expect(readFileSync(join(folder, 'Reply.eml'), 'utf8')).toBe('someone else’s file');
    expect(readFileSync(join(folder, 'Reply (3).eml'), 'utf8')).toBe('two');
    expect(readdirSync(folder).sort()).toEqual(['Reply (2).eml', 'Reply (3).eml', 'Reply.eml']);
  });

  it('builds a reply without a To for a message that was not an email, non-ASCII intact', async () => {
    const raw = await buildEml({
      replyId: 'r-1',
      body: 'Grüße — and a long line '.repeat(20),
      subject: 'Re: Café jobs',
      fromName: 'Zoë Ng',
      to: null,
      inReplyTo: null,
      references: [],
      date: new Date('2025-06-01T12:00:00Z'),
    });
    const email = await PostalMime.parse(raw);
    expect(email.to).toBeUndefined();
    expect(email.from).toEqual({ name: 'Zoë Ng', address: 'practitioner@outpost.invalid' });
    expect(email.subject).toBe('Re: Café jobs');
    expect(email.messageId).toBe('<r-1@outpost.invalid>');
    expect(email.inReplyTo).toBeUndefined();
    expect(email.text?.trim()).toBe('Grüße — and a long line '.repeat(20).trim());
  });
});

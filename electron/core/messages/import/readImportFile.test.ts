import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFormat } from './detectFormat.node.ts';
import { ImportFileError } from './importFileError.node.ts';
import { MAX_EMAIL_BYTES } from './importedMessage.node.ts';
import { readImportFile } from './readImportFile.node.ts';
import { collect, fixturePath, messagesOf } from './testSupport.node.ts';

describe('detecting the format', () => {
  const text = (value: string) => Buffer.from(value, 'utf8');

  it('goes by the extension where it is clear', () => {
    expect(detectFormat('a.eml', text('Received: from x\r\n'))).toBe('eml');
    expect(detectFormat('Inbox.MBOX', text('From a@b Tue Mar  5 09:14:02 2024\n'))).toBe('mbox');
    expect(detectFormat('export.csv', text('date,text\n'))).toBe('csv');
    expect(detectFormat('export.tsv', text('date\ttext\n'))).toBe('csv');
    expect(detectFormat('export.ndjson', text('{"text":"a"}\n'))).toBe('jsonl');
    expect(detectFormat('export.json', text('[{"text":"a"}]'))).toBe('json');
  });

  it('reads mail saved without an extension, and an .eml that is a one-message mbox', () => {
    expect(detectFormat('Inbox', text('\n\nFrom - Tue Mar 05 14:22:01 2024\n'))).toBe('mbox');
    expect(detectFormat('saved-message', text('Return-Path: <a@b>\r\n'))).toBe('eml');
    expect(detectFormat('single.eml', text('From a@b Tue Mar  5 09:14:02 2024\nFrom: a@b\n'))).toBe('mbox');
    expect(detectFormat('export', text('{"text":"a"}\n'))).toBe('jsonl');
  });

  it('refuses other types with a plain reason that names only the extension', () => {
    expect(() => detectFormat('Aroha Ngata notes.pdf', text('%PDF-1.4'))).toThrow(
      new ImportFileError('FILE_UNSUPPORTED', 'This file type is not supported: .pdf'),
    );
    expect(() =>
      detectFormat('mail.msg', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])),
    ).toThrow(/Outlook \.msg files are not supported/);
    expect(() => detectFormat('no-extension', text('just some words'))).toThrow(
      'This file type is not recognised.',
    );
    expect(() => detectFormat('odd.Aroha Ngata', text('x'))).toThrow(
      'This file type is not supported: this one',
    );
  });
});

describe('reading an import file', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-import-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  function file(name: string, content: string | Buffer): string {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  }

  it('dispatches every fixture to its parser', async () => {
    const counts: Record<string, number> = {};
    for (const name of [
      'inbox.mbox',
      'gmail-alternative-qp.eml',
      'chat-export-utf8-bom.csv',
      'messages.jsonl',
      'facebook-messages.json',
    ]) {
      counts[name] = messagesOf(await collect(readImportFile(fixturePath(name)))).length;
    }
    expect(counts).toEqual({
      'inbox.mbox': 4,
      'gmail-alternative-qp.eml': 1,
      'chat-export-utf8-bom.csv': 4,
      'messages.jsonl': 4,
      'facebook-messages.json': 2,
    });
  });

  it('fails plainly on an empty, a blank, a missing and a folder path', async () => {
    const cases: [string, string, string][] = [
      [file('empty.csv', ''), 'FILE_EMPTY', 'The file is empty.'],
      [file('blank.jsonl', '\n  \n\n'), 'FILE_EMPTY', 'The file holds no messages.'],
      [file('header-only.csv', 'from,text\r\n'), 'FILE_EMPTY', 'The file holds no messages.'],
      [join(folder, 'missing.eml'), 'FILE_UNREADABLE', 'The file could not be read.'],
      [folder, 'FILE_UNREADABLE', 'This is not a file that can be imported.'],
    ];
    for (const [path, code, message] of cases) {
      const failure = collect(readImportFile(path));
      await expect(failure).rejects.toBeInstanceOf(ImportFileError);
      await expect(failure).rejects.toMatchObject({ code, message });
    }
  });

  it('rejects an .eml over the size limit as an item without reading it', async () => {
    const path = file('huge.eml', 'From: a@example.org\r\n\r\n');
    truncateSync(path, MAX_EMAIL_BYTES + 1);
    expect(await collect(readImportFile(path))).toEqual([
      { kind: 'rejected', index: 0, reason: 'The email is larger than the 25 MB limit.' },
    ]);
  });

  it('reads the same file twice to the same outcomes, and the same email in .eml and .mbox to one hash', async () => {
    const first = await collect(readImportFile(fixturePath('inbox.mbox')));
    const second = await collect(readImportFile(fixturePath('inbox.mbox')));
    expect(second).toEqual(first);

    const eml = readFileSync(fixturePath('reply-with-references.eml'));
    const mbox = file('one.mbox', Buffer.concat([Buffer.from('From aroha Tue Mar  5 09:14:02 2024\n'), eml]));
    const [fromEml] = messagesOf(await collect(readImportFile(fixturePath('reply-with-references.eml'))));
    const [fromMbox] = messagesOf(await collect(readImportFile(mbox)));
    expect(fromMbox?.contentHash).toBe(fromEml?.contentHash);
    expect(fromMbox?.sourceId).toBe(fromEml?.sourceId);
  });

  it('passes the CSV mapping and the default channel on', async () => {
    const path = join(folder, 'sms.csv');
    copyFileSync(fixturePath('sms-windows-1252.csv'), path);
    const messages = messagesOf(
      await collect(
        readImportFile(path, { csvMapping: { text: 'Message', from: 'Numéro' }, defaultChannel: 'sms' }),
      ),
    );
    expect(messages.map((message) => [message.channel, message.from])).toContainEqual([
      'sms',
      '+33 6 12 34 56 78',
    ]);
  });

  it('stops with CANCELLED when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      collect(readImportFile(fixturePath('inbox.mbox'), { signal: controller.signal })),
    ).rejects.toMatchObject({
      code: 'CANCELLED',
      message: 'The import was cancelled.',
    });
  });

  it('reads a file in a folder whose name looks like an extension', async () => {
    const nested = join(folder, 'exports.csv');
    mkdirSync(nested);
    const path = join(nested, 'Inbox');
    writeFileSync(path, readFileSync(fixturePath('inbox.mbox')));
    expect(messagesOf(await collect(readImportFile(path)))).toHaveLength(4);
  });
});

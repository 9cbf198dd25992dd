import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError } from './importFileError.node.ts';
import { MboxSplitter, readMboxEntries, readMboxMessages } from './mboxStream.node.ts';
import type { MboxEntry } from './mboxStream.node.ts';
import { collect, fixturePath, messagesOf } from './testSupport.node.ts';

function split(bytes: Buffer, chunkSize: number, maxMessageBytes?: number): MboxEntry[] {
  const splitter = new MboxSplitter(maxMessageBytes);
  const entries: MboxEntry[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    entries.push(...splitter.push(bytes.subarray(offset, offset + chunkSize)));
  }
  return [...entries, ...splitter.end()];
}

function rawTexts(entries: MboxEntry[]): string[] {
  return entries.map((entry) =>
    entry.kind === 'message' ? entry.raw.toString('latin1') : `too large from ${entry.startLine}`,
  );
}

function mboxMessage(n: number, body: string): string {
  return `From client${n}@example.org Tue Mar  5 09:14:02 2024\nFrom: client${n}@example.org\nSubject: Message ${n}\nDate: Tue, 5 Mar 2024 09:14:02 +0000\nMessage-ID: <m-${n}@example.org>\n\n${body}\n\n`;
}

describe('splitting an mbox', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-mbox-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads each message, unescapes ">From " lines and keeps an unescaped "From " body line in its message', async () => {
    const outcomes = await collect(readMboxMessages(fixturePath('inbox.mbox')));
    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'message',
      'message',
      'message',
      'rejected',
      'message',
    ]);
    const [first, internship, deadline, sentTwice] = messagesOf(outcomes);
    expect(first?.text).toBe(
      'From the start I wanted to work outdoors, maybe in conservation.\nA quoted escape stays one level deep:\n>From the forwarded note, which was already quoted.',
    );
    expect(internship).toMatchObject({ from: 'jordan.lee@example.net', sourceId: 'mbox-2@example.net' });
    expect(internship?.text).toBe('I got the internship! Thank you for all the help with the application.');
    expect(deadline?.text).toBe(
      'Thanks for the list of employers.\nFrom what I understand, the deadline is Friday at noon.',
    );
    expect(outcomes[3]).toEqual({
      kind: 'rejected',
      index: 3,
      reason: 'The email starting on line 43 has no readable text body.',
    });
    // The same words sent twice: different Message-IDs, one content hash for the service to match.
    expect(sentTwice?.sourceId).toBe('mbox-5@example.com');
    expect(sentTwice?.contentHash).toBe(first?.contentHash);
  });

  it('splits the same way whatever the chunk boundaries', () => {
    const bytes = readFileSync(fixturePath('inbox.mbox'));
    const whole = rawTexts(split(bytes, bytes.length));
    expect(whole).toHaveLength(5);
    for (const chunkSize of [1, 2, 3, 5, 7, 64]) expect(rawTexts(split(bytes, chunkSize))).toEqual(whole);
  });

  it('reads mbox files with CRLF line ends and drops the separator blank line', () => {
    const bytes = Buffer.from((mboxMessage(1, 'first') + mboxMessage(2, 'second')).replace(/\n/g, '\r\n'));
    const texts = rawTexts(split(bytes, 3));
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/\r\n\r\nfirst\r\n$/);
  });

  it('treats text before the first separator as a message only when it is not blank', () => {
    expect(rawTexts(split(Buffer.from(`\n\n${mboxMessage(1, 'hi')}`), 4))).toHaveLength(1);
    const withoutSeparator = rawTexts(split(Buffer.from('From: a@example.org\nSubject: x\n\nhello\n'), 4));
    expect(withoutSeparator).toEqual(['From: a@example.org\nSubject: x\n\nhello\n']);
  });

  it('skips a message over the size limit without holding it, and keeps its neighbours', () => {
    const huge = 'x'.repeat(200) + '\n';
    const bytes = Buffer.from(
      mboxMessage(1, 'before') + mboxMessage(2, huge.repeat(100)) + mboxMessage(3, 'after'),
    );
    const entries = split(bytes, 1000, 4096);
    expect(entries.map((entry) => [entry.kind, entry.index, entry.startLine])).toEqual([
      ['message', 0, 1],
      ['too_large', 1, 9],
      ['message', 2, 117],
    ]);
  });

  it('handles a line far longer than a chunk (a base64 blob with no line breaks)', () => {
    const blob = 'QUJD'.repeat(300_000);
    const bytes = Buffer.from(mboxMessage(1, `>From the top ${blob}`) + mboxMessage(2, 'next'));
    const texts = rawTexts(split(bytes, 65_536));
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain(`\n\nFrom the top ${blob}\n`);
  });

  it('reports a too-large message as a rejection naming its line', async () => {
    const file = join(folder, 'large.mbox');
    writeFileSync(file, mboxMessage(1, 'ok') + mboxMessage(2, 'y'.repeat(5000)));
    const outcomes = await collect(readMboxMessages(file, { maxMessageBytes: 2048 }));
    expect(outcomes[1]).toEqual({
      kind: 'rejected',
      index: 1,
      reason: 'The email starting on line 9 is larger than the 2 KB limit.',
    });
  });

  it('reports progress and stops when cancelled', async () => {
    const file = join(folder, 'progress.mbox');
    writeFileSync(file, Array.from({ length: 3000 }, (_, n) => mboxMessage(n, 'z'.repeat(1000))).join(''));
    const size = statSync(file).size;
    const progress: number[] = [];
    const all = await collect(
      readMboxEntries(file, { onProgress: (read, total) => progress.push(read, total) }),
    );
    expect(all).toHaveLength(3000);
    expect(progress.at(-2)).toBe(size);
    expect(progress.at(-1)).toBe(size);

    const controller = new AbortController();
    let seen = 0;
    const reading = (async () => {
      for await (const _entry of readMboxMessages(file, { signal: controller.signal })) {
        if (++seen === 10) controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: 'ImportFileError', code: 'CANCELLED' });
    await expect(reading).rejects.toBeInstanceOf(ImportFileError);
    expect(seen).toBe(10);
  });

  it('streams a 50 MB mbox with memory that does not grow with the file', async () => {
    const file = join(folder, 'big.mbox');
    const out = createWriteStream(file);
    const body = (
      'I would like to talk about my options after the redundancy, and about retraining. '.repeat(10) + '\n'
    ).repeat(24);
    let written = 0;
    for (let n = 0; written < 50 * 1024 * 1024; n++) {
      const message = mboxMessage(n, body);
      written += message.length;
      if (!out.write(message)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const fileBytes = statSync(file).size;

    // Live memory after a full collection is what the import holds. It is measured from
    // the 200th message on, once the parser's code and charset tables are loaded. RSS also
    // counts pages the allocator keeps after garbage is freed: reported, not asserted.
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const liveBytes = () => {
      const usage = process.memoryUsage();
      // external already counts Buffers' memory (arrayBuffers is a part of it).
      return usage.heapUsed + usage.external;
    };
    const rssBefore = process.memoryUsage().rss;
    let liveAtStart = 0;
    let peakLiveGrowth = 0;
    let peakRssGrowth = 0;
    let count = 0;
    for await (const outcome of readMboxMessages(file)) {
      expect(outcome.kind).toBe('message');
      if (++count % 200 === 0) {
        peakRssGrowth = Math.max(peakRssGrowth, process.memoryUsage().rss - rssBefore);
        collectGarbage();
        if (count === 200) liveAtStart = liveBytes();
        else peakLiveGrowth = Math.max(peakLiveGrowth, liveBytes() - liveAtStart);
      }
    }
    const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.info(
      `mbox of ${megabytes(fileBytes)} MB, ${count} messages: live memory grew at most ${megabytes(peakLiveGrowth)} MB, RSS ${megabytes(peakRssGrowth)} MB`,
    );
    expect(count).toBeGreaterThan(2000);
    // Reading the file whole would add all 50 MB; streaming holds a chunk and a message.
    expect(peakLiveGrowth).toBeLessThan(fileBytes / 5);
    expect(peakRssGrowth).toBeLessThan(fileBytes);
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTriageEngine } from '../../../shared/triage/defaultEngine.std.ts';
import { syntheticMessages } from '../bench/syntheticMessages.node.ts';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import { migrate } from '../storage/migrate.node.ts';
import {
  BACKGROUND_AFTER,
  SOURCE_TRIAGE_WORKER,
  createTriageThread,
  shareTriage,
} from './backgroundTriage.node.ts';
import type { TriageSharing } from './backgroundTriage.node.ts';
import { storedTriage } from './compactTriage.node.ts';
import type { StoredTriage } from './compactTriage.node.ts';
import { createMessageService } from './messageService.node.ts';

const TEXTS = syntheticMessages(BACKGROUND_AFTER + 700, 7);
const engine = defaultTriageEngine();
const expected = TEXTS.map((text) => storedTriage(text, engine.triage(text)));

/** Feeds every text through a sharing, with a turn of the event loop now and then as an import gives. */
async function triageAll(workerUrl: string | null) {
  const thread = workerUrl === null ? null : createTriageThread(workerUrl);
  try {
    return await triageWith(shareTriage(() => engine, thread));
  } finally {
    thread?.stop();
  }
}

async function triageWith(sharing: TriageSharing) {
  const results: (StoredTriage | undefined)[] = TEXTS.map(() => undefined);
  for (const [i, text] of TEXTS.entries()) {
    sharing.add(text, (result) => (results[i] = result));
    if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
  }
  await sharing.finish();
  return { results, sharedOut: sharing.sharedOut };
}

describe('triage shared with a second thread during an import', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-background-triage-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** A triage thread for a test: `body` runs with parentPort, storedTriage and the shipped engine. */
  function threadWith(name: string, body: string): string {
    const file = join(folder, `${name}.mjs`);
    writeFileSync(
      file,
      `import { parentPort } from 'node:worker_threads';
       const { storedTriage } = await import(${JSON.stringify(new URL('./compactTriage.node.ts', import.meta.url).href)});
       const { defaultTriageEngine } = await import(${JSON.stringify(new URL('../../../shared/triage/defaultEngine.std.ts', import.meta.url).href)});
       const engine = defaultTriageEngine();
       ${body}`,
    );
    return pathToFileURL(file).href;
  }

  it('gives every message exactly the result triage on one thread gives', async () => {
    const { results, sharedOut } = await triageAll(SOURCE_TRIAGE_WORKER);
    expect(sharedOut).toBeGreaterThan(0);
    expect(results).toEqual(expected);
  });

  it('triages everything here when the thread cannot start', async () => {
    const { results, sharedOut } = await triageAll(pathToFileURL(join(folder, 'missing.js')).href);
    expect(sharedOut).toBe(0);
    expect(results).toEqual(expected);
  });

  it('triages here what a thread that stops part-way was holding', async () => {
    // A thread that answers the first batch and then exits with batches still sent to it.
    const dying = threadWith(
      'dying',
      `parentPort.once('message', ({ batch, texts }) => {
         parentPort.postMessage({ batch, results: texts.map((text) => storedTriage(text, engine.triage(text))) });
         setTimeout(() => process.exit(3), 0);
       });`,
    );
    const { results, sharedOut } = await triageAll(dying);
    expect(sharedOut).toBeGreaterThan(0);
    expect(sharedOut).toBeLessThan(TEXTS.length - BACKGROUND_AFTER);
    expect(results).toEqual(expected);
  });

  /** A thread that answers each batch half a second after it came. */
  const slowThread = () =>
    threadWith(
      'slow',
      `parentPort.on('message', ({ batch, texts }) => {
         const results = texts.map((text) => storedTriage(text, engine.triage(text)));
         setTimeout(() => parentPort.postMessage({ batch, results }), 500);
       });`,
    );

  it('triages here while the thread is far behind, so what waits for it stays bounded', async () => {
    const thread = createTriageThread(slowThread());
    const limit = { texts: 10_000, chars: 60_000 };
    const sharing = shareTriage(() => engine, thread, { waitingLimit: limit });
    let mostWaiting = 0;
    const results: (StoredTriage | undefined)[] = TEXTS.map(() => undefined);
    let answered = 0;
    for (const [i, text] of TEXTS.entries()) {
      sharing.add(text, (result) => {
        results[i] = result;
        answered++;
      });
      const waitingChars = TEXTS.slice(0, i + 1).reduce(
        (sum, waiting, at) => sum + (results[at] === undefined ? waiting.length : 0),
        0,
      );
      mostWaiting = Math.max(mostWaiting, waitingChars);
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
    await sharing.finish();
    thread.stop();
    expect(answered).toBe(TEXTS.length);
    expect(sharing.sharedOut).toBeGreaterThan(0);
    expect(sharing.sharedOut).toBeLessThan(TEXTS.length / 2);
    expect(mostWaiting).toBeLessThanOrEqual(limit.chars);
    expect(results).toEqual(expected);
  });

  it('takes back what the thread has not answered once the file is read, when told to help', async () => {
    const many = syntheticMessages(2500, 8);
    const wanted = many.map((text) => storedTriage(text, engine.triage(text)));
    const run = async (helpAtEnd: boolean) => {
      const thread = createTriageThread(slowThread());
      const sharing = shareTriage(() => engine, thread, { helpAtEnd: () => helpAtEnd });
      sharing.expectMany();
      const results: (StoredTriage | undefined)[] = many.map(() => undefined);
      let answers = 0;
      many.forEach((text, i) =>
        sharing.add(text, (result) => {
          results[i] = result;
          answers++;
        }),
      );
      await sharing.finish();
      // Answers to batches taken back, arriving late, are not given a second time.
      await new Promise((resolve) => setTimeout(resolve, 700));
      thread.stop();
      return { results, sharedOut: sharing.sharedOut, answers };
    };
    const alone = await run(false);
    expect(alone.sharedOut).toBe(many.length);
    expect(alone.results).toEqual(wanted);
    expect(alone.answers).toBe(many.length);
    // This thread takes back the queue, then what was sent and not yet answered.
    const helped = await run(true);
    expect(helped.sharedOut).toBeLessThan(many.length / 2);
    expect(helped.results).toEqual(wanted);
    expect(helped.answers).toBe(many.length);
  });

  it('shares from the first message once told a big file is coming', async () => {
    const thread = createTriageThread(SOURCE_TRIAGE_WORKER);
    const sharing = shareTriage(() => engine, thread);
    sharing.expectMany();
    const results: StoredTriage[] = [];
    for (const text of TEXTS.slice(0, BACKGROUND_AFTER)) sharing.add(text, (result) => results.push(result));
    await sharing.finish();
    thread.stop();
    expect(sharing.sharedOut).toBeGreaterThan(0);
    expect(results).toEqual(expected.slice(0, BACKGROUND_AFTER));
  });

  it('keeps small files on the importing thread', async () => {
    const thread = createTriageThread(SOURCE_TRIAGE_WORKER);
    const sharing = shareTriage(() => engine, thread);
    const results: StoredTriage[] = [];
    for (const text of TEXTS.slice(0, BACKGROUND_AFTER)) sharing.add(text, (result) => results.push(result));
    await sharing.finish();
    expect(sharing.sharedOut).toBe(0);
    expect(results).toEqual(expected.slice(0, BACKGROUND_AFTER));
    thread.stop();
  });

  it('keeps one thread for the files after the first, and stops it once idle', async () => {
    const thread = createTriageThread(SOURCE_TRIAGE_WORKER, 300);
    try {
      const first = await triageWith(shareTriage(() => engine, thread));
      const used = thread.acquire();
      thread.release(used!);
      const second = await triageWith(shareTriage(() => engine, thread));
      expect(first.sharedOut).toBeGreaterThan(0);
      expect(second.sharedOut).toBeGreaterThan(0);
      expect(first.results).toEqual(expected);
      expect(second.results).toEqual(expected);
      // The second file used the thread the first one started.
      const again = thread.acquire();
      expect(again).toBe(used);
      thread.release(again!);

      const exited = new Promise<number>((resolve) => again!.once('exit', resolve));
      expect(await exited).toBeTypeOf('number');
      const fresh = thread.acquire();
      expect(fresh).not.toBeNull();
      expect(fresh).not.toBe(used);
    } finally {
      thread.stop();
    }
  });

  it('starts the thread ahead of an import; the import uses it, and unused it stops once idle', async () => {
    const thread = createTriageThread(SOURCE_TRIAGE_WORKER, 300);
    try {
      await thread.warm();
      const warmed = thread.acquire();
      thread.release(warmed!);
      // Ready before the first text: the first batch sent is answered by this thread.
      const sharing = shareTriage(() => engine, thread);
      sharing.expectMany();
      const results: StoredTriage[] = [];
      for (const text of TEXTS.slice(0, 50)) sharing.add(text, (result) => results.push(result));
      await sharing.finish();
      expect(sharing.sharedOut).toBe(50);
      expect(results).toEqual(expected.slice(0, 50));
      const used = thread.acquire();
      expect(used).toBe(warmed);
      thread.release(used!);

      // Warmed and never used, it stops after the idle time like any other.
      const exited = new Promise<number>((resolve) => used!.once('exit', resolve));
      expect(await exited).toBeTypeOf('number');
      await thread.warm();
      const again = thread.acquire();
      expect(again).not.toBe(used);
      thread.release(again!);
      const exitedAgain = new Promise<number>((resolve) => again!.once('exit', resolve));
      expect(await exitedAgain).toBeTypeOf('number');
    } finally {
      thread.stop();
    }
  });

  it('stops the thread a cancelled file was waiting on; the next file starts another and gets every result', async () => {
    const thread = createTriageThread(SOURCE_TRIAGE_WORKER);
    try {
      const cancelled = shareTriage(() => engine, thread);
      cancelled.expectMany();
      let answered = 0;
      for (const text of TEXTS) cancelled.add(text, () => answered++);
      const held = thread.acquire();
      thread.release(held!);
      const exited = new Promise<number>((resolve) => held!.once('exit', resolve));
      cancelled.cancel();
      await exited;
      // Nothing more arrives for the cancelled file.
      const answeredAtCancel = answered;
      const next = await triageWith(shareTriage(() => engine, thread));
      expect(answered).toBe(answeredAtCancel);
      expect(next.sharedOut).toBeGreaterThan(0);
      expect(next.results).toEqual(expected);
    } finally {
      thread.stop();
    }
  });

  it('gives two files sharing the thread at once their own results, even when one is cancelled', async () => {
    const thread = createTriageThread(SOURCE_TRIAGE_WORKER);
    try {
      const [first, second] = await Promise.all([
        triageWith(shareTriage(() => engine, thread)),
        triageWith(shareTriage(() => engine, thread)),
      ]);
      expect(first.sharedOut).toBeGreaterThan(0);
      expect(second.sharedOut).toBeGreaterThan(0);
      expect(first.results).toEqual(expected);
      expect(second.results).toEqual(expected);

      // One file is cancelled while the other still has batches out: that one stops the
      // thread, and the other triages here what it was holding.
      const cancelled = shareTriage(() => engine, thread);
      const kept = shareTriage(() => engine, thread);
      cancelled.expectMany();
      kept.expectMany();
      const results: (StoredTriage | undefined)[] = TEXTS.map(() => undefined);
      TEXTS.forEach((text, i) => {
        cancelled.add(text, () => undefined);
        kept.add(text, (result) => (results[i] = result));
      });
      cancelled.cancel();
      await kept.finish();
      expect(results).toEqual(expected);
    } finally {
      thread.stop();
    }
  });

  it('stores the same from a big import either way, and nothing from one cancelled part-way', async () => {
    const file = join(folder, 'big.jsonl');
    writeFileSync(
      file,
      TEXTS.map((text, i) => JSON.stringify({ id: `b-${i}`, text, from: `c${i % 50}@x.org` })).join('\n'),
    );
    let runs = 0;
    const stored = async (triageWorkerUrl: string | null, cancelAfter?: number) => {
      const db = openEncryptedDatabase(join(folder, `${runs++}.db`), randomBytes(32), { create: true });
      try {
        migrate(db);
        const abort = new AbortController();
        const [report] = await createMessageService({ triageWorkerUrl }).importFiles(
          db,
          [file],
          undefined,
          {},
          {
            signal: abort.signal,
            onProgress: (items) => {
              if (cancelAfter !== undefined && items >= cancelAfter) abort.abort();
            },
          },
        );
        const rows = db
          .prepare(
            'SELECT m.source_id, m.tier, m.score, t.result FROM messages m JOIN message_triage t ON t.message_id = m.id ORDER BY m.source_id',
          )
          .all();
        return { report, rows };
      } finally {
        db.close();
      }
    };
    const shared = await stored(SOURCE_TRIAGE_WORKER);
    const alone = await stored(null);
    expect(shared.report?.imported).toBe(TEXTS.length);
    expect(shared.rows).toEqual(alone.rows);

    const cancelled = await stored(SOURCE_TRIAGE_WORKER, BACKGROUND_AFTER * 2);
    expect(cancelled.report?.outcome).toBe('cancelled');
    expect(cancelled.rows).toEqual([]);
  });
});

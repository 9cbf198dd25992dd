/**
 * Shares an import's triage between the importing thread and a second one, so reading and
 * parsing a big file and triaging its messages use two of the computer's cores at once.
 *
 * The importing thread also reads, checks duplicates and stores, so texts go to the triage
 * thread in batches, and are triaged here only while the thread is far behind (it holds
 * IN_FLIGHT.texts texts or IN_FLIGHT.chars characters, which also bounds what an import
 * holds in memory waiting for it). Small files never start the thread (it costs more than
 * it saves), and if it cannot start or fails, everything it held is triaged here: the
 * import's results do not depend on it. The engine here is only built if it is used.
 *
 * The thread outlives one file (TriageThread): starting it and loading the rules takes it
 * most of a second, and its compiled code only gets fast after a few thousand messages, so
 * the files of one import, and imports soon after, share it. It stops after IDLE_STOP_MS
 * without work, and never keeps a process alive while idle.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TriageEngine } from '../../../shared/triage/triageEngine.std.ts';
import { storedTriage } from './compactTriage.node.ts';
import type { StoredTriage } from './compactTriage.node.ts';

export interface TriageBatch {
  batch: number;
  texts: string[];
}

export interface TriagedBatch {
  batch: number;
  results: StoredTriage[];
}

/** Below this many messages a file is triaged on the importing thread alone. */
export const BACKGROUND_AFTER = 200;
const BATCH = 50;
/**
 * How far the thread may fall behind before the importing thread triages too. Starting
 * takes the thread most of a second while reading goes on. With the old bound of 400
 * texts, the importing thread built the rules and triaged about a thousand messages of a
 * 10k mbox besides its own work, and the import took 3.3-3.5 s instead of 2.9-3.0 s (the
 * same either way when the rules were built here already).
 */
export const IN_FLIGHT = { texts: 200 * BATCH, chars: 8_000_000 };
/** How long the thread waits for more work after the last file that used it. */
export const IDLE_STOP_MS = 60_000;

/** The triage thread's entry when running from source; the packaged app passes its bundled file. */
export const SOURCE_TRIAGE_WORKER = new URL('./triageWorker.node.ts', import.meta.url).href;

type Done = (result: StoredTriage) => void;

interface Pending {
  texts: string[];
  done: Done[];
  chars: number;
}

export interface TriageSharing {
  /**
   * Starts the thread now, when the caller knows a big file is coming: loading the rules
   * takes it most of a second, which then overlaps the first messages being read.
   */
  expectMany(): void;
  /** Triages `text` here or on the other thread; `done` is called with the result either way. */
  add(text: string, done: Done): void;
  /** Waits for every result (or until `signal` aborts), then stops the thread. */
  finish(signal?: AbortSignal): Promise<void>;
  /** Stops the thread at once; results still out are dropped (the import is abandoned). */
  cancel(): void;
  /** How many texts the other thread triaged. */
  readonly sharedOut: number;
}

/**
 * The triage thread, started on first use and kept while files use it (and IDLE_STOP_MS
 * after). Each file's sharing holds it while it reads; batch numbers are the thread's, so
 * answers reach the sharing that sent them even when two imports use it at once.
 */
export interface TriageThread {
  /** The running thread for one more user, started if needed; null if it cannot start. */
  acquire(): Worker | null;
  /** A user is done with it: when none is left, it may stop once idle. */
  release(worker: Worker): void;
  /** Stops it now (it failed, or a cancelled import's batches must not be answered). */
  discard(worker: Worker): void;
  /** A batch number no other batch on this thread has. */
  nextBatch(): number;
  /** Stops the thread, if running; users then triage on their own thread. */
  stop(): void;
}

export function createTriageThread(workerUrl: string, idleStopMs = IDLE_STOP_MS): TriageThread {
  let worker: Worker | null = null;
  let users = 0;
  let batches = 0;
  let idleTimer: NodeJS.Timeout | null = null;

  const clearIdle = () => {
    if (idleTimer !== null) clearTimeout(idleTimer);
    idleTimer = null;
  };
  const stopWorker = () => {
    clearIdle();
    const running = worker;
    worker = null;
    users = 0;
    void running?.terminate();
  };

  return {
    acquire() {
      clearIdle();
      if (worker === null) {
        try {
          worker = new Worker(new URL(workerUrl));
        } catch {
          return null;
        }
        const started = worker;
        // A thread that exits (or fails) on its own is started afresh by the next user.
        started.on('exit', () => {
          if (worker === started) stopWorker();
        });
        started.on('error', () => {
          if (worker === started) stopWorker();
        });
      }
      users++;
      worker.ref();
      return worker;
    },
    release(released) {
      if (released !== worker) return;
      users = Math.max(0, users - 1);
      if (users > 0) return;
      // Idle: it must not keep a CLI or a test process alive, and it stops after a while.
      released.unref();
      clearIdle();
      idleTimer = setTimeout(stopWorker, idleStopMs);
      idleTimer.unref();
    },
    discard(discarded) {
      if (discarded === worker) stopWorker();
    },
    nextBatch: () => batches++,
    stop: stopWorker,
  };
}

export function shareTriage(
  engine: () => TriageEngine,
  thread: TriageThread | null,
  inFlightLimit: { texts: number; chars: number } = IN_FLIGHT,
): TriageSharing {
  const here = (text: string, done: Done) => done(storedTriage(text, engine().triage(text)));
  // One core cannot share anything; the default engine is the only one the thread has.
  if (thread === null || availableParallelism() < 2) {
    return {
      expectMany: () => undefined,
      add: here,
      finish: () => Promise.resolve(),
      cancel: () => undefined,
      sharedOut: 0,
    };
  }

  let seen = 0;
  let worker: Worker | null = null;
  /** Set once this file is done with the thread, or it failed: it is not asked again. */
  let stopped = false;
  let inFlight = 0;
  let inFlightChars = 0;
  let sharedOut = 0;
  let filling: Pending = { texts: [], done: [], chars: 0 };
  const sent = new Map<number, Pending>();
  let allAnswered: (() => void) | null = null;

  const settleIfIdle = () => {
    if (sent.size === 0 && allAnswered) allAnswered();
  };

  const onMessage = ({ batch, results }: TriagedBatch) => {
    const pending = sent.get(batch);
    if (!pending) return;
    sent.delete(batch);
    inFlight -= pending.texts.length;
    inFlightChars -= pending.chars;
    sharedOut += results.length;
    results.forEach((result, i) => pending.done[i]?.(result));
    settleIfIdle();
  };
  const onExit = () => fail();

  /** Stops listening; the thread is released for others, or discarded when `discard`. */
  const letGo = (discard: boolean) => {
    stopped = true;
    const held = worker;
    worker = null;
    if (held === null) return;
    held.off('message', onMessage);
    held.off('error', onExit);
    held.off('exit', onExit);
    if (discard) thread.discard(held);
    else thread.release(held);
  };

  const fail = () => {
    if (stopped) return;
    letGo(true);
    for (const pending of [...sent.values(), filling])
      pending.texts.forEach((text, i) => here(text, pending.done[i] as Done));
    sent.clear();
    filling = { texts: [], done: [], chars: 0 };
    inFlight = 0;
    inFlightChars = 0;
    settleIfIdle();
  };

  /** Takes the thread unless this file has it, let it go, or saw it fail. */
  const startOnce = () => {
    if (worker !== null || stopped) return;
    worker = thread.acquire();
    if (worker === null) {
      stopped = true;
      return;
    }
    worker.on('message', onMessage);
    worker.on('error', onExit);
    worker.on('exit', onExit);
  };

  const send = () => {
    if (worker === null || filling.texts.length === 0) return;
    const batch = thread.nextBatch();
    sent.set(batch, filling);
    inFlight += filling.texts.length;
    const message: TriageBatch = { batch, texts: filling.texts };
    worker.postMessage(message);
    filling = { texts: [], done: [], chars: 0 };
  };

  return {
    expectMany: startOnce,

    add(text, done) {
      seen++;
      if (seen > BACKGROUND_AFTER) startOnce();
      if (
        worker === null ||
        inFlight + filling.texts.length >= inFlightLimit.texts ||
        inFlightChars + text.length > inFlightLimit.chars
      ) {
        // A part-filled batch goes now: at the bound it would not fill until the thread answers.
        send();
        here(text, done);
        return;
      }
      filling.texts.push(text);
      filling.done.push(done);
      filling.chars += text.length;
      inFlightChars += text.length;
      if (filling.texts.length >= BATCH) send();
    },

    async finish(signal) {
      send();
      if (sent.size > 0 && !signal?.aborted) {
        await new Promise<void>((resolve) => {
          allAnswered = resolve;
          signal?.addEventListener('abort', () => resolve(), { once: true });
        });
      }
      allAnswered = null;
      // Answers still out (the import was cancelled while waiting) must not reach another file.
      letGo(sent.size > 0);
    },

    cancel() {
      const waiting = sent.size > 0;
      sent.clear();
      filling = { texts: [], done: [], chars: 0 };
      // Its batches would keep the thread busy for nothing: a thread with some is stopped.
      letGo(waiting);
    },

    get sharedOut() {
      return sharedOut;
    },
  };
}

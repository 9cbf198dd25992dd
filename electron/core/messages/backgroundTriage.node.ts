/**
 * Shares an import's triage between the importing thread and a second one, so reading and
 * parsing a big file and triaging its messages use two of the computer's cores at once.
 *
 * The importing thread also reads, checks duplicates and stores, so while it reads, texts
 * queue for the triage thread, which is kept SENT_AHEAD texts ahead of its answers (fewer
 * until it first answers: it may still be starting). They are triaged here only while too
 * much waits (WAITING_LIMIT, which also bounds what an import holds in memory for it), and,
 * once the file has been read and this thread would otherwise wait, from the end of the
 * queue while the other works from the front, then whatever it was sent and has not
 * answered (only if the engine here is built: see SharingOptions.helpAtEnd). Small files
 * never start the thread (it costs more than it saves), and if it cannot start or fails,
 * everything it held is triaged here: the import's results do not depend on it.
 *
 * The thread outlives one file (TriageThread): starting it and loading the rules takes it
 * most of a second, and its compiled code only gets fast after a few thousand messages, so
 * the files of one import, and imports soon after, share it. An import about to start (the
 * import dialog opened) starts it early (TriageThread.warm), so it is ready when the file
 * is. It stops after IDLE_STOP_MS without work, and never keeps a process alive while idle.
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

/** What the thread sends: once, when its rules are built, then an answer per batch. */
export type TriageThreadMessage = { ready: true } | TriagedBatch;

/** Below this many messages a file is triaged on the importing thread alone. */
export const BACKGROUND_AFTER = 200;
const BATCH = 50;
/**
 * How much may wait for the thread before the importing thread triages too. Starting
 * takes the thread most of a second while reading goes on. With a bound of 400 texts,
 * the importing thread built the rules and triaged about a thousand messages of a 10k
 * mbox besides its own work, and the import took 3.3-3.5 s instead of 2.9-3.0 s.
 */
export const WAITING_LIMIT = { texts: 200 * BATCH, chars: 8_000_000 };
/**
 * How many texts the thread is sent ahead of its answers: more than it triages while the
 * importing thread reads between two turns of the event loop (YIELD_EVERY_ITEMS).
 */
const SENT_AHEAD = 20 * BATCH;
/** How many it is sent before its first answer to this file. */
const STARTING_AHEAD = 2 * BATCH;
/** How many queued texts this thread triages between turns when it helps at the end. */
const HELP_STEP = 10;
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
  /**
   * Starts the thread ahead of an import (the import dialog opened), so a file chosen a
   * moment later finds its rules built. Resolves once they are, or once it has failed.
   * Unused, it stops after the idle time like a thread a finished import let go.
   */
  warm(): Promise<void>;
  /** Stops the thread, if running; users then triage on their own thread. */
  stop(): void;
}

export function createTriageThread(workerUrl: string, idleStopMs = IDLE_STOP_MS): TriageThread {
  let worker: Worker | null = null;
  let users = 0;
  let batches = 0;
  let idleTimer: NodeJS.Timeout | null = null;
  /** Resolves once the running thread has built its rules, or has stopped. */
  let ready: Promise<void> = Promise.resolve();

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

  /** The running thread, started if needed; null if it cannot start. */
  const running = (): Worker | null => {
    if (worker !== null) return worker;
    // One core cannot share anything: a second thread would only compete with the import.
    if (availableParallelism() < 2) return null;
    let started: Worker;
    try {
      started = new Worker(new URL(workerUrl));
    } catch {
      return null;
    }
    worker = started;
    ready = new Promise<void>((resolve) => {
      const onReady = (message: TriageThreadMessage) => {
        if (!('ready' in message)) return;
        started.off('message', onReady);
        resolve();
      };
      started.on('message', onReady);
      started.once('exit', () => resolve());
    });
    // A thread that exits (or fails) on its own is started afresh by the next user.
    started.on('exit', () => {
      if (worker === started) stopWorker();
    });
    started.on('error', () => {
      if (worker === started) stopWorker();
    });
    return started;
  };
  /** No user holds it: it must not keep a CLI or a test process alive, and it stops after a while. */
  const idle = (thread: Worker) => {
    thread.unref();
    clearIdle();
    idleTimer = setTimeout(stopWorker, idleStopMs);
    idleTimer.unref();
  };

  return {
    acquire() {
      clearIdle();
      const thread = running();
      if (thread === null) return null;
      users++;
      thread.ref();
      return thread;
    },
    release(released) {
      if (released !== worker) return;
      users = Math.max(0, users - 1);
      if (users === 0) idle(released);
    },
    warm() {
      const thread = running();
      if (thread === null) return Promise.resolve();
      if (users > 0) return ready;
      // Kept alive until ready, so whoever waits for it is not left waiting in an exited process.
      clearIdle();
      thread.ref();
      return ready.then(() => {
        if (worker === thread && users === 0) idle(thread);
      });
    },
    discard(discarded) {
      if (discarded === worker) stopWorker();
    },
    nextBatch: () => batches++,
    stop: stopWorker,
  };
}

export interface SharingOptions {
  /** How much may wait for the thread (queued here or sent) before texts are triaged here. */
  waitingLimit?: { texts: number; chars: number };
  /**
   * Whether this thread may triage what is still queued when the file has been read,
   * while the thread works through what it was sent. True when the engine here is built
   * already: building it would take longer than it saves.
   */
  helpAtEnd?: () => boolean;
}

export function shareTriage(
  engine: () => TriageEngine,
  thread: TriageThread | null,
  options: SharingOptions = {},
): TriageSharing {
  const here = (text: string, done: Done) => done(storedTriage(text, engine().triage(text)));
  if (thread === null) {
    return {
      expectMany: () => undefined,
      add: here,
      finish: () => Promise.resolve(),
      cancel: () => undefined,
      sharedOut: 0,
    };
  }
  const limit = options.waitingLimit ?? WAITING_LIMIT;

  let seen = 0;
  let worker: Worker | null = null;
  /** Set once this file is done with the thread, or it failed: it is not asked again. */
  let stopped = false;
  /** Texts waiting for the thread, not sent yet: sent from the front, taken back from the end. */
  let queue: { texts: string[]; done: Done[] } = { texts: [], done: [] };
  let queueHead = 0;
  /** Sent and not answered. */
  let outstanding = 0;
  /** Characters queued or sent and not answered. */
  let waitingChars = 0;
  let sharedOut = 0;
  /** Set once the file has been read: part-filled batches may go. */
  let finishing = false;
  const sent = new Map<number, Pending>();
  let allAnswered: (() => void) | null = null;

  const queued = () => queue.texts.length - queueHead;

  const settleIfIdle = () => {
    if (sent.size === 0 && queued() === 0 && allAnswered) allAnswered();
  };

  /**
   * Keeps the thread SENT_AHEAD texts ahead, in whole batches unless `partial` (the file
   * has been read). The rest stay queued, so this thread can still take some at the end.
   */
  const topUp = (partial: boolean) => {
    // Until it answers (it may still be starting), what is sent is only held up there.
    const ahead = sharedOut > 0 ? SENT_AHEAD : STARTING_AHEAD;
    while (worker !== null && outstanding < ahead && queued() >= (partial ? 1 : BATCH)) {
      const to = Math.min(queueHead + BATCH, queue.texts.length);
      const texts = queue.texts.slice(queueHead, to);
      let chars = 0;
      for (const text of texts) chars += text.length;
      const pending: Pending = { texts, done: queue.done.slice(queueHead, to), chars };
      queueHead = to;
      const batch = thread.nextBatch();
      sent.set(batch, pending);
      outstanding += texts.length;
      const message: TriageBatch = { batch, texts };
      worker.postMessage(message);
    }
    // Drop what has been sent once it is most of the queue's arrays.
    if (queueHead > 4 * BATCH && queueHead * 2 > queue.texts.length) {
      queue = { texts: queue.texts.slice(queueHead), done: queue.done.slice(queueHead) };
      queueHead = 0;
    }
  };

  /** Triages the last `count` queued texts here. */
  const takeBack = (count: number) => {
    const from = queue.texts.length - count;
    for (let at = from; at < queue.texts.length; at++) {
      const text = queue.texts[at] as string;
      waitingChars -= text.length;
      here(text, queue.done[at] as Done);
    }
    queue.texts.length = from;
    queue.done.length = from;
  };

  /** Triages here the batch sent last and not answered yet; its answer, if it comes, is ignored. */
  const takeBackSent = () => {
    let newest = -1;
    for (const batch of sent.keys()) newest = batch;
    const pending = sent.get(newest);
    if (pending === undefined) return;
    sent.delete(newest);
    outstanding -= pending.texts.length;
    waitingChars -= pending.chars;
    pending.texts.forEach((text, i) => here(text, pending.done[i] as Done));
    settleIfIdle();
  };

  const onMessage = (message: TriageThreadMessage) => {
    if ('ready' in message) return;
    const { batch, results } = message;
    const pending = sent.get(batch);
    if (!pending) return;
    sent.delete(batch);
    outstanding -= pending.texts.length;
    waitingChars -= pending.chars;
    sharedOut += results.length;
    results.forEach((result, i) => pending.done[i]?.(result));
    topUp(finishing);
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
    for (const pending of sent.values())
      pending.texts.forEach((text, i) => here(text, pending.done[i] as Done));
    sent.clear();
    outstanding = 0;
    takeBack(queued());
    waitingChars = 0;
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

  return {
    expectMany: startOnce,

    add(text, done) {
      seen++;
      if (seen > BACKGROUND_AFTER) startOnce();
      if (
        worker === null ||
        outstanding + queued() >= limit.texts ||
        waitingChars + text.length > limit.chars
      ) {
        // A part-filled batch goes now: at the bound it would not fill until the thread answers.
        topUp(true);
        here(text, done);
        return;
      }
      queue.texts.push(text);
      queue.done.push(done);
      waitingChars += text.length;
      topUp(false);
    },

    async finish(signal) {
      finishing = true;
      topUp(true);
      if (options.helpAtEnd?.() === true) {
        // Both threads work through the rest: that one from the front, this one from the end
        // (the queue, then what was sent, newest first: its answers are then ignored), with a
        // turn between small steps so the thread's answers are taken and it is kept fed.
        while ((queued() > 0 || sent.size > 0) && !stopped && !signal?.aborted) {
          if (queued() > 0) takeBack(Math.min(queued(), HELP_STEP));
          else takeBackSent();
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      if ((sent.size > 0 || queued() > 0) && !stopped && !signal?.aborted) {
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
      queue = { texts: [], done: [] };
      queueHead = 0;
      // Its batches would keep the thread busy for nothing: a thread with some is stopped.
      letGo(waiting);
    },

    get sharedOut() {
      return sharedOut;
    },
  };
}

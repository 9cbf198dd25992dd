/**
 * Shares an import's triage between the importing thread and a second one, so reading and
 * parsing a big file and triaging its messages use two of the computer's cores at once.
 *
 * Whichever side is free takes the next message: texts go to the triage thread in batches
 * while it has fewer than MAX_IN_FLIGHT waiting, and are triaged here otherwise. Small
 * files never start the thread (it costs more than it saves), and if it cannot start or
 * fails, everything it held is triaged here: the import's results do not depend on it.
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
/** Enough to keep the thread busy between the importing thread's turns of the event loop. */
const MAX_IN_FLIGHT = 8 * BATCH;

/** The triage thread's entry when running from source; the packaged app passes its bundled file. */
export const SOURCE_TRIAGE_WORKER = new URL('./triageWorker.node.ts', import.meta.url).href;

type Done = (result: StoredTriage) => void;

interface Pending {
  texts: string[];
  done: Done[];
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

export function shareTriage(engine: TriageEngine, workerUrl: string | null): TriageSharing {
  const here = (text: string, done: Done) => done(storedTriage(text, engine.triage(text)));
  // One core cannot share anything; the default engine is the only one the thread has.
  if (workerUrl === null || availableParallelism() < 2) {
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
  /** Set once the thread has failed or been stopped: it is not started again. */
  let stopped = false;
  let nextBatch = 0;
  let inFlight = 0;
  let sharedOut = 0;
  let filling: Pending = { texts: [], done: [] };
  const sent = new Map<number, Pending>();
  let allAnswered: (() => void) | null = null;

  const settleIfIdle = () => {
    if (sent.size === 0 && allAnswered) allAnswered();
  };

  const stop = () => {
    stopped = true;
    void worker?.terminate();
    worker = null;
  };

  const fail = () => {
    if (stopped) return;
    stop();
    for (const pending of [...sent.values(), filling])
      pending.texts.forEach((text, i) => here(text, pending.done[i] as Done));
    sent.clear();
    filling = { texts: [], done: [] };
    inFlight = 0;
    settleIfIdle();
  };

  const start = (url: string) => {
    try {
      worker = new Worker(new URL(url));
    } catch {
      stopped = true;
      return;
    }
    worker.on('message', ({ batch, results }: TriagedBatch) => {
      const pending = sent.get(batch);
      if (!pending) return;
      sent.delete(batch);
      inFlight -= pending.texts.length;
      sharedOut += results.length;
      results.forEach((result, i) => pending.done[i]?.(result));
      settleIfIdle();
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (sent.size > 0 || code !== 0) fail();
    });
  };

  /** Starts the thread unless it runs, failed or was stopped. */
  const startOnce = () => {
    if (worker === null && !stopped) start(workerUrl);
  };

  const send = () => {
    if (worker === null || filling.texts.length === 0) return;
    const batch = nextBatch++;
    sent.set(batch, filling);
    inFlight += filling.texts.length;
    const message: TriageBatch = { batch, texts: filling.texts };
    worker.postMessage(message);
    filling = { texts: [], done: [] };
  };

  return {
    expectMany: startOnce,

    add(text, done) {
      seen++;
      if (seen > BACKGROUND_AFTER) startOnce();
      if (worker === null || inFlight + filling.texts.length >= MAX_IN_FLIGHT) {
        here(text, done);
        return;
      }
      filling.texts.push(text);
      filling.done.push(done);
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
      stop();
    },

    cancel() {
      sent.clear();
      filling = { texts: [], done: [] };
      stop();
    },

    get sharedOut() {
      return sharedOut;
    },
  };
}

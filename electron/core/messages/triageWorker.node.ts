/**
 * Entry of the import's triage thread: triages batches of message texts with the shipped
 * rules and model and answers with each result ready to store. Started by
 * BackgroundTriage; it reads no files and touches no database.
 */
import { parentPort } from 'node:worker_threads';
import { defaultTriageEngine } from '../../../shared/triage/defaultEngine.std.ts';
import { storedTriage } from './compactTriage.node.ts';
import type { TriageBatch, TriageThreadMessage } from './backgroundTriage.node.ts';

if (parentPort === null) throw new Error('triageWorker.node.ts must run in a worker thread');
const port = parentPort;
const engine = defaultTriageEngine();
port.postMessage({ ready: true } satisfies TriageThreadMessage);

port.on('message', ({ batch, texts }: TriageBatch) => {
  const answer: TriageThreadMessage = {
    batch,
    results: texts.map((text) => storedTriage(text, engine.triage(text))),
  };
  port.postMessage(answer);
});

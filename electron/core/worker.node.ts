/**
 * Entry of the core's worker thread. Started by Electron main, the e2e harness and
 * tests through startCoreWorker(); never imports 'electron'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { createCore } from './core.node.ts';

const coreOptionsSchema = z.strictObject({
  name: z.string().min(1),
  version: z.string().min(1),
  runtime: z.string().min(1),
  vaultDir: z.string().min(1),
  triageWorkerUrl: z.string().url().optional(),
  checkpointWorkerUrl: z.string().url().optional(),
});

if (parentPort === null) throw new Error('worker.node.ts must run in a worker thread');
const port = parentPort;
const core = createCore(coreOptionsSchema.parse(workerData));

core.onEvent((message) => port.postMessage(message));

port.on('message', (message: unknown) => {
  if (isShutdown(message)) {
    core.close();
    port.close();
    return;
  }
  void core.dispatch(message).then((reply) => port.postMessage(reply));
});

function isShutdown(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { control?: unknown }).control === 'shutdown'
  );
}

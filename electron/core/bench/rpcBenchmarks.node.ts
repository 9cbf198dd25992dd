import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../core.node.ts';
import { connectInProcess, startCoreWorker } from '../host.node.ts';
import type { Benchmark } from './runner.node.ts';
import { round, timePerOperation, withBaseline } from './runner.node.ts';

const WORKER_URL = new URL('../worker.node.ts', import.meta.url);

/**
 * The cost of the seam every UI action crosses: a validated app.info through the
 * dispatcher in-process (baseline), then the same call through the worker thread.
 */
export const rpcBenchmarks: Benchmark = {
  name: 'rpc',
  async run() {
    const dataDir = mkdtempSync(join(tmpdir(), 'outpost-bench-'));
    const identity = {
      name: 'Outpost',
      version: 'bench',
      runtime: `Node ${process.versions.node}`,
      vaultDir: join(dataDir, 'vault'),
    };
    const inProcess = connectInProcess(createCore(identity));
    const worker = startCoreWorker(WORKER_URL, identity);
    try {
      const direct = await timePerOperation(() => inProcess.call('app.info', {}));
      const threaded = await timePerOperation(() => worker.call('app.info', {}), { iterations: 500 });
      return [
        { name: 'rpc.dispatch.in_process', value: round(direct), unit: 'us/op' },
        withBaseline(
          { name: 'rpc.dispatch.worker_roundtrip', value: round(threaded), unit: 'us/op' },
          direct,
        ),
      ];
    } finally {
      await worker.stop();
      await inProcess.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/rpc/contract.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { createCore } from '../core.node.ts';
import { connectInProcess } from '../host.node.ts';

export const TEST_PASSPHRASE = 'copper lantern orbit mellow quiz';

/** A real core on a freshly created, unlocked vault in a temporary folder, for tests. */
export async function openTestVault() {
  const folder = mkdtempSync(join(tmpdir(), 'outpost-records-'));
  const vaultDir = join(folder, 'vault');
  const connection = connectInProcess(
    createCore({ name: 'Outpost', version: 'test', runtime: 'test', vaultDir }),
  );
  async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const outcome = await connection.call(method, input);
    if ('error' in outcome) throw new RpcError(outcome.error);
    return outcome.result as MethodOutput<M>;
  }
  await call('vault.create', { passphrase: TEST_PASSPHRASE });
  return {
    folder,
    vaultDir,
    call,
    async close() {
      await connection.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export type TestVault = Awaited<ReturnType<typeof openTestVault>>;

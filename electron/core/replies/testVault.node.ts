/**
 * For the replies and inbox tests: a real core on a real encrypted vault that also
 * records the events it emits, can be stopped and started again on the same folder,
 * and waits for an event with a timeout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodOutput,
} from '../../../shared/rpc/contract.std.ts';
import type { RpcEventMessage } from '../../../shared/rpc/envelope.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { createCore } from '../core.node.ts';
import { connectInProcess } from '../host.node.ts';
import type { CoreConnection } from '../host.node.ts';
import { TEST_PASSPHRASE } from '../testing/openVault.node.ts';

export { TEST_PASSPHRASE };

export async function openEventVault(options: { folder?: string; create?: boolean } = {}) {
  const folder = options.folder ?? mkdtempSync(join(tmpdir(), 'outpost-replies-'));
  const vaultDir = join(folder, 'vault');
  const events: RpcEventMessage[] = [];
  const waiters = new Set<() => void>();
  let connection: CoreConnection;

  function start(): void {
    connection = connectInProcess(
      createCore({ name: 'Outpost', version: 'test', runtime: 'test', vaultDir }),
    );
    connection.onEvent((message) => {
      events.push(message);
      for (const waiter of waiters) waiter();
    });
  }

  async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const outcome = await connection.call(method, input);
    if ('error' in outcome) throw new RpcError(outcome.error);
    return outcome.result as MethodOutput<M>;
  }

  /** Resolves with the first matching event (past or future); rejects after `timeoutMs`. */
  function waitForEvent<E extends EventName>(
    event: E,
    matches: (payload: EventPayload<E>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<EventPayload<E>> {
    const find = () =>
      events.find((message) => message.event === event && matches(message.payload as EventPayload<E>))
        ?.payload as EventPayload<E> | undefined;
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no ${event} event within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  }

  start();
  if (options.create !== false) await call('vault.create', { passphrase: TEST_PASSPHRASE });
  return {
    folder,
    vaultDir,
    events,
    call,
    waitForEvent,
    /** Stops the core (closing the database) and starts a new one on the same vault, locked. */
    async restart() {
      await connection.stop();
      start();
    },
    async close(removeFolder = true) {
      await connection.stop();
      if (removeFolder) rmSync(folder, { recursive: true, force: true });
    },
  };
}

export type EventVault = Awaited<ReturnType<typeof openEventVault>>;

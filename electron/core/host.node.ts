import { Worker } from 'node:worker_threads';
import type { z } from 'zod';
import { contract, HOST_METHODS, INTERNAL_METHODS } from '../../shared/rpc/contract.std.ts';
import type { Contract, HostMethod, MethodOutput } from '../../shared/rpc/contract.std.ts';
import { isRpcEvent, isRpcReply } from '../../shared/rpc/envelope.std.ts';
import type { RpcEventMessage } from '../../shared/rpc/envelope.std.ts';
import type { RpcErrorValue } from '../../shared/rpc/errors.std.ts';
import type { Core, CoreOptions } from './core.node.ts';
import { createDispatcher } from './rpc/dispatcher.node.ts';

export type CallOutcome = { result: unknown } | { error: RpcErrorValue };

/** What a transport (IPC, WebSocket, CLI) holds: ask the core, hear its events. */
export interface CoreConnection {
  call(method: string, input: unknown): Promise<CallOutcome>;
  onEvent(listener: (message: RpcEventMessage) => void): () => void;
  stop(): Promise<void>;
}

const closed: RpcErrorValue = { code: 'TRANSPORT_CLOSED', message: 'The engine has stopped.' };

/** Runs the core in a worker thread so a slow query never blocks windows or sockets. */
export function startCoreWorker(workerUrl: URL | string, options: CoreOptions): CoreConnection {
  const worker = new Worker(workerUrl, { workerData: options });
  const pending = new Map<number, (outcome: CallOutcome) => void>();
  const listeners = new Set<(message: RpcEventMessage) => void>();
  let nextId = 1;
  let stopped = false;

  const failPending = () => {
    stopped = true;
    for (const settle of pending.values()) settle({ error: closed });
    pending.clear();
  };

  worker.on('message', (message: unknown) => {
    if (isRpcReply(message)) {
      const settle = pending.get(message.id);
      pending.delete(message.id);
      settle?.('error' in message ? { error: message.error } : { result: message.result });
    } else if (isRpcEvent(message)) {
      for (const listener of listeners) listener(message);
    }
  });
  worker.on('error', (error) => {
    console.error(`[outpost] core worker crashed (${error.name})`);
    failPending();
  });
  worker.on('exit', failPending);

  return {
    call(method, input) {
      if (stopped) return Promise.resolve({ error: closed });
      const id = nextId++;
      return new Promise<CallOutcome>((resolve) => {
        pending.set(id, resolve);
        try {
          worker.postMessage({ id, method, input });
        } catch {
          // Not structured-cloneable (functions, symbols): not JSON either.
          pending.delete(id);
          resolve({ error: { code: 'INVALID_INPUT', message: 'Input must be plain JSON data.' } });
        }
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      if (stopped) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ control: 'shutdown' });
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The same connection without a thread, for the CLI and benchmarks. */
export function connectInProcess(core: Core): CoreConnection {
  let nextId = 1;
  return {
    async call(method, input) {
      const reply = await core.dispatch({ id: nextId++, method, input });
      return 'error' in reply ? { error: reply.error } : { result: reply.result };
    },
    onEvent: (listener) => core.onEvent(listener),
    stop() {
      core.close();
      return Promise.resolve();
    },
  };
}

export type HostHandlers = {
  [M in HostMethod]: (input: z.output<Contract[M]['input']>) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

const hostContract = Object.fromEntries(HOST_METHODS.map((name) => [name, contract[name]])) as {
  [M in HostMethod]: Contract[M];
};

/**
 * The connection a page gets: the host (Electron main, or the harness) answers the
 * few methods that need the operating system, such as file dialogs and the keychain,
 * with the same validation as the core; internal methods are refused; everything
 * else goes to the core.
 */
export function withHostMethods(core: CoreConnection, handlers: HostHandlers): CoreConnection {
  const host = createDispatcher(hostContract, handlers);
  let nextId = 1;
  return {
    ...core,
    async call(method, input) {
      if ((INTERNAL_METHODS as readonly string[]).includes(method)) {
        return { error: { code: 'FORBIDDEN', message: `"${method}" is only for the app itself.` } };
      }
      if (!(HOST_METHODS as readonly string[]).includes(method)) return core.call(method, input);
      const reply = await host.dispatch({ id: nextId++, method, input });
      return 'error' in reply ? { error: reply.error } : { result: reply.result };
    },
  };
}

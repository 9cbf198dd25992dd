import { useCallback, useState } from 'react';
import { outpost } from '../../client/outpostClient.dom.ts';
import { RpcError } from '../../../../shared/rpc/errors.std.ts';
import type { EventPayload } from '../../../../shared/rpc/contract.std.ts';
import { exchangeFailure } from './exchangeText.ts';

export type ExchangeJob<T> =
  | { status: 'idle' }
  | { status: 'running'; progress: EventPayload<'exchange.progress'> | null; isCancelling: boolean }
  | { status: 'done'; result: T }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string; error: unknown };

/**
 * One exchange step (export, inspect, accept) with the core's progress events and a
 * cancel that asks the core to stop between steps. The core runs one at a time.
 */
export function useExchangeJob<T>() {
  const [job, setJob] = useState<ExchangeJob<T>>({ status: 'idle' });

  const run = useCallback(async (step: () => Promise<T>): Promise<T | null> => {
    setJob({ status: 'running', progress: null, isCancelling: false });
    // Listening before asking, so the first progress event cannot be missed.
    const stop = outpost.on('exchange.progress', (progress) => {
      setJob((current) => (current.status === 'running' ? { ...current, progress } : current));
    });
    try {
      const result = await step();
      setJob({ status: 'done', result });
      return result;
    } catch (error) {
      if (error instanceof RpcError && error.code === 'CANCELLED') setJob({ status: 'cancelled' });
      else setJob({ status: 'failed', message: exchangeFailure(error), error });
      return null;
    } finally {
      stop();
    }
  }, []);

  const cancel = useCallback(async (): Promise<void> => {
    setJob((current) => (current.status === 'running' ? { ...current, isCancelling: true } : current));
    try {
      await outpost.call('exchange.cancel', {});
    } catch {
      // The step's own answer still arrives and says how it ended.
    }
  }, []);

  const reset = useCallback(() => setJob({ status: 'idle' }), []);

  return { job, run, cancel, reset };
}

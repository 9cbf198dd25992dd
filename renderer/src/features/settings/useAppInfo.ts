import { useCallback, useEffect, useState } from 'react';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import type { MethodOutput } from '../../../../shared/rpc/contract.std.ts';

export type AppInfo = MethodOutput<'app.info'>;

export type AppInfoState =
  { status: 'loading' } | { status: 'ready'; info: AppInfo } | { status: 'failed'; message: string };

/** Asks the engine about itself when mounted (and on retry). */
export function useAppInfo(): { state: AppInfoState; retry: () => void } {
  const [state, setState] = useState<AppInfoState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let isStale = false;
    outpost.call('app.info', {}).then(
      (info) => {
        if (!isStale) setState({ status: 'ready', info });
      },
      (error: unknown) => {
        if (!isStale) setState({ status: 'failed', message: failureMessage(error) });
      },
    );
    return () => {
      isStale = true;
    };
  }, [attempt]);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((count) => count + 1);
  }, []);
  return { state, retry };
}

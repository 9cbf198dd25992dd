import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { failureMessage } from '../../client/failureMessage.ts';
import { useRecordsVersion } from './recordChanges.ts';

export type Loaded<T> =
  { status: 'loading' } | { status: 'ready'; data: T } | { status: 'failed'; message: string };

/**
 * Loads what `load` returns whenever `key` changes or a record changes, and on `reload`.
 * The previous data stays on screen while a refresh is under way, so lists do not flash.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): [Loaded<T>, () => void] {
  const [state, setState] = useState<{ key: string; loaded: Loaded<T> }>({
    key,
    loaded: { status: 'loading' },
  });
  const [attempt, setAttempt] = useState(0);
  const version = useRecordsVersion();
  const run = useEffectEvent(load);

  useEffect(() => {
    let isStale = false;
    run().then(
      (data) => {
        if (!isStale) setState({ key, loaded: { status: 'ready', data } });
      },
      (error: unknown) => {
        if (!isStale) setState({ key, loaded: { status: 'failed', message: failureMessage(error) } });
      },
    );
    return () => {
      isStale = true;
    };
  }, [key, version, attempt]);

  const reload = useCallback(() => setAttempt((count) => count + 1), []);
  // Data loaded for another key (another client) is never shown as this one's.
  return [state.key === key ? state.loaded : { status: 'loading' }, reload];
}

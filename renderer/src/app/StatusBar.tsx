import { useEffect, useState } from 'react';
import { outpost } from '../client/outpostClient.dom.ts';
import { useVaultSession } from '../vault/vaultSession.ts';
import { minutesText } from '../vault/lockReasons.ts';

type EngineStatus = 'checking' | 'connected' | 'not-connected';

const ENGINE_STATUS_TEXT: Record<EngineStatus, string> = {
  checking: 'Checking the engine…',
  connected: 'Engine connected',
  'not-connected': 'Engine not connected',
};

/** Asks the engine once, at start, whether it answers. */
function useEngineStatus(): EngineStatus {
  const [status, setStatus] = useState<EngineStatus>('checking');

  useEffect(() => {
    let isStale = false;
    outpost.call('app.info', {}).then(
      () => {
        if (!isStale) setStatus('connected');
      },
      () => {
        if (!isStale) setStatus('not-connected');
      },
    );
    return () => {
      isStale = true;
    };
  }, []);

  return status;
}

export function StatusBar() {
  const engineStatus = useEngineStatus();
  const { autoLockMinutes } = useVaultSession();

  return (
    <footer className="status-bar">
      <p className="engine-status" data-state={engineStatus}>
        <span className="status-dot" aria-hidden="true" />
        <span data-testid="engine-status">{ENGINE_STATUS_TEXT[engineStatus]}</span>
      </p>
      <p data-testid="auto-lock-status">
        {autoLockMinutes > 0
          ? `Locks after ${minutesText(autoLockMinutes)} without use`
          : 'Automatic locking is off'}
      </p>
    </footer>
  );
}

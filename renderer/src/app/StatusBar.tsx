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

/**
 * Whether the operating system reports a network connection. Read from the system, never
 * by contacting anything; nothing in Outpost needs it, it only tells the practitioner
 * whether now is a good time to send what is in the outbox.
 */
function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

export function StatusBar() {
  const engineStatus = useEngineStatus();
  const online = useOnline();
  const { autoLockMinutes } = useVaultSession();

  return (
    <footer className="status-bar">
      <p className="engine-status" data-state={engineStatus}>
        <span className="status-dot" aria-hidden="true" />
        <span data-testid="engine-status">{ENGINE_STATUS_TEXT[engineStatus]}</span>
      </p>
      <p
        className="connectivity-status"
        data-state={online ? 'online' : 'offline'}
        data-testid="connectivity-status"
        title="Outpost works fully offline; a connection is only needed to send exported replies."
      >
        <span className="status-dot" aria-hidden="true" />
        {online ? 'Online' : 'Offline — everything still works'}
      </p>
      <p data-testid="auto-lock-status">
        {autoLockMinutes > 0
          ? `Locks after ${minutesText(autoLockMinutes)} without use`
          : 'Automatic locking is off'}
      </p>
    </footer>
  );
}

import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { outpost } from '../client/outpostClient.dom.ts';
import type { EventPayload } from '../../../shared/rpc/contract.std.ts';

type EngineStatus = 'checking' | 'connected' | 'not-connected';

const ENGINE_STATUS_TEXT: Record<EngineStatus, string> = {
  checking: 'Checking the engine…',
  connected: 'Engine connected',
  'not-connected': 'Engine not connected',
};

type LockReason = EventPayload<'vault.locked'>['reason'];

const LOCK_REASON_TEXT: Record<LockReason, string> = {
  manual: 'The vault was locked.',
  idle: 'The vault was locked because Outpost was not used for a while.',
  suspend: 'The vault was locked because the computer went to sleep.',
  'screen-lock': 'The vault was locked because the screen was locked.',
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

function useVaultLockedNotice(): [notice: string, dismiss: () => void] {
  const [notice, setNotice] = useState('');
  useEffect(
    () =>
      outpost.on('vault.locked', ({ reason }) => {
        setNotice(LOCK_REASON_TEXT[reason]);
      }),
    [],
  );
  const dismiss = () => {
    setNotice('');
  };
  return [notice, dismiss];
}

export function StatusBar() {
  const engineStatus = useEngineStatus();
  const [vaultNotice, dismissVaultNotice] = useVaultLockedNotice();

  return (
    <footer className="status-bar">
      <p className="engine-status" data-state={engineStatus}>
        <span className="status-dot" aria-hidden="true" />
        <span data-testid="engine-status">{ENGINE_STATUS_TEXT[engineStatus]}</span>
      </p>
      <div className="vault-notice">
        {/* Always rendered, so screen readers are already watching it when a notice arrives. */}
        <p role="status" data-testid="vault-notice">
          {vaultNotice}
        </p>
        {vaultNotice !== '' && (
          <Button className="quiet-button" onPress={dismissVaultNotice}>
            Dismiss
          </Button>
        )}
      </div>
    </footer>
  );
}

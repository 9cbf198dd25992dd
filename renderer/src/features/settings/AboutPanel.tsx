import { useId } from 'react';
import { Button } from 'react-aria-components';
import type { VaultState } from '../../../../shared/rpc/contract.std.ts';
import { PendingBar } from '../../ui/PendingBar.tsx';
import { LicencesButton } from './LicencesDialog.tsx';
import { useAppInfo } from './useAppInfo.ts';
import type { AppInfo } from './useAppInfo.ts';
import './settings.css';

const VAULT_STATE_TEXT: Record<VaultState, string> = {
  absent: 'No vault yet',
  locked: 'Locked',
  unlocked: 'Unlocked',
};

/** Node's names for operating systems are not the ones people use. */
const PLATFORM_NAMES: Partial<Record<string, string>> = {
  darwin: 'macOS',
  win32: 'Windows',
  linux: 'Linux',
};

function describePlatform(info: AppInfo): string {
  return `${PLATFORM_NAMES[info.platform] ?? info.platform} (${info.arch})`;
}

export function AboutPanel() {
  const headingId = useId();
  const { state, retry } = useAppInfo();

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>About this app</h2>

      {state.status === 'loading' && <PendingBar label="Loading app details…" />}

      {state.status === 'failed' && (
        <div className="error-block">
          <p role="alert" className="notice notice-error" data-testid="core-error">
            {state.message}
          </p>
          <Button className="button" onPress={retry}>
            Try again
          </Button>
        </div>
      )}

      {state.status === 'ready' && (
        <dl className="facts">
          <div className="fact">
            <dt>Version</dt>
            <dd data-testid="app-version">{state.info.version}</dd>
          </div>
          <div className="fact">
            <dt>Platform</dt>
            <dd data-testid="app-platform">{describePlatform(state.info)}</dd>
          </div>
          <div className="fact">
            <dt>Runtime</dt>
            <dd data-testid="app-runtime">{state.info.runtime}</dd>
          </div>
          <div className="fact">
            <dt>Vault</dt>
            <dd data-testid="vault-state">{VAULT_STATE_TEXT[state.info.vaultState]}</dd>
          </div>
        </dl>
      )}
      <LicencesButton />
    </section>
  );
}

import { Button } from 'react-aria-components';
import { ErrorNotice } from '../../ui/Notice.tsx';
import { PendingBar } from '../../ui/PendingBar.tsx';
import type { VaultSettingsState } from './useVaultSettings.ts';

/** What a panel shows until the vault's settings have arrived. */
export function SettingsLoadState({ state, onRetry }: { state: VaultSettingsState; onRetry: () => void }) {
  if (state.status === 'loading') return <PendingBar label="Loading settings…" />;
  if (state.status === 'failed') {
    return (
      <div className="error-block">
        <ErrorNotice>{state.message}</ErrorNotice>
        <Button className="button" onPress={onRetry}>
          Try again
        </Button>
      </div>
    );
  }
  return null;
}

import { useCallback, useEffect, useState } from 'react';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { noteVaultChanged } from '../../vault/vaultChanges.ts';
import type { VaultSettings } from '../../../../shared/rpc/contract.std.ts';

export type VaultSettingsState =
  | { status: 'loading' }
  | { status: 'ready'; settings: VaultSettings }
  | { status: 'failed'; message: string };

export interface VaultSettingsHandle {
  state: VaultSettingsState;
  /** Saves the changed settings and returns what the core stored. */
  save: (changes: Partial<VaultSettings>) => Promise<VaultSettings>;
  retry: () => void;
}

/** The vault's settings, read once for the Settings page and kept current as panels save. */
export function useVaultSettings(): VaultSettingsHandle {
  const [state, setState] = useState<VaultSettingsState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let isStale = false;
    outpost.call('vault.getSettings', {}).then(
      (settings) => {
        if (!isStale) setState({ status: 'ready', settings });
      },
      (error: unknown) => {
        if (!isStale) setState({ status: 'failed', message: failureMessage(error) });
      },
    );
    return () => {
      isStale = true;
    };
  }, [attempt]);

  const save = useCallback(async (changes: Partial<VaultSettings>): Promise<VaultSettings> => {
    const settings = await outpost.call('vault.updateSettings', changes);
    setState({ status: 'ready', settings });
    noteVaultChanged();
    return settings;
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((count) => count + 1);
  }, []);

  return { state, save, retry };
}

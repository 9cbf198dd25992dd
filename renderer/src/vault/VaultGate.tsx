import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { outpost } from '../client/outpostClient.dom.ts';
import { runBeforeLock } from './beforeLock.ts';
import { failureMessage } from '../client/failureMessage.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import type { LockReason, MethodOutput } from '../../../shared/rpc/contract.std.ts';
import { CreateVaultScreen } from './CreateVaultScreen.tsx';
import { forgetDeviceUnlock } from './deviceUnlock.ts';
import { EngineUnreachableScreen, StartingScreen } from './StartingScreens.tsx';
import { LockedScreens } from './LockedScreens.tsx';
import type { LockedNotice } from './LockedScreens.tsx';
import { RecoveryKeyScreen } from './RecoveryKeyScreen.tsx';
import { VaultProblemScreen } from './VaultProblemScreen.tsx';
import type { VaultProblem } from './VaultProblemScreen.tsx';
import { useIdleLock } from './useIdleLock.ts';
import { VaultSessionContext } from './vaultSession.ts';
import type { VaultSession } from './vaultSession.ts';

type VaultStatus = MethodOutput<'vault.status'>;

type GateView =
  | { view: 'starting' }
  | { view: 'unreachable'; message: string }
  | { view: 'create' }
  | { view: 'locked'; notice: LockedNotice | null; unlockDelayMs: number }
  /** The vault is open, but the app waits until the person confirms they wrote the key down. */
  | { view: 'recovery-key'; recoveryKey: string; origin: 'created' | 'recovered' }
  | { view: 'unlocked' }
  | { view: 'problem'; problem: VaultProblem };

function viewFromStatus(status: VaultStatus, previous: GateView): GateView {
  if (status.state !== 'unlocked' && status.problem !== null)
    return { view: 'problem', problem: status.problem };
  switch (status.state) {
    case 'absent':
      return { view: 'create' };
    case 'locked':
      return {
        view: 'locked',
        notice: previous.view === 'locked' ? previous.notice : null,
        unlockDelayMs: status.unlockDelayMs,
      };
    case 'unlocked':
      return previous.view === 'recovery-key' ? previous : { view: 'unlocked' };
  }
}

/** Only the vault's own damage; a damaged backup file (BACKUP_CORRUPT) says nothing about the vault. */
function problemOf(error: unknown): VaultProblem | null {
  if (!(error instanceof RpcError)) return null;
  if (error.code === 'VAULT_CORRUPT') return 'corrupt';
  if (error.code === 'VAULT_TOO_NEW') return 'too_new';
  return null;
}

/**
 * Shows the app only while the vault is unlocked; otherwise the screen that fits the
 * vault's state (create, unlock, damaged). Driven by vault.status and the core's events.
 * Locking unmounts the app, so nothing read from the vault stays in memory.
 */
export function VaultGate({ children }: { children: ReactNode }) {
  const [gate, setGate] = useState<GateView>({ view: 'starting' });
  const [autoLockMinutes, setAutoLockMinutes] = useState(0);
  // Bumped whenever the view is decided, so an older vault.status answer cannot undo it.
  const generation = useRef(0);
  // While this window creates, recovers or restores, the answer decides the view, not the events.
  const ceremony = useRef<'create' | 'recover' | 'restore' | null>(null);

  const refresh = useCallback((): Promise<void> => {
    const requestGeneration = ++generation.current;
    return outpost.call('vault.status', {}).then(
      (status) => {
        if (requestGeneration !== generation.current) return;
        if (status.state === 'unlocked') setAutoLockMinutes(status.autoLockMinutes ?? 0);
        setGate((previous) => viewFromStatus(status, previous));
      },
      (error: unknown) => {
        if (requestGeneration === generation.current) {
          setGate({ view: 'unreachable', message: failureMessage(error) });
        }
      },
    );
  }, []);

  const showView = useCallback((next: GateView) => {
    generation.current++;
    setGate(next);
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    const stopLocked = outpost.on('vault.locked', ({ reason }) => {
      if (ceremony.current === 'restore') return;
      showView({ view: 'locked', notice: { kind: 'locked', reason }, unlockDelayMs: 0 });
    });
    const stopUnlocked = outpost.on('vault.unlocked', () => {
      if (ceremony.current === null) void refresh();
    });
    return () => {
      stopLocked();
      stopUnlocked();
    };
  }, [refresh, showView]);

  const loadAutoLockMinutes = useCallback(async (): Promise<void> => {
    const status = await outpost.call('vault.status', {});
    if (status.state === 'unlocked') setAutoLockMinutes(status.autoLockMinutes ?? 0);
  }, []);

  const lock = useCallback(
    async (reason: LockReason): Promise<void> => {
      try {
        await runBeforeLock();
        await outpost.call('vault.lock', { reason });
      } catch (error) {
        // If the engine is gone, refresh shows that instead of the app; the error still reaches the caller.
        void refresh();
        throw error;
      }
      generation.current++;
      setGate((previous) =>
        previous.view === 'unlocked' || previous.view === 'recovery-key'
          ? { view: 'locked', notice: { kind: 'locked', reason }, unlockDelayMs: 0 }
          : previous,
      );
    },
    [refresh],
  );

  const restoreBackup = useCallback(
    async (file: string, passphrase: string): Promise<MethodOutput<'backup.restore'>> => {
      ceremony.current = 'restore';
      try {
        const restored = await outpost.call('backup.restore', { file, passphrase });
        // The restored vault has no keychain key wrap; see forgetDeviceUnlock.
        void forgetDeviceUnlock();
        showView({
          view: 'locked',
          notice: { kind: 'restored', setAside: restored.setAside },
          unlockDelayMs: 0,
        });
        return restored;
      } catch (error) {
        void refresh();
        throw error;
      } finally {
        ceremony.current = null;
      }
    },
    [refresh, showView],
  );

  async function createVault(passphrase: string): Promise<void> {
    ceremony.current = 'create';
    try {
      const { recoveryKey } = await outpost.call('vault.create', { passphrase });
      showView({ view: 'recovery-key', recoveryKey, origin: 'created' });
    } finally {
      ceremony.current = null;
    }
    void loadAutoLockMinutes().catch(() => undefined);
  }

  async function recoverVault(recoveryKey: string, newPassphrase: string): Promise<void> {
    ceremony.current = 'recover';
    try {
      const replacement = await outpost.call('vault.recover', { recoveryKey, newPassphrase });
      // The core turned keychain unlocking off with the reset; see forgetDeviceUnlock.
      void forgetDeviceUnlock();
      showView({ view: 'recovery-key', recoveryKey: replacement.recoveryKey, origin: 'recovered' });
    } finally {
      ceremony.current = null;
    }
    void loadAutoLockMinutes().catch(() => undefined);
  }

  /** The passphrase or the keychain; either way the answer decides the view. */
  async function openVault(open: () => Promise<unknown>): Promise<void> {
    try {
      await open();
    } catch (error) {
      const problem = problemOf(error);
      if (problem !== null) {
        showView({ view: 'problem', problem });
        return;
      }
      if (error instanceof RpcError && error.code === 'VAULT_ABSENT') {
        await refresh();
        return;
      }
      throw error;
    }
    await refresh();
  }

  function unlock(passphrase: string): Promise<void> {
    return openVault(() => outpost.call('vault.unlock', { passphrase }));
  }

  function unlockWithDevice(): Promise<void> {
    return openVault(() => outpost.call('device.unlock', {}));
  }

  function continueIntoApp(): void {
    showView({ view: 'unlocked' });
    void refresh();
  }

  const isOpen = gate.view === 'unlocked' || gate.view === 'recovery-key';
  useIdleLock(isOpen ? autoLockMinutes : null, () => {
    lock('idle').catch(() => undefined);
  });

  const session = useMemo<VaultSession>(
    () => ({ autoLockMinutes, setAutoLockMinutes, lock, restoreBackup }),
    [autoLockMinutes, lock, restoreBackup],
  );

  switch (gate.view) {
    case 'starting':
      return <StartingScreen />;
    case 'unreachable':
      return <EngineUnreachableScreen message={gate.message} onRetry={() => void refresh()} />;
    case 'create':
      return <CreateVaultScreen onCreate={createVault} onRestore={restoreBackup} />;
    case 'recovery-key':
      return (
        <RecoveryKeyScreen recoveryKey={gate.recoveryKey} origin={gate.origin} onContinue={continueIntoApp} />
      );
    case 'locked':
      return (
        <LockedScreens
          notice={gate.notice}
          unlockDelayMs={gate.unlockDelayMs}
          autoLockMinutes={autoLockMinutes}
          onUnlock={unlock}
          onDeviceUnlock={unlockWithDevice}
          onRecover={recoverVault}
        />
      );
    case 'problem':
      return (
        <VaultProblemScreen
          problem={gate.problem}
          onRestore={restoreBackup}
          onCheckAgain={() => void refresh()}
        />
      );
    case 'unlocked':
      return <VaultSessionContext value={session}>{children}</VaultSessionContext>;
  }
}

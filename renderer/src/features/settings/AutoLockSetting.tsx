import { useState } from 'react';
import { failureMessage } from '../../client/failureMessage.ts';
import type { VaultSettings } from '../../../../shared/rpc/contract.std.ts';
import { ErrorNotice, StatusNotice } from '../../ui/Notice.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import type { SelectOption } from '../../ui/SelectField.tsx';
import { minutesText } from '../../vault/lockReasons.ts';
import { useVaultSession } from '../../vault/vaultSession.ts';

const AUTO_LOCK_CHOICES = [1, 5, 10, 15, 30, 60] as const;

function autoLockOptions(current: number): SelectOption[] {
  const minutes = new Set<number>(AUTO_LOCK_CHOICES);
  // A value set elsewhere (the command line) stays visible instead of silently showing another.
  if (current > 0) minutes.add(current);
  return [
    ...[...minutes].sort((a, b) => a - b).map((value) => ({ id: String(value), label: minutesText(value) })),
    { id: '0', label: 'Never (off)' },
  ];
}

interface AutoLockSettingProps {
  minutes: number;
  save: (changes: Partial<VaultSettings>) => Promise<VaultSettings>;
}

export function AutoLockSetting({ minutes, save }: AutoLockSettingProps) {
  const session = useVaultSession();
  const [isSaving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'saved' | 'failed'; text: string } | null>(null);

  async function change(value: string): Promise<void> {
    const next = Number(value);
    if (next === minutes) return;
    setSaving(true);
    setOutcome(null);
    try {
      const saved = await save({ autoLockMinutes: next });
      session.setAutoLockMinutes(saved.autoLockMinutes);
      setOutcome({
        kind: 'saved',
        text:
          saved.autoLockMinutes > 0
            ? `Saved. Outpost now locks after ${minutesText(saved.autoLockMinutes)} without use.`
            : 'Saved. Outpost no longer locks by itself; lock it whenever you leave the computer.',
      });
    } catch (error) {
      setOutcome({ kind: 'failed', text: failureMessage(error) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="setting">
      <SelectField
        label="Lock automatically after"
        options={autoLockOptions(minutes)}
        value={String(minutes)}
        onChange={(value) => void change(value)}
        isDisabled={isSaving}
        description="Time without using Outpost before it locks and asks for your passphrase again. Sleep and screen locking always lock it."
      />
      {outcome?.kind === 'saved' && <StatusNotice tone="success">{outcome.text}</StatusNotice>}
      {outcome?.kind === 'failed' && <ErrorNotice>{outcome.text}</ErrorNotice>}
    </div>
  );
}

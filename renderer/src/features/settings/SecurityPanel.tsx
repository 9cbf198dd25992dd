import { useId } from 'react';
import type { VaultSettingsHandle } from './useVaultSettings.ts';
import { AutoLockSetting } from './AutoLockSetting.tsx';
import { ChangePassphraseSection } from './ChangePassphraseSection.tsx';
import { DeviceUnlockSetting } from './DeviceUnlockSetting.tsx';
import { IntegrityCheckSection } from './IntegrityCheckSection.tsx';
import { ReplaceRecoveryKeySection } from './ReplaceRecoveryKeySection.tsx';
import { SettingsLoadState } from './SettingsLoadState.tsx';
import './settings.css';

export function SecurityPanel({ settings }: { settings: VaultSettingsHandle }) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Security</h2>
      <div className="panel-section">
        <SettingsLoadState state={settings.state} onRetry={settings.retry} />
        {settings.state.status === 'ready' && (
          <AutoLockSetting minutes={settings.state.settings.autoLockMinutes} save={settings.save} />
        )}
      </div>
      <div className="panel-section">
        <DeviceUnlockSetting />
      </div>
      <ChangePassphraseSection />
      <ReplaceRecoveryKeySection />
      <IntegrityCheckSection />
    </section>
  );
}

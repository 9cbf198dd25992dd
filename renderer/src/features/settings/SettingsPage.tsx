import { AuditLogPanel } from '../audit/AuditLogPanel.tsx';
import { AboutPanel } from './AboutPanel.tsx';
import { BackupsPanel } from './BackupsPanel.tsx';
import { RecordsPanel } from './RecordsPanel.tsx';
import { MessagesPanel } from './MessagesPanel.tsx';
import { CrisisResourcesPanel } from './CrisisResourcesPanel.tsx';
import { SecurityPanel } from './SecurityPanel.tsx';
import { useVaultSettings } from './useVaultSettings.ts';

export function SettingsPage() {
  const settings = useVaultSettings();
  return (
    <article className="page page-settings">
      <h1>Settings</h1>
      <p className="page-intro">
        How your vault is protected and backed up, how your records are signed and reminded about, the record
        of everything done to it, and which version of Outpost you are running.
      </p>
      <SecurityPanel settings={settings} />
      <BackupsPanel settings={settings} />
      <RecordsPanel settings={settings} />
      <MessagesPanel settings={settings} />
      <CrisisResourcesPanel settings={settings} />
      <AuditLogPanel />
      <AboutPanel />
    </article>
  );
}

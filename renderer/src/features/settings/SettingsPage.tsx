import { AboutPanel } from './AboutPanel.tsx';

export function SettingsPage() {
  return (
    <article className="page">
      <h1>Settings</h1>
      <p className="page-intro">
        Preferences for privacy, backups and accessibility will appear here. For now, this page shows which
        version of Outpost you are running.
      </p>
      <AboutPanel />
    </article>
  );
}

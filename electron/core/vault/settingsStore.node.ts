import { vaultSettingsSchema } from '../../../shared/rpc/contract.std.ts';
import type { VaultSettings } from '../../../shared/rpc/contract.std.ts';
import { DEFAULT_RESPONSE_TARGETS } from '../../../shared/domain/responseTargets.std.ts';
import type { VaultDatabase } from '../storage/database.node.ts';

export const DEFAULT_SETTINGS: VaultSettings = {
  autoLockMinutes: 5,
  backupFolder: null,
  backupEveryHours: null,
  backupKeep: 10,
  practitionerName: '',
  consentWarningDays: 30,
  responseTargets: DEFAULT_RESPONSE_TARGETS,
};

/** Settings live inside the encrypted vault: a backup folder's path can say a lot. */
export function readSettings(db: VaultDatabase): VaultSettings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored = Object.fromEntries(rows.map(({ key, value }) => [key, JSON.parse(value) as unknown]));
  const merged = vaultSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...stored });
  // A value an older or newer version wrote that no longer fits falls back to the defaults.
  return merged.success ? merged.data : DEFAULT_SETTINGS;
}

export function writeSettings(db: VaultDatabase, changes: Partial<VaultSettings>): VaultSettings {
  const next = vaultSettingsSchema.parse({ ...readSettings(db), ...changes });
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    for (const key of Object.keys(changes) as (keyof VaultSettings)[])
      upsert.run(key, JSON.stringify(next[key]));
  }).immediate();
  return next;
}

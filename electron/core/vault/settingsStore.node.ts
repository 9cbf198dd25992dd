import type { z } from 'zod';
import { vaultSettingsSchema } from '../../../shared/rpc/contract.std.ts';
import type { VaultSettings } from '../../../shared/rpc/contract.std.ts';
import { DEFAULT_RESPONSE_TARGETS } from '../../../shared/domain/responseTargets.std.ts';
import { DEFAULT_CRISIS_RESOURCES } from '../../../shared/domain/crisisResources.std.ts';
import type { VaultDatabase } from '../storage/database.node.ts';

export const DEFAULT_SETTINGS: VaultSettings = {
  autoLockMinutes: 5,
  backupFolder: null,
  backupEveryHours: null,
  backupKeep: 10,
  practitionerName: '',
  consentWarningDays: 30,
  responseTargets: DEFAULT_RESPONSE_TARGETS,
  crisisResources: DEFAULT_CRISIS_RESOURCES,
  watchFolder: null,
  repliesNeedReview: false,
};

/** Settings live inside the encrypted vault: a backup folder's path can say a lot. */
export function readSettings(db: VaultDatabase): VaultSettings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const fields = vaultSettingsSchema.shape as Record<string, z.ZodType>;
  for (const { key, value } of rows) {
    const field = fields[key];
    if (field === undefined) continue;
    // A value an older or newer version wrote that no longer fits falls back to its default,
    // on its own: the other settings keep what the practitioner chose.
    const parsed = field.safeParse(parseJson(value));
    if (parsed.success) settings[key] = parsed.data;
  }
  return vaultSettingsSchema.parse(settings);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
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

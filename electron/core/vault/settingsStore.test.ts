import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { migrate } from '../storage/migrate.node.ts';
import { DEFAULT_SETTINGS, readSettings, writeSettings } from './settingsStore.node.ts';

describe('the settings store', () => {
  let folder: string;
  let db: VaultDatabase;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-settings-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
    migrate(db);
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('starts from the defaults and keeps what was saved', () => {
    expect(readSettings(db)).toEqual(DEFAULT_SETTINGS);
    writeSettings(db, { practitionerName: 'Robin', autoLockMinutes: 15 });
    expect(readSettings(db)).toMatchObject({ practitionerName: 'Robin', autoLockMinutes: 15 });
  });

  it('falls back to the default for one unreadable value and keeps every other setting', () => {
    writeSettings(db, { practitionerName: 'Robin', consentWarningDays: 45 });
    const set = db.prepare('UPDATE settings SET value = ? WHERE key = ?');
    // As a newer version (or a damaged row) might have left them.
    set.run(JSON.stringify({ not: 'a list' }), 'consentWarningDays');
    db.prepare("INSERT INTO settings (key, value) VALUES ('crisisResources', '{not json')").run();
    db.prepare("INSERT INTO settings (key, value) VALUES ('fromTheFuture', '1')").run();

    const settings = readSettings(db);
    expect(settings.practitionerName).toBe('Robin');
    expect(settings.consentWarningDays).toBe(DEFAULT_SETTINGS.consentWarningDays);
    expect(settings.crisisResources).toEqual(DEFAULT_SETTINGS.crisisResources);
    expect(settings).not.toHaveProperty('fromTheFuture');
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../database.node.ts';
import type { VaultDatabase } from '../database.node.ts';
import { MIGRATIONS, migrate, schemaVersion } from '../migrate.node.ts';
import { migration0001 } from './0001-initial.node.ts';
import { migration0002 } from './0002-records.node.ts';
import { migration0003 } from './0003-messages.node.ts';

describe('migration 0005: exchange', () => {
  let folder: string;
  let db: VaultDatabase;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-m0005-'));
    db = openEncryptedDatabase(join(folder, 'vault.db'), randomBytes(32), { create: true });
    migrate(db, [migration0001, migration0002, migration0003]);
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const bundle = (id: string) =>
    db
      .prepare(
        `INSERT INTO exchange_bundles (bundle_id, manifest_sha256, sender_name, sender_role, signing_key,
           signer_status, created_at, imported_at, entries, contents)
         VALUES (?, 'h', 'Sam', 'practitioner', 'k', 'verified', 't', 't', 2, '{}')`,
      )
      .run(id);
  const summary = (id: string, bundleId: string, sha = 's1') =>
    db
      .prepare(
        `INSERT INTO exchange_summaries (id, bundle_id, signing_key, summary_id, content_sha256, client_ref,
           client_label, pseudonymised, session_at, payload, markdown, imported_at)
         VALUES (?, ?, 'k', 'note-1', ?, 'C-1', 'C-1', 1, 't', '{}', '# x', 't')`,
      )
      .run(id, bundleId, sha);

  it('upgrades a version-3 vault to the latest schema', () => {
    expect(migrate(db).from).toBe(3);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)?.version);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'exchange_%' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual([
      'exchange_bundles',
      'exchange_identity',
      'exchange_members',
      'exchange_review_requests',
      'exchange_summaries',
    ]);
  });

  it('keeps one identity row and checks roles', () => {
    migrate(db);
    const insert = db.prepare(
      `INSERT INTO exchange_identity (id, display_name, role, age_secret, age_recipient, signing_secret,
         signing_key, pseudonym_key, created_at) VALUES (?, 'Mira', ?, 's', 'r', 's', 'k', 'p', 't')`,
    );
    insert.run(1, 'practitioner');
    expect(() => insert.run(1, 'practitioner')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run(2, 'practitioner')).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO exchange_members (id, display_name, role, age_recipient, signing_key, fingerprint, added_at)
           VALUES ('m1', 'Sam', 'boss', 'r', 'k', 'f', 't')`,
        )
        .run(),
    ).toThrow(/CHECK/);
  });

  it('keeps imported summaries read-only and once per version', () => {
    migrate(db);
    bundle('b1');
    summary('x1', 'b1');
    expect(() => summary('x2', 'b1')).toThrow(/UNIQUE/);
    summary('x3', 'b1', 's2');
    expect(() => db.prepare("UPDATE exchange_summaries SET markdown = 'changed'").run()).toThrow(/read-only/);
    db.prepare("DELETE FROM exchange_bundles WHERE bundle_id = 'b1'").run();
    expect(db.prepare('SELECT count(*) FROM exchange_summaries').pluck().get()).toBe(0);
  });
});

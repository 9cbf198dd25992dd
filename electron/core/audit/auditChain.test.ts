/**
 * The audit log against someone with raw SQL access to the decrypted database: the
 * append-only triggers stop casual edits, and once they are dropped the hash chain
 * still names the first entry that was edited, removed or re-linked.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { migrate } from '../storage/migrate.node.ts';
import { dataKeyOf, openCore, PASSPHRASE, removeTree, tempRoot } from '../vault/testing/hostileKit.node.ts';
import { runOutpost } from '../../cli/testing/runOutpost.node.ts';
import { appendAudit, entryHash, verifyAuditChain } from './auditLog.node.ts';

const ENTRIES = 8;

type Row = Parameters<typeof entryHash>[0] & { hash: string };

let root: string;
const key = randomBytes(32);
const open: VaultDatabase[] = [];
let dbCount = 0;

/** A fresh encrypted database with ENTRIES chained audit entries. */
function freshDatabase(): VaultDatabase {
  const db = openEncryptedDatabase(join(root, `audit-${++dbCount}.db`), key, { create: true });
  open.push(db);
  migrate(db);
  for (let n = 1; n <= ENTRIES; n++) {
    appendAudit(db, {
      action: 'record.updated',
      clientId: `client-${n % 3}`,
      details: { n, field: 'notes' },
    });
  }
  return db;
}

/** What an attacker does first: remove the append-only guards. */
function dropGuards(db: VaultDatabase): void {
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
}

function row(db: VaultDatabase, seq: number): Row {
  return db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as Row;
}

beforeAll(() => {
  root = tempRoot('audit-chain');
});

afterAll(() => {
  for (const db of open) if (db.open) db.close();
  key.fill(0);
  removeTree(root);
});

describe('the audit chain under raw SQL tampering', () => {
  it('verifies an intact chain', () => {
    expect(verifyAuditChain(freshDatabase())).toEqual({ ok: true, checked: ENTRIES, firstBroken: null });
  });

  it('refuses UPDATE and DELETE through normal SQL while the triggers are in place', () => {
    const db = freshDatabase();
    expect(() => db.prepare('UPDATE audit_log SET details = ? WHERE seq = 3').run('{}')).toThrow(
      /append-only/,
    );
    expect(() => db.prepare('UPDATE audit_log SET seq = 100 WHERE seq = 8').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO audit_log SELECT seq, at, action, client_id, '{}', prev_hash, hash FROM audit_log WHERE seq = 2 ON CONFLICT (seq) DO UPDATE SET details = excluded.details",
        )
        .run(),
    ).toThrow(/append-only/);
    expect((db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(ENTRIES);
    expect(verifyAuditChain(db).ok).toBe(true);
  });

  it('refuses INSERT OR REPLACE over an existing entry while the triggers are in place', () => {
    const db = freshDatabase();
    const replace = () =>
      db
        .prepare(
          "REPLACE INTO audit_log SELECT seq, at, action, client_id, '{}', prev_hash, hash FROM audit_log WHERE seq = 2",
        )
        .run();
    let refused = false;
    try {
      replace();
    } catch {
      refused = true;
    }
    // Whatever happened, the chain must notice a rewritten entry.
    expect(verifyAuditChain(db).firstBroken?.seq ?? null).toBe(refused ? null : 2);
    expect(refused, 'REPLACE rewrote entry 2 without tripping audit_log_no_update/no_delete').toBe(true);
  });

  it.each([
    ['details', `'{"n":5,"field":"nothing to see"}'`],
    ['action', `'record.created'`],
    ['at', `'2001-01-01T00:00:00.000Z'`],
    ['client_id', `'client-x'`],
    ['hash', `'${'f'.repeat(64)}'`],
  ])('an edited %s is reported at that entry', (column, value) => {
    const db = freshDatabase();
    dropGuards(db);
    db.exec(`UPDATE audit_log SET ${column} = ${value} WHERE seq = 5`);
    const verdict = verifyAuditChain(db);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken).toEqual({ seq: 5, reason: 'entry 5 was changed after it was written' });
    expect(verdict.checked).toBe(5);
  });

  it("an edited prev_hash is reported as that entry's broken link", () => {
    const db = freshDatabase();
    dropGuards(db);
    db.prepare('UPDATE audit_log SET prev_hash = ? WHERE seq = 5').run('0'.repeat(64));
    expect(verifyAuditChain(db).firstBroken).toEqual({
      seq: 5,
      reason: 'entry 5 does not link to the entry before it',
    });
  });

  it('a deleted middle entry is reported at the gap', () => {
    const db = freshDatabase();
    dropGuards(db);
    db.prepare('DELETE FROM audit_log WHERE seq = 5').run();
    expect(verifyAuditChain(db)).toEqual({
      ok: false,
      checked: 5,
      firstBroken: { seq: 6, reason: 'entry 5 is missing before entry 6' },
    });
  });

  it('a deleted first entry is reported at the start', () => {
    const db = freshDatabase();
    dropGuards(db);
    db.prepare('DELETE FROM audit_log WHERE seq = 1').run();
    expect(verifyAuditChain(db).firstBroken).toEqual({ seq: 2, reason: 'entry 1 is missing before entry 2' });
  });

  it("an edit whose own hash was recomputed is caught at the successor's link", () => {
    const db = freshDatabase();
    dropGuards(db);
    const original = row(db, 5);
    const forged = { ...original, details: '{"field":"notes","n":55}' };
    const { hash: _old, ...unhashed } = forged;
    db.prepare('UPDATE audit_log SET details = ?, hash = ? WHERE seq = 5').run(
      forged.details,
      entryHash(unhashed),
    );
    expect(verifyAuditChain(db)).toEqual({
      ok: false,
      checked: 6,
      firstBroken: { seq: 6, reason: 'entry 6 does not link to the entry before it' },
    });
  });

  it('a deletion hidden by renumbering the later entries is still caught', () => {
    const db = freshDatabase();
    dropGuards(db);
    db.prepare('DELETE FROM audit_log WHERE seq = 5').run();
    for (let seq = 6; seq <= ENTRIES; seq++)
      db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(seq - 1, seq);
    expect(verifyAuditChain(db).firstBroken).toEqual({
      seq: 5,
      reason: 'entry 5 does not link to the entry before it',
    });
  });

  it('KNOWN LIMITATION: removing the newest entries leaves a chain that verifies (no external anchor)', () => {
    // Documented, not endorsed: a plain hash chain cannot notice its own tail being cut off.
    // Detecting it needs the head (count + last hash) kept somewhere the attacker cannot
    // rewrite consistently. If that is added, this test should flip to expect ok=false.
    const db = freshDatabase();
    dropGuards(db);
    db.prepare('DELETE FROM audit_log WHERE seq > 6').run();
    expect(verifyAuditChain(db)).toEqual({ ok: true, checked: 6, firstBroken: null });
  });
});

describe('outpost audit verify (the command line)', () => {
  let passphraseFile: string;

  const outpost = runOutpost;

  /** A locked vault with a few audit entries, made through the real core. */
  async function makeVault(name: string): Promise<string> {
    const vaultDir = join(root, name, 'vault');
    const core = openCore(vaultDir);
    try {
      await core.ok('vault.create', { passphrase: PASSPHRASE });
      for (let n = 1; n <= 4; n++) await core.ok('vault.updateSettings', { autoLockMinutes: n });
      await core.ok('vault.lock', { reason: 'manual' });
    } finally {
      await core.stop();
    }
    return vaultDir;
  }

  /** Tampering with the locked vault's database directly, key in hand. */
  async function tamper(vaultDir: string, sql: string): Promise<void> {
    const dataKey = await dataKeyOf(vaultDir);
    const db = openEncryptedDatabase(join(vaultDir, 'vault.db'), dataKey);
    try {
      dropGuards(db);
      db.exec(sql);
    } finally {
      db.close();
      dataKey.fill(0);
    }
  }

  beforeAll(() => {
    passphraseFile = join(root, 'passphrase.txt');
    writeFileSync(passphraseFile, `${PASSPHRASE}\n`, { mode: 0o600 });
  });

  it('exits 0 on an intact vault', async () => {
    const vaultDir = await makeVault('cli-intact');
    const { code, stdout, stderr } = await outpost(
      'audit',
      'verify',
      '--vault',
      vaultDir,
      '--passphrase-file',
      passphraseFile,
    );
    expect(code, stderr).toBe(0);
    // vault.created, 4 settings changes, vault.locked, and the CLI's own vault.unlocked.
    expect(stdout).toMatch(/The audit chain is intact \(7 entries\)/);
    expect(stdout + stderr).not.toContain(PASSPHRASE);
  }, 60_000);

  it('exits 2 and names the first broken entry when an entry was edited', async () => {
    const vaultDir = await makeVault('cli-edited');
    await tamper(vaultDir, `UPDATE audit_log SET details = '{"keys":"backupFolder"}' WHERE seq = 3`);
    const { code, stdout, stderr } = await outpost(
      'audit',
      'verify',
      '--vault',
      vaultDir,
      '--passphrase-file',
      passphraseFile,
    );
    expect(code).toBe(2);
    expect(stderr).toContain(
      'the audit chain is broken at entry 3: entry 3 was changed after it was written',
    );
    expect(stdout + stderr).not.toContain(PASSPHRASE);

    const json = await outpost(
      'audit',
      'verify',
      '--json',
      '--vault',
      vaultDir,
      '--passphrase-file',
      passphraseFile,
    );
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBroken: { seq: 3 } });
  }, 60_000);

  it('exits 2 and names the gap when an entry was deleted', async () => {
    const vaultDir = await makeVault('cli-deleted');
    await tamper(vaultDir, 'DELETE FROM audit_log WHERE seq = 4');
    const { code, stderr } = await outpost(
      'audit',
      'verify',
      '--vault',
      vaultDir,
      '--passphrase-file',
      passphraseFile,
    );
    expect(code).toBe(2);
    expect(stderr).toContain('broken at entry 5: entry 4 is missing before entry 5');
  }, 60_000);
});

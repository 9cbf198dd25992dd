import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../storage/database.node.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { migrate } from '../storage/migrate.node.ts';
import { createMessageService } from './messageService.node.ts';

const ROWS = [
  { id: 'd-1', text: 'Could I book a CV appointment next month?', from: 'sam@example.org' },
  { id: 'd-2', text: 'Is the library open on Saturday?', from: 'jo@example.org' },
];

/*
 * An import looks each message up while reading, and skips the second look-up inside its
 * transaction only when nothing was written in between. These tests write in between.
 */
describe('duplicates written while a file is being read', () => {
  let folder: string;
  let key: Buffer;
  let db: VaultDatabase;
  let file: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outpost-dedupe-'));
    key = randomBytes(32);
    db = openEncryptedDatabase(join(folder, 'vault.db'), key, { create: true });
    migrate(db);
    file = join(folder, 'm.jsonl');
    writeFileSync(file, ROWS.map((row) => JSON.stringify({ ...row, channel: 'email' })).join('\n'));
  });
  afterEach(() => {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const count = () => db.prepare('SELECT COUNT(*) FROM messages').pluck().get();

  /** Imports the file, storing `row` through `writer` once every item is read but before the file is stored. */
  async function importWhileAnotherWrites(writer: VaultDatabase, row: (typeof ROWS)[number]) {
    const service = createMessageService();
    const [report] = await service.importFiles(
      db,
      [file],
      undefined,
      {},
      {
        // Called after the last item is read, before the file is stored.
        onProgress: (items) => {
          if (items === ROWS.length)
            service.addMessage(writer, { channel: 'email', from: row.from, text: row.text });
        },
      },
    );
    expect(report).toMatchObject({ imported: 1, duplicates: 1 });
    expect(count()).toBe(2);
  }

  it('finds a message typed in on the same connection after the reader checked it', async () => {
    await importWhileAnotherWrites(db, ROWS[1]!);
  });

  it('finds a message another connection stored after the reader checked it', async () => {
    const other = openEncryptedDatabase(join(folder, 'vault.db'), key);
    try {
      await importWhileAnotherWrites(other, ROWS[0]!);
    } finally {
      other.close();
    }
  });

  it('imports everything when nothing was written in between, and nothing twice', async () => {
    const service = createMessageService();
    const [first] = await service.importFiles(db, [file]);
    expect(first).toMatchObject({ imported: 2, duplicates: 0 });
    const [second] = await service.importFiles(db, [file]);
    expect(second).toMatchObject({ imported: 0, duplicates: 2 });
    expect(count()).toBe(2);
  });
});

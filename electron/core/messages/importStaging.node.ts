/**
 * A big file's messages, read and triaged, parked in the vault while the rest of the file
 * is read, so a 1 GB mailbox is never held in memory whole. Staged rows are written in
 * short transactions of their own (no transaction stays open across an await), are shown
 * nowhere, and move into the queue in the file's one final transaction, which deletes
 * them: the file is still all or nothing. A failed or cancelled file deletes its rows;
 * rows left by a crash are cleared at the next unlock.
 */
import type { VaultDatabase } from '../storage/database.node.ts';
import type { StoredTriage } from './compactTriage.node.ts';
import type { ImportedMessage } from './import/importedMessage.node.ts';

export interface StagedItem {
  message: ImportedMessage;
  /** Absent when the message looked like a duplicate while being read (not triaged). */
  triage: StoredTriage | undefined;
}

/** Staged rows read back per query in the final transaction. */
const READ_PAGE = 500;

/** Appends items to a file's staged rows, numbered from `firstSeq`, in one transaction. */
export function stageItems(
  db: VaultDatabase,
  key: string,
  firstSeq: number,
  items: readonly StagedItem[],
): void {
  const insert = db.prepare('INSERT INTO message_import_staging (import_key, seq, item) VALUES (?, ?, ?)');
  db.transaction(() => {
    items.forEach(({ message, triage }, offset) =>
      insert.run(
        key,
        firstSeq + offset,
        JSON.stringify(triage === undefined ? { message } : { message, triage }),
      ),
    );
  })();
}

/** A file's staged items in the order staged, a page at a time. */
export function* stagedItems(db: VaultDatabase, key: string): Generator<StagedItem> {
  const page = db.prepare(
    'SELECT seq, item FROM message_import_staging WHERE import_key = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  let after = -1;
  for (;;) {
    const rows = page.all(key, after, READ_PAGE) as { seq: number; item: string }[];
    for (const row of rows) yield JSON.parse(row.item) as StagedItem;
    if (rows.length < READ_PAGE) return;
    after = (rows.at(-1) as { seq: number }).seq;
  }
}

export function dropStaged(db: VaultDatabase, key: string): void {
  db.prepare('DELETE FROM message_import_staging WHERE import_key = ?').run(key);
}

/** Every staged row: only called when no import can be running (at unlock). */
export function clearStaging(db: VaultDatabase): void {
  db.prepare('DELETE FROM message_import_staging').run();
}

/**
 * The CSV column-mapping step: a file's header row is identified by a signature (a hash
 * of its column names), the mapping a counsellor confirmed for it is remembered in the
 * vault (csv_mappings), and a later file with the same headers is read the same way.
 * Without a remembered mapping, the guess from header names is used only when it is
 * unambiguous; otherwise the file needs a mapping chosen first.
 */
import { createHash } from 'node:crypto';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { csvMappingSchema } from '../../../shared/rpc/messageSchemas.std.ts';
import type { VaultDatabase } from '../storage/database.node.ts';
import { detectCsvLayout, previewCsv, suggestColumnMapping } from './import/csvMessages.node.ts';
import type { CsvColumnMapping, CsvLayout } from './import/csvMessages.node.ts';
import { detectFileFormat } from './import/detectFormat.node.ts';
import { ImportFileError, toImportFileError } from './import/importFileError.node.ts';

const SAMPLE_ROWS = 5;
const SAMPLE_CELL_CHARS = 200;
const MAX_SHOWN_COLUMNS = 100;

export const NEEDS_MAPPING_MESSAGE =
  'This CSV file needs a column mapping: choose which column holds the message text, then import it again.';

export function csvSignature(layout: Pick<CsvLayout, 'hasHeaderRow' | 'columns'>): string {
  const names = layout.columns.map((name) => name.normalize('NFC').trim().toLowerCase());
  return createHash('sha256')
    .update(JSON.stringify([layout.hasHeaderRow, names]))
    .digest('hex');
}

export function rememberedMapping(db: VaultDatabase, signature: string): CsvColumnMapping | null {
  const stored = db.prepare('SELECT mapping FROM csv_mappings WHERE signature = ?').pluck().get(signature) as
    string | undefined;
  if (stored === undefined) return null;
  const parsed = csvMappingSchema.safeParse(JSON.parse(stored));
  return parsed.success ? withoutUndefined(parsed.data) : null;
}

export function rememberMapping(
  db: VaultDatabase,
  signature: string,
  mapping: CsvColumnMapping,
  at: string,
): void {
  db.prepare(
    `INSERT INTO csv_mappings (signature, mapping, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
  ).run(signature, JSON.stringify(mapping), at);
}

/**
 * The guess, when there is exactly one: a text column was found, and no other column
 * would have served as the text column too ("Message" and "Body" side by side).
 */
export function unambiguousSuggestion(columns: readonly string[]): CsvColumnMapping | null {
  const suggested = suggestColumnMapping(columns);
  if (suggested.text === undefined) return null;
  const others = columns.filter((column) => column !== suggested.text);
  if (suggestColumnMapping(others).text !== undefined) return null;
  return { ...suggested, text: suggested.text };
}

/** The mapping a CSV import uses, and whether a successful import should remember it. */
export async function resolveCsvMapping(
  db: VaultDatabase,
  path: string,
  given: CsvColumnMapping | undefined,
  signal?: AbortSignal,
): Promise<{ mapping: CsvColumnMapping; signature: string; remember: boolean }> {
  const layout = await detectCsvLayout(path, signal);
  const signature = csvSignature(layout);
  if (given !== undefined) return { mapping: given, signature, remember: true };
  const remembered = rememberedMapping(db, signature);
  if (remembered !== null && remembered.text !== '' && layout.columns.includes(remembered.text)) {
    return { mapping: remembered, signature, remember: false };
  }
  const guessed = unambiguousSuggestion(layout.columns);
  if (guessed !== null) return { mapping: guessed, signature, remember: false };
  throw new ImportFileError('MAPPING_REQUIRED', NEEDS_MAPPING_MESSAGE);
}

/** What `messages.inspectCsv` returns: headers, a few rows (cut short), both mappings. */
export async function inspectCsv(db: VaultDatabase, path: string) {
  let preview: Awaited<ReturnType<typeof previewCsv>>;
  try {
    if ((await detectFileFormat(path)) !== 'csv') {
      throw new ImportFileError('FILE_UNSUPPORTED', 'This is not a CSV file.');
    }
    preview = await previewCsv(path, { sampleRowCount: SAMPLE_ROWS });
  } catch (error) {
    const known = toImportFileError(error);
    if (known instanceof ImportFileError) {
      throw new RpcError({
        code: known.code === 'FILE_UNREADABLE' ? 'NOT_FOUND' : 'INVALID_INPUT',
        message: known.message,
        field: 'file',
      });
    }
    throw error;
  }
  const signature = csvSignature(preview);
  const remembered = rememberedMapping(db, signature);
  const cut = (cell: string) =>
    cell.length > SAMPLE_CELL_CHARS ? `${cell.slice(0, SAMPLE_CELL_CHARS - 1)}…` : cell;
  return {
    signature,
    hasHeaderRow: preview.hasHeaderRow,
    headers: preview.columns.slice(0, MAX_SHOWN_COLUMNS),
    sampleRows: preview.sampleRows.map((row) => row.slice(0, MAX_SHOWN_COLUMNS).map(cut)),
    rememberedMapping: remembered,
    suggestedMapping: withoutUndefined(preview.suggestedMapping),
    needsMapping: remembered === null && unambiguousSuggestion(preview.columns) === null,
  };
}

function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

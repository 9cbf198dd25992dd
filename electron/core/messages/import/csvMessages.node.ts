import { Readable, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { Info } from 'csv-parse';
import { ImportFileError } from './importFileError.node.ts';
import { buildItemOutcome, describeCount, parseChannel } from './importedMessage.node.ts';
import type { ItemOutcome, MessageChannel } from './importedMessage.node.ts';
import { detectFileEncoding, readTextChunks, readTextStart } from './textFile.node.ts';
import type { ReadControl, TextEncoding } from './textFile.node.ts';
import { parseTimestamp } from './timestamps.node.ts';

/**
 * Chat and social-media exports as CSV. csv-parse does the parsing; this file finds the
 * encoding, delimiter and header row, guesses which column is which, and turns rows into
 * outcomes. The counsellor confirms the mapping once and the service remembers it.
 */

/** Which column (by its name in `CsvLayout.columns`) holds each field. */
export interface CsvColumnMapping {
  text: string;
  from?: string;
  receivedAt?: string;
  id?: string;
  channel?: string;
  thread?: string;
  name?: string;
}
type MappedField = keyof CsvColumnMapping;

export interface CsvLayout {
  encoding: TextEncoding;
  delimiter: string;
  hasHeaderRow: boolean;
  /** The header's names made unique ("Date", "Date (2)"), or "Column 1", "Column 2"... */
  columns: string[];
}

export interface CsvPreview extends CsvLayout {
  sampleRows: string[][];
  suggestedMapping: Partial<CsvColumnMapping>;
}

/** A row this long is not a message: usually a quote that never closes swallowing the rest of the file. */
export const MAX_CSV_RECORD_CHARS = 1_000_000;
const DEFAULT_CHANNEL: MessageChannel = 'chat';
const DELIMITER_CANDIDATES = [',', ';', '\t', '|'];

/**
 * Header names seen in exports (WhatsApp/Signal/Telegram tools, Slack, Facebook, Twitter/X,
 * Instagram, form tools, SMS backup apps), compared without case, spaces or punctuation.
 * Earlier names win; each column serves one field.
 */
const HEADER_NAMES: Record<MappedField, string[]> = {
  text: [
    'text',
    'message',
    'body',
    'content',
    'messagetext',
    'messagebody',
    'msg',
    'comment',
    'post',
    'tweet',
    'fulltext',
  ],
  id: ['messageid', 'id', 'msgid', 'postid', 'tweetid', 'commentid', 'uuid', 'guid'],
  thread: ['conversationid', 'threadid', 'thread', 'conversation', 'chatid', 'threadkey', 'channelid'],
  receivedAt: [
    'receivedat',
    'timestamp',
    'date',
    'datetime',
    'sentat',
    'createdat',
    'time',
    'sent',
    'received',
    'datesent',
    'messagedate',
    'dateutc',
  ],
  from: [
    'from',
    'sender',
    'senderemail',
    'fromaddress',
    'email',
    'author',
    'username',
    'handle',
    'screenname',
    'user',
    'senderid',
    'phone',
    'phonenumber',
    'number',
    'address',
  ],
  name: ['fromname', 'sendername', 'name', 'displayname', 'authorname', 'fullname', 'contactname'],
  channel: ['channel', 'source', 'platform', 'medium', 'service'],
};
const FIELD_ORDER: MappedField[] = ['text', 'id', 'thread', 'receivedAt', 'from', 'name', 'channel'];
const KNOWN_HEADER_NAMES = new Set(Object.values(HEADER_NAMES).flat());

function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

export function suggestColumnMapping(columns: readonly string[]): Partial<CsvColumnMapping> {
  const keys = columns.map(headerKey);
  const used = new Set<number>();
  const mapping: Partial<CsvColumnMapping> = {};
  for (const field of FIELD_ORDER) {
    for (const candidate of HEADER_NAMES[field]) {
      const column = keys.findIndex((key, i) => key === candidate && !used.has(i));
      const name = columns[column];
      if (name !== undefined) {
        used.add(column);
        mapping[field] = name;
        break;
      }
    }
  }
  return mapping;
}

function looksLikeData(cell: string): boolean {
  return (
    cell.length > 64 ||
    cell.includes('\n') ||
    /^[+-]?[\d.,:/ -]+$/.test(cell) ||
    /^\S+@\S+$/.test(cell) ||
    /^https?:/i.test(cell) ||
    parseTimestamp(cell) !== null
  );
}

/** Exports nearly always have a header; a first row of addresses, dates or sentences is data. */
function isHeaderRow(row: readonly string[]): boolean {
  const cells = row.map((cell) => cell.trim());
  if (cells.some(looksLikeData)) return false;
  if (cells.some((cell) => KNOWN_HEADER_NAMES.has(headerKey(cell)))) return true;
  const distinct = new Set(cells.map((cell) => cell.toLowerCase()));
  return cells.every((cell) => cell !== '') && distinct.size === cells.length;
}

function columnNames(firstRow: readonly string[], hasHeaderRow: boolean): string[] {
  const seen = new Map<string, number>();
  return firstRow.map((cell, i) => {
    const header = hasHeaderRow ? cell.replace(/\s+/g, ' ').trim().slice(0, 200) : '';
    const base = header === '' ? `Column ${i + 1}` : header;
    const count = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

/** The delimiter used most on the first line, outside quotes; a comma when none is. */
function detectDelimiter(start: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of start) {
    if (char === '"') quoted = !quoted;
    else if (char === '\n' && !quoted) break;
    else if (!quoted && DELIMITER_CANDIDATES.includes(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  for (const candidate of DELIMITER_CANDIDATES) {
    if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate;
  }
  return best;
}

interface CsvRecord {
  fields: string[];
  startLine: number;
}

function malformed(error: CsvError): ImportFileError {
  const line = typeof error.lines === 'number' ? error.lines : 0;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ImportFileError(
        'FILE_MALFORMED',
        'The file has a quote that is never closed, so its rows cannot be told apart.',
      );
    case 'CSV_MAX_RECORD_SIZE':
      return new ImportFileError(
        'FILE_MALFORMED',
        `The row on line ${line} is longer than ${describeCount(MAX_CSV_RECORD_CHARS)} characters; the file may have a quote that is never closed.`,
      );
    default:
      return new ImportFileError('FILE_MALFORMED', `The file could not be read as CSV near line ${line}.`);
  }
}

/** csv-parse's own messages quote field values, so they are replaced by ours. */
async function* csvRecords(
  path: string,
  layout: Pick<CsvLayout, 'encoding' | 'delimiter'>,
  control: ReadControl,
): AsyncGenerator<CsvRecord> {
  const parser = parse({
    delimiter: layout.delimiter,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: MAX_CSV_RECORD_CHARS,
  });
  pipeline(Readable.from(readTextChunks(path, layout.encoding, control)), parser, () => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      // info.lines is where the record ends; quoted line breaks put its start earlier.
      const innerBreaks = record.reduce((sum, field) => sum + countLineBreaks(field), 0);
      yield { fields: record, startLine: info.lines - innerBreaks };
    }
  } catch (error) {
    throw error instanceof CsvError ? malformed(error) : error;
  }
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

export async function detectCsvLayout(path: string, signal?: AbortSignal): Promise<CsvLayout> {
  const encoding = await detectFileEncoding(path, signal);
  const delimiter = detectDelimiter(await readTextStart(path, encoding));
  for await (const { fields } of csvRecords(path, { encoding, delimiter }, { signal })) {
    const hasHeaderRow = isHeaderRow(fields);
    return { encoding, delimiter, hasHeaderRow, columns: columnNames(fields, hasHeaderRow) };
  }
  throw new ImportFileError('FILE_EMPTY', 'The file holds no messages.');
}

/** The rows after the header, if there is one. */
async function* dataRecords(
  path: string,
  layout: CsvLayout,
  control: ReadControl,
): AsyncGenerator<CsvRecord> {
  let first = true;
  for await (const record of csvRecords(path, layout, control)) {
    if (!(first && layout.hasHeaderRow)) yield record;
    first = false;
  }
}

/** What the column-mapping step shows: the columns, a few rows, and a guessed mapping. */
export async function previewCsv(
  path: string,
  options: { signal?: AbortSignal; sampleRowCount?: number } = {},
): Promise<CsvPreview> {
  const layout = await detectCsvLayout(path, options.signal);
  const wanted = options.sampleRowCount ?? 5;
  const sampleRows: string[][] = [];
  for await (const { fields } of dataRecords(path, layout, { signal: options.signal })) {
    if (sampleRows.length >= wanted) break;
    sampleRows.push(fields);
  }
  return { ...layout, sampleRows, suggestedMapping: suggestColumnMapping(layout.columns) };
}

export interface CsvReadOptions extends ReadControl {
  /** Without one, the suggested mapping is used; it must at least find the text column. */
  mapping?: CsvColumnMapping | undefined;
  defaultChannel?: MessageChannel | undefined;
}

function resolveMapping(columns: string[], mapping: CsvColumnMapping | undefined): Map<MappedField, number> {
  const chosen = mapping ?? suggestColumnMapping(columns);
  if (chosen.text === undefined) {
    throw new ImportFileError('MAPPING_REQUIRED', 'Choose which column holds the message text.');
  }
  const positions = new Map<MappedField, number>();
  for (const field of FIELD_ORDER) {
    const name = chosen[field];
    if (name === undefined) continue;
    const position = columns.indexOf(name);
    if (position === -1) {
      throw new ImportFileError(
        'MAPPING_INVALID',
        'The column mapping names a column this file does not have.',
      );
    }
    positions.set(field, position);
  }
  return positions;
}

export async function* readCsvMessages(
  path: string,
  options: CsvReadOptions = {},
): AsyncGenerator<ItemOutcome> {
  const layout = await detectCsvLayout(path, options.signal);
  const positions = resolveMapping(layout.columns, options.mapping);
  const defaultChannel = options.defaultChannel ?? DEFAULT_CHANNEL;
  let index = 0;
  for await (const { fields, startLine } of dataRecords(path, layout, options)) {
    const cell = (field: MappedField): string | undefined => {
      const position = positions.get(field);
      return position === undefined ? undefined : fields[position];
    };
    yield buildItemOutcome(index++, `The row on line ${startLine}`, {
      sourceId: cell('id'),
      channel: parseChannel(cell('channel'), defaultChannel),
      from: cell('from'),
      fromName: cell('name'),
      text: cell('text'),
      receivedAt: parseTimestamp(cell('receivedAt')),
      threadKey: cell('thread'),
    });
  }
}

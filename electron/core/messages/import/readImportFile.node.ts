import { readFile, stat } from 'node:fs/promises';
import { readCsvMessages } from './csvMessages.node.ts';
import type { CsvColumnMapping } from './csvMessages.node.ts';
import { detectFileFormat } from './detectFormat.node.ts';
import type { ImportFormat } from './detectFormat.node.ts';
import { parseEmailMessage } from './emailMessage.node.ts';
import { ImportFileError, throwIfCancelled, toImportFileError } from './importFileError.node.ts';
import { MAX_EMAIL_BYTES, describeBytes } from './importedMessage.node.ts';
import type { ItemOutcome, MessageChannel } from './importedMessage.node.ts';
import { readJsonDocument, readJsonLines } from './jsonMessages.node.ts';
import { readMboxMessages } from './mboxStream.node.ts';
import type { ReadControl } from './textFile.node.ts';

export interface ImportFileOptions extends ReadControl {
  /** For CSV; without it the guessed mapping is used, and a file whose text column cannot be guessed fails with MAPPING_REQUIRED. */
  csvMapping?: CsvColumnMapping | undefined;
  /** Channel for CSV and JSON items that name none (default "chat"); email is always "email". */
  defaultChannel?: MessageChannel | undefined;
  /** Skips detection, for a caller that has already detected (or asked) the format. */
  format?: ImportFormat | undefined;
}

/**
 * Reads one file into item outcomes, streaming: messages and per-item rejections are
 * yielded as they are read. A failure of the whole file (unreadable, empty, unsupported,
 * malformed beyond items, cancelled) is thrown as an ImportFileError, possibly after some
 * items were yielded: the caller then keeps none of them.
 */
export async function* readImportFile(
  path: string,
  options: ImportFileOptions = {},
): AsyncGenerator<ItemOutcome> {
  let produced = 0;
  try {
    throwIfCancelled(options.signal);
    const info = await stat(path);
    if (!info.isFile())
      throw new ImportFileError('FILE_UNREADABLE', 'This is not a file that can be imported.');
    if (info.size === 0) throw new ImportFileError('FILE_EMPTY', 'The file is empty.');
    const format = options.format ?? (await detectFileFormat(path));
    for await (const outcome of readByFormat(path, format, options)) {
      produced++;
      yield outcome;
    }
  } catch (error) {
    throw toImportFileError(error);
  }
  if (produced === 0) throw new ImportFileError('FILE_EMPTY', 'The file holds no messages.');
}

function readByFormat(
  path: string,
  format: ImportFormat,
  options: ImportFileOptions,
): AsyncIterable<ItemOutcome> {
  switch (format) {
    case 'eml':
      return readEmlFile(path, options);
    case 'mbox':
      return readMboxMessages(path, options);
    case 'csv':
      return readCsvMessages(path, { ...options, mapping: options.csvMapping });
    case 'jsonl':
      return readJsonLines(path, options);
    case 'json':
      return readJsonDocument(path, options);
  }
}

async function* readEmlFile(path: string, control: ReadControl): AsyncGenerator<ItemOutcome> {
  const { size } = await stat(path);
  if (size > MAX_EMAIL_BYTES) {
    yield {
      kind: 'rejected',
      index: 0,
      reason: `The email is larger than the ${describeBytes(MAX_EMAIL_BYTES)} limit.`,
    };
    return;
  }
  const raw = await readFile(path, { signal: control.signal });
  control.onProgress?.(raw.length, size);
  yield await parseEmailMessage(raw, 0);
}

import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { ImportFileError } from './importFileError.node.ts';
import { encodingFromBom } from './textFile.node.ts';

export const IMPORT_FORMATS = ['eml', 'mbox', 'csv', 'jsonl', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const SNIFF_BYTES = 4096;
/** Outlook's .msg is an OLE compound file, not MIME. */
const COMPOUND_FILE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const HEADER_LINE =
  /^(received|return-path|from|to|subject|date|message-id|mime-version|delivered-to|x-[\w-]+|content-type)\s*:/i;

const BY_EXTENSION: Record<string, ImportFormat> = {
  '.eml': 'eml',
  '.mbox': 'mbox',
  '.mbx': 'mbox',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
};

/** The first characters of the file as text, past any BOM and leading blank lines. */
function sniffText(start: Buffer): string {
  const encoding = encodingFromBom(start);
  const text = encoding === null ? start.toString('latin1') : new TextDecoder(encoding).decode(start);
  return text.replace(/^[\s\ufeff]+/, '');
}

/**
 * Picks the parser from the file's name and first bytes. The extension decides where it
 * is clear; the content decides for mail saved without one (Thunderbird keeps its mbox
 * files as "Inbox", "Sent") and for an .eml that is really a one-message mbox.
 */
export function detectFormat(fileName: string, start: Buffer): ImportFormat {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.msg' || start.subarray(0, COMPOUND_FILE_MAGIC.length).equals(COMPOUND_FILE_MAGIC)) {
    throw new ImportFileError(
      'FILE_UNSUPPORTED',
      'Outlook .msg files are not supported. Save the message as .eml (or export the folder as .mbox) and import that.',
    );
  }
  const text = sniffText(start);
  const byExtension = BY_EXTENSION[extension];
  if (byExtension === 'eml' || byExtension === 'mbox' || extension === '') {
    if (text.startsWith('From ')) return 'mbox';
    if (byExtension) return byExtension;
    if (HEADER_LINE.test(text)) return 'eml';
    if (text.startsWith('{')) return 'jsonl';
    if (text.startsWith('[')) return 'json';
    throw new ImportFileError('FILE_UNSUPPORTED', 'This file type is not recognised.');
  }
  if (byExtension) return byExtension;
  // Only the extension is named, never the file name: it may carry a client's name.
  const shownExtension = /^\.[a-z0-9]{1,10}$/.test(extension) ? extension : 'this one';
  throw new ImportFileError('FILE_UNSUPPORTED', `This file type is not supported: ${shownExtension}`);
}

export async function detectFileFormat(path: string): Promise<ImportFormat> {
  const handle = await open(path, 'r');
  try {
    const start = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(start, 0, SNIFF_BYTES, 0);
    return detectFormat(path, start.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

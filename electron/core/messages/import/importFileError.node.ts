/**
 * A failure of the whole file, as opposed to one item's rejection. Whoever stores the
 * items must discard everything read from a file that ends in this error, even items
 * that were already yielded: that is what keeps a failed file from half-importing.
 * Messages are plain sentences and never quote the file's contents.
 */
export const IMPORT_FILE_ERROR_CODES = [
  'FILE_UNREADABLE',
  'FILE_EMPTY',
  'FILE_UNSUPPORTED',
  'FILE_MALFORMED',
  'FILE_TOO_LARGE',
  'MAPPING_REQUIRED',
  'MAPPING_INVALID',
  'CANCELLED',
] as const;
export type ImportFileErrorCode = (typeof IMPORT_FILE_ERROR_CODES)[number];

export class ImportFileError extends Error {
  readonly code: ImportFileErrorCode;

  constructor(code: ImportFileErrorCode, message: string) {
    super(message);
    this.name = 'ImportFileError';
    this.code = code;
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImportFileError('CANCELLED', 'The import was cancelled.');
}

const UNREADABLE_CODES = new Set([
  'ENOENT',
  'EACCES',
  'EPERM',
  'EISDIR',
  'EIO',
  'ELOOP',
  'ENAMETOOLONG',
  'EBUSY',
]);

/** File-system failures become FILE_UNREADABLE; anything else is a bug and passes through. */
export function toImportFileError(error: unknown): unknown {
  if (error instanceof ImportFileError) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new ImportFileError('CANCELLED', 'The import was cancelled.');
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNREADABLE_CODES.has(code)) {
    return new ImportFileError('FILE_UNREADABLE', 'The file could not be read.');
  }
  return error;
}

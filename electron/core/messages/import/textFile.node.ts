import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { throwIfCancelled } from './importFileError.node.ts';

/**
 * Text exports (CSV, JSON) arrive in whatever encoding the exporting tool used: UTF-8
 * (often with a BOM from Excel), UTF-16 from Excel's "Unicode text" and PowerShell, or
 * windows-1252 from older Windows tools. Node's TextDecoder knows all of them; this file
 * only decides which one a file is in, and streams it as text with bounded memory.
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Node's own default for file streams; larger chunks cost more to allocate than they save here. */
export const READ_CHUNK_BYTES = 64 * 1024;

export interface ReadControl {
  signal?: AbortSignal | undefined;
  onProgress?: ((bytesRead: number, totalBytes: number) => void) | undefined;
}

export function encodingFromBom(start: Uint8Array): TextEncoding | null {
  if (start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) return 'utf-8';
  if (start[0] === 0xff && start[1] === 0xfe) return 'utf-16le';
  if (start[0] === 0xfe && start[1] === 0xff) return 'utf-16be';
  return null;
}

/** UTF-16 without a BOM still shows itself: ASCII text has a zero in every other byte. */
function utf16FromZeroBytes(start: Uint8Array): TextEncoding | null {
  const pairs = Math.floor(Math.min(start.length, 1024) / 2);
  if (pairs < 2) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (start[i] === 0) zeroEven++;
    if (start[i + 1] === 0) zeroOdd++;
  }
  if (zeroOdd > pairs * 0.4 && zeroEven === 0) return 'utf-16le';
  if (zeroEven > pairs * 0.4 && zeroOdd === 0) return 'utf-16be';
  return null;
}

/**
 * Weighs whether bytes are UTF-8. A few invalid bytes in an otherwise UTF-8 file (a bad
 * paste, a cut-off last character) are replaced, not a reason to misread every accent in
 * it; a windows-1252 file almost never forms valid multi-byte UTF-8, so mostly-invalid
 * means windows-1252.
 */
class Utf8Evidence {
  private readonly decoder = new TextDecoder('utf-8');
  private validNonAscii = 0;
  private invalid = 0;

  add(bytes: Uint8Array): void {
    if (isAscii(bytes)) return;
    this.count(this.decoder.decode(bytes, { stream: true }));
  }

  verdict(): 'utf-8' | 'windows-1252' {
    this.count(this.decoder.decode());
    return this.invalid === 0 || this.validNonAscii > this.invalid ? 'utf-8' : 'windows-1252';
  }

  private count(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 0xfffd) this.invalid++;
      else if (code >= 0x80) this.validNonAscii++;
    }
  }
}

export function detectBufferEncoding(bytes: Uint8Array): TextEncoding {
  const declared = encodingFromBom(bytes) ?? utf16FromZeroBytes(bytes);
  if (declared) return declared;
  const evidence = new Utf8Evidence();
  evidence.add(bytes);
  return evidence.verdict();
}

/** Reads the whole file once (streamed) when there is no BOM, since an accent may first appear on row 5,000. */
export async function detectFileEncoding(path: string, signal?: AbortSignal): Promise<TextEncoding> {
  const evidence = new Utf8Evidence();
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) {
    throwIfCancelled(signal);
    const bytes = chunk as Buffer;
    if (first) {
      const declared = encodingFromBom(bytes) ?? utf16FromZeroBytes(bytes);
      if (declared) return declared;
      first = false;
    }
    evidence.add(bytes);
  }
  return evidence.verdict();
}

/** The start of a file as text, for sniffing (a character cut at the end does not matter there). */
export async function readTextStart(path: string, encoding: TextEncoding): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const start = Buffer.alloc(READ_CHUNK_BYTES);
    const { bytesRead } = await handle.read(start, 0, READ_CHUNK_BYTES, 0);
    return new TextDecoder(encoding).decode(start.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Decodes a file chunk by chunk, with every line break as "\n" (csv-parse counts lines wrongly on "\r\n" inside quotes). */
export async function* readTextChunks(
  path: string,
  encoding: TextEncoding,
  control: ReadControl = {},
): AsyncGenerator<string> {
  const { size } = await stat(path);
  const decoder = new TextDecoder(encoding);
  let bytesRead = 0;
  let heldCarriageReturn = false;
  const normalise = (text: string): string => {
    let joined = heldCarriageReturn ? `\r${text}` : text;
    heldCarriageReturn = joined.endsWith('\r');
    if (heldCarriageReturn) joined = joined.slice(0, -1);
    return joined.replace(/\r\n?/g, '\n');
  };
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) {
    throwIfCancelled(control.signal);
    const bytes = chunk as Buffer;
    bytesRead += bytes.length;
    const text = normalise(decoder.decode(bytes, { stream: true }));
    if (text.length > 0) yield text;
    control.onProgress?.(bytesRead, size);
  }
  const rest = normalise(decoder.decode()) + (heldCarriageReturn ? '\n' : '');
  if (rest.length > 0) yield rest;
}

export type TextLine = { lineNumber: number; text: string } | { lineNumber: number; tooLong: true };

/** Splits text into lines without ever holding more than maxLineChars of one line. */
export async function* splitLines(
  chunks: AsyncIterable<string>,
  maxLineChars: number,
): AsyncGenerator<TextLine> {
  let lineNumber = 1;
  let parts: string[] = [];
  let length = 0;
  let tooLong = false;
  const finishLine = (): TextLine => {
    const line: TextLine = tooLong ? { lineNumber, tooLong } : { lineNumber, text: parts.join('') };
    lineNumber++;
    parts = [];
    length = 0;
    tooLong = false;
    return line;
  };
  const take = (piece: string): void => {
    if (tooLong) return;
    length += piece.length;
    if (length > maxLineChars) {
      tooLong = true;
      parts = [];
    } else {
      parts.push(piece);
    }
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      take(chunk.slice(start, end));
      yield finishLine();
      start = end + 1;
    }
    take(chunk.slice(start));
  }
  if (length > 0 || tooLong) yield finishLine();
}

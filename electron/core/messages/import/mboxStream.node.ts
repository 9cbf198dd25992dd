import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseEmailMessage } from './emailMessage.node.ts';
import { throwIfCancelled } from './importFileError.node.ts';
import { MAX_EMAIL_BYTES, describeBytes } from './importedMessage.node.ts';
import type { ItemOutcome } from './importedMessage.node.ts';
import { READ_CHUNK_BYTES } from './textFile.node.ts';
import type { ReadControl } from './textFile.node.ts';

/**
 * Splits an mbox file into raw messages while reading it in chunks, so a mailbox of any
 * size is held at most one message (capped) plus one chunk at a time.
 *
 * A separator is a line starting with "From " that opens the file or follows a blank
 * line and carries a time ("From jo@example.org Tue Mar  5 14:22:01 2024"), as every
 * mbox writer (Thunderbird, Apple Mail, Gmail Takeout, mutt) produces. The blank line and
 * the time keep a body line a writer forgot to escape ("From then on I...") from
 * splitting a message in two. Body lines escaped as ">From " (mboxo/mboxrd) lose one ">".
 */
export type MboxEntry =
  | { kind: 'message'; index: number; startLine: number; raw: Buffer }
  | { kind: 'too_large'; index: number; startLine: number };

const FROM_ = Buffer.from('From ', 'latin1');
const GREATER_THAN = 0x3e;
const TIME_OF_DAY = /\b\d{1,2}:\d{2}\b/;
/** Enough of a line to tell a separator or an escaped ">>>From " from body text. */
const LINE_CLASSIFY_BYTES = 1024;

function isEscapedFromLine(line: Buffer): boolean {
  let i = 0;
  while (i < line.length && line[i] === GREATER_THAN) i++;
  return i > 0 && line.subarray(i, i + FROM_.length).equals(FROM_);
}

function isBlankLine(line: Buffer): boolean {
  return (
    (line.length === 1 && line[0] === 0x0a) || (line.length === 2 && line[0] === 0x0d && line[1] === 0x0a)
  );
}

function hasNonWhitespace(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return true;
  }
  return false;
}

/** The line-splitting state machine, fed chunks of any size; separate from I/O so it can be tested directly. */
export class MboxSplitter {
  private readonly maxMessageBytes: number;
  private lineNumber = 1;
  private previousLineBlank = true;
  /** The start of a line not yet long enough to classify. */
  private pendingLineStart: Buffer[] = [];
  private pendingLineBytes = 0;
  /** Where the rest of an already-classified long line goes. */
  private restOfLine: 'none' | 'body' | 'skip' = 'none';
  private nextIndex = 0;
  private message = {
    parts: [] as Buffer[],
    bytes: 0,
    tooLarge: false,
    startLine: 1,
    /** False for text before the first separator, which counts only if it is not blank. */
    opened: false,
    hasContent: false,
  };

  constructor(maxMessageBytes: number = MAX_EMAIL_BYTES) {
    this.maxMessageBytes = maxMessageBytes;
  }

  push(chunk: Buffer): MboxEntry[] {
    const entries: MboxEntry[] = [];
    let position = 0;
    while (position < chunk.length) {
      const newline = chunk.indexOf(0x0a, position);
      const end = newline === -1 ? chunk.length : newline + 1;
      const piece = chunk.subarray(position, end);
      position = end;
      const lineComplete = newline !== -1;
      if (this.restOfLine === 'body') {
        this.appendBody(piece);
      } else if (this.restOfLine === 'none') {
        this.pendingLineStart.push(piece);
        this.pendingLineBytes += piece.length;
        if (!lineComplete && this.pendingLineBytes < LINE_CLASSIFY_BYTES) continue;
        this.classifyLine(this.takePendingLine(), lineComplete, entries);
      }
      if (lineComplete) {
        this.lineNumber++;
        this.restOfLine = 'none';
      }
    }
    return entries;
  }

  end(): MboxEntry[] {
    const entries: MboxEntry[] = [];
    if (this.pendingLineBytes > 0) this.classifyLine(this.takePendingLine(), true, entries);
    const last = this.finishMessage();
    if (last) entries.push(last);
    return entries;
  }

  private takePendingLine(): Buffer {
    const line = Buffer.concat(this.pendingLineStart);
    this.pendingLineStart = [];
    this.pendingLineBytes = 0;
    return line;
  }

  private classifyLine(lineStart: Buffer, lineComplete: boolean, entries: MboxEntry[]): void {
    const isSeparator =
      this.previousLineBlank &&
      lineStart.subarray(0, FROM_.length).equals(FROM_) &&
      TIME_OF_DAY.test(lineStart.toString('latin1'));
    this.previousLineBlank = lineComplete && isBlankLine(lineStart);
    if (isSeparator) {
      const finished = this.finishMessage();
      if (finished) entries.push(finished);
      this.startMessage();
      if (!lineComplete) this.restOfLine = 'skip';
      return;
    }
    this.appendBody(isEscapedFromLine(lineStart) ? lineStart.subarray(1) : lineStart);
    if (!lineComplete) this.restOfLine = 'body';
  }

  private startMessage(): void {
    this.message = {
      parts: [],
      bytes: 0,
      tooLarge: false,
      startLine: this.lineNumber,
      opened: true,
      hasContent: false,
    };
  }

  private appendBody(bytes: Buffer): void {
    const message = this.message;
    message.bytes += bytes.length;
    if (!message.opened && !message.hasContent && hasNonWhitespace(bytes)) message.hasContent = true;
    if (message.tooLarge) return;
    if (message.bytes > this.maxMessageBytes) {
      message.tooLarge = true;
      message.parts = [];
      return;
    }
    message.parts.push(bytes);
  }

  private finishMessage(): MboxEntry | null {
    const { opened, hasContent, tooLarge, startLine, parts } = this.message;
    if (!opened && !hasContent) return null;
    const index = this.nextIndex++;
    if (tooLarge) return { kind: 'too_large', index, startLine };
    return { kind: 'message', index, startLine, raw: withoutSeparatorBlankLine(Buffer.concat(parts)) };
  }
}

/** The blank line before the next "From " belongs to the mbox format, not to the message. */
function withoutSeparatorBlankLine(raw: Buffer): Buffer {
  const length = raw.length;
  if (length >= 4 && raw.subarray(length - 4).equals(Buffer.from('\r\n\r\n'))) return raw.subarray(0, -2);
  if (length >= 2 && raw[length - 1] === 0x0a && raw[length - 2] === 0x0a) return raw.subarray(0, -1);
  return raw;
}

export interface MboxReadOptions extends ReadControl {
  maxMessageBytes?: number;
}

/** Streams the raw messages of an mbox file; progress is reported once per chunk read. */
export async function* readMboxEntries(
  path: string,
  options: MboxReadOptions = {},
): AsyncGenerator<MboxEntry> {
  const { size } = await stat(path);
  const splitter = new MboxSplitter(options.maxMessageBytes);
  let bytesRead = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) {
    throwIfCancelled(options.signal);
    const bytes = chunk as Buffer;
    bytesRead += bytes.length;
    for (const entry of splitter.push(bytes)) {
      yield entry;
      throwIfCancelled(options.signal);
    }
    options.onProgress?.(bytesRead, size);
  }
  yield* splitter.end();
}

export async function* readMboxMessages(
  path: string,
  options: MboxReadOptions = {},
): AsyncGenerator<ItemOutcome> {
  const maxBytes = options.maxMessageBytes ?? MAX_EMAIL_BYTES;
  for await (const entry of readMboxEntries(path, options)) {
    const where = `The email starting on line ${entry.startLine}`;
    if (entry.kind === 'too_large') {
      yield {
        kind: 'rejected',
        index: entry.index,
        reason: `${where} is larger than the ${describeBytes(maxBytes)} limit.`,
      };
    } else {
      yield await parseEmailMessage(entry.raw, entry.index, where);
    }
  }
}

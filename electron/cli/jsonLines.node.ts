/**
 * JSON-lines filters for the command line: one output line per input line, in order,
 * so scripts can zip input and output. A bad line yields an error object on its own
 * line and the run goes on; only a file that cannot be read stops it.
 */
import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** Longer texts are refused per line: no message in the service is anywhere near this. */
export const MAX_TEXT_CHARS = 1_000_000;

export interface TextRecord {
  id: string | number | null;
  text: string;
}

type LineOutcome = { record: TextRecord } | { error: string; id?: string | number };

export function readTextRecord(line: string, lineNumber: number): LineOutcome {
  if (line.trim().length === 0) return { error: `Line ${lineNumber} is empty.` };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: `Line ${lineNumber} is not valid JSON.` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: `Line ${lineNumber} is not a JSON object.` };
  }
  const fields = value as Record<string, unknown>;
  const id = typeof fields.id === 'string' || typeof fields.id === 'number' ? fields.id : null;
  const withId = id === null ? {} : { id };
  if (typeof fields.text !== 'string') {
    return { ...withId, error: `Line ${lineNumber} has no "text" string.` };
  }
  if (fields.text.length > MAX_TEXT_CHARS) {
    return { ...withId, error: `Line ${lineNumber}: the text is longer than ${MAX_TEXT_CHARS} characters.` };
  }
  return { record: { id, text: fields.text } };
}

/** Code-point offsets, so consumers in any language can slice the text they sent. */
export function codePointOffsets(text: string): (utf16: number) => number {
  let last = 0;
  let points = 0;
  return (utf16) => {
    if (utf16 < last) {
      last = 0;
      points = 0;
    }
    for (let at = last; at < utf16; at++) {
      const code = text.charCodeAt(at);
      // The second half of a surrogate pair does not start a code point.
      if (code < 0xdc00 || code > 0xdfff) points++;
    }
    last = utf16;
    return points;
  };
}

/**
 * Runs `transform` over every line of `file` and writes one JSON line per input line.
 * Throws (before writing anything) if the file cannot be read.
 */
export async function mapJsonLines(
  file: string,
  transform: (record: TextRecord) => unknown,
  write: (line: string) => void,
): Promise<{ lines: number; errors: number }> {
  await access(file, constants.R_OK);
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  let errors = 0;
  for await (const line of lines) {
    lineNumber++;
    const outcome = readTextRecord(line, lineNumber);
    if ('error' in outcome) {
      errors++;
      write(JSON.stringify(outcome));
      continue;
    }
    write(JSON.stringify(transform(outcome.record)));
  }
  return { lines: lineNumber, errors };
}

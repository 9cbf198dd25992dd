import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { previewCsv } from './csvMessages.node.ts';
import type { CsvColumnMapping } from './csvMessages.node.ts';
import { IMPORT_FILE_ERROR_CODES, ImportFileError } from './importFileError.node.ts';
import { MAX_FIELD_CHARS, MAX_TEXT_CHARS, MESSAGE_CHANNELS, contentHash } from './importedMessage.node.ts';
import type { ImportedMessage, ItemOutcome } from './importedMessage.node.ts';
import { MboxSplitter } from './mboxStream.node.ts';
import { readImportFile } from './readImportFile.node.ts';
import { fixturePath } from './testSupport.node.ts';

/**
 * Property-based fuzzing of every importer through the public entry point: random
 * bytes, mutated and truncated fixtures, and random but plausible emails, mboxes, CSV
 * and JSON. For every file it asserts that
 * - nothing is thrown but an ImportFileError with a known code;
 * - every outcome is well formed, numbered from 0 in order;
 * - no reason or error message quotes the file: the inputs carry a canary word, and
 *   every reason must be one of the known sentence shapes.
 * Small in the unit tests; `node electron/core/messages/import/importFuzz.node.ts 10000`
 * for a soak.
 */
export const IMPORTERS = ['eml', 'mbox', 'csv', 'jsonl', 'json'] as const;
export type FuzzedImporter = (typeof IMPORTERS)[number];

export interface FuzzReport {
  importer: FuzzedImporter;
  cases: number;
  messages: number;
  rejections: number;
  fileErrors: number;
  milliseconds: number;
}

const CANARY = 'QZXCANARYWORD';

const REASON_SHAPE = new RegExp(
  '^(The email( starting on line \\d+)?|The row on line \\d+|Line \\d+|Item \\d+) ' +
    '(has no message text|has no readable text body|is larger than the [\\d,]+ (MB|KB|bytes) limit|' +
    'could not be read as an email|is not valid JSON|is not a message object|' +
    'has text longer than the [\\d,]+-character limit|is longer than the [\\d,]+-character limit)\\.$',
);

const identifier = z.string().min(1).max(MAX_FIELD_CHARS).nullable();
const messageSchema = z.strictObject({
  sourceId: identifier,
  channel: z.enum(MESSAGE_CHANNELS),
  from: identifier,
  fromName: identifier,
  subject: identifier,
  text: z
    .string()
    .min(1)
    .max(MAX_TEXT_CHARS)
    // eslint-disable-next-line no-control-regex
    .refine((text) => !/[\u0000-\u0008\u000b-\u001f\u007f\r]/.test(text), 'control characters')
    .refine((text) => text === text.trim(), 'untrimmed'),
  receivedAt: z.iso.datetime().nullable(),
  threadKey: identifier,
  inReplyTo: identifier,
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
});

function checkOutcome(outcome: ItemOutcome, expectedIndex: number): void {
  if (outcome.index !== expectedIndex) throw new Error(`outcome ${expectedIndex} has index ${outcome.index}`);
  if (outcome.kind === 'rejected') {
    if (!REASON_SHAPE.test(outcome.reason) || outcome.reason.includes(CANARY)) {
      throw new Error(`unexpected reason: ${outcome.reason}`);
    }
    return;
  }
  const message: ImportedMessage = messageSchema.parse(outcome.message);
  if (message.contentHash !== contentHash(message.channel, message.from, message.text)) {
    throw new Error('content hash does not match the message');
  }
}

function checkFileError(error: unknown): void {
  if (!(error instanceof ImportFileError) || !IMPORT_FILE_ERROR_CODES.includes(error.code)) throw error;
  if (error.message.includes(CANARY) || error.message.length > 200) {
    throw new Error(`file error message quotes the file: ${error.message}`);
  }
}

// ---- inputs -------------------------------------------------------------------------

const textWithCanary = fc
  .tuple(fc.string({ maxLength: 40, unit: 'grapheme' }), fc.string({ maxLength: 20 }))
  .map(([before, after]) => `${before}${CANARY}${after}`);

const anyText = fc.oneof(
  { weight: 3, arbitrary: textWithCanary },
  fc.string({ maxLength: 30 }),
  fc.string({ maxLength: 30, unit: 'binary' }),
  fc.constantFrom('', ' ', '\r\n', '"', '""', ';', '\t', '\u0000', '\ufeff', '\ud800', '>From x', 'From x'),
);

const dateText = fc.oneof(
  fc.constantFrom(
    'Tue, 5 Mar 2024 14:22:01 +0100 (CET)',
    '2024-03-05T09:02:11Z',
    '2024-02-30',
    '05/03/2024',
    'not a date',
    '1709630000',
    '99999-01-01',
  ),
  fc.string({ maxLength: 20 }),
);

function encodeText(text: string, encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'latin1'): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.from(`\ufeff${text}`, 'utf8');
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'latin1':
      return Buffer.from(text, 'latin1');
  }
}
const textEncoding = fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le', 'latin1' as const);

type MimePart =
  | { kind: 'leaf'; type: string; charset: string; encoding: string; disposition: string; body: string }
  | { kind: 'multipart'; subtype: string; boundary: string; children: MimePart[] };

const mimeLeaf = fc.record({
  kind: fc.constant('leaf' as const),
  type: fc.constantFrom(
    'text/plain',
    'text/html',
    'application/pdf',
    'message/rfc822',
    'text/calendar',
    'image/png',
    '',
  ),
  charset: fc.constantFrom(
    'utf-8',
    'iso-8859-1',
    'windows-1252',
    'shift_jis',
    'iso-2022-jp',
    'x-unknown',
    '',
  ),
  encoding: fc.constantFrom('7bit', '8bit', 'quoted-printable', 'base64', 'x-garbage', ''),
  disposition: fc.constantFrom('', 'attachment; filename="cv.pdf"', 'inline', 'inline; filename="notes.txt"'),
  body: fc.oneof(
    anyText,
    textWithCanary.map((text) => `<html><style>p{}</style><p>${text}</p><div><div>${text}</div></div>`),
    fc.constantFrom('=E9t=C3=A9 soft=\r\nbreak', 'w6l0w6k=', '<p>unclosed <b>tag', '=?UTF-8?B?w6l0w6k=?='),
  ),
});

const mimeTree = fc.letrec<{ part: MimePart }>((tie) => ({
  part: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    mimeLeaf,
    fc.record({
      kind: fc.constant('multipart' as const),
      subtype: fc.constantFrom('mixed', 'alternative', 'related'),
      boundary: fc.constantFrom('b1', '==x==', 'b1', ''),
      children: fc.array(tie('part'), { maxLength: 4 }),
    }),
  ),
})).part;

function renderPart(part: MimePart): string {
  if (part.kind === 'leaf') {
    const headers = [
      part.type && `Content-Type: ${part.type}${part.charset ? `; charset=${part.charset}` : ''}`,
      part.encoding && `Content-Transfer-Encoding: ${part.encoding}`,
      part.disposition && `Content-Disposition: ${part.disposition}`,
    ].filter(Boolean);
    return `${headers.join('\n')}\n\n${part.body}`;
  }
  const children = part.children.map((child) => `--${part.boundary}\n${renderPart(child)}\n`).join('');
  return `Content-Type: multipart/${part.subtype}; boundary="${part.boundary}"\n\n${children}--${part.boundary}--\n`;
}

const emailText = fc
  .record({
    from: fc.oneof(
      textWithCanary.map((name) => `${name} <client@example.org>`),
      anyText,
      fc.constant('Family: a@b.c, d@e.f;'),
    ),
    subject: fc.oneof(
      anyText,
      fc.constantFrom('=?ISO-8859-1?Q?Ren=E9e?=', '=?x-unknown?Q?abc?=', '=?UTF-8?Q?broken'),
    ),
    date: dateText,
    messageId: fc.oneof(fc.constantFrom('<a@b>', '', '<>', 'bare@id', '<a@b> <c@d>'), anyText),
    references: fc.oneof(fc.constantFrom('<root@x> <parent@x>', '', '<'), anyText),
    part: mimeTree,
    lineEnd: fc.constantFrom('\n', '\r\n'),
  })
  .map(({ from, subject, date, messageId, references, part, lineEnd }) =>
    `From: ${from}\nSubject: ${subject}\nDate: ${date}\nMessage-ID: ${messageId}\nReferences: ${references}\nMIME-Version: 1.0\n${renderPart(part)}`.replace(
      /\n/g,
      lineEnd,
    ),
  );

const emailBytes = fc
  .tuple(emailText, fc.constantFrom('utf8', 'latin1' as const))
  .map(([text, encoding]) => Buffer.from(text, encoding));

const mboxBytes = fc
  .array(
    fc.oneof(
      {
        weight: 3,
        arbitrary: emailText.map((email) => `From client@example.org Tue Mar  5 09:14:02 2024\n${email}\n`),
      },
      fc.constantFrom(
        'From no-time-here\n',
        '>From escaped\n',
        '>>>From deeper\n',
        '\n',
        'From \n',
        'From x 1:00\n',
      ),
      anyText.map((line) => `${line}\n`),
      fc.string({ minLength: 2000, maxLength: 5000, unit: 'binary-ascii' }),
    ),
    { maxLength: 8 },
  )
  .chain((segments) => fc.tuple(fc.constant(segments.join('')), fc.constantFrom('utf8', 'latin1' as const)))
  .map(([text, encoding]) => Buffer.from(text, encoding));

function csvCell(value: string, delimiter: string, quoteAll: boolean): string {
  const needsQuotes = quoteAll || value.includes(delimiter) || /["\r\n]/.test(value);
  return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value;
}

const csvBytes = fc
  .record({
    header: fc.array(
      fc.oneof(
        fc.constantFrom('text', 'message', 'from', 'sender', 'date', 'id', 'channel', 'thread', 'name'),
        anyText,
      ),
      { minLength: 1, maxLength: 6 },
    ),
    rows: fc.array(fc.array(fc.oneof(anyText, dateText), { maxLength: 7 }), { maxLength: 20 }),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    quoteAll: fc.boolean(),
    leaveQuotesRaw: fc.boolean(),
    lineEnd: fc.constantFrom('\n', '\r\n', '\r'),
    encoding: textEncoding,
  })
  .map(({ header, rows, delimiter, quoteAll, leaveQuotesRaw, lineEnd, encoding }) => {
    const line = (cells: string[]) =>
      cells.map((cell) => (leaveQuotesRaw ? cell : csvCell(cell, delimiter, quoteAll))).join(delimiter);
    return encodeText([header, ...rows].map(line).join(lineEnd) + lineEnd, encoding);
  });

const jsonScalar = fc.oneof(anyText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const jsonMessage = fc.record(
  {
    id: fc.oneof(anyText, fc.integer(), fc.constant(null)),
    text: fc.oneof({ weight: 4, arbitrary: textWithCanary }, jsonScalar, fc.array(anyText, { maxLength: 2 })),
    channel: fc.oneof(fc.constantFrom(...MESSAGE_CHANNELS, 'Instagram DM', 'pigeon'), jsonScalar),
    from: fc.oneof(anyText, fc.record({ name: anyText, email: anyText }, { requiredKeys: [] }), jsonScalar),
    received_at: fc.oneof(dateText, fc.integer(), fc.double(), jsonScalar),
    conversation_id: jsonScalar,
    extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);

const jsonLinesBytes = fc
  .record({
    lines: fc.array(
      fc.oneof(
        { weight: 4, arbitrary: jsonMessage.map((message) => JSON.stringify(message)) },
        fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
        anyText.map((text) => text.replace(/[\r\n]/g, ' ')),
        fc.constant(''),
      ),
      { maxLength: 15 },
    ),
    lineEnd: fc.constantFrom('\n', '\r\n'),
    encoding: textEncoding,
  })
  .map(({ lines, lineEnd, encoding }) => encodeText(lines.join(lineEnd), encoding));

const jsonDocumentBytes = fc
  .record({
    document: fc.oneof(
      fc.array(fc.oneof({ weight: 4, arbitrary: jsonMessage }, fc.jsonValue({ maxDepth: 2 })), {
        maxLength: 12,
      }),
      fc.record(
        { messages: fc.array(jsonMessage, { maxLength: 12 }), thread_path: jsonScalar },
        { requiredKeys: ['messages'] },
      ),
      jsonMessage,
      fc.jsonValue({ maxDepth: 4 }),
    ),
    indent: fc.constantFrom(0, 2),
    encoding: textEncoding,
  })
  .map(({ document, indent, encoding }) =>
    encodeText(JSON.stringify(document, null, indent) ?? '', encoding),
  );

const FIXTURES: Record<FuzzedImporter, string[]> = {
  eml: [
    'gmail-alternative-qp.eml',
    'outlook-windows-1252.eml',
    'apple-mail-iso-8859-1.eml',
    'html-only-newsletter.eml',
    'pdf-attachment.eml',
    'shift-jis-encoded-words.eml',
    'reply-with-references.eml',
    'utf8-invalid-bytes.eml',
  ],
  mbox: ['inbox.mbox'],
  csv: ['chat-export-utf8-bom.csv', 'social-utf16le.csv', 'sms-windows-1252.csv'],
  jsonl: ['messages.jsonl'],
  json: ['facebook-messages.json', 'messages.jsonl'],
};

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.nat(64) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    bytes: fc.oneof(
      fc.uint8Array({ maxLength: 32 }),
      fc.constant(Buffer.from(CANARY)),
      fc.constant(Buffer.from('"\n\r\n')),
    ),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.nat(512) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
);

function mutate(original: Buffer, mutations: Mutation[]): Buffer {
  let bytes = original;
  for (const change of mutations) {
    const at = Math.floor(change.at * bytes.length);
    const before = bytes.subarray(0, at);
    switch (change.kind) {
      case 'flip':
        bytes = Buffer.concat([before, Buffer.from([change.byte]), bytes.subarray(at + 1)]);
        break;
      case 'delete':
        bytes = Buffer.concat([before, bytes.subarray(at + change.length)]);
        break;
      case 'insert':
        bytes = Buffer.concat([before, change.bytes, bytes.subarray(at)]);
        break;
      case 'duplicate':
        bytes = Buffer.concat([bytes.subarray(0, at + change.length), bytes.subarray(at)]);
        break;
      case 'truncate':
        bytes = before;
        break;
    }
  }
  return bytes;
}

function mutatedFixture(importer: FuzzedImporter): fc.Arbitrary<Buffer> {
  const originals = FIXTURES[importer].map((name) => readFileSync(fixturePath(name)));
  return fc
    .tuple(fc.constantFrom(...originals), fc.array(mutation, { minLength: 1, maxLength: 6 }))
    .map(([original, mutations]) => mutate(original, mutations));
}

const STRUCTURED: Record<FuzzedImporter, fc.Arbitrary<Buffer>> = {
  eml: emailBytes,
  mbox: mboxBytes,
  csv: csvBytes,
  jsonl: jsonLinesBytes,
  json: jsonDocumentBytes,
};

function fileContents(importer: FuzzedImporter): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { weight: 3, arbitrary: STRUCTURED[importer] },
    { weight: 2, arbitrary: mutatedFixture(importer) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)) },
  );
}

// ---- running --------------------------------------------------------------------------

/** A CSV whose text column cannot be guessed is imported with the mapping a person might pick. */
async function csvMappingFor(file: string): Promise<CsvColumnMapping | undefined> {
  try {
    const preview = await previewCsv(file);
    const last = preview.columns.at(-1);
    if (preview.suggestedMapping.text !== undefined || last === undefined) return undefined;
    return { text: last, ...(preview.columns.length > 1 ? { from: preview.columns[0] } : {}) };
  } catch (error) {
    checkFileError(error);
    return undefined;
  }
}

/** Splitting must not depend on where the chunks of the file happen to end. */
function checkMboxChunking(bytes: Buffer, chunkSize: number): void {
  const splitWith = (size: number) => {
    const splitter = new MboxSplitter(64 * 1024);
    const entries = [];
    for (let offset = 0; offset < bytes.length; offset += size) {
      entries.push(...splitter.push(bytes.subarray(offset, offset + size)));
    }
    entries.push(...splitter.end());
    return entries.map((entry) =>
      entry.kind === 'message' ? entry.raw.toString('latin1') : entry.startLine,
    );
  };
  if (JSON.stringify(splitWith(bytes.length || 1)) !== JSON.stringify(splitWith(chunkSize))) {
    throw new Error(`mbox split differs with chunks of ${chunkSize} bytes`);
  }
}

export async function fuzzImporter(
  importer: FuzzedImporter,
  options: FuzzOptions & { cases: number },
): Promise<FuzzReport> {
  const folder = mkdtempSync(join(tmpdir(), `outpost-fuzz-${importer}-`));
  const file = join(folder, `input.${importer}`);
  const report: FuzzReport = {
    importer,
    cases: 0,
    messages: 0,
    rejections: 0,
    fileErrors: 0,
    milliseconds: 0,
  };
  const started = performance.now();
  try {
    await fc.assert(
      fc.asyncProperty(fileContents(importer), fc.integer({ min: 1, max: 97 }), async (bytes, chunkSize) => {
        report.cases++;
        writeFileSync(file, bytes);
        if (importer === 'mbox') checkMboxChunking(bytes, chunkSize);
        const csvMapping = importer === 'csv' ? await csvMappingFor(file) : undefined;
        let index = 0;
        try {
          for await (const outcome of readImportFile(file, { csvMapping })) {
            checkOutcome(outcome, index++);
            if (outcome.kind === 'message') report.messages++;
            else report.rejections++;
          }
        } catch (error) {
          checkFileError(error);
          report.fileErrors++;
        }
      }),
      {
        numRuns: options.cases,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        timeout: 30_000,
      },
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  report.milliseconds = Math.round(performance.now() - started);
  return report;
}

interface FuzzOptions {
  seed?: number | undefined;
}

/** Every importer in turn; onReport hears each as it finishes, since a soak takes minutes. */
export async function runImportFuzz(
  options: FuzzOptions & { casesPerImporter: number; onReport?: (report: FuzzReport) => void },
): Promise<FuzzReport[]> {
  const reports: FuzzReport[] = [];
  for (const importer of IMPORTERS) {
    const report = await fuzzImporter(importer, { cases: options.casesPerImporter, seed: options.seed });
    options.onReport?.(report);
    reports.push(report);
  }
  return reports;
}

export function describeFuzzReport(report: FuzzReport): string {
  return (
    `${report.importer.padEnd(5)} ${report.cases} cases in ${(report.milliseconds / 1000).toFixed(1)} s: ` +
    `${report.messages} messages, ${report.rejections} rejections, ${report.fileErrors} file errors`
  );
}

if (import.meta.main) {
  const casesPerImporter = Number(process.argv[2] ?? '1000');
  const seed = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  await runImportFuzz({
    casesPerImporter,
    seed,
    onReport: (report) => console.log(describeFuzzReport(report)),
  });
}

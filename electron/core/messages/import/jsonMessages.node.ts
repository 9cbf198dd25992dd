import { readFile, stat } from 'node:fs/promises';
import { ImportFileError, throwIfCancelled } from './importFileError.node.ts';
import { buildItemOutcome, describeBytes, describeCount, parseChannel } from './importedMessage.node.ts';
import type { ItemOutcome, MessageChannel, MessageFields } from './importedMessage.node.ts';
import { detectBufferEncoding, detectFileEncoding, readTextChunks, splitLines } from './textFile.node.ts';
import type { ReadControl } from './textFile.node.ts';
import { parseTimestamp } from './timestamps.node.ts';

/**
 * JSON lines (`{"id","text","channel","from","received_at"}`, one object a line) and
 * whole JSON documents: an array of such objects, or an export that wraps one
 * (`{"messages":[...]}` as Facebook and Instagram write). Field names of common
 * exports are accepted too; anything else in an object is ignored.
 */

/** 200,000 characters of text can take six characters each once escaped in JSON. */
export const MAX_JSON_LINE_CHARS = 2_000_000;
/** A whole document is parsed in memory; past this, JSON lines stream instead. */
export const MAX_JSON_DOCUMENT_BYTES = 100 * 1024 * 1024;
const DEFAULT_CHANNEL: MessageChannel = 'chat';

const FIELD_NAMES = {
  id: ['id', 'message_id', 'messageId', 'msg_id', 'uuid'],
  text: ['text', 'body', 'content', 'message', 'msg'],
  from: [
    'from',
    'sender',
    'sender_email',
    'author',
    'username',
    'handle',
    'screen_name',
    'user',
    'sender_name',
  ],
  fromName: ['from_name', 'fromName', 'sender_name', 'display_name', 'author_name', 'name'],
  receivedAt: [
    'received_at',
    'receivedAt',
    'timestamp_ms',
    'timestamp',
    'date',
    'created_at',
    'createdAt',
    'sent_at',
    'sentAt',
    'time',
  ],
  channel: ['channel'],
  subject: ['subject'],
  thread: [
    'thread',
    'thread_id',
    'threadId',
    'conversation_id',
    'conversationId',
    'thread_key',
    'threadKey',
    'thread_path',
    'chat_id',
  ],
  inReplyTo: ['in_reply_to', 'inReplyTo', 'reply_to', 'replyTo'],
} as const;
/** An object of sender details ("from": {"name": ..., "email": ...}) rather than a string. */
const SENDER_ADDRESS_NAMES = ['address', 'email', 'handle', 'username', 'screen_name', 'id'];
const SENDER_DISPLAY_NAMES = ['name', 'display_name'];
const CONTAINER_NAMES = ['messages', 'items', 'data', 'records', 'results'];

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first of the names whose value is a string (or a number, for ids and dates). */
function pick(object: JsonObject, names: readonly string[], allowNumber = true): string | number | undefined {
  for (const name of names) {
    const value = object[name];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (allowNumber && typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

const asText = (value: string | number | undefined): string | undefined =>
  value === undefined ? undefined : String(value);

function sender(object: JsonObject): { from: string | undefined; name: string | undefined } {
  for (const name of FIELD_NAMES.from) {
    const value = object[name];
    if (isObject(value)) {
      return {
        from: asText(pick(value, SENDER_ADDRESS_NAMES)),
        name: asText(pick(value, SENDER_DISPLAY_NAMES, false)),
      };
    }
  }
  return {
    from: asText(pick(object, FIELD_NAMES.from)),
    name: asText(pick(object, FIELD_NAMES.fromName, false)),
  };
}

interface ItemContext {
  defaultChannel: MessageChannel;
  /** A document's own conversation id, for items that carry none. */
  threadKey?: string | undefined;
}

function messageFields(object: JsonObject, context: ItemContext): MessageFields {
  const { from, name } = sender(object);
  return {
    sourceId: asText(pick(object, FIELD_NAMES.id)),
    channel: parseChannel(object['channel'], context.defaultChannel),
    from,
    fromName: name,
    subject: asText(pick(object, FIELD_NAMES.subject, false)),
    text: asText(pick(object, FIELD_NAMES.text, false)),
    receivedAt: parseTimestamp(pick(object, FIELD_NAMES.receivedAt)),
    threadKey: asText(pick(object, FIELD_NAMES.thread)) ?? context.threadKey,
    inReplyTo: asText(pick(object, FIELD_NAMES.inReplyTo)),
  };
}

function itemOutcome(value: unknown, index: number, where: string, context: ItemContext): ItemOutcome {
  if (!isObject(value)) return { kind: 'rejected', index, reason: `${where} is not a message object.` };
  return buildItemOutcome(index, where, messageFields(value, context));
}

function lineOutcome(line: string, index: number, lineNumber: number, context: ItemContext): ItemOutcome {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'rejected', index, reason: `Line ${lineNumber} is not valid JSON.` };
  }
  return itemOutcome(value, index, `Line ${lineNumber}`, context);
}

function lineTooLong(index: number, lineNumber: number): ItemOutcome {
  return {
    kind: 'rejected',
    index,
    reason: `Line ${lineNumber} is longer than the ${describeCount(MAX_JSON_LINE_CHARS)}-character limit.`,
  };
}

export interface JsonReadOptions extends ReadControl {
  defaultChannel?: MessageChannel | undefined;
}

/** One JSON object a line, streamed; blank lines are skipped. */
export async function* readJsonLines(
  path: string,
  options: JsonReadOptions = {},
): AsyncGenerator<ItemOutcome> {
  const context: ItemContext = { defaultChannel: options.defaultChannel ?? DEFAULT_CHANNEL };
  const encoding = await detectFileEncoding(path, options.signal);
  let index = 0;
  for await (const line of splitLines(readTextChunks(path, encoding, options), MAX_JSON_LINE_CHARS)) {
    if ('tooLong' in line) yield lineTooLong(index++, line.lineNumber);
    else if (line.text.trim() !== '') yield lineOutcome(line.text, index++, line.lineNumber, context);
  }
}

/** The array of messages in a document, with the document's conversation id if it has one. */
function documentItems(document: unknown): { items: unknown[]; threadKey: string | undefined } | null {
  if (Array.isArray(document)) return { items: document, threadKey: undefined };
  if (!isObject(document)) return null;
  const threadKey = asText(pick(document, FIELD_NAMES.thread));
  for (const name of CONTAINER_NAMES) {
    const items = document[name];
    if (Array.isArray(items)) return { items, threadKey };
  }
  return pick(document, FIELD_NAMES.text, false) === undefined
    ? null
    : { items: [document], threadKey: undefined };
}

/**
 * A whole JSON document. A .json file that is really JSON lines (the CLI's own format)
 * does not parse as one document; it is then read line by line, as long as some line
 * is a JSON object. Otherwise the file is broken as a whole and nothing is imported.
 */
export async function* readJsonDocument(
  path: string,
  options: JsonReadOptions = {},
): AsyncGenerator<ItemOutcome> {
  const defaultChannel = options.defaultChannel ?? DEFAULT_CHANNEL;
  const { size } = await stat(path);
  if (size > MAX_JSON_DOCUMENT_BYTES) {
    throw new ImportFileError(
      'FILE_TOO_LARGE',
      `The JSON file is larger than the ${describeBytes(MAX_JSON_DOCUMENT_BYTES)} limit. Export it as JSON lines (.jsonl) instead.`,
    );
  }
  const bytes = await readFile(path, { signal: options.signal });
  options.onProgress?.(bytes.length, size);
  const text = new TextDecoder(detectBufferEncoding(bytes)).decode(bytes);

  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    yield* documentAsLines(text, { defaultChannel }, options.signal);
    return;
  }
  const found = documentItems(document);
  if (!found) throw new ImportFileError('FILE_MALFORMED', 'The JSON file holds no list of messages.');
  const context: ItemContext = { defaultChannel, threadKey: found.threadKey };
  for (const [index, item] of found.items.entries()) {
    throwIfCancelled(options.signal);
    yield itemOutcome(item, index, `Item ${index + 1}`, context);
  }
}

function parsesAsObject(line: string): boolean {
  try {
    return isObject(JSON.parse(line));
  } catch {
    return false;
  }
}

function* documentAsLines(
  text: string,
  context: ItemContext,
  signal: AbortSignal | undefined,
): Generator<ItemOutcome> {
  const lines = text.split(/\r\n?|\n/);
  if (!lines.some((line) => line.length <= MAX_JSON_LINE_CHARS && parsesAsObject(line))) {
    throw new ImportFileError('FILE_MALFORMED', 'The file is not valid JSON.');
  }
  let index = 0;
  for (const [i, line] of lines.entries()) {
    throwIfCancelled(signal);
    if (line.length > MAX_JSON_LINE_CHARS) yield lineTooLong(index++, i + 1);
    else if (line.trim() !== '') yield lineOutcome(line, index++, i + 1, context);
  }
}

import { createHash } from 'node:crypto';

/**
 * The one shape every import parser yields, whatever the file looked like. Parsers only
 * read and normalise: storing, de-duplicating, linking to clients and triage happen in
 * the import service, inside one transaction per file.
 */
export const MESSAGE_CHANNELS = ['email', 'sms', 'chat', 'social_post', 'social_dm', 'web_form'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export interface ImportedMessage {
  /** Message-ID without angle brackets, the JSON item's id, or the CSV id column. */
  sourceId: string | null;
  channel: MessageChannel;
  /** An email address in lower case, or a handle as given (trimmed). */
  from: string | null;
  fromName: string | null;
  subject: string | null;
  /** Plain text; never attachment content. */
  text: string;
  /** ISO 8601 in UTC, or null when the source had no date we could read. */
  receivedAt: string | null;
  /** Root of References, else In-Reply-To, else the email's own id; the thread column elsewhere. */
  threadKey: string | null;
  inReplyTo: string | null;
  /** SHA-256 (hex) of channel, sender and whitespace-collapsed text: equal for the same message from two files. */
  contentHash: string;
}

/**
 * Each item of a file ends as a message or as a rejection. `index` counts items from 0
 * in file order; the reason is a plain sentence that names the item by line or number
 * and never quotes anything from the file.
 */
export type ItemOutcome =
  | { kind: 'message'; index: number; message: ImportedMessage }
  | { kind: 'rejected'; index: number; reason: string };

/** Mail servers commonly refuse messages above 25 MB, so a larger one is not a real email. */
export const MAX_EMAIL_BYTES = 25 * 1024 * 1024;

/**
 * About 100 pages. Longer text is rejected rather than truncated: cutting it would store
 * a message that silently lacks its end, and a risk statement there would never reach
 * triage. A rejection shows in the import report, so the counsellor reads the original.
 */
export const MAX_TEXT_CHARS = 200_000;

/** Identifiers and names longer than this are not real ones; they are dropped (ids) or shortened (names, subjects). */
export const MAX_FIELD_CHARS = 1000;

export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${describeCount(Math.round(bytes / (1024 * 1024)))} MB`;
  if (bytes >= 1024) return `${describeCount(Math.round(bytes / 1024))} KB`;
  return `${describeCount(bytes)} bytes`;
}

export function describeCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** The parts a parser found, before normalisation. `where` names the item in reasons ("Line 12"). */
export interface MessageFields {
  sourceId?: string | null | undefined;
  channel: MessageChannel;
  from?: string | null | undefined;
  fromName?: string | null | undefined;
  subject?: string | null | undefined;
  text: string | null | undefined;
  receivedAt?: string | null | undefined;
  threadKey?: string | null | undefined;
  inReplyTo?: string | null | undefined;
}

/** Normalises the fields into an ImportedMessage, or rejects the item with a reason. */
export function buildItemOutcome(index: number, where: string, fields: MessageFields): ItemOutcome {
  const text = cleanText(fields.text ?? '');
  if (text === '') return { kind: 'rejected', index, reason: `${where} has no message text.` };
  if (text.length > MAX_TEXT_CHARS) {
    return {
      kind: 'rejected',
      index,
      reason: `${where} has text longer than the ${describeCount(MAX_TEXT_CHARS)}-character limit.`,
    };
  }
  const from = normaliseSender(fields.from);
  const sourceId = identifier(fields.sourceId);
  return {
    kind: 'message',
    index,
    message: {
      sourceId,
      channel: fields.channel,
      from,
      fromName: displayField(fields.fromName),
      subject: displayField(fields.subject),
      text,
      receivedAt: fields.receivedAt ?? null,
      threadKey: identifier(fields.threadKey),
      inReplyTo: identifier(fields.inReplyTo),
      contentHash: contentHash(fields.channel, from, text),
    },
  };
}

/** Text below U+0300 is already in NFC (no combining marks, no singletons): normalising it changes nothing. */
// eslint-disable-next-line no-control-regex
const MAY_CHANGE_IN_NFC = /[^\u0000-\u02ff]/;

/**
 * Every run of white space except a lone " ", which would become itself: replacing each
 * single space between words made the hash the slowest part of reading an email.
 */
const WHITESPACE_TO_COLLAPSE = /(?: \s|[^\S ])\s*/g;

export function contentHash(channel: MessageChannel, from: string | null, text: string): string {
  const composed = MAY_CHANGE_IN_NFC.test(text) ? text.normalize('NFC') : text;
  const collapsed = composed.replace(WHITESPACE_TO_COLLAPSE, ' ').trim();
  return createHash('sha256')
    .update(JSON.stringify([channel, from ?? '', collapsed]))
    .digest('hex');
}

/**
 * Plain text as it will be stored: one kind of line break, no control characters that
 * a damaged file or a bad decoder leaves behind, no lone surrogates from broken JSON.
 */
export function cleanText(raw: string): string {
  const text = raw
    .toWellFormed()
    .replace(/\r\n?/g, '\n')
    // Keep tab and newline; drop the other C0/C1 controls and the BOM.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff]/g, '');
  // Per line rather than /[ \t]+$/gm, which backtracks quadratically on a long run of spaces.
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

function singleLine(raw: string | null | undefined): string {
  return raw == null ? '' : cleanText(raw).replace(/\s+/g, ' ');
}

/** Ids are compared, so a shortened one could match the wrong message: too long means none. */
function identifier(raw: string | null | undefined): string | null {
  const value = singleLine(raw);
  return value === '' || value.length > MAX_FIELD_CHARS ? null : value;
}

function displayField(raw: string | null | undefined): string | null {
  const value = singleLine(raw);
  if (value === '') return null;
  return value.length > MAX_FIELD_CHARS ? `${value.slice(0, MAX_FIELD_CHARS - 1)}…` : value;
}

const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+$/;

/** Email addresses are matched case-insensitively in practice, handles are kept as written. */
export function normaliseSender(raw: string | null | undefined): string | null {
  const value = identifier(raw);
  if (value === null) return null;
  return EMAIL_ADDRESS.test(value) ? value.toLowerCase() : value;
}

/** `<abc@host>` -> `abc@host`; the first id when a header holds several. */
export function normaliseMessageId(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const bracketed = /<([^<>\s]+)>/.exec(raw);
  if (bracketed?.[1]) return identifier(bracketed[1]);
  const bare = raw.trim().split(/\s+/)[0];
  return identifier(bare);
}

const CHANNEL_WORDS: Record<string, MessageChannel> = {
  email: 'email',
  mail: 'email',
  sms: 'sms',
  text: 'sms',
  textmessage: 'sms',
  mms: 'sms',
  chat: 'chat',
  im: 'chat',
  instantmessage: 'chat',
  whatsapp: 'chat',
  signal: 'chat',
  telegram: 'chat',
  socialpost: 'social_post',
  post: 'social_post',
  comment: 'social_post',
  tweet: 'social_post',
  reply: 'social_post',
  socialdm: 'social_dm',
  dm: 'social_dm',
  directmessage: 'social_dm',
  privatemessage: 'social_dm',
  messenger: 'social_dm',
  webform: 'web_form',
  form: 'web_form',
  contactform: 'web_form',
};

/**
 * A channel named in the file ("SMS", "social_dm", "Direct message"), or one word of it
 * that says it ("Instagram DM", "Facebook post"); otherwise the fallback.
 */
export function parseChannel(raw: unknown, fallback: MessageChannel): MessageChannel {
  if (typeof raw !== 'string' || raw.length > 100) return fallback;
  const lower = raw.toLowerCase();
  const whole = CHANNEL_WORDS[lower.replace(/[^a-z]/g, '')];
  if (whole) return whole;
  const named = lower
    .split(/[^a-z]+/)
    .map((word) => CHANNEL_WORDS[word])
    .findLast((channel) => channel !== undefined);
  return named ?? fallback;
}

import { convert } from 'html-to-text';
import type { HtmlToTextOptions } from 'html-to-text';
import PostalMime from 'postal-mime';
import type { Address, Email, Mailbox } from 'postal-mime';
import {
  MAX_EMAIL_BYTES,
  buildItemOutcome,
  describeBytes,
  normaliseMessageId,
} from './importedMessage.node.ts';
import type { ItemOutcome } from './importedMessage.node.ts';
import { parseTimestamp } from './timestamps.node.ts';

/*
 * MIME parsing is postal-mime (by the author of Nodemailer's mailparser) rather than
 * mailparser: it has no dependencies, decodes charsets with the platform's TextDecoder
 * (ISO-8859-x, windows-125x, Shift_JIS, ISO-2022-JP, GB18030 ... as browsers do) and
 * has limits on MIME nesting and header size built in. mailparser's streaming API would
 * buy nothing here: a message is capped at MAX_EMAIL_BYTES before it is parsed.
 * HTML-only bodies go through html-to-text, which drops <style>, <script> and the
 * markup of newsletters where postal-mime's own converter keeps inline <style> text.
 */
const PARSE_OPTIONS = {
  // A forwarded message sent as an attachment is an attachment, not the sender's words.
  rfc822Attachments: true,
  maxNestingDepth: 64,
  maxRfc822NestingDepth: 3,
} as const;

const HTML_TO_TEXT_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  // A tree deeper than this is not a real email; html-to-text recurses per level.
  limits: { maxDepth: 256, maxInputLength: MAX_EMAIL_BYTES },
  selectors: [
    // Tracking links would bury the words; the counsellor can open the original for them.
    { selector: 'a', options: { ignoreHref: true } },
    // Images, and markup that a browser would not show as text either.
    ...['img', 'title', 'template'].map((selector) => ({ selector, format: 'skip' })),
    // html-to-text shouts headings by default; keep the writer's own case for triage.
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
};

/**
 * Parses one RFC 5322 message. Attachments are decoded by the parser into memory (the
 * message is size-capped) but never read into the text and never written anywhere.
 * `where` names the message in reasons, e.g. "The email starting on line 120".
 */
export async function parseEmailMessage(
  raw: Buffer,
  index: number,
  where = 'The email',
): Promise<ItemOutcome> {
  if (raw.length > MAX_EMAIL_BYTES) {
    return {
      kind: 'rejected',
      index,
      reason: `${where} is larger than the ${describeBytes(MAX_EMAIL_BYTES)} limit.`,
    };
  }
  let email: Email;
  try {
    email = await PostalMime.parse(raw, PARSE_OPTIONS);
  } catch {
    return { kind: 'rejected', index, reason: `${where} could not be read as an email.` };
  }
  const text = bodyText(email);
  if (text === null) return { kind: 'rejected', index, reason: `${where} has no readable text body.` };

  const sourceId = normaliseMessageId(email.messageId);
  const inReplyTo = normaliseMessageId(email.inReplyTo);
  const sender = firstMailbox(email.from);
  return buildItemOutcome(index, where, {
    sourceId,
    channel: 'email',
    from: sender?.address,
    fromName: sender?.name,
    subject: email.subject,
    text,
    receivedAt: parseTimestamp(email.date),
    // The first id in References is the thread's first message, so every reply shares it.
    threadKey: normaliseMessageId(email.references) ?? inReplyTo ?? sourceId,
    inReplyTo,
  });
}

/** Plain text is what the sender wrote; HTML is converted only when there is no plain part. */
function bodyText(email: Email): string | null {
  if (email.text && email.text.trim() !== '') return email.text;
  if (!email.html) return null;
  let converted: string;
  try {
    converted = convert(email.html, HTML_TO_TEXT_OPTIONS);
  } catch {
    return null;
  }
  return converted.trim() === '' ? null : converted;
}

/** A From header may hold a group ("Team: a@x, b@y;"); its first member is the sender. */
function firstMailbox(address: Address | undefined): Mailbox | null {
  if (!address) return null;
  return address.group ? (address.group[0] ?? null) : address;
}

/**
 * Replies as RFC 5322 .eml files, built offline with nodemailer's MailComposer, for the
 * practitioner to send from their own mail program. Files are written next to their
 * final name, flushed, then moved into place without ever replacing an existing file.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';

/** No address of the practitioner is known or needed; the mail program fills in its own. */
export const PLACEHOLDER_DOMAIN = 'outpost.invalid';

export interface EmlReply {
  replyId: string;
  body: string;
  subject: string;
  fromName: string;
  /** The client's address, for a reply to an email; otherwise the file has no To. */
  to: { address: string; name: string | null } | null;
  /** Message-IDs without angle brackets: the message answered, and its thread, oldest first. */
  inReplyTo: string | null;
  references: string[];
  date: Date;
}

export function buildEml(reply: EmlReply): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: reply.fromName, address: `practitioner@${PLACEHOLDER_DOMAIN}` },
    ...(reply.to === null
      ? {}
      : {
          to: reply.to.name === null ? reply.to.address : { name: reply.to.name, address: reply.to.address },
        }),
    subject: reply.subject,
    text: reply.body,
    date: reply.date,
    messageId: `<${reply.replyId}@${PLACEHOLDER_DOMAIN}>`,
    ...(reply.inReplyTo === null ? {} : { inReplyTo: `<${reply.inReplyTo}>` }),
    ...(reply.references.length === 0 ? {} : { references: reply.references.map((id) => `<${id}>`) }),
    // Outlook and others open a file with this header as a draft, ready to send.
    headers: { 'X-Unsent': '1' },
  });
  return new Promise((resolve, reject) => {
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message)));
  });
}

/** "Re: " once, whatever the original subject was. */
export function replySubject(messageSubject: string | null): string {
  const subject = (messageSubject ?? '').replace(/\s+/g, ' ').trim();
  if (subject === '') return 'Re: your message';
  return /^re\s*:/i.test(subject) ? subject : `Re: ${subject}`;
}

const NO_LINK_CODES = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Writes `content` as `<stem>.eml` in the folder, or `<stem> (2).eml` and so on when
 * that name is taken. Returns the file name used. Never replaces a file: the final name
 * is claimed with a hard link, which fails if it exists; on file systems without hard
 * links (FAT USB sticks) an existence check and rename stand in.
 */
export async function writeNewFile(folder: string, stem: string, content: Buffer): Promise<string> {
  const temporary = join(folder, `.${stem}.${randomBytes(6).toString('hex')}.partial`);
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    for (let attempt = 1; attempt <= 1000; attempt++) {
      const name = attempt === 1 ? `${stem}.eml` : `${stem} (${attempt}).eml`;
      const target = join(folder, name);
      if (await claimName(temporary, target)) return name;
    }
    throw new Error('no free file name');
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

async function claimName(temporary: string, target: string): Promise<boolean> {
  try {
    await link(temporary, target);
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EEXIST') return false;
    if (typeof code !== 'string' || !NO_LINK_CODES.has(code)) throw error;
  }
  if (await exists(target)) return false;
  await rename(temporary, target);
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'r');
    await handle.close();
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return false;
    throw error;
  }
}

import { createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** SQLCipher 4 as we configure it: 4096-byte pages, 80 reserved bytes (16 IV + 64 HMAC). */
const PAGE_BYTES = 4096;
const RESERVED_BYTES = 80;
const IV_BYTES = 16;
const SALT_BYTES = 16;

/**
 * The plaintext of every page in an encrypted database file, free pages included,
 * decrypted with the raw data key, so tests can prove erased text is truly gone
 * from the file and not merely unreachable through SQL.
 */
export function decryptedPages(file: string, key: Buffer): Buffer[] {
  const bytes = readFileSync(file);
  const pages: Buffer[] = [];
  for (let offset = 0; offset + PAGE_BYTES <= bytes.length; offset += PAGE_BYTES) {
    const page = bytes.subarray(offset, offset + PAGE_BYTES);
    const start = offset === 0 ? SALT_BYTES : 0;
    const iv = page.subarray(PAGE_BYTES - RESERVED_BYTES, PAGE_BYTES - RESERVED_BYTES + IV_BYTES);
    const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
    pages.push(
      Buffer.concat([decipher.update(page.subarray(start, PAGE_BYTES - RESERVED_BYTES)), decipher.final()]),
    );
  }
  return pages;
}

export function pagesContain(pages: readonly Buffer[], text: string): boolean {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  return pages.some((page) => needles.some((needle) => page.includes(needle)));
}

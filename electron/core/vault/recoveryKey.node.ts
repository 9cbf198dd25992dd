import { randomFillSync } from 'node:crypto';
import { base32crockford } from '@scure/base';

/**
 * The recovery key a person writes down once: 160 random bits in Crockford base32,
 * shown as 8 groups of 4 (e.g. `7KQ2-9XDA-...`). Crockford's alphabet has no I, L, O or U,
 * so reading it back from paper is forgiving.
 */
export const RECOVERY_KEY_BYTES = 20;
export const RECOVERY_KEY_CHARACTERS = 32;
const GROUP_SIZE = 4;

export interface GeneratedRecoveryKey {
  /** What is shown to the person, once. */
  text: string;
  /** The 20 secret bytes; the caller zeroes them after use. */
  bytes: Uint8Array;
}

export function generateRecoveryKey(): GeneratedRecoveryKey {
  const bytes = randomFillSync(new Uint8Array(RECOVERY_KEY_BYTES));
  return { text: formatRecoveryKey(bytes), bytes };
}

export function formatRecoveryKey(bytes: Uint8Array): string {
  if (bytes.length !== RECOVERY_KEY_BYTES) {
    throw new RangeError(`A recovery key is ${RECOVERY_KEY_BYTES} bytes.`);
  }
  const encoded = base32crockford.encode(bytes);
  const groups: string[] = [];
  for (let start = 0; start < encoded.length; start += GROUP_SIZE) {
    groups.push(encoded.slice(start, start + GROUP_SIZE));
  }
  return groups.join('-');
}

/** Whitespace (spaces, tabs, newlines) and any kind of dash a word processor may have put in. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]+/g;
const ASCII_LETTERS_AND_DIGITS = /^[0-9A-Za-z]+$/;

/**
 * Reads a recovery key as typed or pasted: any case, with or without dashes, spaces or
 * line breaks, and with the Crockford look-alikes O (for 0) and I or L (for 1).
 * Returns null when it is not 32 characters of the alphabet.
 */
export function parseRecoveryKey(text: string): Uint8Array | null {
  const compact = text.replace(SEPARATORS, '');
  if (compact.length !== RECOVERY_KEY_CHARACTERS || !ASCII_LETTERS_AND_DIGITS.test(compact)) return null;
  let bytes: Uint8Array;
  try {
    // The library maps O to 0 and I/L to 1 and rejects U and anything else outside the alphabet.
    bytes = base32crockford.decode(compact.toUpperCase());
  } catch {
    return null;
  }
  return bytes.length === RECOVERY_KEY_BYTES ? bytes : null;
}

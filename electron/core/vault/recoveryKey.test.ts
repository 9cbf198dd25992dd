import { describe, expect, it } from 'vitest';
import {
  formatRecoveryKey,
  generateRecoveryKey,
  parseRecoveryKey,
  RECOVERY_KEY_BYTES,
} from './recoveryKey.node.ts';

const SHAPE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/;

describe('recovery key', () => {
  it('is 160 random bits shown as 8 groups of 4 Crockford characters', () => {
    const { text, bytes } = generateRecoveryKey();
    expect(bytes).toHaveLength(RECOVERY_KEY_BYTES);
    expect(text).toMatch(SHAPE);
    expect(text.replace(/-/g, '')).toHaveLength(32);
    expect(text).not.toMatch(/[ILOU]/);
  });

  it('is different every time', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateRecoveryKey().text));
    expect(keys.size).toBe(200);
  });

  it('reads back the bytes it was made from', () => {
    const { text, bytes } = generateRecoveryKey();
    expect(parseRecoveryKey(text)).toEqual(bytes);
  });

  it('encodes known bytes in the Crockford alphabet', () => {
    const allOnes = new Uint8Array(RECOVERY_KEY_BYTES).fill(0xff);
    expect(formatRecoveryKey(allOnes)).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    expect(formatRecoveryKey(new Uint8Array(RECOVERY_KEY_BYTES))).toBe(
      '0000-0000-0000-0000-0000-0000-0000-0000',
    );
    expect(() => formatRecoveryKey(new Uint8Array(16))).toThrow(RangeError);
  });

  it('forgives case, spacing, line breaks, typographic dashes and look-alike letters', () => {
    const bytes = new Uint8Array(RECOVERY_KEY_BYTES);
    bytes[0] = 0x08; // encodes as "1000..." so the 1 can be typed as I or L
    const text = formatRecoveryKey(bytes);
    expect(text.startsWith('1000-0000')).toBe(true);

    const typed = [
      text.toLowerCase(),
      text.replace(/-/g, ' '),
      text.replace(/-/g, ''),
      text.replace(/-/g, '\n'),
      `  ${text.replace(/-/g, ' \u2013 ')}\r\n`,
      text.replace(/0/g, 'O'),
      text.replace(/0/g, 'o').replace('1', 'l'),
      text.replace('1', 'I'),
    ];
    for (const variant of typed) expect(parseRecoveryKey(variant), variant).toEqual(bytes);
  });

  it('returns null for the wrong length or characters outside the alphabet', () => {
    const { text } = generateRecoveryKey();
    const compact = text.replace(/-/g, '');
    expect(parseRecoveryKey('')).toBeNull();
    expect(parseRecoveryKey(compact.slice(0, 31))).toBeNull();
    expect(parseRecoveryKey(`${compact}A`)).toBeNull();
    expect(parseRecoveryKey(`U${compact.slice(1)}`)).toBeNull();
    expect(parseRecoveryKey(`*${compact.slice(1)}`)).toBeNull();
    expect(parseRecoveryKey(`é${compact.slice(1)}`)).toBeNull();
    expect(parseRecoveryKey(`${compact.slice(0, 31)}_`)).toBeNull();
  });
});

import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './timeOrderedId.node.ts';

describe('time-ordered ids', () => {
  it('are version 7 UUIDs, all different, in the order they were made within one millisecond', () => {
    const at = Date.parse('2026-11-23T16:00:00.000Z');
    // More than one pool of random bytes, all in the same millisecond.
    const ids = Array.from({ length: 1000 }, () => timeOrderedId(at));
    for (const id of ids.slice(0, 20)) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The timestamp is the millisecond given.
    expect(Number.parseInt(ids[0]!.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
  });

  it('sort by time across milliseconds, and never go back when the clock does', () => {
    const at = Date.parse('2026-11-23T16:00:01.000Z');
    const ids = [timeOrderedId(at), timeOrderedId(at + 1), timeOrderedId(at + 5), timeOrderedId(at + 2)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

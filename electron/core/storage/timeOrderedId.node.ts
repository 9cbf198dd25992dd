/**
 * Time-ordered ids (UUID version 7) for rows that big imports write: new ids append to the
 * id indexes instead of landing at random places in them.
 *
 * The uuid library asks Web Crypto for 16 random bytes per id, which costs more than the
 * insert it is for when an import writes thousands of rows; here the bytes come from a pool
 * refilled from Node's CSPRNG, and the millisecond and counter are kept as the library
 * keeps them, so ids made in one millisecond still sort in the order they were made.
 */
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/** Refilled in place: v7 copies the 16 bytes it is given into the id. */
const pool = Buffer.alloc(16 * 256);
let used = pool.length;
let lastMs = Number.NEGATIVE_INFINITY;
let sequence = 0;

export function timeOrderedId(now: number = Date.now()): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const random = pool.subarray(used, used + 16);
  used += 16;
  if (now > lastMs) {
    lastMs = now;
    // A fresh millisecond starts the counter at a random 31-bit value, as the library does.
    sequence =
      (((random[6] as number) & 0x7f) << 24) |
      ((random[7] as number) << 16) |
      ((random[8] as number) << 8) |
      (random[9] as number);
  } else {
    sequence = (sequence + 1) | 0;
    // The counter wrapped: borrow the next millisecond rather than repeat an id.
    if (sequence === 0) lastMs++;
  }
  return v7({ random, msecs: lastMs, seq: sequence });
}

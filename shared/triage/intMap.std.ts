/**
 * A map from non-negative integers to non-negative integers in one typed array (open
 * addressing, each key beside its value, so a lookup reads one cache line), for the
 * lookups made on every token, where a Map's boxing and hashing would cost more than the
 * work around them. Filled once, then only read.
 */
export class IntMap {
  /** key, value, key, value, ...; key -1: an empty slot. */
  private slots: Int32Array;
  private size = 0;

  constructor(expected = 16) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 2).fill(-1);
  }

  /** The value for key, or -1. */
  get(key: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hashSlot(key, mask); ; slot = (slot + 1) & mask) {
      const found = slots[slot * 2] as number;
      if (found === key) return slots[slot * 2 + 1] as number;
      if (found === -1) return -1;
    }
  }

  set(key: number, value: number): void {
    if (!Number.isInteger(key) || key < 0 || key > 0x7fffffff)
      throw new RangeError('IntMap keys are 31-bit.');
    if ((this.size + 1) * 2 > this.slots.length >> 1) this.rehash(this.slots.length);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let slot = hashSlot(key, mask);
    while (slots[slot * 2] !== -1 && slots[slot * 2] !== key) slot = (slot + 1) & mask;
    if (slots[slot * 2] === -1) this.size++;
    slots[slot * 2] = key;
    slots[slot * 2 + 1] = value;
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    this.slots = new Int32Array(capacity * 2).fill(-1);
    this.size = 0;
    for (let slot = 0; slot < old.length; slot += 2) {
      if (old[slot] !== -1) this.set(old[slot] as number, old[slot + 1] as number);
    }
  }
}

/** Spreads neighbouring keys (row * width + next) across the table. */
function hashSlot(key: number, mask: number): number {
  return (Math.imul(key, 0x9e3779b1) >>> 7) & mask;
}

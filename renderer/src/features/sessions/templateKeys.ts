/** The core's rule for a section key. */
export const SECTION_KEY_PATTERN = /^[a-z0-9_]{1,40}$/;
const MAX_KEY = 40;

/** A key from a label: lower case, every run of other characters one "_", at most 40 long. */
export function keyFromLabel(label: string): string {
  const key = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_KEY)
    .replace(/_+$/, '');
  return key === '' ? 'section' : key;
}

/** Keys for the labels in order; a repeated key gets "_2", "_3"… and stays within 40 characters. */
export function uniqueSectionKeys(labels: readonly string[]): string[] {
  const used = new Set<string>();
  return labels.map((label) => {
    const base = keyFromLabel(label);
    let key = base;
    for (let count = 2; used.has(key); count++) {
      const suffix = `_${count}`;
      key = `${base.slice(0, MAX_KEY - suffix.length)}${suffix}`;
    }
    used.add(key);
    return key;
  });
}

/**
 * Work that must reach the vault before this window locks it, such as a note's
 * autosave still waiting for its timer. Locks the engine starts itself (system
 * sleep, screen lock) cannot wait for the page.
 */
type Flush = () => Promise<unknown>;

const pending = new Set<Flush>();

/** Longest a lock waits for flushes; a lock must never hang on a slow save. */
const FLUSH_LIMIT_MS = 3_000;

export function registerBeforeLock(flush: Flush): () => void {
  pending.add(flush);
  return () => {
    pending.delete(flush);
  };
}

export async function runBeforeLock(): Promise<void> {
  const flushes = [...pending].map((flush) => flush().catch(() => undefined));
  await Promise.race([Promise.all(flushes), new Promise((resolve) => setTimeout(resolve, FLUSH_LIMIT_MS))]);
}

/**
 * Arrivals no window saw: `outpost import` run while the app is closed stores and triages
 * messages, but its `messages.arrived` events reach no one. They are kept in the vault
 * here, and the app takes them at its next unlock so a crisis among them raises the
 * in-app alert then, not only when somebody happens to open the queue.
 */
import type { VaultDatabase } from '../storage/database.node.ts';

export interface Arrivals {
  count: number;
  /** Ids of crisis-tier messages among them. */
  crisis: string[];
}

const KEY = 'unseen_arrivals';

function readKept(db: VaultDatabase): Arrivals {
  const row = db.prepare('SELECT value FROM vault_meta WHERE key = ?').get(KEY) as
    { value: string } | undefined;
  if (row === undefined) return { count: 0, crisis: [] };
  try {
    const kept = JSON.parse(row.value) as Partial<Arrivals>;
    return {
      count: Number.isSafeInteger(kept.count) ? (kept.count as number) : 0,
      crisis: Array.isArray(kept.crisis) ? kept.crisis.filter((id) => typeof id === 'string') : [],
    };
  } catch {
    // A damaged entry loses only the alert: the queue still lists every crisis message first.
    return { count: 0, crisis: [] };
  }
}

/** Adds one event's arrivals to those kept for the next window. */
export function keepUnseenArrivals(db: VaultDatabase, arrivals: Arrivals): void {
  db.transaction(() => {
    const kept = readKept(db);
    const crisis = [...new Set([...kept.crisis, ...arrivals.crisis])];
    db.prepare(
      'INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(KEY, JSON.stringify({ count: kept.count + arrivals.count, crisis }));
  })();
}

/**
 * The arrivals kept since a window last took them, and forgets them. Crisis ids are those
 * still stored at crisis tier and not closed (an override or re-triage may have moved one).
 */
export function takeUnseenArrivals(db: VaultDatabase): Arrivals {
  return db.transaction(() => {
    const kept = readKept(db);
    db.prepare('DELETE FROM vault_meta WHERE key = ?').run(KEY);
    const stillCrisis = db.prepare(
      "SELECT 1 FROM messages WHERE id = ? AND tier = 'crisis' AND status <> 'closed'",
    );
    return { count: kept.count, crisis: kept.crisis.filter((id) => stillCrisis.get(id) !== undefined) };
  })();
}

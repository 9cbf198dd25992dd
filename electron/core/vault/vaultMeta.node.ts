import type { VaultDatabase } from '../storage/database.node.ts';

/** Facts about the vault itself, written once at creation. */
export interface VaultMeta {
  created_at: string;
  created_by_version: string;
  /** 'demo' vaults may be filled with synthetic data; 'practice' vaults never. */
  purpose: 'practice' | 'demo';
}

export function writeVaultMeta(db: VaultDatabase, meta: VaultMeta): void {
  const insert = db.prepare('INSERT INTO vault_meta (key, value) VALUES (?, ?)');
  for (const [key, value] of Object.entries(meta)) insert.run(key, value);
}

export function readVaultMeta<K extends keyof VaultMeta>(
  db: VaultDatabase,
  key: K,
): VaultMeta[K] | undefined {
  const row = db.prepare('SELECT value FROM vault_meta WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value as VaultMeta[K] | undefined;
}

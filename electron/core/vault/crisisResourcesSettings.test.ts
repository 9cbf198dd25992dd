import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CRISIS_RESOURCES } from '../../../shared/domain/crisisResources.std.ts';
import type { CrisisResources } from '../../../shared/domain/crisisResources.std.ts';
import { TEST_PASSPHRASE, openTestVault } from '../testing/openVault.node.ts';
import type { TestVault } from '../testing/openVault.node.ts';

/** A list a practitioner in Wales might keep: their own region first, edited and reordered. */
function localList(): CrisisResources {
  const list = structuredClone(DEFAULT_CRISIS_RESOURCES);
  list.regions.unshift({
    id: 'wales',
    name: 'Wales',
    resources: [
      { name: 'Emergency services', kind: 'emergency', phone: '999', hours: '24/7' },
      {
        name: 'Local out-of-hours team',
        kind: 'crisis_line',
        phone: '+44 29 2000 0000',
        hours: 'Evenings and weekends',
        notes: 'Ask for the duty worker.',
      },
    ],
  });
  list.selectedRegion = 'wales';
  list.lastReviewed = '2027-02';
  return list;
}

describe('crisis resources as a vault setting', () => {
  let vault: TestVault;
  beforeEach(async () => {
    vault = await openTestVault();
  });
  afterEach(async () => {
    await vault.close();
  });

  it('starts with the defaults, keeps an edited list across lock and unlock, and audits the change', async () => {
    expect((await vault.call('vault.getSettings', {})).crisisResources).toEqual(DEFAULT_CRISIS_RESOURCES);

    const saved = await vault.call('vault.updateSettings', { crisisResources: localList() });
    expect(saved.crisisResources).toEqual(localList());

    await vault.call('vault.lock', { reason: 'manual' });
    await vault.call('vault.unlock', { passphrase: TEST_PASSPHRASE });
    const settings = await vault.call('vault.getSettings', {});
    expect(settings.crisisResources).toEqual(localList());
    expect(settings.crisisResources.regions[0]?.resources[1]?.phone).toBe('+44 29 2000 0000');

    // Another setting saved later leaves the list alone.
    await vault.call('vault.updateSettings', { consentWarningDays: 14 });
    expect((await vault.call('vault.getSettings', {})).crisisResources.selectedRegion).toBe('wales');

    const { entries } = await vault.call('audit.list', {
      filter: { actions: ['vault.settings_changed'] },
      limit: 10,
    });
    expect(entries.map((entry) => entry.details)).toEqual([
      { keys: 'consentWarningDays' },
      { keys: 'crisisResources' },
    ]);
  });

  it('refuses an invalid list with where and why, changing nothing and auditing nothing', async () => {
    await vault.call('vault.updateSettings', { crisisResources: localList() });
    const broken = localList();
    broken.regions[0]!.resources[1]!.phone = '029-2000 0000';

    await expect(vault.call('vault.updateSettings', { crisisResources: broken })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'crisisResources.regions.0.resources.1.phone',
      message: expect.stringMatching(/may hold only digits and spaces/),
    });
    const missingRegion = { ...localList(), selectedRegion: 'nowhere' };
    await expect(
      vault.call('vault.updateSettings', { crisisResources: missingRegion }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'crisisResources.selectedRegion',
    });

    expect((await vault.call('vault.getSettings', {})).crisisResources).toEqual(localList());
    const { entries } = await vault.call('audit.list', {
      filter: { actions: ['vault.settings_changed'] },
      limit: 10,
    });
    expect(entries).toHaveLength(1);
  });

  it('restores the defaults when they are saved back', async () => {
    await vault.call('vault.updateSettings', { crisisResources: localList() });
    await vault.call('vault.updateSettings', { crisisResources: DEFAULT_CRISIS_RESOURCES });
    expect((await vault.call('vault.getSettings', {})).crisisResources).toEqual(DEFAULT_CRISIS_RESOURCES);
  });
});

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CRISIS_RESOURCES,
  checkCrisisResources,
  crisisResourceSchema,
  newRegionId,
  selectedCrisisRegion,
} from './crisisResources.std.ts';
import type { CrisisResources } from './crisisResources.std.ts';

const region = (id: string) => {
  const found = DEFAULT_CRISIS_RESOURCES.regions.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no default region ${id}`);
  return found;
};
const phones = (id: string) => region(id).resources.flatMap((resource) => resource.phone ?? []);
const texts = (id: string) => region(id).resources.flatMap((resource) => resource.sms ?? []);

/** A deep copy of the defaults to break in one place. */
const edited = (change: (list: CrisisResources) => void): CrisisResources => {
  const list = structuredClone(DEFAULT_CRISIS_RESOURCES);
  change(list);
  return list;
};

describe('default crisis resources', () => {
  it('are valid, reviewed 2026-11, and show the United Kingdom first', () => {
    expect(checkCrisisResources(DEFAULT_CRISIS_RESOURCES)).toEqual({
      ok: true,
      value: DEFAULT_CRISIS_RESOURCES,
    });
    expect(DEFAULT_CRISIS_RESOURCES.lastReviewed).toBe('2026-11');
    expect(selectedCrisisRegion(DEFAULT_CRISIS_RESOURCES)?.name).toBe('United Kingdom');
    expect(DEFAULT_CRISIS_RESOURCES.regions.map((entry) => entry.name)).toEqual([
      'United Kingdom',
      'Ireland',
      'United States',
      'Canada',
      'Australia',
      'New Zealand',
      'International / other',
    ]);
  });

  it('carry the national emergency numbers and the well-known crisis lines', () => {
    expect(phones('gb')).toEqual(expect.arrayContaining(['999', '116 123']));
    expect(texts('gb')).toContain('85258');
    expect(phones('ie')).toEqual(expect.arrayContaining(['112', '116 123']));
    expect(region('ie').resources[0]?.notes).toMatch(/999/);
    expect(texts('ie')).toContain('50808');
    expect(phones('us')).toEqual(expect.arrayContaining(['911', '988']));
    expect(texts('us')).toEqual(expect.arrayContaining(['988', '741741']));
    expect(region('us').resources.find((resource) => resource.sms === '741741')?.notes).toMatch(/HOME/);
    expect(phones('ca')).toEqual(expect.arrayContaining(['911', '988']));
    expect(texts('ca')).toContain('988');
    expect(phones('au')).toEqual(expect.arrayContaining(['000', '13 11 14']));
    expect(texts('au')).toContain('0477 13 11 14');
    expect(phones('nz')).toEqual(expect.arrayContaining(['111', '1737', '0800 543 354']));
    expect(texts('nz')).toContain('1737');
    expect(phones('international')).toEqual(['112']);
    expect(region('international').resources[0]?.notes).toMatch(/Add your own local/);
  });

  it('start each region with its emergency number', () => {
    for (const entry of DEFAULT_CRISIS_RESOURCES.regions)
      expect(entry.resources[0]?.kind, entry.name).toBe('emergency');
  });
});

describe('checking an edited list', () => {
  it('requires a name, naming where it is missing', () => {
    const result = checkCrisisResources(
      edited((list) => {
        list.regions[1]!.resources[2]!.name = '   ';
      }),
    );
    expect(result).toEqual({
      ok: false,
      problems: [{ path: 'regions.1.resources.2.name', message: 'A name is required.' }],
    });
  });

  it('accepts digits, spaces and a leading + in numbers, and nothing else', () => {
    const base = { name: 'Line', kind: 'crisis_line' } as const;
    expect(crisisResourceSchema.safeParse({ ...base, phone: '+353 1 234 5678' }).success).toBe(true);
    expect(crisisResourceSchema.parse({ ...base, phone: ' 116 123 ' }).phone).toBe('116 123');
    for (const phone of ['116-123', '0800 LIFELINE', '(555) 1234', '1+2', '+', '7']) {
      const parsed = crisisResourceSchema.safeParse({ ...base, phone });
      expect(parsed.success, phone).toBe(false);
    }
    expect(crisisResourceSchema.safeParse({ ...base, phone: '116-123' }).error?.issues[0]?.message).toBe(
      'A phone number may hold only digits and spaces, with an optional + at the start.',
    );
    expect(crisisResourceSchema.safeParse({ ...base, sms: 'HOME' }).error?.issues[0]?.message).toMatch(
      /^A text \(SMS\) number may hold only digits/,
    );
  });

  it('needs some way to reach the resource, and a web address that is one', () => {
    const noContact = crisisResourceSchema.safeParse({
      name: 'Line',
      kind: 'other',
      notes: 'Ask at reception',
    });
    expect(noContact.error?.issues).toEqual([
      expect.objectContaining({
        path: ['phone'],
        message: 'Give a phone number, a text number or a web address.',
      }),
    ]);
    expect(
      crisisResourceSchema.safeParse({ name: 'x', kind: 'other', web: 'https://example.org' }).success,
    ).toBe(true);
    expect(
      crisisResourceSchema.safeParse({ name: 'x', kind: 'other', web: 'javascript:alert(1)' }).error
        ?.issues[0]?.message,
    ).toBe('A web address must start with https:// (or http://).');
  });

  it('refuses an unknown kind and an empty optional field', () => {
    expect(
      crisisResourceSchema.safeParse({ name: 'x', kind: 'police', phone: '999' }).error?.issues[0]?.message,
    ).toBe('Choose what kind of resource this is.');
    expect(
      crisisResourceSchema.safeParse({ name: 'x', kind: 'other', phone: '999', hours: ' ' }).error?.issues[0]
        ?.message,
    ).toBe('Opening hours cannot be empty; remove it instead.');
  });

  it('keeps the selected region in the list, region ids unique and at least one region', () => {
    expect(checkCrisisResources(edited((list) => void (list.selectedRegion = 'fr')))).toEqual({
      ok: false,
      problems: [
        { path: 'selectedRegion', message: 'The region shown in crisis alerts is not in the list.' },
      ],
    });
    expect(checkCrisisResources(edited((list) => void (list.regions[2]!.id = 'gb')))).toEqual({
      ok: false,
      problems: [{ path: 'regions.2.id', message: 'Two regions have the same id.' }],
    });
    const empty = checkCrisisResources(edited((list) => void (list.regions = [])));
    expect(empty.ok === false && empty.problems.map((problem) => problem.message)).toContain(
      'Keep at least one region.',
    );
  });

  it('wants the review date as year-month', () => {
    expect(checkCrisisResources(edited((list) => void (list.lastReviewed = '2026-13')))).toMatchObject({
      ok: false,
      problems: [{ path: 'lastReviewed' }],
    });
    expect(checkCrisisResources(edited((list) => void (list.lastReviewed = '2027-01'))).ok).toBe(true);
  });

  it('refuses fields it does not know', () => {
    const result = checkCrisisResources(
      edited((list) => {
        Object.assign(list.regions[0]!.resources[0]!, { clientName: 'x' });
      }),
    );
    expect(result.ok).toBe(false);
  });
});

describe('regions a person adds', () => {
  it('get an id from their name, unique in the list', () => {
    expect(newRegionId('Île-de-France (Paris)', [])).toBe('ile-de-france-paris');
    expect(newRegionId('United Kingdom', ['united-kingdom'])).toBe('united-kingdom-2');
    expect(newRegionId('United Kingdom', ['united-kingdom', 'united-kingdom-2'])).toBe('united-kingdom-3');
    expect(newRegionId('東京', [])).toBe('region');
  });

  it('fall back to the first region when the selected one is missing', () => {
    const list = { ...DEFAULT_CRISIS_RESOURCES, selectedRegion: 'gone' };
    expect(selectedCrisisRegion(list)?.id).toBe('gb');
  });
});

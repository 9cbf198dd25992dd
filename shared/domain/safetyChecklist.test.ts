import { describe, expect, it } from 'vitest';
import {
  isSafetyChecklistComplete,
  replyNeedsSafetyChecklist,
  SAFETY_CHECKLIST_ITEMS,
  safetyChecklistSchema,
} from './safetyChecklist.std.ts';

describe('safety checklist', () => {
  it('has the three items, each with a label and a reason', () => {
    expect(SAFETY_CHECKLIST_ITEMS.map((item) => [item.id, item.label])).toEqual([
      ['asked_about_suicide', 'Asked directly about suicide'],
      ['safety_plan', 'Made or reviewed a safety plan'],
      ['crisis_contacts', 'Shared crisis contacts'],
    ]);
    for (const item of SAFETY_CHECKLIST_ITEMS) expect(item.why.length).toBeGreaterThan(20);
  });

  it('needs the checklist for crisis, for urgent with a harm or abuse category, and for any C-SSRS level', () => {
    const facts = (
      tier: 'crisis' | 'urgent' | 'priority' | 'routine' | 'none',
      categories = [] as never[],
    ) => ({
      tier,
      categories,
      cssrs_level: null,
    });
    expect(replyNeedsSafetyChecklist(facts('crisis'))).toBe(true);
    expect(replyNeedsSafetyChecklist({ ...facts('urgent'), categories: ['self_harm'] })).toBe(true);
    expect(replyNeedsSafetyChecklist({ ...facts('urgent'), categories: ['harm_to_others'] })).toBe(true);
    expect(replyNeedsSafetyChecklist({ ...facts('urgent'), categories: ['abuse', 'distress'] })).toBe(true);
    expect(replyNeedsSafetyChecklist({ ...facts('urgent'), categories: ['distress'] })).toBe(false);
    expect(replyNeedsSafetyChecklist({ ...facts('priority'), categories: ['abuse'] })).toBe(false);
    expect(replyNeedsSafetyChecklist({ ...facts('routine'), cssrs_level: 'wish_to_be_dead' })).toBe(true);
    expect(replyNeedsSafetyChecklist(facts('routine'))).toBe(false);
    expect(replyNeedsSafetyChecklist(facts('none'))).toBe(false);
  });

  it('is complete only with every item ticked, and its schema takes exactly the item ids', () => {
    const all = { asked_about_suicide: true, safety_plan: true, crisis_contacts: true };
    expect(isSafetyChecklistComplete(all)).toBe(true);
    expect(isSafetyChecklistComplete({ ...all, safety_plan: false })).toBe(false);
    expect(isSafetyChecklistComplete({ asked_about_suicide: true, safety_plan: true })).toBe(false);
    expect(isSafetyChecklistComplete(null)).toBe(false);
    expect(isSafetyChecklistComplete(undefined)).toBe(false);
    expect(safetyChecklistSchema.safeParse(all).success).toBe(true);
    expect(safetyChecklistSchema.safeParse({ asked_about_suicide: true }).success).toBe(false);
    expect(safetyChecklistSchema.safeParse({ ...all, extra: true }).success).toBe(false);
    expect(safetyChecklistSchema.safeParse({ ...all, safety_plan: 'yes' }).success).toBe(false);
  });
});

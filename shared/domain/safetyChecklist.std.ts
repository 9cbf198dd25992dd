/**
 * The safety checklist a practitioner completes before a reply to a risk message can go
 * to the outbox, and the test that decides which messages need it. Shared by the core
 * (which enforces it in `replies.markReady`) and the UI (which shows it). Pure.
 */
import { z } from 'zod';
import type { Category, CssrsLevel, Tier } from '../triage/rulesSchema.std.ts';

export const SAFETY_CHECKLIST_ITEMS = [
  {
    id: 'asked_about_suicide',
    label: 'Asked directly about suicide',
    why: 'Asking directly does not plant the idea; it opens the door and tells you how close the danger is.',
  },
  {
    id: 'safety_plan',
    label: 'Made or reviewed a safety plan',
    why: 'A written plan (warning signs, coping steps, people and places, making means safer) reduces risk between contacts.',
  },
  {
    id: 'crisis_contacts',
    label: 'Shared crisis contacts',
    why: 'Distance counselling is not immediate: the client needs a number that answers now, day or night.',
  },
] as const;

export type SafetyChecklistItemId = (typeof SAFETY_CHECKLIST_ITEMS)[number]['id'];

export const SAFETY_CHECKLIST_ITEM_IDS = SAFETY_CHECKLIST_ITEMS.map((item) => item.id) as [
  SafetyChecklistItemId,
  ...SafetyChecklistItemId[],
];

/** Every item id → whether the practitioner ticked it (all ids present, no others). */
export const safetyChecklistSchema = z.record(z.enum(SAFETY_CHECKLIST_ITEM_IDS), z.boolean());
export type SafetyChecklist = z.infer<typeof safetyChecklistSchema>;

/** The categories that are themselves a risk to someone's safety (DESIGN section 4). */
export const SAFETY_RISK_CATEGORIES: readonly Category[] = ['self_harm', 'harm_to_others', 'abuse'];

export interface SafetyTriageFacts {
  tier: Tier;
  categories: readonly Category[];
  cssrs_level: CssrsLevel | null;
}

/**
 * Does a reply to a message with this triage need the safety checklist?
 *
 * From DESIGN section 4:
 * - `crisis` is by definition imminent risk to life or safety (intent, plan, means, act,
 *   harm to someone, a person in danger now): always.
 * - `urgent` mixes risk without immediacy (passive ideation, recent self-harm, abuse
 *   disclosed) with acute distress and serious harassment. Only the former are safety
 *   risks, so urgent needs the checklist when a self_harm, harm_to_others or abuse
 *   category is present; urgent distress alone is answered with care but no checklist.
 * - Any Columbia (C-SSRS) level means suicidal thinking was detected and not set aside
 *   (negated, past, figurative), whatever the tier says — including a tier a
 *   practitioner lowered by hand — so it always needs the checklist.
 * Lower tiers without a C-SSRS level do not: the engine has already set aside negated,
 * past and figurative findings there.
 */
export function replyNeedsSafetyChecklist(triage: SafetyTriageFacts): boolean {
  if (triage.cssrs_level !== null) return true;
  if (triage.tier === 'crisis') return true;
  if (triage.tier === 'urgent') {
    return triage.categories.some((category) => SAFETY_RISK_CATEGORIES.includes(category));
  }
  return false;
}

/** True only when every item is ticked; a missing or partial checklist is incomplete. */
export function isSafetyChecklistComplete(
  checklist: Partial<Record<SafetyChecklistItemId, boolean>> | null | undefined,
): boolean {
  if (checklist === null || checklist === undefined) return false;
  return SAFETY_CHECKLIST_ITEMS.every((item) => checklist[item.id] === true);
}

import { checkCrisisResources } from '../../../../shared/domain/crisisResources.std.ts';
import type {
  CrisisResourceKind,
  CrisisResources,
  CrisisResourcesProblem,
} from '../../../../shared/domain/crisisResources.std.ts';

/**
 * The crisis resources as the Settings panel edits them: every text field a string (empty
 * means "not given"), and each region and resource with a key of its own so that moving
 * one keeps its fields, and the keyboard focus, with it.
 */
export interface ResourceDraft {
  key: string;
  name: string;
  kind: CrisisResourceKind;
  phone: string;
  sms: string;
  web: string;
  hours: string;
  notes: string;
}

export interface RegionDraft {
  key: string;
  id: string;
  name: string;
  resources: ResourceDraft[];
}

export interface CrisisResourcesDraft {
  selectedRegion: string;
  lastReviewed: string;
  regions: RegionDraft[];
}

export const OPTIONAL_FIELDS = ['phone', 'sms', 'web', 'hours', 'notes'] as const;
export type OptionalField = (typeof OPTIONAL_FIELDS)[number];

let lastKey = 0;
export function newDraftKey(): string {
  lastKey++;
  return `draft-${lastKey}`;
}

export function emptyResource(): ResourceDraft {
  return {
    key: newDraftKey(),
    name: '',
    kind: 'crisis_line',
    phone: '',
    sms: '',
    web: '',
    hours: '',
    notes: '',
  };
}

export function toDraft(list: CrisisResources): CrisisResourcesDraft {
  return {
    selectedRegion: list.selectedRegion,
    lastReviewed: list.lastReviewed,
    regions: list.regions.map((region) => ({
      key: newDraftKey(),
      id: region.id,
      name: region.name,
      resources: region.resources.map((resource) => ({
        key: newDraftKey(),
        name: resource.name,
        kind: resource.kind,
        phone: resource.phone ?? '',
        sms: resource.sms ?? '',
        web: resource.web ?? '',
        hours: resource.hours ?? '',
        notes: resource.notes ?? '',
      })),
    })),
  };
}

/** The draft in the stored shape, trimmed, with empty optional fields left out; not yet checked. */
export function fromDraft(draft: CrisisResourcesDraft): unknown {
  return {
    selectedRegion: draft.selectedRegion,
    lastReviewed: draft.lastReviewed.trim(),
    regions: draft.regions.map((region) => ({
      id: region.id,
      name: region.name.trim(),
      resources: region.resources.map((resource) => {
        const stored: Record<string, string> = { name: resource.name.trim(), kind: resource.kind };
        for (const field of OPTIONAL_FIELDS) {
          const value = resource[field].trim();
          if (value !== '') stored[field] = value;
        }
        return stored;
      }),
    })),
  };
}

export type DraftCheck =
  | { ok: true; value: CrisisResources }
  | { ok: false; problems: CrisisResourcesProblem[]; byPath: ReadonlyMap<string, string> };

/** The draft checked against the same rules the core applies; problems keyed by where they are. */
export function checkDraft(draft: CrisisResourcesDraft): DraftCheck {
  const result = checkCrisisResources(fromDraft(draft));
  if (result.ok) return result;
  const byPath = new Map<string, string>();
  for (const problem of result.problems)
    if (!byPath.has(problem.path)) byPath.set(problem.path, problem.message);
  return { ok: false, problems: result.problems, byPath };
}

/** Moves the item at `index` one place up (-1) or down (+1); the same array if it cannot move. */
export function moved<T>(items: readonly T[], index: number, step: -1 | 1): T[] {
  const target = index + step;
  const item = items[index];
  const other = items[target];
  if (item === undefined || other === undefined) return [...items];
  const next = [...items];
  next[index] = other;
  next[target] = item;
  return next;
}

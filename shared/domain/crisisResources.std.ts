/**
 * Local crisis resources: emergency numbers and crisis lines per region, shown with every
 * crisis alert so the practitioner has the right number in front of them at once. Each
 * vault keeps its own editable list (a vault setting); the defaults below cover several
 * countries and must be reviewed by the service for its own region before use.
 */
import { z } from 'zod';

export const CRISIS_RESOURCE_KINDS = ['emergency', 'crisis_line', 'text_line', 'other'] as const;
export type CrisisResourceKind = (typeof CRISIS_RESOURCE_KINDS)[number];

export const CRISIS_RESOURCE_KIND_LABELS: Record<CrisisResourceKind, string> = {
  emergency: 'Emergency services',
  crisis_line: 'Crisis line',
  text_line: 'Text line',
  other: 'Other',
};

/** When the default numbers were last checked against their services' own pages (year-month). */
export const DEFAULT_CRISIS_RESOURCES_REVIEWED = '2026-11';

export const CRISIS_LIMITS = {
  regions: 60,
  resourcesPerRegion: 30,
  name: 120,
  number: 30,
  web: 300,
  hours: 80,
  notes: 500,
  regionId: 40,
} as const;

/** A number to dial or text: digits and spaces, optionally starting with +; 2 to 20 digits. */
const DIALLABLE = /^\+?[0-9][0-9 ]*$/;
const digitCount = (value: string) => value.replace(/[^0-9]/g, '').length;

function numberField(what: 'phone' | 'text') {
  const noun = what === 'phone' ? 'A phone number' : 'A text (SMS) number';
  return z
    .string()
    .trim()
    .min(1, `${noun} cannot be empty; remove it instead.`)
    .max(CRISIS_LIMITS.number, `${noun} can be at most ${CRISIS_LIMITS.number} characters.`)
    .regex(DIALLABLE, `${noun} may hold only digits and spaces, with an optional + at the start.`)
    .refine((value) => digitCount(value) >= 2 && digitCount(value) <= 20, {
      message: `${noun} needs from 2 to 20 digits.`,
    });
}

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${label} cannot be empty; remove it instead.`)
    .max(max, `${label} can be at most ${max} characters.`);

export const crisisResourceSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1, 'A name is required.')
      .max(CRISIS_LIMITS.name, `A name can be at most ${CRISIS_LIMITS.name} characters.`),
    kind: z.enum(CRISIS_RESOURCE_KINDS, 'Choose what kind of resource this is.'),
    phone: numberField('phone').optional(),
    sms: numberField('text').optional(),
    web: z
      .string()
      .trim()
      .max(CRISIS_LIMITS.web, `A web address can be at most ${CRISIS_LIMITS.web} characters.`)
      .regex(/^https?:\/\/[^\s/]+\.[^\s]+$/i, 'A web address must start with https:// (or http://).')
      .optional(),
    hours: optionalText('Opening hours', CRISIS_LIMITS.hours).optional(),
    notes: optionalText('Notes', CRISIS_LIMITS.notes).optional(),
  })
  .refine(
    (resource) => resource.phone !== undefined || resource.sms !== undefined || resource.web !== undefined,
    {
      message: 'Give a phone number, a text number or a web address.',
      path: ['phone'],
    },
  );
export type CrisisResource = z.infer<typeof crisisResourceSchema>;

export const crisisRegionSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(CRISIS_LIMITS.regionId)
    .regex(/^[a-z0-9-]+$/, 'A region id may hold only lower-case letters, digits and hyphens.'),
  name: z
    .string()
    .trim()
    .min(1, 'A region name is required.')
    .max(CRISIS_LIMITS.name, `A region name can be at most ${CRISIS_LIMITS.name} characters.`),
  resources: z
    .array(crisisResourceSchema)
    .max(
      CRISIS_LIMITS.resourcesPerRegion,
      `A region can hold at most ${CRISIS_LIMITS.resourcesPerRegion} resources.`,
    ),
});
export type CrisisRegion = z.infer<typeof crisisRegionSchema>;

export const crisisResourcesSchema = z
  .strictObject({
    /** The region whose resources crisis alerts show. */
    selectedRegion: z.string().min(1, 'Choose the region shown in crisis alerts.'),
    /** Year and month the list was last checked, e.g. "2026-11". */
    lastReviewed: z
      .string()
      .trim()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Write the review date as year-month, for example 2026-11.'),
    regions: z
      .array(crisisRegionSchema)
      .min(1, 'Keep at least one region.')
      .max(CRISIS_LIMITS.regions, `The list can hold at most ${CRISIS_LIMITS.regions} regions.`),
  })
  .superRefine((list, context) => {
    const seen = new Set<string>();
    list.regions.forEach((region, index) => {
      if (seen.has(region.id))
        context.addIssue({
          code: 'custom',
          message: 'Two regions have the same id.',
          path: ['regions', index, 'id'],
        });
      seen.add(region.id);
    });
    if (!seen.has(list.selectedRegion))
      context.addIssue({
        code: 'custom',
        message: 'The region shown in crisis alerts is not in the list.',
        path: ['selectedRegion'],
      });
  });
export type CrisisResources = z.infer<typeof crisisResourcesSchema>;

export interface CrisisResourcesProblem {
  /** Where, as dotted segments of the list: "regions.2.resources.0.phone". */
  path: string;
  message: string;
}

/** Checks an edited list: the stored value, or every problem with where it is. */
export function checkCrisisResources(
  input: unknown,
): { ok: true; value: CrisisResources } | { ok: false; problems: CrisisResourcesProblem[] } {
  const parsed = crisisResourcesSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  };
}

/** The region crisis alerts show: the selected one, or the first if it has gone. */
export function selectedCrisisRegion(list: CrisisResources): CrisisRegion | undefined {
  return list.regions.find((region) => region.id === list.selectedRegion) ?? list.regions[0];
}

/** A fresh id for a region a person adds: from its name, unique in the list. */
export function newRegionId(name: string, taken: readonly string[]): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, CRISIS_LIMITS.regionId - 4) || 'region';
  let id = base;
  for (let suffix = 2; taken.includes(id); suffix++) id = `${base}-${suffix}`;
  return id;
}

/**
 * The defaults: national emergency numbers and well-established free crisis services.
 * Only numbers checked against the services' own published details are listed; services
 * change, so administrators review this list for their region (see README).
 */
export const DEFAULT_CRISIS_RESOURCES: CrisisResources = {
  selectedRegion: 'gb',
  lastReviewed: DEFAULT_CRISIS_RESOURCES_REVIEWED,
  regions: [
    {
      id: 'gb',
      name: 'United Kingdom',
      resources: [
        {
          name: 'Emergency services',
          kind: 'emergency',
          phone: '999',
          hours: '24/7',
          notes: 'Immediate danger to life. 112 also works.',
        },
        {
          name: 'Samaritans',
          kind: 'crisis_line',
          phone: '116 123',
          web: 'https://www.samaritans.org',
          hours: '24/7',
          notes: 'Free to call.',
        },
        {
          name: 'Shout',
          kind: 'text_line',
          sms: '85258',
          web: 'https://giveusashout.org',
          hours: '24/7',
          notes: 'Text SHOUT to 85258. Free.',
        },
        {
          name: 'NHS 111',
          kind: 'other',
          phone: '111',
          hours: '24/7',
          notes: 'Urgent mental health help in England: choose the mental health option.',
        },
      ],
    },
    {
      id: 'ie',
      name: 'Ireland',
      resources: [
        {
          name: 'Emergency services',
          kind: 'emergency',
          phone: '112',
          hours: '24/7',
          notes: '999 also works.',
        },
        {
          name: 'Samaritans Ireland',
          kind: 'crisis_line',
          phone: '116 123',
          web: 'https://www.samaritans.org',
          hours: '24/7',
          notes: 'Free to call.',
        },
        {
          name: '50808 text service',
          kind: 'text_line',
          sms: '50808',
          hours: '24/7',
          notes: 'Text HELLO to 50808. Free.',
        },
        {
          name: 'Pieta crisis helpline',
          kind: 'crisis_line',
          phone: '1800 247 247',
          web: 'https://www.pieta.ie',
          hours: '24/7',
          notes: 'Suicide and self-harm. Free.',
        },
      ],
    },
    {
      id: 'us',
      name: 'United States',
      resources: [
        { name: 'Emergency services', kind: 'emergency', phone: '911', hours: '24/7' },
        {
          name: '988 Suicide & Crisis Lifeline',
          kind: 'crisis_line',
          phone: '988',
          sms: '988',
          web: 'https://988lifeline.org',
          hours: '24/7',
          notes: 'Call or text 988. Veterans: call 988, then press 1.',
        },
        {
          name: 'Crisis Text Line',
          kind: 'text_line',
          sms: '741741',
          web: 'https://www.crisistextline.org',
          hours: '24/7',
          notes: 'Text HOME to 741741.',
        },
      ],
    },
    {
      id: 'ca',
      name: 'Canada',
      resources: [
        { name: 'Emergency services', kind: 'emergency', phone: '911', hours: '24/7' },
        {
          name: '9-8-8 Suicide Crisis Helpline',
          kind: 'crisis_line',
          phone: '988',
          sms: '988',
          web: 'https://988.ca',
          hours: '24/7',
          notes: 'Call or text 9-8-8.',
        },
        {
          name: 'Kids Help Phone',
          kind: 'crisis_line',
          phone: '1 800 668 6868',
          sms: '686868',
          web: 'https://kidshelpphone.ca',
          hours: '24/7',
          notes: 'Young people. Text CONNECT to 686868.',
        },
      ],
    },
    {
      id: 'au',
      name: 'Australia',
      resources: [
        {
          name: 'Emergency services',
          kind: 'emergency',
          phone: '000',
          hours: '24/7',
          notes: 'From a mobile, 112 also works.',
        },
        {
          name: 'Lifeline',
          kind: 'crisis_line',
          phone: '13 11 14',
          web: 'https://www.lifeline.org.au',
          hours: '24/7',
        },
        {
          name: 'Lifeline text',
          kind: 'text_line',
          sms: '0477 13 11 14',
          web: 'https://www.lifeline.org.au',
          hours: '24/7',
        },
        {
          name: 'Beyond Blue',
          kind: 'other',
          phone: '1300 22 4636',
          web: 'https://www.beyondblue.org.au',
          hours: '24/7',
          notes: 'Support for anxiety and depression.',
        },
      ],
    },
    {
      id: 'nz',
      name: 'New Zealand',
      resources: [
        { name: 'Emergency services', kind: 'emergency', phone: '111', hours: '24/7' },
        {
          name: '1737 Need to talk?',
          kind: 'crisis_line',
          phone: '1737',
          sms: '1737',
          web: 'https://1737.org.nz',
          hours: '24/7',
          notes: 'Free call or text 1737 to talk to a trained counsellor.',
        },
        {
          name: 'Lifeline Aotearoa',
          kind: 'crisis_line',
          phone: '0800 543 354',
          web: 'https://www.lifeline.org.nz',
          hours: '24/7',
          notes: '0800 LIFELINE.',
        },
        {
          name: 'Suicide Crisis Helpline',
          kind: 'crisis_line',
          phone: '0508 828 865',
          hours: '24/7',
          notes: '0508 TAUTOKO.',
        },
      ],
    },
    {
      id: 'international',
      name: 'International / other',
      resources: [
        {
          name: 'GSM emergency number',
          kind: 'emergency',
          phone: '112',
          notes:
            'Works from mobile phones in the EU and many other countries. Add your own local emergency number and crisis lines here (Settings › Crisis resources).',
        },
        {
          name: 'Find A Helpline',
          kind: 'other',
          web: 'https://findahelpline.com',
          notes:
            'Directory of free crisis lines by country. Check it and add your local lines to this region.',
        },
      ],
    },
  ],
};

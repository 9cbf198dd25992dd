/** RPC shapes for incoming messages, the queue and triage explanations. */
import { z } from 'zod';
import { CATEGORIES, CSSRS_LEVELS, TIERS } from '../triage/rulesSchema.std.ts';

const isoTime = z.iso.datetime({ offset: true });
const idSchema = z.string().min(1).max(100);

export const MESSAGE_CHANNELS = ['email', 'sms', 'chat', 'social_post', 'social_dm', 'web_form'] as const;
export const MESSAGE_STATUSES = [
  'new',
  'claimed',
  'replied',
  'awaiting_client',
  'closed',
  'snoozed',
] as const;

export const tierSchema = z.enum(TIERS);
export const messageChannelSchema = z.enum(MESSAGE_CHANNELS);
export const messageStatusSchema = z.enum(MESSAGE_STATUSES);

const evidenceSchema = z.strictObject({
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  signal: z.string(),
  rule: z.string(),
});

export const triageResultSchema = z.strictObject({
  tier: tierSchema,
  score: z.number().int(),
  categories: z.array(z.enum(CATEGORIES)),
  service_level: z.enum(['self_help', 'brief_staff_assisted', 'individual_case_managed']),
  service_level_reason: z.string(),
  cssrs_level: z.enum(CSSRS_LEVELS).nullable(),
  evidence: z.array(evidenceSchema),
  set_aside: z.array(
    evidenceSchema.extend({
      reason: z.enum(['negated', 'past', 'context', 'joking', 'hypothetical']),
      because: evidenceSchema.nullable(),
    }),
  ),
  escalations: z.array(
    z.strictObject({
      rule: z.string(),
      description: z.string(),
      tier: tierSchema,
      signals: z.array(z.string()),
    }),
  ),
  protective_factors: z.array(evidenceSchema),
  risk_model: z
    .strictObject({ version: z.string(), probability: z.number(), raised: z.boolean() })
    .nullable()
    .default(null),
  rules_version: z.string(),
});

export const csvMappingSchema = z.strictObject({
  text: z.string().min(1).max(200),
  from: z.string().max(200).optional(),
  receivedAt: z.string().max(200).optional(),
  id: z.string().max(200).optional(),
  channel: z.string().max(200).optional(),
  thread: z.string().max(200).optional(),
  name: z.string().max(200).optional(),
});

export const fileReportSchema = z.strictObject({
  file: z.string(),
  format: z.string().nullable(),
  /** "cancelled": stopped by messages.cancelImport before it was stored; nothing from it was kept. */
  outcome: z.enum(['imported', 'failed', 'cancelled']),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.strictObject({ item: z.number().int(), reason: z.string() })),
  error: z.string().nullable(),
  crisis: z.array(idSchema),
});

export const queueCursorSchema = z.strictObject({
  queueRank: z.number().int().min(0).max(4),
  dueAt: isoTime,
  id: idSchema,
});

export const queueItemSchema = z.strictObject({
  id: idSchema,
  sourceId: z.string().nullable(),
  tier: tierSchema,
  score: z.number().int(),
  overdue: z.boolean(),
  receivedAt: isoTime,
  dueAt: isoTime,
  status: messageStatusSchema,
  assignee: z.string().nullable(),
  clientId: idSchema.nullable(),
  clientName: z.string().nullable(),
  channel: messageChannelSchema,
  sender: z.string().nullable(),
  subject: z.string().nullable(),
  /** A window of the text around the first evidence, with the evidence spans inside it. */
  preview: z.string(),
  previewMarks: z.array(z.strictObject({ start: z.number().int(), end: z.number().int() })),
});

export const queueCountsSchema = z.strictObject({
  total: z.number().int(),
  overdue: z.number().int(),
  byTier: z.record(tierSchema, z.number().int()),
});

export const queueFilterSchema = z.strictObject({
  tiers: z.array(tierSchema).max(5).optional(),
  channels: z.array(messageChannelSchema).max(6).optional(),
  statuses: z.array(messageStatusSchema).max(6).optional(),
  assignee: z.string().max(120).optional(),
  clientId: idSchema.optional(),
});

export const messageDetailSchema = z.strictObject({
  id: idSchema,
  sourceId: z.string().nullable(),
  channel: messageChannelSchema,
  sender: z.string().nullable(),
  senderName: z.string().nullable(),
  subject: z.string().nullable(),
  body: z.string(),
  receivedAt: isoTime,
  threadKey: z.string().nullable(),
  clientId: idSchema.nullable(),
  status: messageStatusSchema,
  assignee: z.string().nullable(),
  tier: tierSchema,
  dueAt: isoTime,
  triage: z.array(
    z.strictObject({ rulesVersion: z.string(), triagedAt: isoTime, result: triageResultSchema }),
  ),
  override: z
    .strictObject({ tier: tierSchema, reason: z.string(), by: z.string().nullable(), at: isoTime })
    .nullable(),
  /** What each triage signal named in the results means, in plain words. */
  signals: z.record(z.string(), z.string()),
  /** The other messages of the same conversation, oldest first (the most recent 20). */
  thread: z.array(
    z.strictObject({
      id: idSchema,
      receivedAt: isoTime,
      sender: z.string().nullable(),
      tier: tierSchema,
      status: messageStatusSchema,
      preview: z.string(),
    }),
  ),
});

/** Typed or pasted by the practitioner: stored, triaged and linked exactly like an import. */
export const addMessageInputSchema = z.strictObject({
  text: z.string().trim().min(1).max(200_000),
  channel: messageChannelSchema,
  /** The sender's address, number or handle. */
  from: z.string().trim().min(1).max(1000).optional(),
  fromName: z.string().trim().min(1).max(1000).optional(),
  /** When the client sent it; defaults to now. */
  receivedAt: isoTime.optional(),
  subject: z.string().trim().min(1).max(1000).optional(),
});

/** What the CSV column-mapping step shows before an import. */
export const csvInspectionSchema = z.strictObject({
  /** Identifies the header row (hash of the column names); mappings are remembered under it. */
  signature: z.string(),
  hasHeaderRow: z.boolean(),
  headers: z.array(z.string()),
  /** The first rows after the header, each cell cut to a few hundred characters. */
  sampleRows: z.array(z.array(z.string())),
  /** The mapping last used for a file with these headers, if any. */
  rememberedMapping: csvMappingSchema.nullable(),
  /** The guess from the header names; `text` is missing when no column looks like the text. */
  suggestedMapping: csvMappingSchema.partial(),
  /** True when importing without choosing a mapping would fail with "needs a column mapping". */
  needsMapping: z.boolean(),
});

export const importProgressSchema = z.strictObject({
  /** The file's name (not its folder). */
  file: z.string(),
  filesDone: z.number().int().nonnegative(),
  filesTotal: z.number().int().nonnegative(),
  /** Items read and triaged so far in this file. */
  itemsDone: z.number().int().nonnegative(),
});

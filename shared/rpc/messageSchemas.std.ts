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
  outcome: z.enum(['imported', 'failed']),
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
  preview: z.string(),
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
});

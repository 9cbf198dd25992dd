import { z } from 'zod';

/**
 * Team exchange: identities, the team directory, and signed, age-encrypted bundles
 * of session summaries (and, by design, supervision payloads) passed between
 * practitioners without a server. See electron/core/exchange/bundleFormat.node.ts
 * for the file format.
 */
const isoTime = z.iso.datetime({ offset: true });
const filePath = z.string().min(1).max(4096);

export const TEAM_ROLES = ['practitioner', 'supervisor'] as const;
export const teamRoleSchema = z.enum(TEAM_ROLES);
export type TeamRole = z.infer<typeof teamRoleSchema>;

/** An age X25519 recipient, as `age-keygen` prints it (Bech32, lower case). */
export const ageRecipientSchema = z.string().regex(/^age1[02-9ac-hj-np-z]{58}$/, 'an age1… X25519 recipient');
/** An Ed25519 public key, 32 bytes in base64url without padding. */
export const signingKeySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'an Ed25519 public key');
/** Ten groups of four hexadecimal digits, compared aloud or side by side. */
export const fingerprintSchema = z.string().regex(/^([0-9A-F]{4} ){9}[0-9A-F]{4}$/);

/** Bundle payload kinds. A `vault_transfer` bundle holds only that one entry (see exchange.exportVaultTransfer). */
export const BUNDLE_ENTRY_KINDS = [
  'session_summary',
  'reply_for_review',
  'review_decision',
  'vault_transfer',
] as const;
export const bundleEntryKindSchema = z.enum(BUNDLE_ENTRY_KINDS);
export type BundleEntryKind = z.infer<typeof bundleEntryKindSchema>;

export const publicCardSchema = z.strictObject({
  displayName: z.string().min(1).max(120),
  role: teamRoleSchema,
  ageRecipient: ageRecipientSchema,
  signingKey: signingKeySchema,
  fingerprint: fingerprintSchema,
});
export type PublicCard = z.infer<typeof publicCardSchema>;

export const identityOutputSchema = z.strictObject({
  card: publicCardSchema,
  /** The card as text to paste or send; `exchange.addMember` reads it back. */
  cardText: z.string(),
  /** The card text as a QR code, an SVG document. */
  qrSvg: z.string(),
  createdAt: isoTime,
});

export const teamMemberSchema = z.strictObject({
  id: z.uuid(),
  displayName: z.string(),
  role: teamRoleSchema,
  ageRecipient: ageRecipientSchema,
  signingKey: signingKeySchema,
  fingerprint: fingerprintSchema,
  verified: z.boolean(),
  verifiedAt: isoTime.nullable(),
  addedAt: isoTime,
});
export type TeamMember = z.infer<typeof teamMemberSchema>;

/** Why a chosen client's summaries stayed behind. */
export const EXCLUSION_REASONS = [
  'consent_missing',
  'consent_expired',
  'consent_withdrawn',
  'no_signed_notes',
] as const;
export const exclusionSchema = z.strictObject({
  clientId: z.uuid(),
  displayName: z.string(),
  reason: z.enum(EXCLUSION_REASONS),
});

export const summarySelectionSchema = z.strictObject({
  /** Omit for every active client. */
  clientIds: z.array(z.uuid()).min(1).max(10_000).optional(),
  /** Sessions on or after this date (YYYY-MM-DD) … */
  since: z.iso.date().optional(),
  /** … and on or before this one. */
  until: z.iso.date().optional(),
});

export const exportPreviewSchema = z.strictObject({
  included: z.array(
    z.strictObject({ clientId: z.uuid(), displayName: z.string(), summaries: z.number().int() }),
  ),
  excluded: z.array(exclusionSchema),
});

/** Either to colleagues' keys (directory members and/or raw recipients), or to a passphrase. */
export const exportTargetSchema = z.union([
  z.strictObject({
    memberIds: z.array(z.uuid()).max(50).default([]),
    recipients: z.array(ageRecipientSchema).max(50).default([]),
  }),
  z.strictObject({ passphrase: z.string().min(12).max(1024) }),
]);

export const exportSummariesInputSchema = summarySelectionSchema.extend({
  to: exportTargetSchema,
  pseudonymise: z.boolean().default(false),
  /** The bundle file to write; it must not exist yet. */
  out: filePath,
});

export const exportSummariesOutputSchema = z.strictObject({
  file: z.string(),
  bytes: z.number().int(),
  bundleId: z.uuid(),
  summaries: z.number().int(),
  clients: z.number().int(),
  recipients: z.number().int(),
  excluded: z.array(exclusionSchema),
});

export const signerStatusSchema = z.enum(['verified', 'unverified', 'unknown']);
export type SignerStatus = z.infer<typeof signerStatusSchema>;

export const summaryPreviewSchema = z.strictObject({
  summaryId: z.string(),
  clientLabel: z.string(),
  pseudonymised: z.boolean(),
  sessionAt: isoTime,
  template: z.string(),
});

export const inspectInputSchema = z.strictObject({
  file: filePath,
  /** For bundles locked with a passphrase instead of to this vault's key. */
  bundlePassphrase: z.string().min(1).max(1024).optional(),
});

export const inspectionSchema = z.strictObject({
  bundleId: z.uuid(),
  /** Pass back to `exchange.accept`, so what is accepted is what was shown. */
  manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  formatVersion: z.number().int(),
  createdAt: isoTime,
  encryptedTo: z.enum(['recipients', 'passphrase']),
  sender: z.strictObject({
    displayName: z.string(),
    role: teamRoleSchema,
    fingerprint: fingerprintSchema,
    memberId: z.uuid().nullable(),
  }),
  signer: signerStatusSchema,
  /** Plain sentences the UI must show before accepting (unknown signer, unverified member…). */
  warnings: z.array(z.string()),
  contents: z.array(z.strictObject({ kind: bundleEntryKindSchema, count: z.number().int() })),
  summaries: z.array(summaryPreviewSchema),
  alreadyImported: z.boolean(),
});
export type Inspection = z.infer<typeof inspectionSchema>;

export const acceptInputSchema = inspectInputSchema.extend({
  bundleId: z.uuid(),
  manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Required when the signer is not in the team directory: the warning was seen. */
  trustUnknownSigner: z.boolean().default(false),
});

export const acceptOutputSchema = z.strictObject({
  bundleId: z.uuid(),
  imported: z.number().int(),
  /** Replies received for review (supervisor side). */
  reviewRequests: z.number().int(),
  /** Review decisions applied to this vault's replies; others were no longer awaiting review. */
  decisionsApplied: z.number().int(),
  /** Summaries already here from an earlier bundle (same sender, same note, same content). */
  alreadyHere: z.number().int(),
  alreadyImported: z.boolean(),
});

export const importedSummarySchema = z.strictObject({
  id: z.string(),
  bundleId: z.uuid(),
  senderName: z.string(),
  signer: signerStatusSchema,
  clientRef: z.string(),
  clientLabel: z.string(),
  pseudonymised: z.boolean(),
  sessionAt: isoTime,
  markdown: z.string(),
  summary: z.record(z.string(), z.unknown()),
  importedAt: isoTime,
});
export type ImportedSummary = z.infer<typeof importedSummarySchema>;

export const exchangeProgressSchema = z.strictObject({
  operation: z.enum(['export', 'import']),
  stage: z.enum(['collecting', 'encrypting', 'decrypting', 'verifying', 'saving']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});

export const exchangeFileSchema = filePath;

/** Supervision: a reply sent for review, as the supervisor's vault holds it. */
export const reviewRequestSchema = z.strictObject({
  id: z.uuid(),
  senderName: z.string(),
  replyId: z.string(),
  clientLabel: z.string(),
  message: z.strictObject({
    channel: z.string(),
    receivedAt: isoTime,
    tier: z.string(),
    subject: z.string().nullable(),
    text: z.string(),
  }),
  reply: z.strictObject({ subject: z.string().nullable(), body: z.string(), author: z.string().nullable() }),
  receivedAt: isoTime,
  decision: z.enum(['approved', 'returned']).nullable(),
  comments: z.string().nullable(),
  decidedAt: isoTime.nullable(),
  decisionSentAt: isoTime.nullable(),
});
export type ReviewRequest = z.infer<typeof reviewRequestSchema>;

export const exportReviewRequestsInputSchema = z.strictObject({
  to: exportTargetSchema,
  /** Omit for every reply awaiting review. */
  replyIds: z.array(z.uuid()).min(1).max(1000).optional(),
  out: filePath,
});

export const exportReviewDecisionsInputSchema = z.strictObject({ to: exportTargetSchema, out: filePath });

export const supervisionExportOutputSchema = z.strictObject({
  file: z.string(),
  bytes: z.number().int(),
  bundleId: z.uuid(),
  entries: z.number().int(),
  excluded: z.array(z.strictObject({ replyId: z.string(), reason: z.enum(EXCLUSION_REASONS) })),
});

export const decideReviewInputSchema = z.strictObject({
  id: z.uuid(),
  approved: z.boolean(),
  comments: z.string().trim().max(5000).nullable().default(null),
});

/**
 * Whole-vault transfer to a new machine (issue 8, payload (d)): one bundle whose
 * single `vault_transfer` entry is a backup snapshot of the vault (its database
 * still encrypted with the vault's key). The vault passphrase travels with the
 * person, never in the bundle.
 */
export const exportVaultTransferInputSchema = z.strictObject({
  /** A bundle passphrase (recommended: a new machine has no team identity yet) or colleagues' keys. */
  to: exportTargetSchema,
  /** The folder to write the bundle in (a USB stick, say); the file is named there… */
  folder: filePath,
  /** …unless this exact file is given (the command line's --out); it must not exist yet. */
  out: filePath.optional(),
});

export const exportVaultTransferOutputSchema = z.strictObject({
  file: z.string(),
  bytes: z.number().int(),
  bundleId: z.uuid(),
  snapshotBytes: z.number().int(),
  encryptedTo: z.enum(['recipients', 'passphrase']),
  recipients: z.number().int(),
});

export const vaultTransferSourceSchema = z.strictObject({
  file: filePath,
  /** Needed unless the bundle was encrypted to this (unlocked) vault's team key. */
  bundlePassphrase: z.string().min(1).max(1024).optional(),
});

export const vaultTransferInspectionSchema = z.strictObject({
  bundleId: z.uuid(),
  /** Pass back to `exchange.importVaultTransfer`, so what is restored is what was shown. */
  manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: isoTime,
  encryptedTo: z.enum(['recipients', 'passphrase']),
  /** Compare the fingerprint with the one the old computer shows before restoring. */
  sender: z.strictObject({ displayName: z.string(), role: teamRoleSchema, fingerprint: fingerprintSchema }),
  snapshotBytes: z.number().int(),
});

export const importVaultTransferInputSchema = vaultTransferSourceSchema.extend({
  /** The moved vault's own passphrase, as typed by its owner. */
  vaultPassphrase: z.string().min(1).max(1024),
  /** From exchange.inspectVaultTransfer; when given, a different bundle is refused. */
  manifestSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

export const importVaultTransferOutputSchema = vaultTransferInspectionSchema.extend({
  /** Where the vault that was here was moved, or null when there was none. */
  setAside: z.string().nullable(),
});

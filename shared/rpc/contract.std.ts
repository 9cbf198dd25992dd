import { z } from 'zod';

/**
 * The one contract between the UI and the core. Every method names its input and
 * output schema; the core validates inputs (and its own outputs) against it and the
 * renderer's client takes its types from it. Add a method here first.
 */
export const VAULT_STATES = ['absent', 'locked', 'unlocked'] as const;
export const vaultStateSchema = z.enum(VAULT_STATES);
export type VaultState = z.infer<typeof vaultStateSchema>;

const noInput = z.strictObject({});

export const contract = {
  'app.info': {
    input: noInput,
    output: z.strictObject({
      name: z.string(),
      version: z.string(),
      platform: z.string(),
      arch: z.string(),
      runtime: z.string(),
      vaultState: vaultStateSchema,
    }),
  },
} as const satisfies Record<string, MethodSpec>;

/** Events the core pushes to the UI, with their payloads. */
export const events = {
  'vault.locked': z.strictObject({ reason: z.enum(['manual', 'idle', 'suspend', 'screen-lock']) }),
  'messages.arrived': z.strictObject({ count: z.number().int().nonnegative() }),
} as const satisfies Record<string, z.ZodType>;

export interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
}

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

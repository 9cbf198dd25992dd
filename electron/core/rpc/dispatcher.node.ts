import type { z } from 'zod';
import type { MethodSpec } from '../../../shared/rpc/contract.std.ts';
import { MAX_REQUEST_BYTES } from '../../../shared/rpc/envelope.std.ts';
import type { RpcReply } from '../../../shared/rpc/envelope.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';

export type HandlersFor<C extends Record<string, MethodSpec>> = {
  [M in keyof C]: (
    input: z.output<C[M]['input']>,
  ) => Promise<z.input<C[M]['output']>> | z.input<C[M]['output']>;
};

export interface DispatcherOptions {
  maxRequestBytes?: number;
  /** Turns known failures (a full disk, a damaged file) into RpcErrors before they count as internal. */
  mapError?: (error: unknown) => RpcError | undefined;
  /** Told about every error answered as a value, e.g. to remember that the vault is damaged. */
  onRpcError?: (method: string, error: RpcError) => void;
  /** Told the method name and error class of unexpected failures; never the message, which may hold client text. */
  onInternalError?: (method: string, error: unknown) => void;
}

export interface Dispatcher {
  dispatch(request: unknown): Promise<RpcReply>;
}

/**
 * Validates every request against the contract before a handler sees it, and every
 * result before it leaves, so the UI can trust the types it was promised.
 */
export function createDispatcher<C extends Record<string, MethodSpec>>(
  contract: C,
  handlers: HandlersFor<C>,
  options: DispatcherOptions = {},
): Dispatcher {
  const maxRequestBytes = options.maxRequestBytes ?? MAX_REQUEST_BYTES;

  async function run(request: { id: number; method: string; input: unknown }): Promise<RpcReply> {
    const { id, method } = request;
    const size = jsonByteLength(request.input);
    if (size === undefined) {
      return fail(id, { code: 'INVALID_INPUT', message: 'Input must be plain JSON data.' });
    }
    if (size > maxRequestBytes) {
      return fail(id, {
        code: 'PAYLOAD_TOO_LARGE',
        message: `Request is ${size} bytes; the limit is ${maxRequestBytes}.`,
      });
    }
    if (!Object.hasOwn(contract, method)) {
      return fail(id, { code: 'UNKNOWN_METHOD', message: `Unknown method "${method}".` });
    }
    const spec = contract[method] as MethodSpec;
    const parsed = spec.input.safeParse(request.input ?? {});
    if (!parsed.success) return fail(id, invalidInput(parsed.error));

    try {
      const handler = handlers[method as keyof C] as (input: unknown) => unknown;
      const output = spec.output.safeParse(await handler(parsed.data));
      if (!output.success) {
        options.onInternalError?.(method, new Error('output did not match the contract'));
        return fail(id, { code: 'INTERNAL', message: 'The engine produced an unexpected answer.' });
      }
      return { id, result: output.data };
    } catch (error) {
      const known = error instanceof RpcError ? error : options.mapError?.(error);
      if (known !== undefined) {
        options.onRpcError?.(method, known);
        return { id, error: known.toValue() };
      }
      options.onInternalError?.(method, error);
      return fail(id, { code: 'INTERNAL', message: 'Unexpected failure in the engine.' });
    }
  }

  return {
    dispatch(request) {
      if (!isRequestEnvelope(request)) {
        const id =
          typeof (request as { id?: unknown })?.id === 'number' ? (request as { id: number }).id : -1;
        return Promise.resolve(
          fail(id, {
            code: 'INVALID_INPUT',
            message: 'A request needs a numeric "id" and a string "method".',
          }),
        );
      }
      return run(request);
    },
  };
}

function isRequestEnvelope(value: unknown): value is { id: number; method: string; input: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const { id, method } = value as { id?: unknown; method?: unknown };
  return typeof id === 'number' && Number.isSafeInteger(id) && typeof method === 'string';
}

function fail(id: number, error: ConstructorParameters<typeof RpcError>[0]): RpcReply {
  return { id, error };
}

/** Size of the input as UTF-8 JSON, or undefined when it is not JSON-serialisable. */
function jsonByteLength(value: unknown): number | undefined {
  try {
    const text = JSON.stringify(value ?? null);
    return text === undefined ? undefined : Buffer.byteLength(text, 'utf8');
  } catch {
    return undefined;
  }
}

/** Names the first offending field; zod's messages describe the rule, never the value. */
function invalidInput(error: z.ZodError): ConstructorParameters<typeof RpcError>[0] {
  const issue = error.issues[0];
  if (issue === undefined) return { code: 'INVALID_INPUT', message: 'Invalid input.' };
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  const field = path.join('.');
  return field === ''
    ? { code: 'INVALID_INPUT', message: `Invalid input: ${issue.message}` }
    : { code: 'INVALID_INPUT', message: `Invalid input at "${field}": ${issue.message}`, field };
}

import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { RpcError } from '../../../shared/rpc/errors.std.ts';
import { createDispatcher } from './dispatcher.node.ts';

const testContract = {
  'notes.save': {
    input: z.strictObject({
      clientId: z.string().min(1),
      note: z.strictObject({ text: z.string().max(20), tags: z.array(z.string()) }),
    }),
    output: z.strictObject({ saved: z.literal(true) }),
  },
  'notes.broken': { input: z.strictObject({}), output: z.strictObject({ ok: z.boolean() }) },
  'notes.fail': { input: z.strictObject({}), output: z.strictObject({}) },
  'notes.refuse': { input: z.strictObject({}), output: z.strictObject({}) },
};

function makeDispatcher(onInternalError = vi.fn()) {
  const save = vi.fn(() => ({ saved: true as const }));
  const dispatcher = createDispatcher(
    testContract,
    {
      'notes.save': save,
      'notes.broken': () => ({ ok: 'yes' }) as unknown as { ok: boolean },
      'notes.fail': () => {
        throw new Error('client Jane Doe said something private');
      },
      'notes.refuse': () => {
        throw new RpcError({ code: 'VAULT_LOCKED', message: 'Vault is locked.' });
      },
    },
    { maxRequestBytes: 1024, onInternalError },
  );
  return { dispatcher, save, onInternalError };
}

const validInput = { clientId: 'c1', note: { text: 'hello', tags: ['a'] } };

describe('dispatcher', () => {
  it('passes validated input to the handler and returns its result', async () => {
    const { dispatcher, save } = makeDispatcher();
    await expect(dispatcher.dispatch({ id: 7, method: 'notes.save', input: validInput })).resolves.toEqual({
      id: 7,
      result: { saved: true },
    });
    expect(save).toHaveBeenCalledWith(validInput);
  });

  it('names the nested field of invalid input and never calls the handler', async () => {
    const { dispatcher, save } = makeDispatcher();
    const reply = await dispatcher.dispatch({
      id: 1,
      method: 'notes.save',
      input: { clientId: 'c1', note: { text: 'x', tags: [3] } },
    });
    expect(reply).toMatchObject({ id: 1, error: { code: 'INVALID_INPUT', field: 'note.tags.0' } });
    expect(save).not.toHaveBeenCalled();
  });

  it('names an unexpected field', async () => {
    const { dispatcher } = makeDispatcher();
    const reply = await dispatcher.dispatch({
      id: 2,
      method: 'notes.save',
      input: { ...validInput, admin: true },
    });
    expect(reply).toMatchObject({ error: { code: 'INVALID_INPUT', field: 'admin' } });
  });

  it('does not echo the rejected value in the message', async () => {
    const { dispatcher } = makeDispatcher();
    const secret = 'my client is thinking of ending it all';
    const reply = await dispatcher.dispatch({
      id: 3,
      method: 'notes.save',
      input: { clientId: 'c1', note: { text: secret, tags: [] } },
    });
    expect(reply).toMatchObject({ error: { code: 'INVALID_INPUT', field: 'note.text' } });
    expect(JSON.stringify(reply)).not.toContain('ending it all');
  });

  it('answers UNKNOWN_METHOD for methods outside the contract, including prototype names', async () => {
    const { dispatcher } = makeDispatcher();
    for (const method of ['notes.delete', 'toString', '__proto__', 'constructor']) {
      expect(await dispatcher.dispatch({ id: 4, method, input: {} })).toMatchObject({
        id: 4,
        error: { code: 'UNKNOWN_METHOD' },
      });
    }
  });

  it('answers PAYLOAD_TOO_LARGE above the limit, counting UTF-8 bytes', async () => {
    const { dispatcher, save } = makeDispatcher();
    const big = { clientId: 'é'.repeat(600), note: { text: '', tags: [] } };
    expect(JSON.stringify(big).length).toBeLessThan(1024);
    expect(await dispatcher.dispatch({ id: 5, method: 'notes.save', input: big })).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE' },
    });
    expect(save).not.toHaveBeenCalled();
  });

  it('rejects malformed envelopes and non-JSON input', async () => {
    const { dispatcher } = makeDispatcher();
    expect(await dispatcher.dispatch('nope')).toMatchObject({ id: -1, error: { code: 'INVALID_INPUT' } });
    expect(await dispatcher.dispatch({ id: 1.5, method: 'notes.save' })).toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
    expect(await dispatcher.dispatch({ id: 9, method: 42 })).toMatchObject({
      id: 9,
      error: { code: 'INVALID_INPUT' },
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await dispatcher.dispatch({ id: 10, method: 'notes.save', input: cyclic })).toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('passes RpcErrors through and hides unexpected errors behind INTERNAL', async () => {
    const { dispatcher, onInternalError } = makeDispatcher();
    expect(await dispatcher.dispatch({ id: 1, method: 'notes.refuse', input: {} })).toEqual({
      id: 1,
      error: { code: 'VAULT_LOCKED', message: 'Vault is locked.' },
    });
    const reply = await dispatcher.dispatch({ id: 2, method: 'notes.fail', input: {} });
    expect(reply).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain('Jane');
    expect(onInternalError).toHaveBeenCalledWith('notes.fail', expect.any(Error));
  });

  it('refuses to send a result that breaks the contract', async () => {
    const { dispatcher } = makeDispatcher();
    expect(await dispatcher.dispatch({ id: 1, method: 'notes.broken', input: {} })).toMatchObject({
      error: { code: 'INTERNAL' },
    });
  });
});

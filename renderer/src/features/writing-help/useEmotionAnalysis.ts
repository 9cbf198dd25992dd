import { useEffect, useState } from 'react';
import { outpost } from '../../client/outpostClient.dom.ts';
import { failureMessage } from '../../client/failureMessage.ts';
import { ANALYSE_TEXT_MAX } from '../../../../shared/rpc/writingSchemas.std.ts';
import type { EmotionAnalysisResult } from '../../../../shared/rpc/writingSchemas.std.ts';

export type EmotionAnalysisState =
  | { status: 'empty' }
  | { status: 'too_long'; length: number }
  | { status: 'loading'; previous: EmotionAnalysisResult | null }
  | { status: 'ready'; analysis: EmotionAnalysisResult }
  | { status: 'failed'; message: string };

/**
 * The emotion panel, the prompts and the coach often ask about the same text at once:
 * one request per text, remembered for a few texts. Forgotten when the vault locks, so
 * no client text outlives the session in memory.
 */
const CACHE_SIZE = 24;
const cache = new Map<string, Promise<EmotionAnalysisResult>>();
let isListeningForLock = false;

function analyse(text: string): Promise<EmotionAnalysisResult> {
  if (!isListeningForLock) {
    isListeningForLock = true;
    outpost.on('vault.locked', () => cache.clear());
  }
  let pending = cache.get(text);
  if (pending === undefined) {
    pending = outpost.call('writing.analyse', { text });
    // A failure is not remembered: the next render may try again.
    pending.catch(() => cache.delete(text));
    if (cache.size >= CACHE_SIZE) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(text, pending);
  }
  return pending;
}

/** The emotions in `text` from the core's model; the last result stays available while a new one loads. */
export function useEmotionAnalysis(text: string): EmotionAnalysisState {
  const [settled, setSettled] = useState<{
    text: string;
    state: { status: 'ready'; analysis: EmotionAnalysisResult } | { status: 'failed'; message: string };
  } | null>(null);
  const isEmpty = text.trim() === '';
  const isTooLong = text.length > ANALYSE_TEXT_MAX;

  useEffect(() => {
    if (isEmpty || isTooLong) return;
    let isStale = false;
    analyse(text).then(
      (analysis) => {
        if (!isStale) setSettled({ text, state: { status: 'ready', analysis } });
      },
      (error: unknown) => {
        if (!isStale) setSettled({ text, state: { status: 'failed', message: failureMessage(error) } });
      },
    );
    return () => {
      isStale = true;
    };
  }, [text, isEmpty, isTooLong]);

  if (isEmpty) return { status: 'empty' };
  if (isTooLong) return { status: 'too_long', length: text.length };
  if (settled?.text === text) return settled.state;
  return { status: 'loading', previous: settled?.state.status === 'ready' ? settled.state.analysis : null };
}

/** The analysis to use now: the current one, or the previous while the next loads. */
export function latestAnalysis(state: EmotionAnalysisState): EmotionAnalysisResult | null {
  if (state.status === 'ready') return state.analysis;
  if (state.status === 'loading') return state.previous;
  return null;
}

/** `value`, once it has stopped changing for `delayMs`. */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import type { PassphraseAssessment } from '../../../shared/rpc/contract.std.ts';
import { RpcError } from '../../../shared/rpc/errors.std.ts';

export const MINIMUM_SCORE = 3;
export const MINIMUM_LENGTH = 10;

/** Words an attacker who knows the app would try first. */
const APP_DICTIONARY = 'outpost-app';
const APP_WORDS = [
  'outpost',
  'counsellor',
  'counselor',
  'counselling',
  'counseling',
  'vault',
  'password',
  'passphrase',
];

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: loading the dictionaries takes a moment and most runs never need them. */
function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary, [APP_DICTIONARY]: APP_WORDS },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
    // Off: with the full dictionaries it costs 200-700 ms per check, too slow for a meter that runs as you type.
    useLevenshteinDistance: false,
  });
  return estimator;
}

export function assessPassphrase(passphrase: string): PassphraseAssessment {
  const result = getEstimator().check(passphrase);
  // Count code points, not UTF-16 units, so an emoji is one character.
  const longEnough = [...passphrase].length >= MINIMUM_LENGTH;
  const strongEnough = result.score >= MINIMUM_SCORE;
  const usesAppWords = result.sequence.some(
    (match) => match.pattern === 'dictionary' && match['dictionaryName'] === APP_DICTIONARY,
  );
  let warning = result.feedback.warning || null;
  if (warning === null && usesAppWords && !strongEnough) {
    warning = 'Words to do with Outpost, counselling or passwords are easy to guess.';
  }
  if (warning === null && !longEnough) warning = `Use at least ${MINIMUM_LENGTH} characters.`;
  if (warning === null && !strongEnough) warning = 'This passphrase would be easy to guess.';
  return {
    score: result.score,
    acceptable: strongEnough && longEnough,
    minimumScore: MINIMUM_SCORE,
    minimumLength: MINIMUM_LENGTH,
    warning,
    suggestions: result.feedback.suggestions,
    crackTime: result.crackTimes.offlineSlowHashingXPerSecond.display,
  };
}

/** Throws WEAK_PASSPHRASE with zxcvbn's warning; the message never repeats the passphrase. */
export function assertAcceptablePassphrase(passphrase: string): void {
  const assessment = assessPassphrase(passphrase);
  if (assessment.acceptable) return;
  throw new RpcError({
    code: 'WEAK_PASSPHRASE',
    message: `Passphrase is too weak. ${assessment.warning ?? ''}`.trim(),
  });
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EmotionModel } from '../../../shared/emotions/emotionModel.std.ts';
import { parseEmotionModel } from '../../../shared/emotions/emotionModel.std.ts';

/** The committed model, written by `npm run train:emotions`. */
export const EMOTION_MODEL_PATH = fileURLToPath(
  new URL('../../../shared/emotions/model/emotions-model.json', import.meta.url),
);

let cached: EmotionModel | undefined;

/** Reads, validates and decodes a model file; every call does the full work (the bench times it). */
export function readEmotionModel(path: string = EMOTION_MODEL_PATH): EmotionModel {
  return parseEmotionModel(JSON.parse(readFileSync(path, 'utf8')));
}

/** The committed model, read once per process. */
export function loadEmotionModel(): EmotionModel {
  cached ??= readEmotionModel();
  return cached;
}

/**
 * The emotion model Outpost ships (shared/emotions/model/emotions-model.json, written by
 * `npm run train:emotions`): the one way the core, the CLI and the bench get it.
 *
 * Imported, not read from disk by a path: electron-vite bundles the core into out/main,
 * where a path relative to this source file no longer leads to the model, and a packaged
 * app has only out/** in its archive. A JSON import is bundled with the code (as
 * shared/triage/defaultEngine.std.ts does for the rules), so the same code works from
 * source (CLI, tests), in the build and packaged.
 */
import type { EmotionModel } from '../../../shared/emotions/emotionModel.std.ts';
import { parseEmotionModel } from '../../../shared/emotions/emotionModel.std.ts';
import modelFile from '../../../shared/emotions/model/emotions-model.json' with { type: 'json' };

/** The model file as parsed JSON, before validation and decoding. */
export const shippedEmotionModelFile: unknown = modelFile;

let model: EmotionModel | null = null;

/** Validated and decoded on first use, then reused for every request in the process. */
export function shippedEmotionModel(): EmotionModel {
  model ??= parseEmotionModel(shippedEmotionModelFile);
  return model;
}

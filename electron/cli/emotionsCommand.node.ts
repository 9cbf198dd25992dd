/** `outpost emotions FILE.jsonl`: the local emotion model for scripts. */
import { analyseEmotions } from '../../shared/emotions/analyseEmotions.std.ts';
import { shippedEmotionModel } from '../core/emotions/shippedEmotionModel.node.ts';
import { mapJsonLines } from './jsonLines.node.ts';

/** The exact output line scripts depend on: labels named as in GoEmotions' labels.txt. */
export async function emotionsFile(file: string, write: (line: string) => void): Promise<void> {
  const model = shippedEmotionModel();
  await mapJsonLines(
    file,
    ({ id, text }) => {
      const { labels, scores, ekman, sentiment } = analyseEmotions(model, text);
      return { id, labels, scores, ekman, sentiment };
    },
    write,
  );
}
